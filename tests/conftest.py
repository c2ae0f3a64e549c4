"""The throwaway database every test gets.

One embedded server per test session (or the server of RECIPEKIT_TEST_DATABASE_URL). A template
database is migrated once; each test gets its own database cloned from it, so tests never see
each other's rows and can migrate, downgrade or break their database freely.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.engine import URL

from recipekit import migrations
from recipekit.db.admin import create_database, drop_database
from recipekit.db.embedded import EmbeddedServer
from recipekit.db.engine import Database
from recipekit.db.urls import async_url

_database_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def server_url() -> URL:
    """Any database URL on the test server (the root conftest chose the server)."""
    configured = os.environ.get("RECIPEKIT_DATABASE_URL")
    if configured:
        return async_url(configured)
    return async_url(EmbeddedServer(Path(os.environ["RECIPEKIT_HOME"])).start())


@pytest.fixture(scope="session")
async def template_database(server_url: URL) -> AsyncIterator[str]:
    """A database migrated to head once per session, cloned by `db`."""
    name = f"rk_template_{os.getpid()}"
    database = Database(url=await create_database(server_url, name, replace=True))
    await migrations.upgrade(database)
    await database.dispose()
    yield name
    await drop_database(server_url, name)


async def _scratch_database(server_url: URL, template: str | None) -> AsyncIterator[Database]:
    name = f"rk_test_{os.getpid()}_{next(_database_numbers)}"
    database = Database(url=await create_database(server_url, name, template=template))
    try:
        yield database
    finally:
        await database.dispose()
        await drop_database(server_url, name)


@pytest.fixture
async def db(server_url: URL, template_database: str) -> AsyncIterator[Database]:
    """A migrated, seeded database of this test's own."""
    async for database in _scratch_database(server_url, template_database):
        yield database


@pytest.fixture
async def empty_db(server_url: URL) -> AsyncIterator[Database]:
    """A database of this test's own that was never migrated."""
    async for database in _scratch_database(server_url, None):
        yield database
