"""Statement timeouts: the limit in effect, and the client-side guard beyond it.

The server enforces the limit (``statement_timeout``), so a cancelled query really stops. The
client guard is for when the server cannot answer at all (a hung network, a stopped host): it
gives up `CLIENT_GUARD_MARGIN` seconds after the limit, cancelling the query. A limit can be
set per transaction (``db.transaction(statement_timeout=...)``) or for a block of code that
does not open the transactions itself (``with statement_timeout(5): ...``): every transaction
begun inside the block on a recipekit engine — sessions, ``db.connect()`` and the loaders on
it, ``db.engine.connect()`` — starts with one ``set_config`` (`limit_transactions`); without a
block nothing is sent and the connection's own setting applies.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Connection, Engine, Select, event, func, select
from sqlalchemy.orm import Session

from recipekit.db.errors import QUERY_CANCELED, QueryTimeoutError, sqlstate

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


@contextmanager
def timeouts_named(limit: float | None) -> Iterator[None]:
    """Inside the block, a statement the server cancelled (SQLSTATE 57014) raises
    `QueryTimeoutError` naming ``limit``, the limit in effect (``None``: left as it is)."""
    try:
        yield
    except Exception as error:
        if limit is not None and sqlstate(error) == QUERY_CANCELED:
            raise QueryTimeoutError(limit, "server") from error
        raise


def local_timeout(seconds: float) -> Select[tuple[str]]:
    """The statement that limits the rest of the current transaction to ``seconds``."""
    milliseconds = str(max(1, round(seconds * 1000)))
    return select(func.set_config("statement_timeout", milliseconds, True))


def limit_transactions(engine: Engine, default: float | None = None) -> None:
    """Start every transaction on ``engine`` with the enclosing `statement_timeout` block's
    limit, else ``default`` (a transaction pooler, where the timeout cannot be a connection
    setting); with neither, nothing is sent.

    Running it through SQLAlchemy also makes the driver send ``BEGIN`` before any raw asyncpg
    call on the connection: `recipekit.frames.frame_of` prepares and then fetches, two round
    trips that a transaction pooler would otherwise send to two server connections."""

    @event.listens_for(engine, "begin")
    def _begin_limited(connection: Connection) -> None:
        block = _limit.get()
        limit = default if block is None else block
        if limit is not None:
            connection.execute(local_timeout(limit))


@event.listens_for(Session, "after_begin")
def _apply_statement_timeout(session: Session, _transaction: Any, connection: Connection) -> None:
    """Every transaction of a session with a timeout override starts with it, on every server
    the session talks to (primary or replica); the engine already applied an override that is
    the enclosing block's (`limit_transactions`)."""
    override = session.info.get("statement_timeout_override")
    if override is not None and override != _limit.get():
        connection.execute(local_timeout(override))
