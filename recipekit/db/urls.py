"""Database URL handling: every accepted spelling becomes one SQLAlchemy asyncpg URL."""

from __future__ import annotations

import re

from sqlalchemy.engine import URL, make_url

_ACCEPTED_SCHEMES = ("postgresql", "postgres")
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
    return parsed.set(drivername="postgresql+asyncpg")


def libpq_url(url: str | URL) -> str:
    """The same database as a plain ``postgresql://`` URL (for asyncpg or psql directly)."""
    return async_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
