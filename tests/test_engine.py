"""The Database handle: embedded server settings, engines per event loop, the sync runner."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading

import pytest
from sqlalchemy import text

from recipekit.config import Settings
from recipekit.db.admin import fresh_database
from recipekit.db.engine import Database
from recipekit.notebook import run, shutdown


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


def test_run_survives_a_coroutine_that_raises_system_exit() -> None:
    async def leave() -> None:
        raise SystemExit(3)

    async def answer() -> int:
        return 42

    with pytest.raises(RuntimeError, match="SystemExit"):
        run(leave())
    assert run(answer()) == 42


def test_run_refuses_to_nest_instead_of_deadlocking() -> None:
    async def nested() -> int:
        async def inner() -> int:
            return 1

        return run(inner())

    with pytest.raises(RuntimeError, match=r"inside recipekit\.run"):
        run(nested())


async def test_fresh_database_refuses_the_database_in_use(db: Database) -> None:
    with pytest.raises(ValueError, match="itself uses"):
        await fresh_database(str(db.url.database), Settings(database_url=str(db.url)))
    with pytest.raises(ValueError, match="lowercase"):
        await fresh_database("x; drop database recipekit")


async def test_finished_event_loops_do_not_leak_connections(db: Database) -> None:
    def one_run() -> None:
        async def query() -> None:
            async with db.connect() as connection:
                await connection.execute(text("SELECT 1"))

        asyncio.run(query())

    for _ in range(30):
        worker = threading.Thread(target=one_run)
        worker.start()
        worker.join()
    assert len(db._loops) <= 2  # this loop and at most the last finished one


async def test_shutdown_closes_the_runner_connections_and_run_starts_again(db: Database) -> None:
    async def backend_pid() -> int:
        async with db.connect() as connection:
            return int(await connection.scalar(text("SELECT pg_backend_pid()")) or 0)

    pid = run(backend_pid())
    shutdown()
    alive = 1
    for _ in range(50):  # the server ends a backend just after its client has closed
        async with db.connect() as connection:
            alive = await connection.scalar(
                text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
            )
        if alive == 0:
            break
        await asyncio.sleep(0.05)
    assert alive == 0
    assert run(backend_pid()) > 0
    shutdown()


def test_nested_event_loops_are_opt_in() -> None:
    script = (
        "import asyncio\n"
        "from recipekit.notebook import allow_nested_event_loops\n"
        "async def inner():\n    return 7\n"
        "async def outer():\n"
        "    try:\n        asyncio.run(inner())\n"
        "    except RuntimeError:\n        print('refused')\n"
        "    allow_nested_event_loops()\n"
        "    print(asyncio.run(inner()))\n"
        "asyncio.run(outer())\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert completed.stdout.split() == ["refused", "7"]
