"""The ingredient-line parser on the lines every importer meets (each construct in detail:
tests/test_ingredient_parser.py)."""

from __future__ import annotations

import pytest

from recipekit.ingest.ingredient_lines import parse_ingredient_line
from recipekit.ingest.records import IngredientLine


@pytest.mark.parametrize(
    (
        "text",
        "quantity",
        "quantity_max",
        "unit",
        "name",
        "preparation",
        "size",
        "comment",
    ),
    [
        ("1 1/2 cups flour, sifted", 1.5, None, "cup", "flour", "sifted", None, None),
        ("½ tsp salt", 0.5, None, "tsp", "salt", None, None, None),
        ("1¼ cups milk", 1.25, None, "cup", "milk", None, None, None),
        ("0.5 kg potatoes", 0.5, None, "kg", "potatoes", None, None, None),
        ("0,5 l Milch", 0.5, None, "l", "Milch", None, None, None),
        ("2-3 cloves garlic, crushed", 2.0, 3.0, "clove", "garlic", "crushed", None, None),
        ("2 to 3 Tablespoons of olive oil", 2.0, 3.0, "tbsp", "olive oil", None, None, None),
        ("200g flour", 200.0, None, "g", "flour", None, None, None),
        ("150g/5oz plain flour", 150.0, None, "g", "plain flour", None, None, None),
        ("8 fl oz cream", 8.0, None, "fl oz", "cream", None, None, None),
        ("1 lb. ground beef", 1.0, None, "lb", "ground beef", None, None, None),
        ("A pinch of salt", 1.0, None, "pinch", "salt", None, None, None),
        ("1 (14 ounce) can coconut milk", 1.0, None, "can", "coconut milk", None, "14 ounce", None),
        ("3 large eggs", 3.0, None, None, "eggs", None, "large", None),
        ("Salt and pepper, to taste", None, None, None, "Salt and pepper", None, None, "to taste"),
    ],
)
def test_parse_ingredient_line(
    text: str,
    quantity: float | None,
    quantity_max: float | None,
    unit: str | None,
    name: str,
    preparation: str | None,
    size: str | None,
    comment: str | None,
) -> None:
    assert parse_ingredient_line(text) == IngredientLine(
        text, quantity, quantity_max, unit, name, preparation, size, comment
    )


def test_the_original_text_is_kept_while_html_is_cleaned_for_parsing() -> None:
    line = parse_ingredient_line("2 cups <b>water</b> &amp; ice")
    assert line.text == "2 cups <b>water</b> &amp; ice"
    assert line.name == "water & ice"
