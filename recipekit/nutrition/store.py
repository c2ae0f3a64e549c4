"""Computing recipes' nutrition in the database: read their ingredient lines, compute with
`compute_lines`, and store the result beside any label figures.

A recipe's computed figures go to its ``nutritional_info`` row with ``source = computed`` (the
label row an import brought is never touched); per serving when the recipe says how many it
serves, else for the whole recipe with ``per_serving = false``. Each ingredient line keeps the
food it matched (``food_id``) and the grams it counted for (``grams``, NULL when not counted).

A batch locks its recipes against deletion (``FOR KEY SHARE``) until it commits, skips recipes
that are gone or soft-deleted by the time it reads them, and stores a line's food and grams only
while the line still has the text they were computed from (a concurrent rewrite wins).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import bindparam, select, text
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Double, Integer, Text, Uuid

from recipekit.audit import current_actor
from recipekit.db.engine import Database
from recipekit.models import Ingredient, NutritionalInfo, NutritionSource, Recipe
from recipekit.models.recipe import NUTRIENTS_PER_SERVING
from recipekit.nutrition.catalog import FoodCatalog, load_catalog
from recipekit.nutrition.compute import RecipeNutrition, compute_lines
from recipekit.progress import progress_bar

BATCH_SIZE = 500
"""Recipes computed and stored per transaction."""
COVERED_SHARE = 0.8
"""Mass coverage from which a recipe's computed figures count as covering it."""
_ROWS_PER_INSERT = 1_000
"""Computed rows per INSERT: 16 parameters each, well under asyncpg's 32,767 per statement."""

_STORE_LINES = text(
    "UPDATE ingredients i SET food_id = v.food_id, grams = v.grams, updated_by = :actor"
    " FROM unnest(:recipe_ids, :positions, :texts, :food_ids, :grams)"
    " AS v(recipe_id, position, text, food_id, grams)"
    " WHERE i.recipe_id = v.recipe_id AND i.position = v.position AND i.original_text = v.text"
    " AND (i.food_id, i.grams) IS DISTINCT FROM (v.food_id, v.grams)"
).bindparams(
    bindparam("recipe_ids", type_=ARRAY(Uuid())),
    bindparam("positions", type_=ARRAY(Integer())),
    bindparam("texts", type_=ARRAY(Text())),
    bindparam("food_ids", type_=ARRAY(Uuid())),
    bindparam("grams", type_=ARRAY(Double())),
)


async def _compute_batch(
    session: AsyncSession, recipe_ids: Sequence[uuid.UUID], catalog: FoodCatalog
) -> dict[uuid.UUID, RecipeNutrition]:
    recipes = (
        await session.execute(
            select(Recipe.id, Recipe.servings)
            .where(Recipe.id.in_(recipe_ids))
            .order_by(Recipe.id)
            .with_for_update(read=True, key_share=True)  # FOR KEY SHARE
        )
    ).all()
    by_recipe: dict[uuid.UUID, list[Ingredient]] = {recipe_id: [] for recipe_id, _ in recipes}
    lines = (
        await session.scalars(
            select(Ingredient)
            .where(Ingredient.recipe_id.in_(list(by_recipe)))
            .order_by(Ingredient.recipe_id, Ingredient.position)
        )
    ).all()
    for line in lines:
        by_recipe[line.recipe_id].append(line)
    return {
        recipe_id: compute_lines(by_recipe[recipe_id], servings, catalog)
        for recipe_id, servings in recipes
    }


def _figures(result: RecipeNutrition) -> dict[str, Any]:
    per_serving = result.per_serving is not None
    figures = result.per_serving if result.per_serving is not None else result.totals
    return {
        **{name: figures[name] for name in NUTRIENTS_PER_SERVING},
        "per_serving": per_serving,
        "line_coverage": result.line_coverage,
        "mass_coverage": result.mass_coverage,
    }


async def _store(session: AsyncSession, results: dict[uuid.UUID, RecipeNutrition]) -> None:
    actor = current_actor()
    lines = [(recipe_id, line) for recipe_id, result in results.items() for line in result.lines]
    if lines:
        await session.execute(
            _STORE_LINES,
            {
                "actor": actor,
                "recipe_ids": [recipe_id for recipe_id, _ in lines],
                "positions": [line.position for _, line in lines],
                "texts": [line.text for _, line in lines],
                "food_ids": [line.food_id for _, line in lines],
                "grams": [line.grams for _, line in lines],
            },
        )
    if not results:
        return
    rows = [
        {
            "recipe_id": recipe_id,
            "source": NutritionSource.COMPUTED,
            "created_by": actor,
            "updated_by": actor,
            **_figures(result),
        }
        for recipe_id, result in results.items()
    ]
    changing = [*NUTRIENTS_PER_SERVING, "per_serving", "line_coverage", "mass_coverage"]
    for start in range(0, len(rows), _ROWS_PER_INSERT):
        statement = insert(NutritionalInfo).values(rows[start : start + _ROWS_PER_INSERT])
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=["recipe_id", "source"],
                set_={
                    **{name: statement.excluded[name] for name in changing},
                    "updated_by": statement.excluded.updated_by,
                },
            )
        )


async def compute_nutrition(
    database: Database,
    recipes: Sequence[uuid.UUID | Recipe] | None = None,
    *,
    catalog: FoodCatalog | None = None,
    batch_size: int = BATCH_SIZE,
    progress: bool | None = None,
) -> dict[uuid.UUID, RecipeNutrition]:
    """Compute and store the nutrition of ``recipes`` (ids or objects; default: every live
    recipe), ``batch_size`` recipes per transaction; returns each recipe's `RecipeNutrition`
    (per-line detail in ``.lines``, see `lines_frame`).

    Example:
        >>> results = await compute_nutrition(db)
        >>> frame = await nutrition_frame(db)  # label and computed rows side by side
    """
    catalog = catalog if catalog is not None else await load_catalog(database)
    if recipes is None:
        async with database.session() as session:
            ids = list(await session.scalars(select(Recipe.id).order_by(Recipe.id)))
    else:
        ids = [recipe.id if isinstance(recipe, Recipe) else recipe for recipe in recipes]
    results: dict[uuid.UUID, RecipeNutrition] = {}
    with progress_bar(len(ids), "compute_nutrition", progress) as bar:
        for start in range(0, len(ids), batch_size):
            batch = ids[start : start + batch_size]
            async with database.transaction() as session:
                computed = await _compute_batch(session, batch, catalog)
                await _store(session, computed)
            results.update(computed)
            bar.update(len(batch))
    return results


def lines_frame(results: dict[uuid.UUID, RecipeNutrition]) -> pd.DataFrame:
    """One row per ingredient line of the computed recipes: recipe_id, position, text, the food
    it matched, the grams it counted for, and why it was not counted (``reason``)."""
    return pd.DataFrame(
        [
            (recipe_id, line.position, line.text, line.food_slug, line.grams, line.reason)
            for recipe_id, result in results.items()
            for line in result.lines
        ],
        columns=["recipe_id", "position", "text", "food", "grams", "reason"],
    )


def covered(results: dict[uuid.UUID, RecipeNutrition]) -> int:
    """How many of the computed recipes have at least `COVERED_SHARE` of their mass counted."""
    return sum(1 for result in results.values() if (result.mass_coverage or 0) >= COVERED_SHARE)
