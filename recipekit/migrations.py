"""Run recipekit's Alembic migrations from Python, inside whatever event loop is running.

The same functions serve the CLI (``recipekit migrate``), notebooks (``await upgrade(db)``) and
tests. Alembic itself is synchronous: it runs on the caller's connection through
``run_sync``, so migrating never starts a second event loop or opens a second connection.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, TypeVar

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Index, MetaData, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.schema import SchemaItem

from alembic import command
from recipekit.db.engine import Database
from recipekit.models.types import AwareDateTime, Embedding

T = TypeVar("T")

HEAD = "head"
BASE = "base"


def script_location() -> Path:
    """The Alembic folder: ``alembic/`` in a checkout, ``recipekit/_alembic`` in a wheel."""
    package_dir = Path(__file__).resolve().parent
    for candidate in (package_dir / "_alembic", package_dir.parent / "alembic"):
        if (candidate / "env.py").exists():
            return candidate
    raise FileNotFoundError("recipekit's Alembic scripts are missing from this installation")


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic `Config` for recipekit, optionally bound to an open sync connection."""
    config = Config()
    config.set_main_option("script_location", str(script_location()))
    config.attributes["connection"] = connection
    return config


def _hand_managed(index: Index) -> bool:
    """Indexes with access methods or operator classes autogenerate cannot compare faithfully
    (HNSW, GIN): migration 003 owns them, so autogenerate must not propose changes to them."""
    options = index.dialect_options["postgresql"]
    return bool(options.get("using") or options.get("ops"))


IncludeObject = Callable[[SchemaItem, str | None, str, bool, SchemaItem | None], bool]


def autogenerate_filter(metadata: MetaData) -> IncludeObject:
    """Alembic ``include_object`` that skips the hand-managed indexes of ``metadata``."""
    hand_managed = {
        index.name
        for table in metadata.tables.values()
        for index in table.indexes
        if _hand_managed(index)
    }

    def include_object(
        item: SchemaItem, name: str | None, type_: str, reflected: bool, _compare_to: object
    ) -> bool:
        return not (type_ == "index" and name in hand_managed)

    return include_object


def render_plain_type(type_: str, item: Any, _autogen_context: Any) -> str | Literal[False]:
    """Alembic ``render_item``: recipekit's column types (`recipekit.models.types`) appear in
    generated revisions as the plain types they store, so a revision never imports the models,
    whose Python-side behaviour may change."""
    if type_ == "type" and isinstance(item, Embedding):
        return f"pgvector.sqlalchemy.VECTOR(dim={item.dim})"
    if type_ == "type" and isinstance(item, AwareDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def configure_context(context: Any, connection: Connection, metadata: MetaData) -> None:
    """Configure Alembic's migration context the same way for every entry point.

    Each revision runs in its own transaction unless the caller handed in a connection that is
    already inside one (then everything joins the caller's transaction).
    """
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_object=autogenerate_filter(metadata),
        render_item=render_plain_type,
        compare_type=True,
        compare_server_default=True,
        transaction_per_migration=True,
    )


MIGRATION_LOCK = 0x72656369
"""PostgreSQL advisory lock key ("reci") held while recipekit changes a database's schema."""


def run_locked(sync_connection: Connection, work: Callable[[], object]) -> None:
    """Run ``work`` holding the migration lock, so concurrent migrators take turns and the
    later ones find the work done.

    On a connection the caller already has in a transaction, the lock is transaction-scoped
    (released when the caller commits) and Alembic joins that transaction. Otherwise it is a
    session lock around Alembic's own transaction per migration.
    """
    key = {"key": MIGRATION_LOCK}
    if sync_connection.in_transaction():
        sync_connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), key)
        work()
        return
    sync_connection.execute(text("SELECT pg_advisory_lock(:key)"), key)
    sync_connection.commit()
    try:
        work()
    finally:
        sync_connection.execute(text("SELECT pg_advisory_unlock(:key)"), key)
        sync_connection.commit()


async def _run(
    operation: Callable[[Config], object],
    database: Database | None,
    connection: AsyncConnection | None,
) -> None:
    def with_sync_connection(sync_connection: Connection) -> None:
        run_locked(sync_connection, lambda: operation(alembic_config(sync_connection)))

    await _on_connection(with_sync_connection, database, connection)
    if database is not None:
        database.forget_schema()


async def _on_connection(
    work: Callable[[Connection], T], database: Database | None, connection: AsyncConnection | None
) -> T:
    """Run sync ``work`` on the caller's connection, else on one of ``database`` (default: the
    configured one) opened for it."""
    if connection is not None:
        return await connection.run_sync(work)
    async with (database or Database()).engine.connect() as own:
        return await own.run_sync(work)


async def upgrade(
    database: Database | None = None,
    revision: str = HEAD,
    *,
    connection: AsyncConnection | None = None,
) -> None:
    """Upgrade the schema to ``revision`` (default: the newest).

    Example (in a notebook cell): ``await upgrade(db)``.
    """
    await _run(lambda config: command.upgrade(config, revision), database, connection)


async def downgrade(
    database: Database | None = None,
    revision: str = BASE,
    *,
    connection: AsyncConnection | None = None,
) -> None:
    """Downgrade the schema to ``revision`` (default: an empty database)."""
    await _run(lambda config: command.downgrade(config, revision), database, connection)


async def current_revision(
    database: Database | None = None, *, connection: AsyncConnection | None = None
) -> str | None:
    """The revision the database is at, or None for a database never migrated."""

    def read(sync_connection: Connection) -> str | None:
        return MigrationContext.configure(sync_connection).get_current_revision()

    return await _on_connection(read, database, connection)


def head_revision() -> str:
    """The newest revision recipekit ships."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


async def check(
    database: Database | None = None, *, connection: AsyncConnection | None = None
) -> None:
    """Compare the models with the database, like ``alembic check``.

    Raises:
        alembic.util.exc.AutogenerateDiffsDetected: When the models and the schema differ.
    """
    await _run(command.check, database, connection)


async def ensure_migrated(database: Database) -> bool:
    """Upgrade a database that is behind head; returns whether anything ran."""
    if await current_revision(database) == head_revision():
        return False
    await upgrade(database)
    return True


async def stamp(
    database: Database | None = None,
    revision: str = HEAD,
    *,
    connection: AsyncConnection | None = None,
) -> None:
    """Record ``revision`` as current without running anything (for adopting a database)."""
    await _run(lambda config: command.stamp(config, revision), database, connection)


def history() -> list[dict[str, str | None]]:
    """recipekit's revisions, oldest first: revision, down_revision and the first doc line."""
    scripts = ScriptDirectory.from_config(alembic_config())
    return [
        {
            "revision": script.revision,
            "down_revision": script.down_revision,  # type: ignore[dict-item]
            "description": (script.doc or "").splitlines()[0] if script.doc else None,
        }
        for script in reversed(list(scripts.walk_revisions()))
    ]
