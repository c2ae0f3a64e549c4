"""DataFrames out of the database, with types that survive: lists stay lists, enums become
Categoricals with every level, nullable integers become ``Int64``, timestamps stay tz-aware.

Example (in a notebook):
    >>> frame = await recipes_frame(db)
    >>> frame.groupby("cuisine")["calories_kcal"].median()
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Executable, Select, func, literal, select
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by
from sqlalchemy.types import Text

from recipekit.categories import category_paths
from recipekit.db.engine import Database
from recipekit.filters import RecipeFilter
from recipekit.models import (
    Difficulty,
    Food,
    Ingredient,
    NutritionalInfo,
    NutritionSource,
    Recipe,
    RecipeCategory,
)
from recipekit.models.enums import enum_values
from recipekit.models.food import NUTRIENTS_PER_100G
from recipekit.models.recipe import NUTRIENTS_PER_SERVING

NUTRITION_COLUMNS = NUTRIENTS_PER_SERVING
_INTEGER_COLUMNS = ("prep_minutes", "cook_minutes", "total_minutes", "servings", "depth")
LIST_COLUMNS = ("diet_types", "categories")
"""Columns holding Python lists; CSV exports write them as JSON arrays."""


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Apply recipekit's column types to a frame built from database rows."""
    for column in frame.columns:
        if column in _INTEGER_COLUMNS or column.endswith("_count"):
            frame[column] = frame[column].astype("Int64")
        elif column.endswith("_at"):
            frame[column] = pd.to_datetime(frame[column], utc=True)
        elif column in NUTRITION_COLUMNS:
            frame[column] = frame[column].astype("float64")
        elif column == "difficulty":
            frame[column] = pd.Categorical(
                frame[column].map(lambda value: None if value is None else str(value)),
                categories=enum_values(Difficulty),
            )
    return frame


async def frame_of(database: Database, statement: Executable) -> pd.DataFrame:
    """Run ``statement`` on a Core connection and return its rows as a DataFrame with
    recipekit's column types (see `_typed`).

    The loaders' queries filter soft-deleted rows explicitly in their SQL; the ORM-wide
    soft-delete criteria are deliberately not involved, as inside the per-recipe correlated
    subqueries they made reading 2,000 recipes about 12x slower (bench/read_frames.py).
    """
    async with database.connect() as connection:
        result = await connection.execute(statement)
        # plain tuples: pandas builds a frame from them about 4x faster than from Row objects
        rows = [tuple(row) for row in result.all()]
        frame = pd.DataFrame(rows, columns=list(result.keys()))
    return _typed(frame)


def recipes_query(
    recipe_filter: RecipeFilter | None = None,
    *,
    include_deleted: bool = False,
    columns: Sequence[str] | None = None,
    limit: int | None = None,
) -> Select[Any]:
    """One row per recipe: scalars, label nutrition per serving, counts, diets, category paths.

    Raises:
        ValueError: For a requested column the query does not have.
    """
    paths = category_paths()
    ingredient_count = (
        select(func.count())
        .where(Ingredient.recipe_id == Recipe.id)
        .scalar_subquery()
        .label("ingredient_count")
    )
    categories = (
        select(
            func.coalesce(
                func.array_agg(aggregate_order_by(paths.c.path, paths.c.path)),
                literal([], ARRAY(Text)),
            )
        )
        .select_from(RecipeCategory)
        .join(paths, paths.c.id == RecipeCategory.category_id)
        .where(RecipeCategory.recipe_id == Recipe.id)
        .scalar_subquery()
        .label("categories")
    )
    statement = (
        select(
            Recipe.id,
            Recipe.title,
            Recipe.cuisine,
            Recipe.difficulty,
            Recipe.prep_minutes,
            Recipe.cook_minutes,
            Recipe.total_minutes,
            Recipe.servings,
            ingredient_count,
            *(getattr(NutritionalInfo, name) for name in NUTRITION_COLUMNS),
            Recipe.diet_types,
            categories,
            Recipe.language,
            Recipe.source_url,
            Recipe.created_at,
            Recipe.deleted_at,
        )
        .outerjoin(NutritionalInfo, NutritionalInfo.recipe_id == Recipe.id)
        .order_by(Recipe.title, Recipe.id)
        .limit(limit)
    )
    if recipe_filter is not None:
        statement = recipe_filter.apply(statement)
    if columns is not None:
        available = {column.name: column for column in statement.selected_columns}
        unknown = [name for name in columns if name not in available]
        if unknown:
            raise ValueError(f"no such recipe columns: {unknown}; choose from {list(available)}")
        statement = statement.with_only_columns(*(available[name] for name in columns))
    return statement if include_deleted else statement.where(Recipe.deleted_at.is_(None))


async def recipes_frame(
    database: Database,
    *,
    include_deleted: bool = False,
    columns: Sequence[str] | None = None,
    limit: int | None = None,
    **filters: Any,
) -> pd.DataFrame:
    """Live recipes as one row each (see `recipes_query` for the columns), narrowed by
    `RecipeFilter` keywords.

    Example:
        >>> await recipes_frame(db, category="asian", diets_all=("vegan",), max_total_minutes=30)
    """
    statement = recipes_query(
        RecipeFilter(**filters), include_deleted=include_deleted, columns=columns, limit=limit
    )
    return await frame_of(database, statement)


async def categories_frame(database: Database) -> pd.DataFrame:
    """The live category tree: id, parent_id, name, slug, depth, path, recipe_count."""
    paths = category_paths()
    recipe_count = (
        select(func.count(RecipeCategory.id))
        .join(Recipe, Recipe.id == RecipeCategory.recipe_id)
        .where(RecipeCategory.category_id == paths.c.id, Recipe.deleted_at.is_(None))
        .scalar_subquery()
        .label("recipe_count")
    )
    statement = select(
        paths.c.id,
        paths.c.parent_id,
        paths.c.name,
        paths.c.slug,
        paths.c.depth,
        paths.c.path,
        recipe_count,
    ).order_by(paths.c.path)
    return await frame_of(database, statement)


async def foods_frame(database: Database) -> pd.DataFrame:
    """The live food catalog: name, slug, aliases, group, USDA number, nutrients per 100 g and
    grams per household unit."""
    statement = (
        select(
            Food.id,
            Food.name,
            Food.slug,
            Food.aliases,
            Food.food_group,
            Food.usda_ndb_no,
            *(getattr(Food, name) for name in NUTRIENTS_PER_100G),
            Food.grams_per_unit,
        )
        .where(Food.deleted_at.is_(None))
        .order_by(Food.name)
    )
    return await frame_of(database, statement)


async def ingredients_frame(database: Database, **filters: Any) -> pd.DataFrame:
    """One row per ingredient line of the live recipes that match `RecipeFilter` keywords:
    recipe_id, title, position, the original text and the parsed quantity, quantity_max, unit,
    name and preparation, and the linked food_id (if any)."""
    statement = (
        select(
            Ingredient.recipe_id,
            Recipe.title,
            Ingredient.position,
            Ingredient.original_text,
            Ingredient.quantity,
            Ingredient.quantity_max,
            Ingredient.unit,
            Ingredient.name,
            Ingredient.preparation,
            Ingredient.food_id,
        )
        .join(Recipe, Recipe.id == Ingredient.recipe_id)
        .outerjoin(NutritionalInfo, NutritionalInfo.recipe_id == Recipe.id)
        .where(Recipe.deleted_at.is_(None))
        .order_by(Recipe.title, Ingredient.recipe_id, Ingredient.position)
    )
    return await frame_of(database, RecipeFilter(**filters).apply(statement))


async def nutrition_frame(database: Database, **filters: Any) -> pd.DataFrame:
    """Per-serving nutrition of the live recipes that match `RecipeFilter` keywords: recipe_id,
    title, servings, source (label/computed), serving_size and every nutrient column."""
    statement = (
        select(
            NutritionalInfo.recipe_id,
            Recipe.title,
            Recipe.servings,
            NutritionalInfo.source,
            NutritionalInfo.serving_size,
            *(getattr(NutritionalInfo, name) for name in NUTRITION_COLUMNS),
        )
        .join(Recipe, Recipe.id == NutritionalInfo.recipe_id)
        .where(Recipe.deleted_at.is_(None))
        .order_by(Recipe.title, NutritionalInfo.recipe_id)
    )
    frame = await frame_of(database, RecipeFilter(**filters).apply(statement))
    frame["source"] = pd.Categorical(
        frame["source"].map(str), categories=enum_values(NutritionSource)
    )
    return frame


def export_frame(frame: pd.DataFrame, path: Path) -> Path:
    """Write a frame as ``.csv`` or ``.parquet`` (chosen by the suffix).

    Parquet keeps list columns as lists. CSV writes each list column as a JSON array
    (``["vegan", "gluten-free"]``), which ``json.loads`` reads back.
    """
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise ValueError(f"export writes .csv or .parquet files, not {path.name!r}")
    encoded = frame.copy()
    for column in encoded.columns:
        if column == "id" or column.endswith("_id"):
            encoded[column] = encoded[column].map(
                lambda value: None if value is None else str(value)
            )
    if suffix == ".parquet":
        encoded.to_parquet(path, index=False)
    else:
        for column in LIST_COLUMNS:
            if column in encoded:
                encoded[column] = encoded[column].map(json.dumps)
        encoded.to_csv(path, index=False)
    return path
