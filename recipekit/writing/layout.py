"""The column layout `write_recipes` accepts: one row per recipe.

==================  ==========================================================================
column              meaning
==================  ==========================================================================
title               required text
source_key          stable identity of the recipe (a canonical URL, a file and position, your
                    own id); decides insert-or-update. Missing: derived from the title and
                    the ingredient lines, so re-writing the same frame still changes nothing.
description, yield_text, author, source_url, source_name, cuisine (<= 100 characters),
language (<= 35), embedding_model (<= 200)
                    text
difficulty          "easy", "medium" or "hard" (any case), or a `Difficulty`
prep_minutes, cook_minutes, total_minutes
                    whole numbers >= 0
servings            whole number > 0
diet_types          list of diets (`DietType` values such as "vegan", or labels such as
                    "Gluten Free"); stored sorted and without repeats
instructions        list of steps: text, or ``{"text": ..., "section": ...}``
ingredients         list of ingredient lines: text (parsed into quantity, unit, name and
                    preparation), or dicts with ``text`` and any of ``quantity``,
                    ``quantity_max``, ``unit``, ``name``, ``preparation``, ``size``,
                    ``comment``
categories          list of category paths: "Cuisine > Thai" (as `recipes_frame` returns
                    them) or ``["Cuisine", "Thai"]``; missing categories are created
keywords            list of free tags; a tag naming a seeded category ("dessert") links it
embedding           the database's dimension (768 unless configured otherwise) of finite
                    numbers, not all zero (a list or a numpy array); a missing cell keeps
                    the stored vector (and embedding_model) of an existing recipe
calories_kcal, protein_g, fat_g, saturated_fat_g, carbohydrates_g, fiber_g, sugar_g,
sodium_mg, cholesterol_mg
                    per-serving nutrition, numbers >= 0
serving_size        text
nutrition_source    "label" (the default) or "computed"
==================  ==========================================================================

List cells may also be text holding a JSON array, which is how CSV exports write them, and
numbers may be text ("3.5"), as ``pd.read_csv(..., dtype=str)`` gives them. Text loses NUL
characters and unpaired surrogates, which PostgreSQL text cannot hold.

Columns a frame does not have are left as they are when a recipe is updated (and get their
defaults when it is inserted); a present column's missing cell means NULL, or the column's
default (empty lists) where it has one. In particular: nutrition columns are written one by one
(a frame with only ``calories_kcal`` keeps the other figures; a nutrition row is never
deleted by a write); category links are replaced only by a frame with a ``categories``
column, and then also include the seeded categories its ``keywords`` and ``diet_types`` name
(a path's names are found anywhere in the tree first, so "Dessert > Thai" links the seeded
Cuisine > Asian > Thai). The read-only columns `recipes_frame` returns (``id``, timestamps,
audit columns, ``ingredient_count``) are ignored, so a loaded frame can be written back; a row
whose ``deleted_at`` is set is refused (restore the recipe instead). Any other column is an
error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import String

from recipekit.models import Difficulty, NutritionSource, Recipe
from recipekit.models.enums import enum_values
from recipekit.models.recipe import NUTRIENTS_PER_SERVING
from recipekit.writing import cells


def _max_length(name: str) -> int | None:
    column_type = Recipe.__table__.c[name].type
    return column_type.length if isinstance(column_type, String) else None


def _text_column(name: str) -> Callable[[Any], str | None]:
    return partial(cells.text, max_length=_max_length(name))


SCALAR_COLUMNS: dict[str, Callable[[Any], Any]] = {
    "title": partial(cells.required_text, indexed=True),
    **{
        name: _text_column(name)
        for name in (
            *("description", "yield_text", "cuisine", "language", "author", "source_url"),
            *("source_name", "embedding_model"),
        )
    },
    "difficulty": partial(cells.choice, allowed=enum_values(Difficulty), what="difficulty"),
    "prep_minutes": partial(cells.whole_number, minimum=0),
    "cook_minutes": partial(cells.whole_number, minimum=0),
    "total_minutes": partial(cells.whole_number, minimum=0),
    "servings": partial(cells.whole_number, minimum=1),
}
"""Recipe columns written as they are, each with the converter that checks one cell."""

LIST_RECIPE_COLUMNS = ("diet_types", "instructions")
NUTRITION_COLUMNS = (*NUTRIENTS_PER_SERVING, "serving_size", "nutrition_source")
NUTRITION_SOURCES = enum_values(NutritionSource)
READ_ONLY_COLUMNS = frozenset(
    {"id", "created_at", "updated_at", "created_by", "updated_by", "deleted_at", "ingredient_count"}
)
WRITABLE_COLUMNS = (
    *SCALAR_COLUMNS, "source_key", *LIST_RECIPE_COLUMNS, "embedding", "ingredients",
    "categories", "keywords", *NUTRITION_COLUMNS,
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class FrameLayout:
    """Which parts of a recipe a frame carries: only those are written on update.

    ``recipe_columns`` are the ``recipes`` columns to write, in order; they always include
    ``source_key`` and ``title``.
    """

    frame_columns: tuple[str, ...]
    recipe_columns: tuple[str, ...]
    nutrition_columns: tuple[str, ...]
    ingredients: bool
    links: bool
    embedding_dimension: int

    @classmethod
    def of(cls, columns: Sequence[str], *, embedding_dimension: int) -> FrameLayout:
        """The layout of a frame with these columns, for a database whose embeddings have
        ``embedding_dimension`` numbers.

        Raises:
            ValueError: For a frame without ``title`` or with a column the layout does not know.
        """
        unknown = [c for c in columns if c not in WRITABLE_COLUMNS and c not in READ_ONLY_COLUMNS]
        if unknown:
            raise ValueError(
                f"write_recipes does not know the columns {unknown}; "
                f"the layout has {list(WRITABLE_COLUMNS)}"
            )
        repeated = sorted({c for c in columns if list(columns).count(c) > 1})
        if repeated:
            raise ValueError(f"the frame has more than one column named {repeated}")
        if "title" not in columns:
            raise ValueError("write_recipes needs a 'title' column")
        present = set(columns)
        recipe_columns = [name for name in SCALAR_COLUMNS if name in present]
        recipe_columns += [name for name in (*LIST_RECIPE_COLUMNS, "embedding") if name in present]
        if "keywords" in present and "categories" not in present:
            raise ValueError("a 'keywords' column links categories only beside 'categories'")
        return cls(
            frame_columns=tuple(
                c for c in columns if c in WRITABLE_COLUMNS or c in ("id", "deleted_at")
            ),
            recipe_columns=("source_key", *recipe_columns),
            nutrition_columns=tuple(name for name in NUTRITION_COLUMNS if name in present),
            ingredients="ingredients" in present,
            links="categories" in present,
            embedding_dimension=embedding_dimension,
        )
