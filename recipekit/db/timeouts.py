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

CLIENT_GUARD_MARGIN = 1.0
"""Seconds the client waits beyond the server's limit before giving up itself."""

_limit: ContextVar[float | None] = ContextVar("recipekit_statement_timeout", default=None)


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
    if seconds <= 0:
        raise ValueError("a statement timeout must be positive")
    token = _limit.set(seconds)
    try:
        yield
    finally:
        _limit.reset(token)
