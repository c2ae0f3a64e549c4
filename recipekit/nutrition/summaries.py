"""Nutrition summaries over recipe DataFrames: per-category and per-diet means of the
per-serving figures (the ones `recipes_frame` shows: label, else computed)."""

from __future__ import annotations

import pandas as pd

from recipekit.categories import PATH_SEPARATOR
from recipekit.db.engine import Database
from recipekit.frames import recipes_frame

SUMMARY_COLUMNS = ("calories_kcal", "protein_g", "fat_g", "carbohydrates_g", "sodium_mg")


def _summarise(exploded: pd.DataFrame, column: str, name: str) -> pd.DataFrame:
    """Per value of ``column`` (one row each in ``exploded``): recipes, how many have figures,
    and the means of `SUMMARY_COLUMNS`."""
    grouped = exploded.groupby(column, sort=True)
    summary = grouped[list(SUMMARY_COLUMNS)].mean().round(1)
    summary.insert(0, "with_nutrition", grouped["calories_kcal"].count())
    summary.insert(0, "recipes", grouped["id"].count())
    summary.index.name = name
    return summary


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
    return _summarise(exploded, "categories", "category")


def summarise_by_diet(recipes: pd.DataFrame) -> pd.DataFrame:
    """Mean per-serving nutrition per diet type, from a `recipes_frame` (uses ``diet_types``),
    in the layout of `summarise_by_category`; a recipe counts under each of its diets."""
    exploded = recipes.explode("diet_types").dropna(subset=["diet_types"])
    return _summarise(exploded, "diet_types", "diet")


async def nutrition_by_category(database: Database, branch: str | None = None) -> pd.DataFrame:
    """`summarise_by_category` over every live recipe in ``database``."""
    return summarise_by_category(await recipes_frame(database), branch)
