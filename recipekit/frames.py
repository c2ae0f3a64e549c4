"""DataFrames out of the database, with types that survive: lists stay lists, enums become
Categoricals with every level, nullable integers become ``Int64``, timestamps stay tz-aware.

Example (in a notebook):
    >>> frame = await recipes_frame(db)
    >>> frame.groupby("cuisine")["calories_kcal"].median()
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import ClauseElement, ColumnElement, Select, func, select
from sqlalchemy.sql.compiler import SQLCompiler

from recipekit.categories import category_paths
from recipekit.db.engine import Database
from recipekit.db.pooler import statement_name
from recipekit.filters import RecipeFilter, shown_nutrition
from recipekit.models import (
    Category,
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
from recipekit.vectors import decoded_vector

NUTRITION_COLUMNS = NUTRIENTS_PER_SERVING
_INTEGER_COLUMNS = ("prep_minutes", "cook_minutes", "total_minutes", "servings", "depth")
_FLOAT_COLUMNS = ("quantity", "quantity_max")
_ENUM_COLUMNS: dict[str, type[enum.Enum]] = {
    "difficulty": Difficulty,
    "nutrition_source": NutritionSource,
    "source": NutritionSource,
}


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Apply recipekit's column types to a frame built from the loaders' rows (``embedding``,
    fetched with ``vector_send``, becomes float32 arrays)."""
    for column in frame.columns:
        if column in _INTEGER_COLUMNS or column.endswith("_count"):
            frame[column] = frame[column].astype("Int64")
        elif column.endswith("_at"):
            frame[column] = pd.to_datetime(frame[column], utc=True).astype("datetime64[us, UTC]")
        elif column in NUTRITION_COLUMNS or column in _FLOAT_COLUMNS:
            frame[column] = frame[column].astype("float64")
        elif column in _ENUM_COLUMNS:
            frame[column] = pd.Categorical(
                frame[column], categories=enum_values(_ENUM_COLUMNS[column])
            )
        elif column == "embedding":
            frame[column] = frame[column].map(decoded_vector)
    return frame


async def frame_of(database: Database, statement: ClauseElement) -> pd.DataFrame:
    """Run ``statement`` and return its rows as a DataFrame with recipekit's column types
    (see `_typed`).

    The statement is compiled by SQLAlchemy but its rows are fetched by asyncpg directly and
    handed to pandas column by column: SQLAlchemy's per-row result processing and row objects
    cost more than the query itself on 20,000 recipes (bench/read_frames.py). The loaders'
    queries filter soft-deleted rows explicitly in their SQL; the ORM-wide soft-delete
    criteria inside the per-recipe subqueries made reading 2,000 recipes about 12x slower.
    """
    async with database.connect() as connection:
        compiled = statement.compile(dialect=connection.dialect)
        assert isinstance(compiled, SQLCompiler)
        parameters = compiled.construct_params() or {}
        arguments = [parameters[name] for name in compiled.positiontup or ()]
        raw = (await connection.get_raw_connection()).driver_connection
        assert raw is not None
        # a name unique across processes: asyncpg's own collide behind a transaction pooler
        prepared = await raw.prepare(compiled.string, name=statement_name())
        records = await prepared.fetch(*arguments)
    names = [attribute.name for attribute in prepared.get_attributes()]
    columns = {name: [record[i] for record in records] for i, name in enumerate(names)}
    return _typed(pd.DataFrame(columns, columns=names))


DEFAULT_RECIPE_COLUMNS = (
    "id", "source_key", "title", "cuisine", "difficulty", "prep_minutes", "cook_minutes",
    "total_minutes", "servings", "ingredient_count", *NUTRITION_COLUMNS, "nutrition_source",
    "diet_types", "categories", "language", "source_url", "created_at", "deleted_at",
)  # fmt: skip
"""What `recipes_frame` returns unless asked for other columns. ``nutrition_source`` says
whether the figures shown are the label's or computed ones, so a frame written back puts
them back where they came from."""
RECIPE_COLUMNS = (
    *DEFAULT_RECIPE_COLUMNS, "description", "yield_text", "author", "source_name",
    "instructions", "ingredients", "serving_size", "embedding",
    "embedding_model", "updated_at", "created_by", "updated_by",
)  # fmt: skip
"""Every column `recipes_frame` can return. ``ingredients`` lists the original lines and
``embedding`` holds float32 arrays, so a frame with these columns can be written back with
`recipekit.writing.write_recipes`."""


def _recipe_columns() -> dict[str, ColumnElement[Any]]:
    """Every column of `RECIPE_COLUMNS`, by name, as expressions over ``recipes`` outer-joined
    to ``nutritional_info``."""
    paths = category_paths()
    ingredients = select(Ingredient.original_text).where(Ingredient.recipe_id == Recipe.id)
    categories = (
        select(paths.c.path)
        .join(RecipeCategory, paths.c.id == RecipeCategory.category_id)
        .where(RecipeCategory.recipe_id == Recipe.id)
        .order_by(paths.c.path)
    )
    computed: dict[str, ColumnElement[Any]] = {
        "ingredient_count": select(func.count())
        .where(Ingredient.recipe_id == Recipe.id)
        .scalar_subquery(),
        "categories": func.array(categories.scalar_subquery()),
        "ingredients": func.array(ingredients.order_by(Ingredient.position).scalar_subquery()),
        "nutrition_source": NutritionalInfo.source.expression,
        "embedding": func.vector_send(Recipe.embedding),
        **{name: getattr(NutritionalInfo, name) for name in (*NUTRITION_COLUMNS, "serving_size")},
    }
    return {
        name: (computed[name] if name in computed else getattr(Recipe, name)).label(name)
        for name in RECIPE_COLUMNS
    }


async def recipe_filter(database: Database, **filters: Any) -> RecipeFilter:
    """A `RecipeFilter` from keywords, its category checked against the live tree.

    Raises:
        ValueError: For an unknown keyword, diet, difficulty or category.
    """
    checked = RecipeFilter(**filters)
    if checked.category is not None:
        async with database.connect() as connection:
            found = await connection.scalar(
                select(Category.id).where(
                    Category.slug == checked.category, Category.deleted_at.is_(None)
                )
            )
        if found is None:
            raise ValueError(
                f"no category {filters['category']!r} (looked for the slug {checked.category!r})"
            )
    return checked


def recipes_query(
    recipe_filter: RecipeFilter | None = None,
    *,
    include_deleted: bool = False,
    columns: Sequence[str] | None = None,
    limit: int | None = None,
) -> Select[Any]:
    """One row per recipe with ``columns`` (default `DEFAULT_RECIPE_COLUMNS`; any of
    `RECIPE_COLUMNS`), ordered by title.

    Raises:
        ValueError: For a requested column the query does not have.
    """
    available = _recipe_columns()
    wanted = DEFAULT_RECIPE_COLUMNS if columns is None else tuple(columns)
    unknown = [name for name in wanted if name not in available]
    if unknown:
        raise ValueError(f"no such recipe columns: {unknown}; choose from {list(available)}")
    statement = (
        select(*(available[name] for name in wanted))
        .select_from(Recipe)
        .outerjoin(NutritionalInfo, shown_nutrition())
        .order_by(Recipe.title, Recipe.id)
        .limit(limit)
    )
    if recipe_filter is not None:
        statement = recipe_filter.apply(statement)
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
        await recipe_filter(database, **filters),
        include_deleted=include_deleted,
        columns=columns,
        limit=limit,
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
    name, preparation, size and comment, and the food the nutrition computation matched
    (food_id) with the grams the line counted for (NULL: not counted or not computed yet)."""
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
            Ingredient.size,
            Ingredient.comment,
            Ingredient.food_id,
            Ingredient.grams,
        )
        .join(Recipe, Recipe.id == Ingredient.recipe_id)
        .outerjoin(NutritionalInfo, shown_nutrition())
        .where(Recipe.deleted_at.is_(None))
        .order_by(Recipe.title, Ingredient.recipe_id, Ingredient.position)
    )
    filtered = (await recipe_filter(database, **filters)).apply(statement)
    return await frame_of(database, filtered)


async def nutrition_frame(database: Database, **filters: Any) -> pd.DataFrame:
    """Nutrition of the live recipes that match `RecipeFilter` keywords, one row per recipe and
    source (a recipe may have both label and computed figures): recipe_id, title, servings,
    source, serving_size, every nutrient column, ``per_serving`` (False: figures for the whole
    recipe, servings unknown), and for computed rows ``line_coverage`` and ``mass_coverage``."""
    statement = (
        select(
            NutritionalInfo.recipe_id,
            Recipe.title,
            Recipe.servings,
            NutritionalInfo.source,
            NutritionalInfo.serving_size,
            *(getattr(NutritionalInfo, name) for name in NUTRITION_COLUMNS),
            NutritionalInfo.per_serving,
            NutritionalInfo.line_coverage,
            NutritionalInfo.mass_coverage,
        )
        .join(Recipe, Recipe.id == NutritionalInfo.recipe_id)
        .where(Recipe.deleted_at.is_(None))
        .order_by(Recipe.title, NutritionalInfo.recipe_id, NutritionalInfo.source)
    )
    filtered = (await recipe_filter(database, **filters)).apply(statement)
    return await frame_of(database, filtered)
