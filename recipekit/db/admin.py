"""Creating and dropping whole databases on the server recipekit points at.

Used by tests (a fresh database per test, cloned from a migrated template) and by notebooks
that want a scratch database of their own beside the user's data.
"""

from __future__ import annotations

import asyncpg
from sqlalchemy.engine import URL

from recipekit.config import Settings
from recipekit.db.engine import Database
from recipekit.db.urls import async_url, libpq_url, plain_database_name


def database_url(server_url: str | URL, name: str) -> URL:
    """``server_url`` with its database replaced by ``name``."""
    return async_url(server_url).set(database=plain_database_name(name))


async def _execute_on_server(server_url: str | URL, statement: str, *names: str) -> None:
    """Run one DDL statement on the server's ``postgres`` database, with ``names`` quoted by
    PostgreSQL itself (``format('%I')``) after checking they are plain names."""
    connection = await asyncpg.connect(libpq_url(database_url(server_url, "postgres")))
    try:
        quoted = await connection.fetchval(
            "SELECT format($1, VARIADIC $2::text[])",
            statement,
            [plain_database_name(name) for name in names],
        )
        await connection.execute(quoted)
    finally:
        await connection.close()


async def create_database(
    server_url: str | URL, name: str, *, template: str | None = None, replace: bool = False
) -> URL:
    """Create database ``name`` on the server of ``server_url`` and return its URL.

    Args:
        template: Clone this database (it must have no open connections).
        replace: Drop an existing database of that name first.
    """
    if replace:
        await drop_database(server_url, name)
    if template is None:
        await _execute_on_server(server_url, "CREATE DATABASE %I", name)
    else:
        await _execute_on_server(server_url, "CREATE DATABASE %I TEMPLATE %I", name, template)
    return database_url(server_url, name)


async def drop_database(server_url: str | URL, name: str) -> None:
    """Drop database ``name`` (closing its connections) if it exists."""
    await _execute_on_server(server_url, "DROP DATABASE IF EXISTS %I WITH (FORCE)", name)


async def fresh_database(name: str, settings: Settings | None = None) -> Database:
    """An empty database called ``name`` on the server recipekit uses, replacing any old one.

    Notebooks and experiments use it to work beside the user's own data, never in it.

    Example:
        >>> scratch = await fresh_database("notebook_migrations")
        >>> await upgrade(scratch)

    Raises:
        ValueError: For a name that is not a plain identifier, or that names the database
            recipekit is configured to use (it would be wiped).
    """
    server = Database(settings)
    if name == server.url.database:
        raise ValueError(
            f"{name!r} is the database recipekit itself uses here; pick another name "
            "for a scratch database"
        )
    return Database(settings, url=await create_database(server.url, name, replace=True))
