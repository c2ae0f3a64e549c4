"""Statement timeouts: the limit in effect, and the client-side guard beyond it.

The server enforces the limit (``statement_timeout``), so a cancelled query really stops. The
client guard is for when the server cannot answer at all (a hung network, a stopped host): it
gives up `CLIENT_GUARD_MARGIN` seconds after the limit, cancelling the query. A limit can be
set per transaction (``db.transaction(statement_timeout=...)``) or for a block of code that
does not open the transactions itself (``with statement_timeout(5): ...``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Connection, event, func, select
from sqlalchemy.orm import Session

CLIENT_GUARD_MARGIN = 1.0
"""Seconds the client waits beyond the server's limit before giving up itself."""

_limit: ContextVar[float | None] = ContextVar("recipekit_statement_timeout", default=None)


MAX_STATEMENT_TIMEOUT = 2_147_483.0
"""PostgreSQL's largest ``statement_timeout``, in seconds (2^31 - 1 ms)."""


def checked_timeout(seconds: float) -> float:
    """``seconds`` if it is a usable statement timeout.

    Raises:
        ValueError: For zero, negative, NaN, infinite or over-large values.
    """
    if not 0 < seconds <= MAX_STATEMENT_TIMEOUT:  # also refuses NaN
        raise ValueError(
            f"a statement timeout must be between 0 and {MAX_STATEMENT_TIMEOUT:g} s, not {seconds}"
        )
    return float(seconds)


def current_statement_timeout() -> float | None:
    """The limit set by the innermost `statement_timeout` block, if any."""
    return _limit.get()


@contextmanager
def statement_timeout(seconds: float) -> Iterator[None]:
    """Limit every statement of the transactions opened inside the block to ``seconds``.

    Example:
        >>> with statement_timeout(2):
        ...     frame = await recipes_frame(db)
    """
    token = _limit.set(checked_timeout(seconds))
    try:
        yield
    finally:
        _limit.reset(token)


@event.listens_for(Session, "after_begin")
def _apply_statement_timeout(session: Session, _transaction: Any, connection: Connection) -> None:
    """Every transaction of a session with a timeout override starts with it, on every server
    the session talks to (primary or replica)."""
    override = session.info.get("statement_timeout_override")
    if override is not None:
        milliseconds = str(max(1, round(override * 1000)))
        connection.execute(select(func.set_config("statement_timeout", milliseconds, True)))
