"""Recipes, their ordered ingredient lines and their per-serving nutrition."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import (
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    and_,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.ext.mutable import MutableList
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from recipekit.config import EMBEDDING_DIMENSION
from recipekit.models.base import Base, Entity, SoftDeletableEntity
from recipekit.models.category import Category, RecipeCategory
from recipekit.models.enums import DietType, Difficulty, NutritionSource, enum_values
from recipekit.models.food import Food
from recipekit.models.mutable import StepList
from recipekit.models.types import Embedding
from recipekit.vectors import usable_vector

HNSW_M = 16
HNSW_EF_CONSTRUCTION = 64

_DIET_VALUES_SQL = ", ".join(f"'{value}'" for value in enum_values(DietType))


def _nutrition_from(source: NutritionSource, *, overlaps: str) -> Any:
    """A recipe's one `NutritionalInfo` row from ``source`` (owned: deleted with the recipe)."""
    return relationship(
        primaryjoin=lambda: and_(
            NutritionalInfo.recipe_id == Recipe.id, NutritionalInfo.source == source
        ),
        cascade="all, delete-orphan",
        lazy="selectin",
        overlaps=overlaps,
    )


class Recipe(SoftDeletableEntity, Base):
    """A recipe. ``instructions`` is a JSON list of ``{"text": ..., "section": ...}`` steps.

    ``source_key`` identifies where the recipe came from (a canonical URL, or a file) and is
    unique among live recipes, so importing the same source twice updates instead of duplicating.
    """

    __tablename__ = "recipes"

    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    instructions: Mapped[list[dict[str, Any]]] = mapped_column(
        StepList.as_mutable(JSONB(none_as_null=True)),
        server_default=text("'[]'::jsonb"),
        default=list,
    )
    diet_types: Mapped[list[str]] = mapped_column(
        MutableList.as_mutable(ARRAY(Text)), server_default=text("'{}'::text[]"), default=list
    )
    difficulty: Mapped[Difficulty | None] = mapped_column(
        Enum(Difficulty, name="difficulty", values_callable=enum_values, validate_strings=True)
    )
    prep_minutes: Mapped[int | None] = mapped_column(Integer)
    cook_minutes: Mapped[int | None] = mapped_column(Integer)
    total_minutes: Mapped[int | None] = mapped_column(Integer)
    servings: Mapped[int | None] = mapped_column(Integer)
    yield_text: Mapped[str | None] = mapped_column(Text)
    cuisine: Mapped[str | None] = mapped_column(String(100))
    language: Mapped[str | None] = mapped_column(String(35))
    author: Mapped[str | None] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(Text)
    source_name: Mapped[str | None] = mapped_column(Text)
    source_key: Mapped[str | None] = mapped_column(Text)
    embedding: Mapped[Any | None] = mapped_column(Embedding(EMBEDDING_DIMENSION))
    """Assign a list or array; read back as a float32 array of shape ``(dimension,)``."""
    embedding_model: Mapped[str | None] = mapped_column(String(200))

    ingredients: Mapped[list[Ingredient]] = relationship(
        back_populates="recipe",
        order_by="Ingredient.position",
        cascade="all, delete-orphan",
        lazy="selectin",
    )
    category_links: Mapped[list[RecipeCategory]] = relationship(
        back_populates="recipe", cascade="all, delete-orphan", lazy="selectin"
    )
    categories: Mapped[list[Category]] = relationship(
        secondary="recipe_categories", viewonly=True, lazy="selectin", order_by=Category.name
    )
    nutrition: Mapped[NutritionalInfo | None] = _nutrition_from(
        NutritionSource.LABEL, overlaps="computed_nutrition"
    )
    """The figures an import brought (``source = label``)."""
    computed_nutrition: Mapped[NutritionalInfo | None] = _nutrition_from(
        NutritionSource.COMPUTED, overlaps="nutrition"
    )
    """The figures `recipekit.nutrition` computed from the ingredient lines."""

    __table_args__ = (
        CheckConstraint(
            f"diet_types <@ ARRAY[{_DIET_VALUES_SQL}]::text[]", name="known_diet_types"
        ),
        CheckConstraint(
            "prep_minutes >= 0 AND cook_minutes >= 0 AND total_minutes >= 0",
            name="minutes_not_negative",
        ),
        CheckConstraint("servings > 0", name="servings_positive"),
        CheckConstraint("jsonb_typeof(instructions) = 'array'", name="instructions_is_array"),
        Index(
            "uq_recipes_source_key_live",
            "source_key",
            unique=True,
            postgresql_where=text("deleted_at IS NULL"),
        ),
        Index("ix_recipes_title", "title"),
        Index("ix_recipes_cuisine_total_minutes", "cuisine", "total_minutes"),
        Index("ix_recipes_difficulty_total_minutes", "difficulty", "total_minutes"),
        Index("ix_recipes_created_at", "created_at"),
        Index("ix_recipes_diet_types", "diet_types", postgresql_using="gin"),
        Index(
            "ix_recipes_instructions",
            "instructions",
            postgresql_using="gin",
            postgresql_ops={"instructions": "jsonb_path_ops"},
        ),
        Index(
            "ix_recipes_embedding_hnsw",
            "embedding",
            postgresql_using="hnsw",
            postgresql_with={"m": HNSW_M, "ef_construction": HNSW_EF_CONSTRUCTION},
            postgresql_ops={"embedding": "vector_cosine_ops"},
        ),
    )

    def __init__(self, **fields: Any) -> None:
        """A new recipe. Owned relationships start loaded (empty), so reading them after a flush
        or commit never needs a lazy load, which async sessions cannot do implicitly."""
        fields.setdefault("ingredients", [])
        fields.setdefault("category_links", [])
        fields.setdefault("nutrition", None)
        fields.setdefault("computed_nutrition", None)
        super().__init__(**fields)

    @validates("embedding")
    def _usable_embedding(self, _key: str, vector: Any) -> npt.NDArray[np.float32] | None:
        """A float32 vector of the column's dimension with a cosine direction: finite and not
        all zeros (a zero vector has no cosine distance to anything)."""
        if vector is None:
            return None
        try:
            return usable_vector(vector)
        except ValueError as error:
            raise ValueError(f"embedding {error}") from None

    @validates("diet_types")
    def _known_diets(self, _key: str, values: Iterable[str]) -> list[str]:
        return sorted({DietType(value).value for value in values})

    def __repr__(self) -> str:
        return f"Recipe(title={self.title!r})"


class Ingredient(Entity, Base):
    """One ingredient line of a recipe, in order. ``original_text`` is the line as written."""

    __tablename__ = "ingredients"

    recipe_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("recipes.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    original_text: Mapped[str] = mapped_column(Text)
    quantity: Mapped[float | None]
    quantity_max: Mapped[float | None]
    unit: Mapped[str | None] = mapped_column(String(30))
    name: Mapped[str | None] = mapped_column(Text)
    preparation: Mapped[str | None] = mapped_column(Text)
    size: Mapped[str | None] = mapped_column(Text)
    comment: Mapped[str | None] = mapped_column(Text)
    food_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("foods.id", ondelete="SET NULL"))
    grams: Mapped[float | None]
    """What the line weighs by the nutrition computation (NULL: not counted)."""

    recipe: Mapped[Recipe] = relationship(back_populates="ingredients", lazy="raise")
    food: Mapped[Food | None] = relationship(lazy="raise")

    __table_args__ = (
        CheckConstraint("quantity >= 0 AND quantity_max >= quantity", name="quantity_not_negative"),
        CheckConstraint("grams >= 0", name="grams_not_negative"),
        Index("uq_ingredients_recipe_id_position", "recipe_id", "position", unique=True),
        Index("ix_ingredients_food_id", "food_id"),
        Index("ix_ingredients_name", "name"),
    )


NUTRIENTS_PER_SERVING = (
    "calories_kcal", "protein_g", "fat_g", "saturated_fat_g", "carbohydrates_g",
    "fiber_g", "sugar_g", "sodium_mg", "cholesterol_mg",
)  # fmt: skip
"""The figure columns of `NutritionalInfo` (and fields of `NutritionFacts`), per serving."""


class NutritionalInfo(Entity, Base):
    """Per-serving nutrition of a recipe and where the figures came from."""

    __tablename__ = "nutritional_info"

    recipe_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("recipes.id", ondelete="CASCADE"))
    source: Mapped[NutritionSource] = mapped_column(
        Enum(NutritionSource, name="nutrition_source", values_callable=enum_values)
    )
    serving_size: Mapped[str | None] = mapped_column(Text)
    calories_kcal: Mapped[float | None]
    protein_g: Mapped[float | None]
    fat_g: Mapped[float | None]
    saturated_fat_g: Mapped[float | None]
    carbohydrates_g: Mapped[float | None]
    fiber_g: Mapped[float | None]
    sugar_g: Mapped[float | None]
    sodium_mg: Mapped[float | None]
    cholesterol_mg: Mapped[float | None]

    per_serving: Mapped[bool] = mapped_column(server_default=true(), default=True)
    """False when the recipe's servings are unknown: the figures are for the whole recipe."""
    line_coverage: Mapped[float | None]
    """Computed rows: the share of ingredient lines counted."""
    mass_coverage: Mapped[float | None]
    """Computed rows: the share of the ingredients' mass counted."""

    recipe: Mapped[Recipe] = relationship(lazy="raise", viewonly=True)

    __table_args__ = (
        CheckConstraint(
            "calories_kcal >= 0 AND protein_g >= 0 AND fat_g >= 0 AND saturated_fat_g >= 0"
            " AND carbohydrates_g >= 0 AND fiber_g >= 0 AND sugar_g >= 0 AND sodium_mg >= 0"
            " AND cholesterol_mg >= 0",
            name="figures_not_negative",
        ),
        CheckConstraint(
            "line_coverage BETWEEN 0 AND 1 AND mass_coverage BETWEEN 0 AND 1",
            name="coverage_is_a_share",
        ),
        Index("uq_nutritional_info_recipe_id_source", "recipe_id", "source", unique=True),
    )
