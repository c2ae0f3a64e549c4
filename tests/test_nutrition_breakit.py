"""Hostile and edge inputs to the nutrition computation: absurd amounts, hostile catalog
figures, soft-deleted recipes, recipes deleted or rewritten while a batch is computed, batches
larger than one statement's parameter limit, and the analysis helpers on no rows."""

from __future__ import annotations

import asyncio
import math
import uuid
from collections.abc import Sequence
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from recipekit.db.engine import Database
from recipekit.frames import ingredients_frame, nutrition_frame
from recipekit.ingest.ingredient_lines import parse_ingredient_line
from recipekit.nutrition import (
    FoodCatalog,
    FoodEntry,
    compute_lines,
    compute_nutrition,
    energy_split,
    label_vs_computed,
    lines_frame,
    outliers,
    store,
)
from recipekit.nutrition.compute import RecipeNutrition
from recipekit.nutrition.grams import IMPLAUSIBLE_AMOUNT
from recipekit.writing import write_recipes

FLOUR_KCAL = 364  # per 100 g, USDA SR28 20081 (alembic/seed/foods.csv)
FLOUR_ONLY_KCAL = 100 * FLOUR_KCAL / 100 / 2  # "100 g plain flour", serves 2

HUGE = "9" * 400  # parses to an infinite float
OVERFLOWING = "1" + "0" * 306  # finite, but a tonne of it per gallon overflows a float


async def _write(db: Database, rows: list[dict[str, Any]]) -> dict[str, uuid.UUID]:
    result = await write_recipes(db, pd.DataFrame(rows))
    assert not result.problems
    async with db.connect() as connection:
        found = await connection.execute(text("SELECT title, id FROM recipes"))
        return {title: recipe_id for title, recipe_id in found}


async def _stored_rows_are_valid(db: Database) -> pd.DataFrame:
    stored = await nutrition_frame(db)
    figures = stored.select_dtypes("number").drop(columns=["servings"]).astype(float)
    assert not figures.isin([math.inf, -math.inf]).any().any()
    coverage = stored[["line_coverage", "mass_coverage"]].astype(float)
    assert ((coverage >= 0) & (coverage <= 1) | coverage.isna()).all().all()
    return stored


async def test_absurd_amounts_are_refused_not_stored_as_nan_or_inf(db: Database) -> None:
    ids = await _write(
        db,
        [
            {
                "source_key": "gallons",
                "title": "Overflowing milk",
                "servings": 2,
                "ingredients": [f"{OVERFLOWING} gallons whole milk", "100 g plain flour"],
            },
            {
                "source_key": "stated",
                "title": "Infinite stated mass",
                "servings": 2,
                "ingredients": [f"2 chicken breasts (about {HUGE} g)", "100 g plain flour"],
            },
            {
                "source_key": "zero",
                "title": "Zero cans of infinity",
                "servings": 2,
                "ingredients": [f"0 cans tomatoes ({HUGE} g)", "100 g plain flour"],
            },
            {
                "source_key": "sugar",
                "title": "Sugar mountain",
                "servings": 2,
                "ingredients": ["99999999999999 cups sugar", "100 g plain flour"],
            },
            {
                "source_key": "fine",
                "title": "Ordinary",
                "servings": 2,
                "ingredients": ["100 g plain flour"],
            },
        ],
    )
    results = await compute_nutrition(db)  # one batch: one bad recipe must not sink it

    assert len(results) == 5
    for title in ("Overflowing milk", "Infinite stated mass", "Zero cans of infinity"):
        first = results[ids[title]].lines[0]
        assert (first.grams, first.reason) == (None, IMPLAUSIBLE_AMOUNT), title
    sugar = results[ids["Sugar mountain"]].lines[0]
    assert (sugar.grams, sugar.reason) == (None, IMPLAUSIBLE_AMOUNT)
    stored = (await _stored_rows_are_valid(db)).set_index("title")
    for title in ids:
        row = stored.loc[title]
        assert row["calories_kcal"] == pytest.approx(FLOUR_ONLY_KCAL), title
        assert row["line_coverage"] == pytest.approx(1.0 if title == "Ordinary" else 0.5), title
        assert row["mass_coverage"] == pytest.approx(1.0), title
    lines = await ingredients_frame(db)
    assert lines["grams"].astype(float).dropna().tolist() == [100.0] * 5


def test_parsed_lines_with_an_infinite_quantity_are_refused() -> None:
    flour = FoodEntry(
        "flour", "flour", nutrients={"energy_kcal": 364.0}, grams_per_unit={"cup": 125.0}
    )
    lines = [parse_ingredient_line(f"{HUGE} g flour"), parse_ingredient_line("1 cup flour")]
    assert lines[0].quantity == math.inf
    result = compute_lines(lines, 1, FoodCatalog([flour]))
    assert result.lines[0].reason == IMPLAUSIBLE_AMOUNT
    assert result.per_serving is not None
    assert result.per_serving["calories_kcal"] == pytest.approx(125 * 364 / 100)
    assert result.mass_coverage == pytest.approx(1.0)
    assert result.line_coverage == pytest.approx(0.5)


async def test_hostile_catalog_figures_are_unknown_not_stored(db: Database) -> None:
    ids = await _write(
        db,
        [
            {
                "source_key": "a",
                "title": "Odd catalog",
                "servings": 1,
                "ingredients": ["100 g plain flour", "1 cup whole milk", "2 tbsp butter"],
            },
            {
                "source_key": "b",
                "title": "Ordinary",
                "servings": 2,
                "ingredients": ["100 g plain flour"],
            },
        ],
    )
    async with db.connect() as connection:  # NaN, infinite and negative figures, NULL ones
        for statement in (
            "UPDATE foods SET energy_kcal = 'NaN', fat_g = -1, protein_g = 'Infinity'"
            " WHERE slug = 'all-purpose-flour'",
            "UPDATE foods SET energy_kcal = NULL, fat_g = NULL, protein_g = NULL,"
            " saturated_fat_g = NULL, carbohydrates_g = NULL, fiber_g = NULL,"
            " sugars_g = NULL, sodium_mg = NULL, cholesterol_mg = NULL WHERE slug = 'whole-milk'",
            'UPDATE foods SET grams_per_unit = \'{"cup": -227, "tbsp": -14.2}\''
            " WHERE slug = 'unsalted-butter'",
        ):
            await connection.execute(text(statement))
    results = await compute_nutrition(db)
    odd = results[ids["Odd catalog"]]
    assert [line.reason for line in odd.lines] == [None, None, IMPLAUSIBLE_AMOUNT]
    assert odd.per_serving is not None
    assert odd.per_serving["calories_kcal"] is None  # NaN flour, NULL milk: nobody knows
    assert odd.per_serving["protein_g"] is None
    assert odd.per_serving["fat_g"] is None
    stored = (await _stored_rows_are_valid(db)).set_index("title")
    calories = stored["calories_kcal"].astype(float)
    carbohydrates = stored["carbohydrates_g"].astype(float)
    assert math.isnan(calories["Odd catalog"])
    assert carbohydrates["Odd catalog"] > 0  # flour's carbohydrates still count
    assert carbohydrates["Ordinary"] > 0


async def test_soft_deleted_recipes_are_skipped_when_named(db: Database) -> None:
    ids = await _write(
        db,
        [
            {"source_key": "a", "title": "Deleted", "servings": 2, "ingredients": ["1 egg"]},
            {"source_key": "b", "title": "Live", "servings": 2, "ingredients": ["1 egg"]},
        ],
    )
    async with db.connect() as connection:
        await connection.execute(
            text("UPDATE recipes SET deleted_at = now() WHERE title = 'Deleted'")
        )
    results = await compute_nutrition(db, [ids["Deleted"], ids["Live"]])
    assert list(results) == [ids["Live"]]
    async with db.connect() as connection:
        rows = await connection.scalar(text("SELECT count(*) FROM nutritional_info"))
    assert rows == 1


async def test_a_recipe_deleted_while_its_batch_is_computed(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = await _write(
        db,
        [
            {"source_key": "a", "title": "Victim", "servings": 2, "ingredients": ["1 egg"]},
            {"source_key": "b", "title": "Survivor", "servings": 2, "ingredients": ["1 egg"]},
        ],
    )
    original = store._compute_batch
    deletions: list[asyncio.Task[None]] = []

    async def delete_victim() -> None:
        async with db.connect() as connection:
            await connection.execute(
                text("DELETE FROM recipes WHERE id = :id"), {"id": ids["Victim"]}
            )

    async def racing(
        session: AsyncSession, recipe_ids: Sequence[uuid.UUID], catalog: FoodCatalog
    ) -> dict[uuid.UUID, RecipeNutrition]:
        computed = await original(session, recipe_ids, catalog)
        deletions.append(asyncio.ensure_future(delete_victim()))
        await asyncio.wait(deletions, timeout=1.0)  # it waits for the batch, or is done
        return computed

    monkeypatch.setattr(store, "_compute_batch", racing)
    await compute_nutrition(db)
    await asyncio.gather(*deletions)
    stored = await nutrition_frame(db)
    assert stored["title"].tolist() == ["Survivor"]


async def test_lines_rewritten_while_computing_keep_no_stale_food(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    recipe = {"source_key": "a", "title": "Rewritten", "servings": 2}
    await _write(db, [{**recipe, "ingredients": ["100 g plain flour", "2 large eggs"]}])
    original = store._compute_batch

    async def racing(
        session: AsyncSession, recipe_ids: Sequence[uuid.UUID], catalog: FoodCatalog
    ) -> dict[uuid.UUID, RecipeNutrition]:
        computed = await original(session, recipe_ids, catalog)
        await write_recipes(
            db, pd.DataFrame([{**recipe, "ingredients": ["1 frobnitz", "2 limes"]}])
        )
        return computed

    monkeypatch.setattr(store, "_compute_batch", racing)
    await compute_nutrition(db)
    lines = await ingredients_frame(db)
    assert lines["original_text"].tolist() == ["1 frobnitz", "2 limes"]
    assert lines["food_id"].isna().all()  # not the flour and egg of the lines read before
    assert lines["grams"].isna().all()

    monkeypatch.undo()
    await compute_nutrition(db)  # the next run sees the new lines
    lines = await ingredients_frame(db)
    assert lines["food_id"].isna().tolist() == [True, False]


async def test_rerun_after_lines_change_clears_stale_food_and_grams(db: Database) -> None:
    recipe = {"source_key": "a", "title": "Changing", "servings": 2}
    await _write(db, [{**recipe, "ingredients": ["100 g plain flour", "2 large eggs"]}])
    await compute_nutrition(db)
    await _write(db, [{**recipe, "ingredients": ["1 frobnitz", "2 large eggs", "0 g butter"]}])
    results = await compute_nutrition(db)
    lines = await ingredients_frame(db)
    assert lines["food_id"].isna().tolist() == [True, False, False]
    assert lines["grams"].astype(float).tolist()[1:] == pytest.approx([100.0, 0.0])
    assert pd.isna(lines["grams"].iloc[0])
    assert lines_frame(results)["reason"].tolist()[0] == "unknown food"


async def test_a_batch_larger_than_the_parameter_limit(db: Database) -> None:
    count = 2_100  # 16 parameters per row: over asyncpg's 32,767 in one INSERT
    frame = pd.DataFrame(
        {
            "source_key": [f"k{i}" for i in range(count)],
            "title": [f"Recipe {i}" for i in range(count)],
            "servings": [2] * count,
            "ingredients": [["100 g plain flour"]] * count,
        }
    )
    assert (await write_recipes(db, frame)).inserted == count
    results = await compute_nutrition(db, batch_size=count, progress=False)
    assert len(results) == count
    stored = await nutrition_frame(db)
    assert len(stored) == count
    assert stored["calories_kcal"].tolist() == pytest.approx([FLOUR_ONLY_KCAL] * count)


async def test_an_empty_catalog_is_the_catalog_used(db: Database) -> None:
    await _write(
        db, [{"source_key": "a", "title": "A", "servings": 2, "ingredients": ["100 g plain flour"]}]
    )
    results = await compute_nutrition(db, catalog=FoodCatalog([]))
    assert lines_frame(results)["reason"].tolist() == ["unknown food"]
    stored = await nutrition_frame(db)
    assert pd.isna(stored["calories_kcal"].iloc[0])


async def test_analysis_of_no_rows_gives_empty_frames_with_their_columns(db: Database) -> None:
    nothing = await nutrition_frame(db)
    assert nothing.empty
    assert list(outliers(nothing).columns) == [
        "recipe_id", "title", "source", "figure", "value", "limit",
    ]  # fmt: skip
    assert outliers(nothing).empty
    compared = label_vs_computed(nothing)
    assert compared.empty
    assert {"recipe_id", "title", "calories_kcal_error_pct", "mass_coverage"} <= set(compared)
    split = energy_split(nothing)
    assert split.empty
    assert {"macro_kcal", "protein_share", "fat_share", "carbohydrates_share"} <= set(split)
