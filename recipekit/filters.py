"""Recipe filters shared by the DataFrame loaders and (later) nearest-neighbour search.

A `RecipeFilter` turns an analyst's question — "vegan and gluten-free Thai dishes under 30
minutes with at most 600 kcal a serving" — into WHERE clauses on a statement that selects from
``recipes`` (outer-joined to ``nutritional_info`` on `shown_nutrition` when calories are
filtered).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVarTuple

from sqlalchemy import ColumnElement, Select, and_, exists, func, literal, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import aliased
from sqlalchemy.types import Text

from recipekit.categories import PATH_SEPARATOR, slugify
from recipekit.ingest.diets import diet_type
from recipekit.models import (
    Category,
    DietType,
    Difficulty,
    NutritionalInfo,
    NutritionSource,
    Recipe,
    RecipeCategory,
)
from recipekit.timestamps import utc_datetime

Ts = TypeVarTuple("Ts")
_TIME_BOUNDS = {
    "created_after": (Recipe.created_at, True),
    "created_before": (Recipe.created_at, False),
    "updated_after": (Recipe.updated_at, True),
    "updated_before": (Recipe.updated_at, False),
}
"""Each time bound: the column it limits and whether it is a lower bound."""


def shown_nutrition() -> ColumnElement[bool]:
    """The condition joining ``recipes`` to the one ``nutritional_info`` row shown for a
    recipe: its label figures, or the computed ones when it has no label figures and they are
    per serving. Frames, calorie filters and searches all outer-join with it, so a recipe is
    never doubled and its figures always mean one serving."""
    label = aliased(NutritionalInfo)
    return and_(
        NutritionalInfo.recipe_id == Recipe.id,
        or_(
            NutritionalInfo.source == NutritionSource.LABEL,
            and_(
                NutritionalInfo.per_serving,
                ~exists().where(
                    label.recipe_id == Recipe.id, label.source == NutritionSource.LABEL
                ),
            ),
        ),
    )


@dataclass(frozen=True, slots=True)
class RecipeFilter:
    """Which recipes to keep; every field left empty keeps all.

    Attributes:
        category: Slug of a category; recipes in it *or any category beneath it* match
            ("asian" finds Thai and Japanese recipes).
        diets_all: Diet values a recipe must all have ("vegan", "gluten-free").
        diets_any: Diet values of which a recipe needs at least one.
        cuisine: Exact cuisine name, case-insensitive.
        difficulty: easy, medium or hard.
        max_total_minutes: Recipes whose total time is known and at most this.
        min_calories, max_calories: Label calories per serving range (known values only).
        title: Case-insensitive substring of the title.
        created_after, created_before, updated_after, updated_before: Timezone-aware datetimes
            (naive ones are refused, see `recipekit.timestamps`); ``after`` includes the
            instant itself, ``before`` does not, so consecutive ranges never overlap.
    """

    category: str | None = None
    diets_all: tuple[str, ...] = ()
    diets_any: tuple[str, ...] = ()
    cuisine: str | None = None
    difficulty: str | None = None
    max_total_minutes: int | None = None
    min_calories: float | None = None
    max_calories: float | None = None
    title: str | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    updated_after: datetime | None = None
    updated_before: datetime | None = None

    def __post_init__(self) -> None:
        """Accept what the writer accepts: diet labels ("Gluten Free") and a single diet as
        text, difficulty in any case, a category by slug, name or path ("Cuisine > Asian").

        Raises:
            ValueError: For an unknown diet or difficulty, or a naive datetime.
        """
        object.__setattr__(self, "diets_all", _diets(self.diets_all))
        object.__setattr__(self, "diets_any", _diets(self.diets_any))
        if self.difficulty is not None:
            object.__setattr__(self, "difficulty", Difficulty(self.difficulty.strip().lower()))
        if self.category is not None:
            last = self.category.split(PATH_SEPARATOR.strip())[-1]
            object.__setattr__(self, "category", slugify(last))
        for name in _TIME_BOUNDS:
            if getattr(self, name) is not None:
                object.__setattr__(self, name, utc_datetime(getattr(self, name), name))

    def apply(self, statement: Select[*Ts]) -> Select[*Ts]:
        """``statement`` with this filter's conditions added."""
        conditions: list[Any] = []
        if self.category is not None:
            conditions.append(_in_category_subtree(self.category))
        if self.diets_all:
            conditions.append(Recipe.diet_types.contains(_text_array(self.diets_all)))
        if self.diets_any:
            conditions.append(Recipe.diet_types.overlap(_text_array(self.diets_any)))
        if self.cuisine is not None:
            conditions.append(func.lower(Recipe.cuisine) == self.cuisine.lower())
        if self.difficulty is not None:
            conditions.append(Recipe.difficulty == Difficulty(self.difficulty))
        if self.max_total_minutes is not None:
            conditions.append(Recipe.total_minutes <= self.max_total_minutes)
        if self.min_calories is not None:
            conditions.append(NutritionalInfo.calories_kcal >= self.min_calories)
        if self.max_calories is not None:
            conditions.append(NutritionalInfo.calories_kcal <= self.max_calories)
        if self.title is not None:
            conditions.append(Recipe.title.icontains(self.title, autoescape=True))
        for name, (column, lower) in _TIME_BOUNDS.items():
            bound = getattr(self, name)
            if bound is not None:
                conditions.append(column >= bound if lower else column < bound)
        return statement.where(and_(*conditions)) if conditions else statement


def _diets(values: str | tuple[str, ...]) -> tuple[str, ...]:
    found = []
    for value in (values,) if isinstance(values, str) else values:
        diet = diet_type(value)
        if diet is None:
            known = ", ".join(member.value for member in DietType)
            raise ValueError(f"unknown diet type {value!r}; expected one of {known}")
        found.append(diet.value)
    return tuple(found)


def _text_array(values: tuple[str, ...]) -> Any:
    return literal(list(values), ARRAY(Text))


def _in_category_subtree(slug: str) -> Any:
    """Recipes linked to the live category ``slug`` or to any live category beneath it."""
    root = select(Category.id).where(Category.slug == slug, Category.deleted_at.is_(None))
    tree = root.cte("filter_subtree", recursive=True)
    tree = tree.union(
        select(Category.id)
        .join(tree, Category.parent_id == tree.c.id)
        .where(Category.deleted_at.is_(None))
    )
    return exists().where(
        RecipeCategory.recipe_id == Recipe.id,
        RecipeCategory.category_id.in_(select(tree.c.id)),
    )
