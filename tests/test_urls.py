"""Every accepted spelling of a PostgreSQL URL becomes one asyncpg URL, and back."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from recipekit.db.engine import Database
from recipekit.db.urls import async_url, libpq_url, plain_database_name


def test_schemes_and_libpq_options_are_translated_for_asyncpg() -> None:
    url = async_url("postgres://u:p%40ss@h:5433/db?sslmode=require&connect_timeout=5")
    assert url.drivername == "postgresql+asyncpg"
    assert (url.username, url.password, url.host, url.port) == ("u", "p@ss", "h", 5433)
    assert dict(url.query) == {"ssl": "require", "timeout": "5"}
    assert libpq_url(url) == "postgresql://u:p%40ss@h:5433/db?connect_timeout=5&sslmode=require"


def test_unix_socket_urls_keep_their_host_directory() -> None:
    url = async_url("postgresql://postgres:@/recipekit?host=/tmp/rk/pgdata")
    assert url.query["host"] == "/tmp/rk/pgdata" and url.database == "recipekit"


def test_other_databases_and_odd_names_are_refused() -> None:
    with pytest.raises(ValueError, match="PostgreSQL URL"):
        async_url("mysql://u@h/db")
    for name in ("Upper", "x; drop database y", 'x"y', "a" * 64):
        with pytest.raises(ValueError, match="lowercase"):
            plain_database_name(name)
    assert plain_database_name("scratch_01") == "scratch_01"


async def test_a_connect_timeout_in_the_url_is_used_as_a_number(db: Database) -> None:
    timed = Database(url=libpq_url(db.url) + "&connect_timeout=5")
    try:
        async with timed.connect() as connection:
            assert await connection.scalar(text("SELECT 1")) == 1
    finally:
        await timed.dispose()
