"""The session layer under real failures: backends terminated under load."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from recipekit.db.engine import Database
from recipekit.db.retry import RetryPolicy, run_in_transaction

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
