"""Throughput of short read transactions: recipekit's pool (5 kept / 20 max) against opening a
new connection for every transaction, measured in the same run on the same server.

    python bench/pool.py [--transactions 2000] [--concurrency 50]

Prints transactions per second for both and their ratio. Uses RECIPEKIT_DATABASE_URL, else a
throwaway embedded server.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

import asyncpg
from sqlalchemy import text

from recipekit.config import Settings
from recipekit.db.admin import fresh_database
from recipekit.db.urls import libpq_url

QUERY = "SELECT count(*) FROM pg_class WHERE relkind = 'r'"


async def _timed(
    transactions: int, concurrency: int, one: Callable[[], Awaitable[object]]
) -> float:
    """Transactions per second running ``one`` ``transactions`` times, ``concurrency`` at once."""
    gate = asyncio.Semaphore(concurrency)

    async def guarded() -> None:
        async with gate:
            await one()

    started = time.perf_counter()
    await asyncio.gather(*(guarded() for _ in range(transactions)))
    return transactions / (time.perf_counter() - started)


async def main(transactions: int, concurrency: int) -> None:
    # RECIPEKIT_DATABASE_URL's server, else a throwaway embedded one: never the user's data
    settings = replace(Settings.from_env(), home=Path(tempfile.mkdtemp(prefix="rkbench-")))
    database = await fresh_database("bench_pool", settings)
    plain = libpq_url(database.url)

    async def pooled() -> None:
        async with database.transaction() as session:
            await session.execute(text(QUERY))

    async def fresh_connection() -> None:
        connection = await asyncpg.connect(plain)
        try:
            async with connection.transaction():
                await connection.fetchval(QUERY)
        finally:
            await connection.close()

    await database.warm()
    await pooled()  # warm caches once for both
    baseline = await _timed(transactions, min(concurrency, 20), fresh_connection)
    pool = await _timed(transactions, concurrency, pooled)
    await database.dispose()
    print(f"new connection per transaction: {baseline:8.0f} transactions/s")
    print(f"recipekit pool (5 kept, 20 max): {pool:8.0f} transactions/s")
    print(f"ratio pool / new connection: {pool / baseline:.2f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--transactions", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    options = parser.parse_args()
    asyncio.run(main(options.transactions, options.concurrency))
