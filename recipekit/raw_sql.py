"""Your own SQL as a DataFrame: the supported path where ``pandas.read_sql`` cannot go.

pandas reads through a synchronous connection; handed recipekit's ``AsyncEngine``,
``AsyncSession`` or `Database`, it asks them for a DBAPI cursor and fails (recipekit's own
objects raise `SyncConnectionRequiredError` pointing here). `read_sql` runs the statement
through SQLAlchemy on the object given — so bind values go through their types (a naive
datetime is refused, a numpy vector is encoded), a session flushes first, applies its rules
(soft delete for ORM statements) and stays usable after a failure — and types the columns by
their PostgreSQL type, never by their name: integers are ``Int64`` (NULLs stay ``<NA>``),
``timestamptz`` is tz-aware UTC, ``vector``/``halfvec`` columns hold float32 arrays.

Example:
    >>> await read_sql(db, "SELECT cuisine, avg(embedding) AS centre FROM recipes"
    ...                " WHERE deleted_at IS NULL GROUP BY cuisine")
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from typing import Any, cast

import pandas as pd
from sqlalchemy import Connection, CursorResult, Executable, Result, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from sqlalchemy.orm import Session

from recipekit.db.engine import Database
from recipekit.vectors import decoded_vector

SqlSource = Database | AsyncEngine | AsyncConnection | AsyncSession
"""What `read_sql` reads from."""

_INTEGER_TYPES = frozenset({20, 21, 23})  # int8, int2, int4
_TIMESTAMPTZ = 1184
_FIRST_USER_OID = 16384
"""PostgreSQL's first object id for types created after initdb (extensions' types such as
``vector``): their ids differ between databases, so they are looked up by name."""
_VECTOR_TYPES = frozenset({"vector", "halfvec"})
_TYPE_NAMES = "recipekit_type_names"
"""Key in a connection's ``info``: the names of the extension types seen on it, by id."""


def _type_names(connection: Connection, oids: Sequence[int]) -> dict[int, str]:
    """Names of the extension types ``oids`` (cached per server connection)."""
    known: dict[int, str] = connection.info.setdefault(_TYPE_NAMES, {})
    missing = [oid for oid in oids if oid >= _FIRST_USER_OID and oid not in known]
    if missing:
        rows = connection.execute(
            text("SELECT oid::int, typname FROM pg_type WHERE oid = ANY(:oids)"),
            {"oids": missing},
        )
        known.update({oid: name for oid, name in rows})
    return known


def _typed_column(column: pd.Series, oid: int, type_names: Mapping[int, str]) -> pd.Series:
    """``column``, of PostgreSQL type ``oid``, as recipekit types it."""
    if oid in _INTEGER_TYPES:
        return column.astype("Int64")
    if oid == _TIMESTAMPTZ:
        return pd.to_datetime(column, utc=True)
    if type_names.get(oid) in _VECTOR_TYPES:
        return column.map(decoded_vector)
    return column


def _frame(result: Result[Any], connection: Connection) -> pd.DataFrame:
    """The rows of ``result`` as a frame typed by the cursor's column types (columns by
    position: two columns of one name both survive)."""
    cursor = cast("CursorResult[Any]", getattr(result, "raw", result))  # an ORM result wraps one
    if not cursor.returns_rows:
        return pd.DataFrame()
    names = list(result.keys())
    description = cursor.cursor.description if cursor.cursor is not None else None
    frame = pd.DataFrame.from_records(
        [tuple(row) for row in result], columns=names, coerce_float=False
    )
    if description is None or len(description) != len(names):
        return frame  # ORM entities: a row holds objects, not columns
    oids = [cast(int, column[1]) for column in description]
    type_names = _type_names(connection, oids)
    for position, oid in enumerate(oids):
        # out of pandas' range (timestamps near 'infinity'): left as Python objects
        with contextlib.suppress(ValueError, OverflowError):
            frame.isetitem(position, _typed_column(frame.iloc[:, position], oid, type_names).array)
    return frame


async def read_sql(
    source: SqlSource,
    sql: str | Executable,
    params: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Your own SQL as a DataFrame, on a recipekit database, engine, connection or session.

    Args:
        source: A `Database` (its primary, in a transaction of its own, committed), an
            ``AsyncEngine`` (the same), an ``AsyncConnection`` (its transaction) or an
            ``AsyncSession`` (flushed first; its transaction, so its uncommitted writes are
            seen; soft-deleted rows hidden from ORM statements as everywhere in sessions).
        sql: SQL text with named ``:parameters`` (write a literal colon as ``\\:``), or a
            SQLAlchemy statement.
        params: Values of the statement's parameters.

    Returns:
        One column per result column, in order, typed by its PostgreSQL type (see the module
        docstring); statements that return no rows give an empty frame. Raw SQL sees
        soft-deleted rows: add ``deleted_at IS NULL`` where it matters.

    Example:
        >>> await read_sql(session, "SELECT title FROM recipes WHERE servings > :n", {"n": 4})
    """
    statement = text(sql) if isinstance(sql, str) else sql
    values = dict(params or {})

    def on_connection(connection: Connection) -> pd.DataFrame:
        return _frame(connection.execute(statement, values), connection)

    def in_session(session: Session) -> pd.DataFrame:
        result = session.execute(statement, values)
        return _frame(result, session.connection())

    if isinstance(source, AsyncSession):
        frame: pd.DataFrame = await source.run_sync(in_session)
        return frame
    if isinstance(source, AsyncConnection):
        return await source.run_sync(on_connection)
    begin = source.begin() if isinstance(source, AsyncEngine) else source.connect()
    async with begin as connection:
        return await connection.run_sync(on_connection)
