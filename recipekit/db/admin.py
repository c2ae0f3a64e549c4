"""Creating and dropping whole databases on the server recipekit points at.

Used by tests (a fresh database per test, cloned from a migrated template) and by notebooks
that want a scratch database of their own beside the user's data.
"""

from __future__ import annotations

import re

import asyncpg
from sqlalchemy.engine import URL

from recipekit.config import Settings
from recipekit.db.engine import Database
from recipekit.db.urls import async_url, libpq_url

_PLAIN_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def _identifier(name: str) -> str:
    if not _PLAIN_NAME.fullmatch(name):
        raise ValueError(f"database names must be lowercase letters, digits and _: {name!r}")
    return name


def database_url(server_url: str | URL, name: str) -> URL:
    """``server_url`` with its database replaced by ``name``."""
    return async_url(server_url).set(database=_identifier(name))


async def create_database(
    server_url: str | URL, name: str, *, template: str | None = None, replace: bool = False
) -> URL:
    """Create database ``name`` on the server of ``server_url`` and return its URL.

    Args:
        template: Clone this database (it must have no open connections).
        replace: Drop an existing database of that name first.
    """
    connection = await asyncpg.connect(libpq_url(database_url(server_url, "postgres")))
    try:
        if replace:
            await connection.execute(f"DROP DATABASE IF EXISTS {_identifier(name)} WITH (FORCE)")
        clone = f" TEMPLATE {_identifier(template)}" if template else ""
        await connection.execute(f"CREATE DATABASE {_identifier(name)}{clone}")
    finally:
        await connection.close()
    return database_url(server_url, name)


async def drop_database(server_url: str | URL, name: str) -> None:
    """Drop database ``name`` (closing its connections) if it exists."""
    connection = await asyncpg.connect(libpq_url(database_url(server_url, "postgres")))
    try:
        await connection.execute(f"DROP DATABASE IF EXISTS {_identifier(name)} WITH (FORCE)")
    finally:
        await connection.close()


async def fresh_database(name: str, settings: Settings | None = None) -> Database:
    """An empty database called ``name`` on the server recipekit uses, replacing any old one.

    Notebooks and experiments use it to work beside the user's own data, never in it.

    Example:
        >>> scratch = await fresh_database("notebook_migrations")
        >>> await upgrade(scratch)
    """
    server = Database(settings)
    return Database(settings, url=await create_database(server.url, name, replace=True))
