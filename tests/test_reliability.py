"""The session layer under real failures: backends terminated under load."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from recipekit.db.engine import Database
from recipekit.db.errors import sqlstate
from recipekit.db.retry import RetryPolicy, run_in_transaction
from tests.replication import start_primary

PATIENT = RetryPolicy(attempts=8, initial_wait=0.02, max_wait=0.5, jitter=0.05)


async def test_terminated_backends_under_load_every_task_completes(db: Database) -> None:
    async with db.connect() as connection:
        await connection.execute(text("CREATE TABLE work_log (task int PRIMARY KEY)"))

    attempts = 0

    def task(number: int):  # type: ignore[no-untyped-def]
        async def work(session: AsyncSession) -> None:
            nonlocal attempts
            attempts += 1
            await session.execute(text("SELECT pg_sleep(0.2)"))
            await session.execute(
                text("INSERT INTO work_log VALUES (:n) ON CONFLICT DO NOTHING"), {"n": number}
            )

        return work

    async def killer() -> int:
        killed = 0
        async with Database(url=db.url).connect() as admin:
            for _ in range(5):
                await asyncio.sleep(0.15)
                killed += int(
                    await admin.scalar(
                        text(
                            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                            "AND application_name = 'recipekit'"
                        )
                    )
                    or 0
                )
        return killed

    results = await asyncio.gather(
        killer(), *(run_in_transaction(db, task(n), policy=PATIENT) for n in range(100))
    )
    killed = results[0]
    assert killed > 0 and attempts > 100  # work was really interrupted, and retried
    async with db.connect() as connection:
        done = await connection.scalar(text("SELECT count(*) FROM work_log"))
        stuck = await connection.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND state = 'idle in transaction'"
            )
        )
    assert (done, stuck) == (100, 0)
    assert db.engine.pool.checkedout() <= 1  # type: ignore[attr-defined]


async def test_a_server_restart_mid_loop_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    primary = start_primary(tmp_path)
    database = Database(url=primary.url())
    started_at = text("SELECT pg_postmaster_start_time()")
    attempts = 0
    try:
        async with database.connect() as connection:
            await connection.execute(text("CREATE TABLE ledger (id uuid PRIMARY KEY, n int)"))
            first_start = await connection.scalar(started_at)

        def insert(number: int):  # type: ignore[no-untyped-def]
            # the id is fixed before the first attempt, so a retry after an unknown commit
            # outcome cannot insert the same logical row twice
            row_id = uuid.uuid5(uuid.NAMESPACE_OID, str(number))

            async def work(session: AsyncSession) -> None:
                nonlocal attempts
                attempts += 1
                await session.execute(
                    text("INSERT INTO ledger VALUES (:id, :n) ON CONFLICT (id) DO NOTHING"),
                    {"id": row_id, "n": number},
                )

            return work

        async def restart_soon() -> None:
            await asyncio.sleep(0.3)
            await asyncio.to_thread(primary.restart)

        restart = asyncio.create_task(restart_soon())
        for number in range(300):
            await run_in_transaction(database, insert(number), policy=PATIENT)
            await asyncio.sleep(0.002)
        await restart
        async with database.connect() as connection:
            ledger = text("SELECT count(*), count(DISTINCT n) FROM ledger")
            rows = tuple((await connection.execute(ledger)).one())
            second_start = await connection.scalar(started_at)
        assert rows == (300, 300)
        assert second_start > first_start  # the server really restarted during the loop
        assert attempts > 300  # and some transactions really were run again
    finally:
        await database.dispose()
        primary.stop()
        primary.remove_socket_dir()


async def test_too_many_clients_is_retried_until_a_slot_frees(tmp_path: Path) -> None:
    primary = start_primary(tmp_path)
    primary.write_settings({"max_connections": "8"})
    primary.restart()
    hogs = [await asyncpg.connect(primary.url()) for _ in range(8)]
    database = Database(url=primary.url())
    attempts = 0

    async def counted(session: AsyncSession) -> int:
        nonlocal attempts
        attempts += 1
        return int(await session.scalar(text("SELECT 42")) or 0)

    async def free_a_slot() -> None:
        await asyncio.sleep(0.3)
        await hogs.pop().close()

    try:
        with pytest.raises(DBAPIError) as refused:
            async with database.connect() as connection:
                await connection.execute(text("SELECT 1"))
        assert sqlstate(refused.value) == "53300"
        freeing = asyncio.create_task(free_a_slot())
        assert await run_in_transaction(database, counted, policy=PATIENT) == 42
        await freeing
        assert attempts > 1  # refused ("too many clients") at first, then retried through
    finally:
        await database.dispose()
        for hog in hogs:
            await hog.close()
        primary.stop()
        primary.remove_socket_dir()
