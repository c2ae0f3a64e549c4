"""Smoke test of tests/replication.py: a real primary/standby pair replicates a row."""

from __future__ import annotations

from pathlib import Path

import asyncpg

from tests.replication import replicated_pair, wait_for_replay


async def test_standby_replays_the_primarys_writes(tmp_path: Path) -> None:
    with replicated_pair(tmp_path) as (primary, standby):
        assert primary.socket_path != standby.socket_path
        writer = await asyncpg.connect(primary.url())
        try:
            await writer.execute("CREATE TABLE smoke (id int PRIMARY KEY, note text)")
            await writer.execute("INSERT INTO smoke VALUES (1, 'replicated')")
            assert await writer.fetchval("SELECT pg_is_in_recovery()") is False
        finally:
            await writer.close()

        wait_for_replay(primary, standby)

        reader = await asyncpg.connect(standby.url())
        try:
            assert await reader.fetchval("SELECT pg_is_in_recovery()") is True
            assert await reader.fetchval("SELECT note FROM smoke WHERE id = 1") == "replicated"
        finally:
            await reader.close()

        standby.stop()
        assert not standby.is_running()
        writer = await asyncpg.connect(primary.url())
        try:
            await writer.execute("INSERT INTO smoke VALUES (2, 'standby gone')")
            assert await writer.fetchval("SELECT count(*) FROM smoke") == 2
        finally:
            await writer.close()
    assert not primary.is_running()
