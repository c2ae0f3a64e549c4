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


class RecipekitError(Exception):
    """Base class of the errors recipekit raises itself."""


class TransactionAbortedError(RecipekitError):
    """A statement failed inside a transaction, the code went on, and the work was lost."""


class SyncConnectionRequiredError(RecipekitError, TypeError):
    """A recipekit async object was used where a synchronous DBAPI connection is needed
    (``pandas.read_sql(sql, db)``): pandas asked it for a cursor."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"pandas (or another synchronous DBAPI client) cannot read from {what}: it needs "
            "a synchronous connection. Use 'await recipekit.read_sql(source, sql)', which takes "
            "a Database, AsyncEngine, AsyncConnection or AsyncSession and returns a DataFrame "
            "with recipekit's column types"
        )


class QueryTimeoutError(RecipekitError):
    """A statement ran longer than a timeout and was cancelled.

    Attributes:
        timeout: The limit that fired, in seconds.
        guard: ``"server"`` when PostgreSQL's ``statement_timeout`` cancelled the statement on
            the server, ``"client"`` when recipekit's own guard gave up waiting.
    """

    def __init__(self, timeout: float, guard: str) -> None:
        where = "PostgreSQL statement_timeout" if guard == "server" else "client-side guard"
        super().__init__(f"query cancelled by the {where} after {timeout:g} s")
        self.timeout = timeout
        self.guard = guard


QUERY_CANCELED = "57014"
TRANSIENT_SQLSTATES = frozenset(
    {
        "40001",  # serialization_failure
        "40P01",  # deadlock_detected
        "53300",  # too_many_connections
        "57P01",  # admin_shutdown (server stopping, backend terminated)
        "57P02",  # crash_shutdown
        "57P03",  # cannot_connect_now (server starting up)
        "08000",  # connection_exception
        "08001",  # sqlclient_unable_to_establish_sqlconnection
        "08003",  # connection_does_not_exist
        "08006",  # connection_failure
    }
)
"""SQLSTATEs worth running a whole transaction again for."""


def sqlstate(error: BaseException) -> str | None:
    """The PostgreSQL SQLSTATE behind ``error``, if it has one."""
    original = getattr(error, "orig", None) or error
    return getattr(original, "sqlstate", None)


def is_transient(error: BaseException) -> bool:
    """Whether running the same transaction again from its start may well succeed: lost or
    refused connections, a server restarting, too many clients, serialization failures and
    deadlocks. Integrity, syntax and data errors are not transient."""
    if sqlstate(error) in TRANSIENT_SQLSTATES:
        return True
    if isinstance(error, TimeoutError):  # an OSError, but not a connection problem
        return False
    return connection_lost(error) or isinstance(error, OSError)
