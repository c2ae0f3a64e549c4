"""Food matching, grams and per-serving nutrition: a hand-made catalog, then the seeded one."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest

from recipekit.db.engine import Database
from recipekit.models.recipe import NUTRIENTS_PER_SERVING
from recipekit.nutrition import (
    NO_GRAM_WEIGHT,
    NO_QUANTITY,
    UNKNOWN_FOOD,
    UNKNOWN_UNIT,
    FoodCatalog,
    FoodEntry,
    compute_lines,
    load_catalog,
    to_grams,
)


@dataclass(frozen=True)
class Line:
    """An ingredient line as the parser leaves it (the shape of an `Ingredient` row)."""

    position: int
    original_text: str
    quantity: float | None = None
    quantity_max: float | None = None
    unit: str | None = None
    name: str | None = None
    size: str | None = None
    comment: str | None = None


def _food(slug: str, *aliases: str, **grams_per_unit: float) -> FoodEntry:
    return FoodEntry(slug, slug.replace("-", " "), aliases, {}, grams_per_unit)


FOODS = [
    _food("all-purpose-flour", "plain flour", "flour", cup=125, tbsp=7.81, tsp=2.6),
    _food("granulated-sugar", "sugar", "caster sugar", cup=200, tbsp=12.5, tsp=4.2),
    _food("brown-sugar", "light brown sugar", cup=220),
    _food("garlic", "garlic clove", cup=136, clove=3),
    _food("garlic-powder", tsp=3.1),
    _food("egg", "large egg", "eggs", large=50, medium=44, small=38),
    _food("egg-yolk", "yolk", large=17),
    _food("unsalted-butter", "butter", tbsp=14.2, stick=113),
    _food("white-rice", "rice", cup=185),
    _food("fresh-yeast"),
    _food("active-dry-yeast", "yeast", tsp=4),
    _food("vegetable-oil", "oil", tbsp=13.6),
    _food("salt", "sea salt", tsp=6),
    _food("chicken-breast", oz=28.33),
    _food("lime", each=67),
    _food("whole-milk", "milk", cup=244, tbsp=15),
]
CATALOG = FoodCatalog(FOODS)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("plain flour", "all-purpose-flour"),
        ("sifted plain flour", "all-purpose-flour"),
        ("caster sugar", "granulated-sugar"),
        ("brown sugar", "brown-sugar"),  # not sugar: "brown" changes the food
        ("Light Brown Sugar, firmly packed", "brown-sugar"),
        ("garlic powder", "garlic-powder"),  # not garlic
        ("garlic cloves, minced", "garlic"),
        ("large egg yolks", "egg-yolk"),  # two food words beat "large egg"
        ("2 large free-range eggs", "egg"),
        ("unsalted butter, softened", "unsalted-butter"),
        ("butter, or oil", "unsalted-butter"),  # the first segment decides
        ("fresh yeast", "fresh-yeast"),
        ("yeast", "active-dry-yeast"),
        ("Sea-salt", "salt"),
        ("rice (or quinoa)", "white-rice"),
        ("whole milk", "whole-milk"),
        ("cooked rice", None),  # cooked rice is not dry rice
        ("handful of love", None),
        ("", None),
    ],
)
def test_match_by_name_and_alias(name: str, slug: str | None) -> None:
    food = CATALOG.match(name)
    assert (food.slug if food else None) == slug


def test_match_does_not_depend_on_catalog_order() -> None:
    names = ["egg", "eggs", "large egg yolk", "sugar", "oil", "salt and sugar", "milk"]
    shuffled = FOODS[:]
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert [FoodCatalog(shuffled).match(n) for n in names] == [CATALOG.match(n) for n in names]


def _grams(
    quantity: float | None, unit: str | None, slug: str | None, size: str | None = None
) -> float | str | None:
    food = next((food for food in FOODS if food.slug == slug), None)
    result = to_grams(quantity, None, unit, size, food)
    return result.reason if result.grams is None else round(result.grams, 4)


def test_mass_units_convert_directly_whatever_the_food() -> None:
    assert _grams(250, "g", "all-purpose-flour") == 250
    assert _grams(1.5, "kg", "all-purpose-flour") == 1500
    assert _grams(4, "oz", "chicken-breast") == round(4 * 28.3495, 4)
    assert _grams(1, "lb", "chicken-breast") == 453.592
    assert _grams(500, "mg", "salt") == 0.5


def test_volumes_use_the_foods_own_weight_then_convert_through_another_volume() -> None:
    assert _grams(1, "cup", "whole-milk") == 244
    assert _grams(2, "tbsp", "whole-milk") == 30  # its own tbsp weight, not cup / 16
    assert _grams(100, "ml", "whole-milk") == round(100 / 236.588 * 244, 4)  # through the cup
    assert _grams(1, "pint", "whole-milk") == 488
    assert _grams(1, "cup", "vegetable-oil") == round(16 * 13.6, 4)  # through the tbsp
    assert _grams(1, "cups", "whole-milk") == 244  # spellings go through the unit table
    assert _grams(1, "cup", "chicken-breast") == NO_GRAM_WEIGHT  # no volume weight, no guess


def test_pinch_and_dash_are_fractions_of_a_teaspoon() -> None:
    assert _grams(1, "pinch", "salt") == 6 / 16
    assert _grams(2, "dash", "salt") == 2 * 6 / 8


def test_counts_use_size_then_each_medium_large_small() -> None:
    assert _grams(2, None, "egg", "large") == 100
    assert _grams(2, None, "egg") == 88  # medium when no size is given
    assert _grams(1, "piece", "egg", "small") == 38
    assert _grams(1, None, "lime", "large") == 67  # no large lime: the one weight there is
    assert _grams(3, "clove", "garlic") == 9
    assert _grams(1, "stick", "unsalted-butter") == 113
    assert _grams(2, None, "garlic") == NO_GRAM_WEIGHT  # no weight for "a garlic"
    assert _grams(1, "bunch", "garlic") == NO_GRAM_WEIGHT
    assert to_grams(2, 3, None, "large", FOODS[5]).grams == 125  # a range counts as its midpoint


def test_a_mass_the_line_states_beats_household_weights() -> None:
    chicken = FOODS[13]
    assert to_grams(1, None, "can", "14.5 ounce", chicken).grams == 14.5 * 28.3495
    assert to_grams(2, None, None, "3-oz", chicken).grams == 6 * 28.3495  # size: per unit
    assert to_grams(2, None, None, None, chicken, "about 1 lb").grams == 453.592  # the line's
    assert to_grams(2, None, "can", None, chicken, "400g").grams == 800  # packages: per can
    assert to_grams(2, None, None, None, chicken, "6 oz each").grams == 12 * 28.3495
    assert to_grams(1, None, "brick", None, chicken, "8 ounces").grams == 8 * 28.3495
    assert to_grams(100, None, "g", "1 lb", chicken).grams == 100  # a mass unit stays as written
    assert to_grams(1, None, "can", None, None, "400g").reason == UNKNOWN_FOOD


def test_reasons() -> None:
    assert _grams(None, None, "salt") == NO_QUANTITY
    assert _grams(1, "handful", None) == UNKNOWN_FOOD
    assert _grams(2, "zorbs", "all-purpose-flour") == UNKNOWN_UNIT


def test_unmeasured_nutrient_is_unknown_not_zero() -> None:
    measured = FoodEntry("jam", "jam", (), {"energy_kcal": 100.0, "sugars_g": 10.0}, {})
    unmeasured = FoodEntry("naan", "naan", (), {"energy_kcal": 200.0, "sugars_g": None}, {})
    catalog = FoodCatalog([measured, unmeasured])
    lines = [
        Line(1, "300 g jam", 300, unit="g", name="jam"),
        Line(2, "100 g naan", 100, unit="g", name="naan"),
    ]
    both = compute_lines(lines, None, catalog)
    assert both.totals["calories_kcal"] == 500
    assert both.totals["sugar_g"] == 30  # the sum of the known figures...
    assert both.nutrient_coverage["sugar_g"] == 0.75  # ...over 300 of the 400 counted grams
    assert both.totals["protein_g"] is None  # measured for no counted food
    assert both.per_serving is None  # servings unknown
    only_b = compute_lines(lines[1:], 2, catalog)
    assert only_b.totals["sugar_g"] is None and only_b.per_serving is not None
    assert only_b.per_serving["calories_kcal"] == 100


# Per 100 g, from alembic/seed/foods.csv (USDA SR28 20081, 01123, 01077), in the order of
# NUTRIENTS_PER_SERVING: kcal, protein, fat, saturated fat, carbohydrates, fiber, sugar,
# sodium mg, cholesterol mg.
FLOUR = (364, 10.33, 0.98, 0.155, 76.31, 2.7, 0.27, 2, 0)
EGG = (143, 12.56, 9.51, 3.126, 0.72, 0.0, 0.37, 142, 372)
WHOLE_MILK = (61, 3.15, 3.25, 1.865, 4.80, 0.0, 5.05, 43, 10)
LARGE_EGG_G = 50
CUP_WHOLE_MILK_G = 244


async def test_seeded_catalog_matches_realistic_names(db: Database) -> None:
    catalog = await load_catalog(db)
    assert len(catalog) == 347
    expected = {
        "plain flour": "all-purpose-flour",
        "all-purpose flour, sifted": "all-purpose-flour",
        "self-raising flour": "self-rising-flour",
        "caster sugar": "granulated-sugar",
        "icing sugar": "powdered-sugar",
        "light brown sugar, packed": "brown-sugar",
        "unsalted butter, softened": "unsalted-butter",
        "large eggs": "egg",
        "free-range eggs": "egg",
        "large egg yolks": "egg-yolk",
        "extra virgin olive oil": "olive-oil",
        "garlic cloves": "garlic",
        "garlic powder": "garlic-powder",
        "whole milk": "whole-milk",
        "bicarbonate of soda": "baking-soda",
        "crushed red pepper flakes": "cayenne-pepper",
        "red bell pepper": "bell-pepper-red",
        "boneless, skinless chicken breasts": "chicken-breast",
        "low-sodium chicken broth": "chicken-broth",
        "freshly ground black pepper": "black-pepper",
        "kosher salt": "salt",
        "ground ginger": "ground-ginger",
        "fresh ginger": "ginger",
        "ground almonds": "blanched-almonds",
        "jalapeños": "jalapeno",
        "Parmigiano-Reggiano, grated": "parmesan",
        "dried chickpeas": "dried-chickpeas",
        "chickpeas, drained and rinsed": "chickpeas",
        "fresh basil leaves": "basil",
        "dried oregano": "dried-oregano",
        "cooked rice": None,
        "handful of love": None,
    }
    found = {name: getattr(catalog.match(name), "slug", None) for name in expected}
    assert found == expected


async def test_hand_computed_recipe_on_the_seeded_catalog(db: Database) -> None:
    catalog = await load_catalog(db)
    lines = [
        Line(1, "250 g plain flour", 250, unit="g", name="plain flour"),
        Line(2, "2 large free-range eggs", 2, size="large", name="free-range eggs"),
        Line(3, "1 cup whole milk", 1, unit="cup", name="whole milk"),
        Line(4, "salt to taste", name="salt"),
        Line(5, "1 handful of love", 1, unit="handful", name="love"),
        Line(6, "2 zorbs flour", 2, unit="zorbs", name="flour"),
        Line(7, "100 ml mystery syrup", 100, unit="ml", name="mystery syrup"),
        Line(8, "2 salmon fillets", 2, name="salmon fillets"),
    ]
    result = compute_lines(lines, 4, catalog)

    assert [(line.position, line.food_slug, line.grams, line.reason) for line in result.lines] == [
        (1, "all-purpose-flour", 250, None),
        (2, "egg", 2 * LARGE_EGG_G, None),
        (3, "whole-milk", CUP_WHOLE_MILK_G, None),
        (4, "salt", None, NO_QUANTITY),
        (5, None, None, UNKNOWN_FOOD),
        (6, "all-purpose-flour", None, UNKNOWN_UNIT),
        (7, None, None, UNKNOWN_FOOD),
        (8, "salmon", None, NO_GRAM_WEIGHT),  # USDA lists it by the ounce only
    ]
    expected = {
        nutrient: (250 * flour + 2 * LARGE_EGG_G * egg + CUP_WHOLE_MILK_G * milk) / 100
        for nutrient, flour, egg, milk in zip(
            NUTRIENTS_PER_SERVING, FLOUR, EGG, WHOLE_MILK, strict=True
        )
    }
    assert result.totals == pytest.approx(expected, abs=1e-9)
    assert result.per_serving == pytest.approx({k: v / 4 for k, v in expected.items()}, abs=1e-9)
    # By hand: 910 + 143 + 148.84 kcal; 25.825 + 12.56 + 7.686 g protein.
    assert round(result.totals["calories_kcal"] or 0, 2) == 1201.84
    assert result.per_serving is not None
    assert round(result.per_serving["calories_kcal"] or 0, 2) == 300.46
    assert round(result.totals["protein_g"] or 0, 3) == 46.071
    assert result.grams == 594
    assert result.servings == 4
    assert result.line_coverage == 3 / 8
    assert result.mass_coverage == pytest.approx(594 / (594 + 100))  # the syrup at 1 g/ml
    assert set(result.nutrient_coverage.values()) == {1.0}
    assert result.lines[0].food_id is not None  # ready for ingredients.food_id
