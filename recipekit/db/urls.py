"""Database URL handling: every accepted spelling becomes one SQLAlchemy asyncpg URL."""

from __future__ import annotations

import re

from sqlalchemy.engine import URL, make_url

_ACCEPTED_SCHEMES = ("postgresql", "postgres")
_LIBPQ_TO_ASYNCPG = {"sslmode": "ssl", "connect_timeout": "timeout"}
"""libpq URL options hosted PostgreSQL URLs carry, renamed to what asyncpg's connect() takes."""
_ASYNCPG_TO_LIBPQ = {value: key for key, value in _LIBPQ_TO_ASYNCPG.items()}
_SET_BY_RECIPEKIT = frozenset({"application_name"})
_PLAIN_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def plain_database_name(name: str) -> str:
    """``name`` if it is a plain lowercase PostgreSQL identifier (no quoting needed).

    Raises:
        ValueError: For anything else, so a name can never smuggle SQL into a statement.
    """
    if not _PLAIN_NAME.fullmatch(name):
        raise ValueError(f"database names must be lowercase letters, digits and _: {name!r}")
    return name


def async_url(url: str | URL) -> URL:
    """Normalise ``postgres://``, ``postgresql://`` or ``postgresql+<driver>://`` to asyncpg.

    Raises:
        ValueError: For a URL that is not PostgreSQL.
    """
    parsed = make_url(url) if isinstance(url, str) else url
    backend = parsed.drivername.split("+", 1)[0]
    if backend not in _ACCEPTED_SCHEMES:
        raise ValueError(f"recipekit needs a PostgreSQL URL, got {parsed.drivername!r}")
    query = {
        _LIBPQ_TO_ASYNCPG.get(key, key): value
        for key, value in parsed.query.items()
        if key not in _SET_BY_RECIPEKIT
    }
    return parsed.set(drivername="postgresql+asyncpg", query=query)


def libpq_url(url: str | URL) -> str:
    """The same database as a plain ``postgresql://`` URL (for asyncpg or psql directly), with
    libpq's option names."""
    asyncpg_url = async_url(url)
    query = {_ASYNCPG_TO_LIBPQ.get(key, key): value for key, value in asyncpg_url.query.items()}
    plain = asyncpg_url.set(drivername="postgresql", query=query)
    return plain.render_as_string(hide_password=False)
