"""The connection pool: 5 kept, 20 at most, a clear error when exhausted, warm start."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack

import pytest
from sqlalchemy import text
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from recipekit.config import Settings
from recipekit.db.engine import Database


async def test_the_21st_session_waits_then_fails_clearly_and_gets_through_once_one_is_free(
    db: Database,
) -> None:
    pooled = Database(Settings(pool_timeout=0.5), url=db.url)
    try:
        async with AsyncExitStack() as held:
            connections = [
                await held.enter_async_context(pooled.engine.connect()) for _ in range(20)
            ]
            for connection in connections:
                await connection.execute(text("SELECT 1"))
            with pytest.raises(PoolTimeoutError, match="limit of size 5 overflow 15 reached"):
                async with pooled.engine.connect() as extra:
                    await extra.execute(text("SELECT 1"))

            async def twenty_first() -> int:
                async with pooled.engine.connect() as connection:
                    return int(await connection.scalar(text("SELECT 21")) or 0)

            waiting = asyncio.create_task(twenty_first())
            await asyncio.sleep(0.1)
            assert not waiting.done()
            await connections[0].close()
            assert await asyncio.wait_for(waiting, timeout=5) == 21
    finally:
        await pooled.dispose()


async def test_warm_opens_the_kept_connections(db: Database) -> None:
    pooled = Database(url=db.url)
    try:
        await pooled.warm()
        assert pooled.engine.pool.checkedin() == 5  # type: ignore[attr-defined]
    finally:
        await pooled.dispose()
