"""Statement timeouts enforced by the server, and sessions that stay usable after errors."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.exc import IntegrityError

from recipekit import read_sql
from recipekit.db.engine import Database
from recipekit.db.errors import QueryTimeoutError, TransactionAbortedError
from recipekit.db.session import ConcurrentSessionUseError
from recipekit.db.timeouts import CLIENT_GUARD_MARGIN, statement_timeout
from recipekit.models import Category, Recipe


async def _stored_slugs(db: Database, slugs: list[str]) -> list[str]:
    """Which of ``slugs`` some committed category has."""
    async with db.session() as session:
        found = await session.scalars(select(Category.slug).where(Category.slug.in_(slugs)))
        return list(found.all())


async def _running(db: Database, sql: str) -> int:
    """How many server processes are running a statement that starts with ``sql``."""
    async with db.connect() as connection:
        found = await connection.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                " AND starts_with(query, :sql)"
            ),
            {"sql": sql},
        )
    assert found is not None
    return int(found)


async def test_a_slow_query_is_cancelled_on_the_server_and_named(db: Database) -> None:
    with pytest.raises(QueryTimeoutError) as raised:
        async with db.transaction(statement_timeout=0.2) as session:
            await session.execute(text("SELECT pg_sleep(30)"))
    assert (raised.value.timeout, raised.value.guard) == (0.2, "server")
    assert str(raised.value) == "query cancelled by the PostgreSQL statement_timeout after 0.2 s"
    assert await _running(db, "SELECT pg_sleep(30)") == 0


async def test_the_override_applies_to_its_transaction_only(db: Database) -> None:
    async with db.transaction(statement_timeout=0.5) as session:
        assert await session.scalar(text("SHOW statement_timeout")) == "500ms"
    async with db.transaction() as session:
        assert await session.scalar(text("SHOW statement_timeout")) == "1min"


async def test_a_failed_statement_leaves_the_next_cell_working(db: Database) -> None:
    async with db.session() as session:
        session.add_all([Category(name="A", slug="same"), Category(name="B", slug="same")])
        with pytest.raises(IntegrityError):
            await session.commit()
        # the next "cell", same session, no rollback by hand: no PendingRollbackError
        session.add(Category(name="C", slug="other"))
        await session.commit()
        slugs = await session.scalars(
            select(Category.slug).where(Category.slug.in_(["same", "other"]))
        )
        assert slugs.all() == ["other"]
    async with db.transaction() as session:
        assert await session.scalar(select(Category.name).where(Category.slug == "other")) == "C"


async def test_the_client_guard_fires_when_the_server_would_not(db: Database) -> None:
    with pytest.raises(QueryTimeoutError) as raised:
        async with db.transaction(statement_timeout=0.3) as session:
            # take the server's limit away: only the client guard is left
            await session.execute(text("SET LOCAL statement_timeout = 0"))
            await session.execute(text("SELECT pg_sleep(10)"))
    assert raised.value.guard == "client"
    assert raised.value.timeout == pytest.approx(0.3 + CLIENT_GUARD_MARGIN)
    assert await _running(db, "SELECT pg_sleep(10)") == 0  # the client's cancel reached the server


async def test_a_cancelled_statement_stops_on_the_server_and_leaves_the_session_working(
    db: Database,
) -> None:
    """An interrupted notebook cell cancels its task: the statement stops on the server, the
    session goes on without a rollback by hand, and a transaction does not commit the rest."""
    sleep = "SELECT pg_sleep(5)"
    async with db.session() as session:
        running = asyncio.create_task(session.execute(text(sleep)))
        await asyncio.sleep(0.3)
        running.cancel()
        with pytest.raises(asyncio.CancelledError):
            await running
        assert await _running(db, sleep) == 0
        assert await session.scalar(text("SELECT 1")) == 1  # no PendingRollbackError
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(session.execute(text(sleep)), 0.3)
        assert await _running(db, sleep) == 0
        assert await session.scalar(text("SELECT 2")) == 2
    with pytest.raises(TransactionAbortedError, match="nothing was committed"):
        async with db.transaction() as session:
            session.add(Category(name="Before", slug="before-cancel"))
            await session.flush()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(session.execute(text(sleep)), 0.3)
            session.add(Category(name="After", slug="after-cancel"))
    assert await _stored_slugs(db, ["before-cancel", "after-cancel"]) == []


async def test_closing_or_loading_from_another_task_is_refused_and_the_statement_goes_on(
    db: Database,
) -> None:
    """Closing, resetting, invalidating or loading through a session another task is using
    raises `ConcurrentSessionUseError` and leaves the running statement alone (they gave
    asyncpg's InterfaceError, IllegalStateChangeError or "provisioning a new connection")."""
    async with db.transaction() as session:
        session.add(tea := Recipe(title="Tea"))
    async with db.session() as session:
        recipe = await session.get_one(Recipe, tea.id)
        session.expire(recipe, ["categories"])
        running = asyncio.create_task(session.scalar(text("SELECT 7 FROM pg_sleep(0.5)")))
        await asyncio.sleep(0.1)
        operations: dict[str, Callable[[], Awaitable[object]]] = {
            "close": session.close,
            "aclose": session.aclose,
            "reset": session.reset,
            "invalidate": session.invalidate,
            "delete_all": lambda: session.delete_all([recipe]),
            "merge_all": lambda: session.merge_all([recipe]),
            "awaitable_attrs": lambda: recipe.awaitable_attrs.categories,
        }
        for name, operation in operations.items():
            with pytest.raises(ConcurrentSessionUseError):
                await operation()
            assert not running.done(), name
        assert await running == 7
        assert await recipe.awaitable_attrs.categories == []


async def test_a_timeout_block_applies_to_transactions_opened_inside_it(db: Database) -> None:
    with statement_timeout(0.25):
        async with db.transaction() as session:
            assert await session.scalar(text("SHOW statement_timeout")) == "250ms"
        with pytest.raises(QueryTimeoutError) as raised:
            async with db.transaction() as session:
                await session.execute(text("SELECT pg_sleep(5)"))
    assert (raised.value.timeout, raised.value.guard) == (0.25, "server")
    for unusable in (0, -1, float("nan"), float("inf"), 3e6):
        with pytest.raises(ValueError, match="must be between 0 and"):
            async with db.transaction(statement_timeout=unusable):
                pass


async def test_a_caught_failure_inside_a_transaction_is_not_committed_quietly(
    db: Database,
) -> None:
    with pytest.raises(TransactionAbortedError, match="nothing was committed"):
        async with db.transaction() as session:
            session.add(Category(name="Lost", slug="lost-work"))
            await session.flush()
            with pytest.raises(IntegrityError):
                session.add_all(
                    [Category(name="A", slug="twice"), Category(name="B", slug="twice")]
                )
                await session.flush()
            session.add(Category(name="After", slug="after-failure"))
    assert await _stored_slugs(db, ["lost-work", "after-failure"]) == []


async def test_the_timeout_block_covers_connections_and_loaders_with_one_set_config(
    db: Database,
) -> None:
    """``db.connect()``, the loaders on it and bare engine connections get the block's limit,
    named like a session's; nothing is sent for it when no limit is set."""
    sent: list[str] = []

    def _record(*arguments: Any) -> None:
        if "set_config" in arguments[2]:
            sent.append(arguments[2])

    event.listen(db.engine.sync_engine, "before_cursor_execute", _record)
    async with db.connect() as connection:
        assert await connection.scalar(text("SHOW statement_timeout")) == "1min"
    assert sent == []
    with statement_timeout(0.3):
        with pytest.raises(QueryTimeoutError) as raised:
            await read_sql(db, "SELECT pg_sleep(5) AS x")
        assert (raised.value.timeout, raised.value.guard) == (0.3, "server")
        with pytest.raises(QueryTimeoutError):
            async with db.connect() as connection:
                await connection.execute(text("SELECT pg_sleep(5)"))
        async with db.engine.connect() as connection:
            assert await connection.scalar(text("SHOW statement_timeout")) == "300ms"
        sent.clear()
        async with db.session() as session:
            assert await session.scalar(text("SHOW statement_timeout")) == "300ms"
        assert len(sent) == 1
    async with db.connect(statement_timeout=0.2) as connection:
        assert await connection.scalar(text("SHOW statement_timeout")) == "200ms"
    assert await _running(db, "SELECT pg_sleep(5)") == 0


async def test_the_timeout_block_covers_plain_sessions_too(db: Database) -> None:
    with statement_timeout(0.2):
        async with db.session() as session:
            assert await session.scalar(text("SHOW statement_timeout")) == "200ms"
            with pytest.raises(QueryTimeoutError):
                await session.execute(text("SELECT pg_sleep(5)"))


async def test_a_failure_on_the_raw_connection_is_not_committed_quietly(db: Database) -> None:
    with pytest.raises(TransactionAbortedError):
        async with db.transaction() as session:
            session.add(Category(name="Lost too", slug="lost-raw"))
            await session.flush()
            connection = await session.connection()
            with pytest.raises(IntegrityError):
                await connection.execute(
                    text("INSERT INTO categories (name, slug) VALUES ('x', 'thai')")
                )
    async with db.session() as session:
        assert await session.scalar(select(Category.id).where(Category.slug == "lost-raw")) is None


async def test_a_long_flush_of_quick_statements_is_not_cancelled(db: Database) -> None:
    async with db.connect() as connection:
        await connection.execute(
            text(
                "CREATE FUNCTION slow_touch() RETURNS trigger LANGUAGE plpgsql AS"
                " $$ BEGIN PERFORM pg_sleep(0.4); RETURN NEW; END $$"
            )
        )
        await connection.execute(
            text(
                "CREATE TRIGGER slow_touch BEFORE UPDATE ON categories"
                " FOR EACH ROW EXECUTE FUNCTION slow_touch()"
            )
        )
    async with db.transaction(statement_timeout=0.6) as session:
        found = (await session.scalars(select(Category).order_by(Category.slug).limit(5))).all()
        for category in found:
            category.name += "!"  # five UPDATEs of 0.4 s: 2 s in all, each under the limit
    async with db.session() as session:
        renamed = await session.scalars(select(Category.name).where(Category.name.like("%!")))
        assert len(renamed.all()) == 5
