"""Alembic environment for recipekit.

Two ways in:

* From recipekit (``recipekit migrate``, `recipekit.migrations.upgrade`, notebooks, tests): the
  caller passes an open connection in ``config.attributes["connection"]`` and this file uses
  it, synchronously, inside the caller's event loop — no second loop, no second connection.
* From the ``alembic`` command line, or Alembic's API (``command.upgrade(Config(...))``) with
  no connection: this file opens the database recipekit would use (``RECIPEKIT_DATABASE_URL``
  or the embedded server) with an async engine, and takes the same migration lock as recipekit
  does. It runs that engine through `recipekit.notebook.run`, not ``asyncio.run``, so the same
  call works from a Jupyter cell, where an event loop is already running.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

from alembic import context
from recipekit.config import configured_embedding_dimension
from recipekit.db.engine import Database
from recipekit.migrations import configure_context, run_locked
from recipekit.models import Base
from recipekit.notebook import run


def _run(connection: Connection) -> None:
    configured_embedding_dimension()  # a bad RECIPEKIT_EMBEDDING_DIMENSION stops before any DDL
    configure_context(context, connection, Base.metadata)
    with context.begin_transaction():
        context.run_migrations()


async def _run_with_own_engine() -> None:
    database = Database()
    try:
        async with database.engine.connect() as connection:
            await connection.run_sync(lambda sync: run_locked(sync, lambda: _run(sync)))
    finally:
        await database.dispose()


if context.is_offline_mode():
    raise SystemExit(
        "recipekit migrations run online only (they read seed files and check pgvector)"
    )

given = context.config.attributes.get("connection")
if given is not None:
    _run(given)
else:
    run(_run_with_own_engine())
