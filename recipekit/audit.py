"""Who is acting: the name written to ``created_by``/``updated_by`` by ORM writes.

Set it for a block (``with acting_as("nightly-import"): ...``) or for the rest of a notebook
(``set_actor("alice")``). Without either, the operating-system user name is used.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

SEED_ACTOR = "recipekit:seed-004"
"""``created_by`` of the category tree and foods that migration 004 seeds (the migration keeps
its own copy of this value, as migrations must not change with the code; a test keeps the two
equal)."""


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "recipekit"


_actor: ContextVar[str | None] = ContextVar("recipekit_actor", default=None)
_process_actor: list[str] = [_default_actor()]


def current_actor() -> str:
    """The actor in effect: the innermost `acting_as`, else `set_actor`, else the OS user."""
    return _actor.get() or _process_actor[0]


def set_actor(name: str) -> None:
    """Use ``name`` as the actor for this process from now on (handy in a notebook)."""
    _process_actor[0] = name


@contextmanager
def acting_as(name: str) -> Iterator[None]:
    """Record ``name`` as the actor of every ORM write inside the block."""
    token = _actor.set(name)
    try:
        yield
    finally:
        _actor.reset(token)
