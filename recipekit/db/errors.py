"""Turning database and driver exceptions into what people read and what code decides on."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError

MAX_MESSAGE = 500


def describe(error: BaseException, *, with_type: bool = False) -> str:
    """One line saying what went wrong: the driver's own message (not SQLAlchemy's wrapper with
    SQL and parameters), whitespace folded, at most `MAX_MESSAGE` characters."""
    original = getattr(error, "orig", None) or error
    message = " ".join(str(original).split())[:MAX_MESSAGE]
    return f"{type(original).__name__}: {message}" if with_type else message


def connection_lost(error: BaseException) -> bool:
    """Whether ``error`` means the connection itself failed (not the statement): the work
    cannot go on on this connection, so it must not be reported as a bad record."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, InterfaceError | ConnectionError)
