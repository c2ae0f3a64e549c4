"""The common-ingredient catalog: foods with nutrients per 100 g (from USDA SR28)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CheckConstraint, FetchedValue, Index, String, Text, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from recipekit.models.base import Base, SoftDeletableEntity

NUTRIENTS_PER_100G = (
    "energy_kcal",
    "protein_g",
    "fat_g",
    "saturated_fat_g",
    "carbohydrates_g",
    "fiber_g",
    "sugars_g",
    "sodium_mg",
    "cholesterol_mg",
)
"""Nutrient columns of `Food`, per 100 g edible portion. NULL means "not measured", not zero."""


class Food(SoftDeletableEntity, Base):
    """A common ingredient that ingredient lines can be matched to.

    ``grams_per_unit`` maps a household unit ("cup", "tbsp", "large", "clove") to grams.
    """

    __tablename__ = "foods"

    name: Mapped[str] = mapped_column(String(200))
    # left out, the database derives it from the name (migration 006, recipekit_slugify) and
    # the ORM reads it back with the other server values
    slug: Mapped[str] = mapped_column(String(200), server_default=FetchedValue())
    aliases: Mapped[list[str]] = mapped_column(
        ARRAY(Text), server_default=text("'{}'::text[]"), default=list
    )
    food_group: Mapped[str | None] = mapped_column(String(100))
    usda_ndb_no: Mapped[str | None] = mapped_column(String(10))
    usda_description: Mapped[str | None] = mapped_column(Text)
    energy_kcal: Mapped[float | None]
    protein_g: Mapped[float | None]
    fat_g: Mapped[float | None]
    saturated_fat_g: Mapped[float | None]
    carbohydrates_g: Mapped[float | None]
    fiber_g: Mapped[float | None]
    sugars_g: Mapped[float | None]
    sodium_mg: Mapped[float | None]
    cholesterol_mg: Mapped[float | None]
    grams_per_unit: Mapped[dict[str, Any]] = mapped_column(
        JSONB(none_as_null=True), server_default=text("'{}'::jsonb"), default=dict
    )

    __table_args__ = (
        CheckConstraint("jsonb_typeof(grams_per_unit) = 'object'", name="grams_per_unit_is_object"),
        Index(
            "uq_foods_slug_live", "slug", unique=True, postgresql_where=text("deleted_at IS NULL")
        ),
        Index("ix_foods_aliases", "aliases", postgresql_using="gin"),
    )

    def __repr__(self) -> str:
        return f"Food(slug={self.slug!r})"
