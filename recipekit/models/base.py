"""Declarative base and the mixins every table shares: UUID keys, timestamps, audit, soft delete.

Policy, enforced by the database as well as the ORM so COPY and raw SQL writes obey it too:

* ``id`` is generated in Python (``uuid4``) and by the server (``gen_random_uuid()``).
* ``created_at``/``updated_at`` are ``timestamptz`` with ``now()`` defaults; a trigger installed
  by migration 001 (made strictly increasing by 007) bumps ``updated_at`` on every UPDATE, ORM
  or not. Every datetime column refuses naive datetimes and reads back in UTC
  (`recipekit.models.types.AwareDateTime`).
* ``created_by``/``updated_by`` come from `current_actor` (see `acting_as`) on ORM writes and
  default to the database role (``current_user``) for raw SQL.
* ``deleted_at`` marks a soft-deleted row; `recipekit.models.events` hides such rows from
  every ORM query unless the query asks for ``include_deleted``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import MetaData, String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.schema import FetchedValue

from recipekit.db.session import SessionAttrs
from recipekit.models.types import AwareDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(SessionAttrs, DeclarativeBase):
    """Base class of all recipekit models (``await obj.awaitable_attrs.name`` loads an
    attribute, refused while another task uses the session).

    ``eager_defaults`` makes server-generated values (ids, timestamps, audit defaults) come back
    with the INSERT/UPDATE through RETURNING, so no attribute needs a lazy refresh in async code.
    """

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: AwareDateTime()}  # noqa: RUF012
    __mapper_args__ = {"eager_defaults": True}  # noqa: RUF012


class UUIDPrimaryKey:
    """A UUID primary key generated in Python and, for raw inserts, by the server."""

    id: Mapped[uuid.UUID] = mapped_column(
        primary_key=True,
        default=uuid.uuid4,
        server_default=text("gen_random_uuid()"),
        sort_order=-100,
    )


def utcnow() -> datetime:
    """The current time, timezone-aware (UTC)."""
    return datetime.now(UTC)


class Timestamps:
    """``created_at`` and ``updated_at`` as timestamptz, set by the server."""

    created_at: Mapped[datetime] = mapped_column(server_default=text("now()"), sort_order=100)
    updated_at: Mapped[datetime] = mapped_column(
        server_default=text("now()"), server_onupdate=FetchedValue(), sort_order=100
    )


class Audited:
    """Who created and last changed a row: the current actor, or the database role."""

    created_by: Mapped[str] = mapped_column(
        String(200), server_default=text("current_user"), sort_order=100
    )
    updated_by: Mapped[str] = mapped_column(
        String(200), server_default=text("current_user"), sort_order=100
    )


class SoftDelete:
    """A ``deleted_at`` timestamp instead of a DELETE; see `recipekit.models.events`."""

    deleted_at: Mapped[datetime | None] = mapped_column(default=None, sort_order=100)

    @property
    def is_deleted(self) -> bool:
        """Whether this row is soft-deleted."""
        return self.deleted_at is not None

    def soft_delete(self) -> None:
        """Mark this row deleted; it disappears from ordinary queries after the flush."""
        if self.deleted_at is None:
            self.deleted_at = utcnow()

    def restore(self) -> None:
        """Undo `soft_delete`."""
        self.deleted_at = None


class Entity(UUIDPrimaryKey, Timestamps, Audited):
    """Columns every recipekit table has."""


class SoftDeletableEntity(Entity, SoftDelete):
    """An `Entity` that is soft-deleted rather than removed."""
