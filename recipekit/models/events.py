"""ORM-wide rules: soft-deleted rows stay hidden, and writes record their actor.

Soft delete is one central mechanism, not a convention: every ORM SELECT — including
relationship loads, joins and the secondary loads of ``Recipe.categories`` — gets
``deleted_at IS NULL`` criteria for every soft-deletable entity it touches. Ask for deleted rows
explicitly with ``execution_options(include_deleted=True)`` (see `INCLUDE_DELETED`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from recipekit.audit import current_actor
from recipekit.models.base import Audited, SoftDelete

INCLUDE_DELETED: dict[str, Any] = {"include_deleted": True}
"""Execution options that let soft-deleted rows through:
``select(Recipe).execution_options(**INCLUDE_DELETED)``."""


@event.listens_for(Session, "do_orm_execute")
def _hide_soft_deleted(state: ORMExecuteState) -> None:
    if (
        state.is_select
        and not state.is_column_load
        and not state.is_relationship_load
        and not state.execution_options.get("include_deleted", False)
    ):
        state.statement = state.statement.options(
            with_loader_criteria(
                SoftDelete,
                lambda cls: cls.deleted_at.is_(None),
                include_aliases=True,
                propagate_to_loaders=True,
            )
        )


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
