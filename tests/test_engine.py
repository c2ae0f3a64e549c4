"""The Database handle: embedded server settings, engines per event loop, the sync runner."""

from __future__ import annotations

import asyncio
import threading

from sqlalchemy import text

from recipekit.db.engine import Database
from recipekit.notebook import run


async def test_embedded_server_listens_on_a_unix_socket_only(db: Database) -> None:
    async with db.connect() as connection:
        listen = await connection.scalar(text("SHOW listen_addresses"))
        socket_dirs = await connection.scalar(text("SHOW unix_socket_directories"))
        timezone = await connection.scalar(text("SHOW timezone"))
        timeout = await connection.scalar(text("SHOW statement_timeout"))
    assert listen == ""
    assert socket_dirs
    assert timezone == "UTC"
    assert timeout == "1min"


async def test_pool_is_five_kept_and_twenty_at_most(db: Database) -> None:
    pool = db.engine.pool
    assert pool.size() == 5  # type: ignore[attr-defined]
    assert pool._max_overflow == 15  # type: ignore[attr-defined]


def _count_in_new_loop(database: Database) -> int:
    async def count() -> int:
        async with database.connect() as connection:
            return int(await connection.scalar(text("SELECT count(*) FROM categories")) or 0)

    return asyncio.run(count())


async def test_each_event_loop_gets_its_own_engine(db: Database) -> None:
    # two fresh loops (like two notebook kernels' runs) in other threads, then this loop again
    results: list[int] = []
    for _ in range(2):
        worker = threading.Thread(target=lambda: results.append(_count_in_new_loop(db)))
        worker.start()
        worker.join()
    async with db.connect() as connection:
        here = await connection.scalar(text("SELECT count(*) FROM categories"))
    assert results == [here, here]
    assert here is not None and here > 0


async def test_run_works_inside_a_running_loop(db: Database) -> None:
    # this test body runs inside pytest-asyncio's loop, like a Jupyter cell does
    async def title_count() -> int:
        async with db.connect() as connection:
            return int(await connection.scalar(text("SELECT count(*) FROM foods")) or 0)

    first, second = run(title_count()), run(title_count())
    assert first == second >= 150
