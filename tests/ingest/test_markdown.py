"""Markdown recipes with YAML front matter."""

from __future__ import annotations

import pytest

from recipekit.ingest.markdown import record_from_markdown
from recipekit.ingest.records import InstructionStep, RecordError
from recipekit.models.enums import DietType

RECIPE = """\
---
title: "Apple &amp; Pear Pie"
date: 2021-05-13
tags: ['dessert', 'vegan', 'american', 'pie']
author: mfed3
---

![Apple Pie](/pix/apple-pie.webp)

A _simple_ pie with [apples](/apples).
Second line of the same paragraph.

- ⏲️ Prep time: ~20 minutes + prep
- 🍳Cook time: 1 1/2 hours
- 🍽️ Servings: 4-6

## Ingredients

### Filling

- 900 g apples
- 1 ½ tbsp lemon juice, freshly squeezed

For the crust:

* 350 g flour

## Directions

1. Peel the apples
   and slice them.
2. Bake.

## Notes

- Not a step.
"""


def test_a_full_recipe() -> None:
    record = record_from_markdown(RECIPE, source_key="markdown:apple-pie", source_name="recipes")
    assert record.title == "Apple & Pear Pie"
    assert record.description == "A simple pie with apples. Second line of the same paragraph."
    assert (record.prep_minutes, record.cook_minutes, record.total_minutes) == (20, 90, 110)
    assert (record.servings, record.yield_text) == (4, "4-6")
    assert [line.text for line in record.ingredients] == [
        "900 g apples",
        "1 ½ tbsp lemon juice, freshly squeezed",
        "350 g flour",
    ]
    assert record.ingredients[1].quantity == 1.5
    assert record.instructions == (
        InstructionStep("Peel the apples and slice them."),
        InstructionStep("Bake."),
    )
    assert record.diet_types == {DietType.VEGAN}
    assert record.cuisine == "American"
    assert record.categories == (("Cuisine", "American"), ("Course", "Dessert"))
    assert record.keywords == ("pie",)
    assert (record.author, record.source_name, record.source_key) == (
        "mfed3",
        "recipes",
        "markdown:apple-pie",
    )


def test_crlf_sub_headings_and_named_direction_sections() -> None:
    text = (
        "---\r\ntitle: Borscht\r\n---\r\n## Description\r\n\r\nBeets.\r\n\r\n"
        "- 🍽️ Servings: Depends\r\n\r\n"
        "## Prep Directions (30 min)\r\n\r\n1. Chop.\r\n\r\n"
        "## Directions\r\n\r\n### Sauce\r\n\r\n- Stir.\r\n\r\n**Serving**\r\n\r\nServe hot.\r\n"
    )
    record = record_from_markdown(text, source_key="k", source_name=None)
    assert record.description == "Beets."
    assert (record.servings, record.yield_text) == (None, "Depends")
    assert record.instructions == (
        InstructionStep("Chop.", "Prep Directions (30 min)"),
        InstructionStep("Stir.", "Sauce"),
        InstructionStep("Serve hot.", "Serving"),
    )
    assert record.ingredients == ()


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("# No front matter\n", "front matter"),
        ("---\ntitle: [unclosed\n---\n", "front matter"),
        ("---\n- a list\n---\n", "front matter"),
        ("---\ndate: 2021-01-01\n---\n", "title"),
    ],
)
def test_broken_front_matter_is_a_record_error(text: str, field: str) -> None:
    with pytest.raises(RecordError) as error:
        record_from_markdown(text, source_key="k", source_name=None)
    assert error.value.field == field
