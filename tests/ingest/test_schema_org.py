"""schema.org Recipe nodes -> records: finding nodes and mapping every field shape."""

from __future__ import annotations

from typing import Any

import pytest

from recipekit.ingest.records import InstructionStep, NutritionFacts, RecordError
from recipekit.ingest.schema_org import find_recipe_nodes, record_from_schema_org
from recipekit.models.enums import DietType


def _recipe(**fields: Any) -> dict[str, Any]:
    return {"@type": "Recipe", "name": "Soup", **fields}


def test_nodes_are_found_in_lists_graphs_main_entity_and_any_wrapper() -> None:
    page = [
        {"@type": "WebSite"},
        {"@graph": [{"@type": "WebPage"}, {"@type": ["Recipe", "NewsArticle"], "name": "A"}]},
        {"@type": "WebPage", "mainEntity": {"@type": "Recipe", "name": "B"}},
        {"case": "x", "schema_org_recipe": {"@type": "http://schema.org/Recipe", "name": "C"}},
    ]
    assert [node["name"] for node in find_recipe_nodes(page)] == ["A", "B", "C"]
    assert find_recipe_nodes({"@type": "WebPage"}) == []


def test_title_is_unescaped_and_folded() -> None:
    record = record_from_schema_org(_recipe(name="  Mac &amp; <b>Cheese</b>\n "), fallback_key="k")
    assert record.title == "Mac & Cheese"


@pytest.mark.parametrize(
    "node",
    [_recipe(name=None), {"@type": "Recipe"}, _recipe(name="  <br> "), "not a node", []],
)
def test_a_node_without_a_usable_name_is_a_record_error(node: object) -> None:
    with pytest.raises(RecordError) as error:
        record_from_schema_org(node, fallback_key="k")
    assert error.value.field in {"name", "@type"}


def test_ingredients_are_cleaned_and_headings_and_empty_lines_dropped() -> None:
    record = record_from_schema_org(
        _recipe(recipeIngredient=["For the sauce:", "2 cups <b>flour</b>", " ", "1&nbsp;egg"]),
        fallback_key="k",
    )
    assert [line.text for line in record.ingredients] == ["2 cups flour", "1 egg"]
    assert record.ingredients[0].unit == "cup"


def test_a_single_ingredient_string_holds_one_ingredient_per_line() -> None:
    record = record_from_schema_org(_recipe(ingredients="1 egg\n\n2 cups milk"), fallback_key="k")
    assert [line.text for line in record.ingredients] == ["1 egg", "2 cups milk"]


def test_a_listed_string_holding_several_lines_is_several_ingredients() -> None:
    item = (
        "¼ cup freshly squeezed lemon juice (2 lemons)\n½ cup good olive oil\n"
        "Kosher salt and freshly ground black pepper"
    )
    record = record_from_schema_org(_recipe(recipeIngredient=[item, "1 egg"]), fallback_key="k")
    assert [line.text for line in record.ingredients] == [
        "¼ cup freshly squeezed lemon juice (2 lemons)",
        "½ cup good olive oil",
        "Kosher salt and freshly ground black pepper",
        "1 egg",
    ]


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("2 \r\nbay leaf", "2 bay leaf"),
        ("1 cup\nflour", "1 cup flour"),
        ("1/2 teaspoon \r\nground cinnamon", "1/2 teaspoon ground cinnamon"),
        ("1\rcup of\n\nmilk", "1 cup of milk"),
    ],
)
def test_an_amount_broken_from_its_food_by_a_line_break_stays_one_ingredient(
    item: str, expected: str
) -> None:
    listed = record_from_schema_org(_recipe(recipeIngredient=[item, "1 egg"]), fallback_key="k")
    assert [line.text for line in listed.ingredients] == [expected, "1 egg"]
    assert listed.ingredients[0].quantity is not None
    alone = record_from_schema_org(_recipe(recipeIngredient=item), fallback_key="k")
    assert [line.text for line in alone.ingredients] == [expected]


def test_a_heading_inside_a_multi_line_item_is_dropped() -> None:
    item = "2 cups flour\nFor the sauce:\n1 cup milk\n\n## TOPPING\n1 egg"
    record = record_from_schema_org(_recipe(recipeIngredient=[item, "Salt"]), fallback_key="k")
    assert [line.text for line in record.ingredients] == [
        "2 cups flour",
        "1 cup milk",
        "1 egg",
        "Salt",
    ]


def test_a_line_break_tag_inside_an_item_splits_it_too() -> None:
    record = record_from_schema_org(
        _recipe(recipeIngredient=["1 egg<br>2 cups milk", "3 &amp;<br/>\nsalt"]), fallback_key="k"
    )
    assert [line.text for line in record.ingredients] == ["1 egg", "2 cups milk", "3 & salt"]


def test_a_recipe_without_ingredients_is_allowed() -> None:
    assert record_from_schema_org(_recipe(), fallback_key="k").ingredients == ()


@pytest.mark.parametrize(
    "instructions",
    [
        "Boil water.\nAdd pasta.",
        "<p>Boil water.</p><p>Add pasta.</p>",
        ["Boil water.", "Add pasta."],
        [
            {"@type": "HowToStep", "text": "Boil water."},
            {"@type": "HowToStep", "name": "Add pasta."},
        ],
        [["Boil water."], ["Add pasta."]],
    ],
)
def test_instruction_shapes(instructions: object) -> None:
    record = record_from_schema_org(_recipe(recipeInstructions=instructions), fallback_key="k")
    assert record.instructions == (InstructionStep("Boil water."), InstructionStep("Add pasta."))


def test_how_to_sections_name_their_steps() -> None:
    instructions = [
        {
            "@type": "HowToSection",
            "name": "For the sauce",
            "itemListElement": [{"@type": "HowToStep", "text": "Stir."}],
        },
        {"@type": "HowToStep", "text": "Serve."},
    ]
    record = record_from_schema_org(_recipe(recipeInstructions=instructions), fallback_key="k")
    assert record.instructions == (
        InstructionStep("Stir.", "For the sauce"),
        InstructionStep("Serve."),
    )


@pytest.mark.parametrize(
    ("times", "prep", "cook", "total"),
    [
        ({"prepTime": "PT10M", "cookTime": "PT20M", "totalTime": "PT45M"}, 10, 20, 45),
        ({"prepTime": "PT10M", "cookTime": "PT20M"}, 10, 20, 30),
        ({"prepTime": "PT10M", "cookTime": "PT20M", "totalTime": "PT-471406H28M55S"}, 10, 20, 30),
        ({"prepTime": "PTundefinedM", "cookTime": "PT35M", "totalTime": "PT35M"}, None, 35, 35),
        ({"cookTime": "PT35M"}, None, 35, 35),
        ({}, None, None, None),
    ],
)
def test_times(
    times: dict[str, str], prep: int | None, cook: int | None, total: int | None
) -> None:
    record = record_from_schema_org(_recipe(**times), fallback_key="k")
    assert (record.prep_minutes, record.cook_minutes, record.total_minutes) == (prep, cook, total)


def test_categories_cuisines_keywords_and_diets() -> None:
    record = record_from_schema_org(
        _recipe(
            recipeCategory="Dinner, Soup",
            recipeCuisine=["Thai", "Asian"],
            keywords="quick, Gluten Free, coconut",
            suitableForDiet=["https://schema.org/VeganDiet", "LowCalorieDiet"],
        ),
        fallback_key="k",
    )
    assert record.categories == (
        ("Course", "Dinner"),
        ("Course", "Soup"),
        ("Cuisine", "Thai"),
        ("Cuisine", "Asian"),
    )
    assert record.cuisine == "Thai"
    assert record.diet_types == {DietType.VEGAN, DietType.LOW_CALORIE, DietType.GLUTEN_FREE}


def test_nutrition_strings_become_facts() -> None:
    nutrition = {
        "@type": "NutritionInformation",
        "calories": "298 kcal",
        "proteinContent": "12 g",
        "fatContent": "12,5 g",
        "sodiumContent": "1.2 g",
        "cholesterolContent": "",
        "servingSize": "1 bowl",
    }
    record = record_from_schema_org(_recipe(nutrition=nutrition), fallback_key="k")
    assert record.nutrition == NutritionFacts(
        calories_kcal=298.0, protein_g=12.0, fat_g=12.5, sodium_mg=1200.0, serving_size="1 bowl"
    )
    assert record_from_schema_org(_recipe(nutrition={}), fallback_key="k").nutrition is None


def test_source_url_language_author_publisher_and_yield() -> None:
    record = record_from_schema_org(
        _recipe(
            **{"@id": "https://example.org/soup/#recipe"},
            mainEntityOfPage={"@type": "WebPage", "@id": "https://example.org/soup/"},
            inLanguage="de-DE",
            author=[{"@type": "Person", "name": "Ann"}, "Bob"],
            publisher={"@type": "Organization", "name": "Example Kitchen"},
            recipeYield=["4", "4 servings"],
            description="Warm &amp; good.",
        ),
        fallback_key="k",
    )
    assert record.source_url == record.source_key == "https://example.org/soup/"
    assert (record.language, record.author, record.source_name) == (
        "de-DE",
        "Ann, Bob",
        "Example Kitchen",
    )
    assert (record.servings, record.yield_text) == (4, "4 servings")
    assert record.description == "Warm & good."


def test_without_a_url_the_fallback_key_is_used() -> None:
    record = record_from_schema_org(_recipe(), fallback_key="page.json:3")
    assert (record.source_key, record.source_url) == ("page.json:3", None)
