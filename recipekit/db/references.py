"""recipekit's sessions hold every object they manage strongly, so in-place edits are saved.

SQLAlchemy's identity map holds objects weakly. An object the caller keeps no reference to is
collected at once, and with it the link from its mutable JSON or array value to the object:

    >>> (await session.get_one(Recipe, rid)).instructions[0]["text"] = "Simmer"

changed a list nobody watched any more, and the commit saved nothing. SQLAlchemy documents the
remedy ("Session Referencing Behavior"): keep a strong reference from the session to each
object while it is persistent in it. Objects are then freed when the session closes (recipekit
sessions are short: one ``async with`` block), or when they are expunged or deleted.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from recipekit.db.routing import RoutingSession

_HELD = "held_objects"


def _held(session: Session) -> set[Any]:
    held: set[Any] = session.info.setdefault(_HELD, set())
    return held


@event.listens_for(RoutingSession, "pending_to_persistent")
@event.listens_for(RoutingSession, "deleted_to_persistent")
@event.listens_for(RoutingSession, "detached_to_persistent")
@event.listens_for(RoutingSession, "loaded_as_persistent")
def _hold(session: Session, instance: Any) -> None:
    _held(session).add(instance)


@event.listens_for(RoutingSession, "persistent_to_detached")
@event.listens_for(RoutingSession, "persistent_to_deleted")
@event.listens_for(RoutingSession, "persistent_to_transient")
def _release(session: Session, instance: Any) -> None:
    _held(session).discard(instance)
