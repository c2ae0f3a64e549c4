"""``pandas.read_sql`` on recipekit's async database objects.

pandas reads through a synchronous SQLAlchemy connection or a DBAPI connection. Handed an
``AsyncEngine``, an ``AsyncSession`` or a `Database`, it takes them for a DBAPI connection and
fails with "'AsyncEngine' object has no attribute 'cursor'". `read_sql` is the supported path:
it runs ``pandas.read_sql`` inside ``run_sync`` on a connection of the object given (a
session's own connection, so the session's uncommitted writes are seen). A `Database` or a
recipekit session handed to pandas directly raises `SyncConnectionRequiredError` naming
`read_sql` instead of the AttributeError.

Example:
    >>> frame = await read_sql(db, "SELECT cuisine, count(*) AS n FROM recipes GROUP BY 1")
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Select, TextClause, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from sqlalchemy.orm import Session

from recipekit.db.engine import Database

SqlSource = Database | AsyncEngine | AsyncConnection | AsyncSession
"""What `read_sql` reads from."""


async def read_sql(
    source: SqlSource,
    sql: str | TextClause | Select[Any],
    params: Mapping[str, Any] | None = None,
    **read_sql_options: Any,
) -> pd.DataFrame:
    """``pandas.read_sql(sql, ...)`` on a recipekit database, engine, connection or session.

    Args:
        source: A `Database` (its primary, in a transaction of its own), an ``AsyncEngine``,
            an ``AsyncConnection`` or an ``AsyncSession`` (its current transaction).
        sql: SQL text (named ``:parameters``) or a SQLAlchemy statement.
        params: Values of the statement's parameters.
        **read_sql_options: Passed on to ``pandas.read_sql`` (index_col, parse_dates,
            dtype_backend, ...). Columns keep pandas' own types, not `recipes_frame`'s.

    Example:
        >>> await read_sql(session, "SELECT title FROM recipes WHERE servings > :n", {"n": 4})
    """
    statement = text(sql) if isinstance(sql, str) else sql

    def read(connection: Connection) -> pd.DataFrame:
        frame: pd.DataFrame = pd.read_sql(statement, connection, params=params, **read_sql_options)
        return frame

    def read_in_session(session: Session) -> pd.DataFrame:
        return read(session.connection())

    if isinstance(source, AsyncSession):
        frame: pd.DataFrame = await source.run_sync(read_in_session)
        return frame
    if isinstance(source, AsyncConnection):
        return await source.run_sync(read)
    async with source.connect() as connection:  # a Database's or an engine's
        return await connection.run_sync(read)
