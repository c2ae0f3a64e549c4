"""Read replicas against a real primary and streaming standby (pg_basebackup)."""

from __future__ import annotations

import logging
import os
import signal
import time
from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy import select, text

from recipekit import migrations
from recipekit.config import Settings
from recipekit.db.admin import create_database, database_url
from recipekit.db.engine import Database
from recipekit.db.routing import ReadOnlySessionError
from recipekit.models import Category
from tests.replication import PostgresCluster, replicated_pair, wait_for_replay

IN_RECOVERY = text("SELECT pg_is_in_recovery()")


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[PostgresCluster, ...]]:
    with replicated_pair(tmp_path_factory.mktemp("replication")) as clusters:
        yield clusters


@pytest.fixture
async def routed(pair: tuple[PostgresCluster, PostgresCluster]) -> AsyncIterator[Database]:
    primary, standby = pair
    name = "routed"
    primary_url = await create_database(primary.url(), name, replace=True)
    setup = Database(url=primary_url)
    await migrations.upgrade(setup)
    await setup.dispose()
    wait_for_replay(primary, standby)
    settings = Settings(
        database_url=str(primary_url.render_as_string(hide_password=False)),
        replica_urls=(database_url(standby.url(), name).render_as_string(hide_password=False),),
        max_replica_lag_s=0.5,
        replica_check_interval_s=0.0,
    )
    database = Database(settings)
    yield database
    await database.dispose()


async def test_reads_go_to_the_standby_and_writes_to_the_primary(
    routed: Database, pair: tuple[PostgresCluster, PostgresCluster]
) -> None:
    primary, standby = pair
    async with routed.session() as session:
        assert await session.scalar(IN_RECOVERY) is True  # a plain read: the standby
        session.add(Category(name="Replicated", slug="replicated"))
        await session.flush()  # a write: the primary
        # read-your-writes: this session now reads from the primary and sees its row
        assert await session.scalar(IN_RECOVERY) is False
        assert (
            await session.scalar(select(Category.name).where(Category.slug == "replicated"))
            == "Replicated"
        )
        await session.commit()
    assert (
        primary.query("SELECT count(*) FROM categories WHERE slug = 'replicated'", "routed") == "1"
    )
    wait_for_replay(primary, standby)
    async with routed.read_session() as session:
        assert await session.scalar(IN_RECOVERY) is True
        assert await session.scalar(select(Category.name).where(Category.slug == "replicated"))


async def test_locking_and_modifying_statements_use_the_primary(routed: Database) -> None:
    async with routed.session() as session:
        locked = await session.execute(
            select(Category.slug, text("pg_is_in_recovery()")).limit(1).with_for_update()
        )
        assert locked.one()[1] is False
    async with routed.session() as session:
        await session.execute(text("UPDATE categories SET description = 'x' WHERE slug = 'thai'"))
        assert await session.scalar(IN_RECOVERY) is False  # it wrote: stays on the primary
        await session.rollback()


async def test_read_only_sessions_refuse_to_write(routed: Database) -> None:
    async with routed.read_session() as session:
        session.add(Category(name="Nope", slug="nope"))
        with pytest.raises(ReadOnlySessionError):
            await session.flush()


async def test_a_stopped_or_lagging_standby_is_skipped_with_a_warning(
    routed: Database,
    pair: tuple[PostgresCluster, PostgresCluster],
    caplog: pytest.LogCaptureFixture,
) -> None:
    primary, standby = pair
    caplog.set_level(logging.WARNING, logger="recipekit.replicas")
    standby.stop()
    try:
        async with routed.session() as session:
            assert await session.scalar(IN_RECOVERY) is False
        assert "is unavailable" in caplog.text
    finally:
        standby.start()
        wait_for_replay(primary, standby)
    caplog.clear()
    standby.query("SELECT pg_wal_replay_pause()")
    try:
        primary.query("CREATE TABLE lag_marker AS SELECT 1 AS x", "routed")
        standby.query("SELECT pg_sleep(1)")
        primary.query("INSERT INTO lag_marker VALUES (2)", "routed")
        async with routed.session() as session:
            assert await session.scalar(IN_RECOVERY) is False
        assert "lags" in caplog.text
    finally:
        standby.query("SELECT pg_wal_replay_resume()")
        wait_for_replay(primary, standby)


async def test_transactions_run_on_the_primary_with_their_timeout(routed: Database) -> None:
    async with routed.transaction(statement_timeout=0.5) as session:
        assert await session.scalar(IN_RECOVERY) is False  # reads that decide writes
        assert await session.scalar(text("SHOW statement_timeout")) == "500ms"
    async with routed.session(statement_timeout=0.5) as session:
        assert await session.scalar(IN_RECOVERY) is True
        assert await session.scalar(text("SHOW statement_timeout")) == "500ms"  # on the replica


async def test_a_hung_standby_is_skipped_after_its_connect_timeout(
    routed: Database,
    pair: tuple[PostgresCluster, PostgresCluster],
    caplog: pytest.LogCaptureFixture,
) -> None:
    _, standby = pair
    postmaster = int((standby.data_dir / "postmaster.pid").read_text().split()[0])
    caplog.set_level(logging.WARNING, logger="recipekit.replicas")
    os.kill(postmaster, signal.SIGSTOP)
    try:
        started = time.perf_counter()
        async with routed.session(statement_timeout=0.5) as session:  # guard at 1.5 s
            assert await session.scalar(IN_RECOVERY) is False
        assert time.perf_counter() - started < 1.5
        assert "is unavailable" in caplog.text
    finally:
        os.kill(postmaster, signal.SIGCONT)


async def test_a_promoted_standby_is_no_longer_read_from(
    routed: Database,
    pair: tuple[PostgresCluster, PostgresCluster],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # last in this module: the pair's standby stops being one
    _, standby = pair
    caplog.set_level(logging.WARNING, logger="recipekit.replicas")
    standby.query("SELECT pg_promote()")
    async with routed.session() as session:
        assert await session.scalar(text("SELECT current_setting('port')")) != str(standby.port)
    assert "is not a standby" in caplog.text
