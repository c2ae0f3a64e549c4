"""Hierarchical categories ("Cuisine > Asian > Thai") and the recipe-category junction."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from sqlalchemy import FetchedValue, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from recipekit.models.base import Base, Entity, SoftDeletableEntity

if TYPE_CHECKING:
    from recipekit.models.recipe import Recipe


class Category(SoftDeletableEntity, Base):
    """A node of the category tree. ``slug`` is unique among live categories.

    Tree queries (descendants, ancestors, path) live in `recipekit.categories`; re-parenting a
    category under its own descendant is refused there and by a database trigger.
    """

    __tablename__ = "categories"

    name: Mapped[str] = mapped_column(String(200))
    # left out, the database derives it from the name (migration 006, recipekit_slugify) and
    # the ORM reads it back with the other server values
    slug: Mapped[str] = mapped_column(String(200), server_default=FetchedValue())
    description: Mapped[str | None] = mapped_column(Text)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("categories.id", ondelete="RESTRICT")
    )

    parent: Mapped[Category | None] = relationship(
        back_populates="children", remote_side="Category.id", lazy="raise"
    )
    children: Mapped[list[Category]] = relationship(
        back_populates="parent", lazy="raise", order_by="Category.name"
    )

    __table_args__ = (
        Index(
            "uq_categories_slug_live",
            "slug",
            unique=True,
            postgresql_where=text("deleted_at IS NULL"),
        ),
        Index("ix_categories_parent_id", "parent_id"),
    )

    def __repr__(self) -> str:
        return f"Category(slug={self.slug!r}, name={self.name!r})"


class RecipeCategory(Entity, Base):
    """Links a recipe to a category. Removing the link deletes the row (no soft delete): the
    link is hidden anyway when either end is soft-deleted."""

    __tablename__ = "recipe_categories"

    recipe_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("recipes.id", ondelete="CASCADE"))
    category_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))

    recipe: Mapped[Recipe] = relationship(back_populates="category_links", lazy="raise")
    category: Mapped[Category] = relationship(lazy="joined", innerjoin=True)

    __table_args__ = (
        UniqueConstraint("recipe_id", "category_id"),
        Index("ix_recipe_categories_category_id", "category_id"),
    )
