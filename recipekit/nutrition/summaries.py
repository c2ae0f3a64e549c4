"""Nutrition summaries over recipe DataFrames: per-category means of the per-serving figures."""

from __future__ import annotations

import pandas as pd

from recipekit.categories import PATH_SEPARATOR
from recipekit.db.engine import Database
from recipekit.frames import recipes_frame

SUMMARY_COLUMNS = ("calories_kcal", "protein_g", "fat_g", "carbohydrates_g", "sodium_mg")


def summarise_by_category(recipes: pd.DataFrame, branch: str | None = None) -> pd.DataFrame:
    """Mean per-serving nutrition per category, from a `recipes_frame`.

    Args:
        recipes: Output of `recipes_frame` (uses its ``categories`` and nutrition columns).
        branch: Keep only categories under this top-level branch ("Course", "Cuisine", ...).

    Returns:
        One row per category path: ``recipes`` (how many recipes, with or without figures),
        ``with_nutrition`` and the mean of each of `SUMMARY_COLUMNS`, sorted by path.
    """
    exploded = recipes.explode("categories").dropna(subset=["categories"])
    if branch is not None:
        exploded = exploded[exploded["categories"].str.startswith(branch + PATH_SEPARATOR)]
    grouped = exploded.groupby("categories", sort=True)
    summary = grouped[list(SUMMARY_COLUMNS)].mean().round(1)
    summary.insert(0, "with_nutrition", grouped["calories_kcal"].count())
    summary.insert(0, "recipes", grouped["id"].count())
    summary.index.name = "category"
    return summary


async def nutrition_by_category(database: Database, branch: str | None = None) -> pd.DataFrame:
    """`summarise_by_category` over every live recipe in ``database``."""
    return summarise_by_category(await recipes_frame(database), branch)
