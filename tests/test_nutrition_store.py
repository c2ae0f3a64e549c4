"""Computed nutrition stored in the database: per serving beside the label figures (neither
overwrites the other), per line the food and grams, and whole-recipe figures when the servings
are unknown."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import text

from recipekit.db.engine import Database
from recipekit.frames import ingredients_frame, nutrition_frame, recipes_frame
from recipekit.nutrition import (
    compute_nutrition,
    label_vs_computed,
    lines_frame,
    outliers,
    summarise_by_diet,
)
from recipekit.writing import write_recipes

# per 100 g, from alembic/seed/foods.csv (USDA SR28 20081, 01123, 01077)
FLOUR_KCAL, EGG_KCAL, MILK_KCAL = 364, 143, 61
LARGE_EGG_G, CUP_MILK_G = 50, 244
BATTER_KCAL = (250 * FLOUR_KCAL + 2 * LARGE_EGG_G * EGG_KCAL + CUP_MILK_G * MILK_KCAL) / 100


async def _batter(db: Database, servings: int | None) -> None:
    frame = pd.DataFrame(
        {
            "source_key": ["batter"],
            "title": ["Pancake batter"],
            "servings": [servings],
            "ingredients": [
                ["250 g plain flour", "2 large eggs", "1 cup whole milk", "salt to taste"]
            ],
            "calories_kcal": [280.0],
        }
    )
    assert (await write_recipes(db, frame)).inserted == 1


async def test_computed_figures_sit_beside_the_label_ones(db: Database) -> None:
    await _batter(db, servings=4)
    results = await compute_nutrition(db)
    assert len(results) == 1
    stored = (await nutrition_frame(db)).set_index("source")
    assert set(stored.index) == {"label", "computed"}
    assert stored.loc["label", "calories_kcal"] == 280.0
    assert stored.loc["computed", "calories_kcal"] == pytest.approx(BATTER_KCAL / 4)
    assert bool(stored.loc["computed", "per_serving"])
    assert stored.loc["computed", "line_coverage"] == pytest.approx(3 / 4)
    assert stored.loc["computed", "mass_coverage"] == pytest.approx(1.0)

    lines = (await ingredients_frame(db)).set_index("position")
    assert lines["grams"].tolist()[:3] == pytest.approx([250, 2 * LARGE_EGG_G, CUP_MILK_G])
    assert lines["grams"].isna().tolist() == [False, False, False, True]
    assert lines.loc[2, "size"] == "large"
    assert lines_frame(results)["reason"].fillna("").tolist() == ["", "", "", "no quantity"]

    shown = await recipes_frame(db)  # one row per recipe: the label figures win
    assert shown["calories_kcal"].tolist() == [280.0]
    compared = label_vs_computed(await nutrition_frame(db))
    assert compared["calories_kcal_error_pct"].tolist() == pytest.approx(
        [abs(BATTER_KCAL / 4 - 280) / 280 * 100]
    )
    assert outliers(await nutrition_frame(db)).empty

    await compute_nutrition(db)  # again: the same single computed row, updated in place
    async with db.connect() as connection:
        rows = await connection.scalar(text("SELECT count(*) FROM nutritional_info"))
    assert rows == 2


async def test_unknown_servings_store_whole_recipe_figures(db: Database) -> None:
    await _batter(db, servings=None)
    await compute_nutrition(db)
    computed = (await nutrition_frame(db)).set_index("source").loc["computed"]
    assert not bool(computed["per_serving"])
    assert computed["calories_kcal"] == pytest.approx(BATTER_KCAL)
    # the calorie filter sees the label figures of a recipe that has them
    assert len(await recipes_frame(db, max_calories=300)) == 1


async def test_recipes_without_a_label_show_their_computed_figures(db: Database) -> None:
    frame = pd.DataFrame(
        {
            "source_key": ["a", "b"],
            "title": ["Per serving", "Servings unknown"],
            "servings": [2, None],
            "diet_types": [["vegetarian"], ["vegetarian"]],
            "ingredients": [["200 g plain flour"], ["200 g plain flour"]],
        }
    )
    await write_recipes(db, frame)
    await compute_nutrition(db)
    shown = (await recipes_frame(db)).set_index("title")["calories_kcal"]
    assert shown["Per serving"] == pytest.approx(200 * FLOUR_KCAL / 100 / 2)
    assert pd.isna(shown["Servings unknown"])  # whole-recipe figures are not shown per serving
    by_diet = summarise_by_diet(await recipes_frame(db))
    vegetarian = by_diet.loc["vegetarian"]
    assert (vegetarian["recipes"], vegetarian["with_nutrition"]) == (2, 1)
    assert vegetarian["calories_kcal"] == pytest.approx(364.0)
