"""ORM-wide rules: soft-deleted rows stay hidden, and writes record their actor.

Soft delete is one central mechanism, not a convention: every ORM SELECT, UPDATE and DELETE run
through a session — including relationship loads, joins and the secondary loads of
``Recipe.categories`` — gets
``deleted_at IS NULL`` criteria for every soft-deletable entity it touches, and junction rows
(`RecipeCategory`) are hidden when either of their ends is deleted. Ask for deleted rows
explicitly with ``execution_options(include_deleted=True)`` (see `INCLUDE_DELETED`).

What it does not cover: statements on plain ``Table`` objects or ``text()`` (the criteria
attach to mapped classes), and an object already in the session's identity map that was
soft-deleted in the same session (``session.get`` returns it without a query).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, event, exists
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from recipekit.audit import current_actor
from recipekit.models.base import Audited, SoftDelete
from recipekit.models.category import Category, RecipeCategory
from recipekit.models.recipe import Recipe

INCLUDE_DELETED: dict[str, Any] = {"include_deleted": True}
"""Execution options that let soft-deleted rows through:
``select(Recipe).execution_options(**INCLUDE_DELETED)``."""

# aliases, so the EXISTS subqueries never auto-correlate with the tables of the outer query
_recipes = Recipe.__table__.alias("live_recipe")
_categories = Category.__table__.alias("live_category")


@event.listens_for(Session, "do_orm_execute")
def _hide_soft_deleted(state: ORMExecuteState) -> None:
    if state.execution_options.get("include_deleted", False):
        return
    selects = state.is_select and not state.is_column_load and not state.is_relationship_load
    if selects or state.is_update or state.is_delete:
        state.statement = state.statement.options(
            with_loader_criteria(
                SoftDelete,
                lambda cls: cls.deleted_at.is_(None),
                include_aliases=True,
                propagate_to_loaders=True,
            ),
            with_loader_criteria(
                RecipeCategory,
                lambda cls: and_(
                    exists().where(_recipes.c.id == cls.recipe_id, _recipes.c.deleted_at.is_(None)),
                    exists().where(
                        _categories.c.id == cls.category_id, _categories.c.deleted_at.is_(None)
                    ),
                ),
                include_aliases=True,
                propagate_to_loaders=True,
            ),
        )


@event.listens_for(Session, "do_orm_execute")
def _stamp_bulk_updates(state: ORMExecuteState) -> None:
    """ORM bulk ``update(Model)`` statements record the current actor too (it wins over an
    ``updated_by`` the statement sets itself)."""
    mapper = state.bind_mapper
    if state.is_update and mapper is not None and issubclass(mapper.class_, Audited):
        state.statement = state.statement.values(updated_by=current_actor())  # type: ignore[attr-defined]


@event.listens_for(Session, "before_flush")
def _stamp_actor(session: Session, _context: Any, _instances: Any) -> None:
    actor = current_actor()
    for obj in session.new:
        if isinstance(obj, Audited):
            obj.created_by = obj.created_by or actor
            obj.updated_by = actor
    for obj in session.dirty:
        if isinstance(obj, Audited) and session.is_modified(obj, include_collections=False):
            obj.updated_by = actor
