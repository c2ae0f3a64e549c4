"""`read_sql`: columns typed by their PostgreSQL type, bind values through their types, and a
session's rules (flush first, one task at a time, usable after a failure)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import func, literal, select, text
from sqlalchemy.exc import ProgrammingError, StatementError

from recipekit import ConcurrentSessionUseError, Recipe, read_sql
from recipekit.db.engine import Database


async def test_columns_are_typed_by_their_postgres_type_not_their_name(db: Database) -> None:
    frame = await read_sql(
        db,
        "SELECT 1 AS a, 2 AS a, NULL::int AS servings, 'extreme' AS difficulty,"
        " 5 AS looked_at, 2.5 AS ingredient_count, '[1,2]'::vector AS v,"
        " '[3,4]'::halfvec AS h, NULL::vector AS missing,"
        " timestamptz '2024-01-01 12:00+02' AS t",
    )
    assert list(frame.columns) == [
        *("a", "a", "servings", "difficulty", "looked_at", "ingredient_count"),
        *("v", "h", "missing", "t"),
    ]
    assert frame.iloc[0, :2].tolist() == [1, 2]  # both columns named "a" keep their values
    assert str(frame.dtypes.iloc[0]) == "Int64" and frame["servings"].isna().all()
    assert frame["difficulty"].item() == "extreme" and frame["looked_at"].item() == 5
    assert str(frame["ingredient_count"].item()) == "2.5"  # numeric: a Decimal, not an Int64
    for column, expected in (("v", [1.0, 2.0]), ("h", [3.0, 4.0])):
        vector = frame[column].item()
        assert vector.dtype == np.float32 and vector.tolist() == expected
    assert frame["missing"].item() is None
    assert frame["t"].item() == pd.Timestamp("2024-01-01 10:00", tz="UTC")
    assert (await read_sql(db, "CREATE TEMPORARY TABLE scratch (x int)")).empty


async def test_bind_values_go_through_their_types(db: Database) -> None:
    aware = datetime(2024, 1, 1, 10, tzinfo=UTC)
    stamped = select(literal(aware, Recipe.created_at.type).label("t_at"))
    assert (await read_sql(db, stamped))["t_at"].item() == pd.Timestamp(aware)
    with pytest.raises(StatementError, match="naive datetimes"):
        await read_sql(db, select(literal(datetime(2024, 1, 1, 10), Recipe.created_at.type)))
    query = np.ones(768, dtype=np.float32)
    ranked = select(Recipe.title).order_by(Recipe.embedding.cosine_distance(query)).limit(1)
    assert (await read_sql(db, ranked)).empty
    params = await read_sql(db, "SELECT CAST(:n AS int) + 1 AS n", {"n": 41})
    assert params["n"].tolist() == [42]


async def test_a_session_is_flushed_guarded_and_usable_after_a_failure(db: Database) -> None:
    count = "SELECT count(*) AS n FROM recipes WHERE title = :t"
    async with db.session() as session:
        session.add(Recipe(title="Pending stew"))
        assert (await read_sql(session, count, {"t": "Pending stew"}))["n"].item() == 1

        slow = asyncio.create_task(read_sql(session, "SELECT pg_sleep(0.3) AS slept"))
        await asyncio.sleep(0.05)
        with pytest.raises(ConcurrentSessionUseError):
            await read_sql(session, count, {"t": "Pending stew"})
        assert list((await slow).columns) == ["slept"]  # the running one was left alone
        assert await session.scalar(select(func.count()).select_from(Recipe)) == 1

        with pytest.raises(ProgrammingError, match="syntax error"):
            await read_sql(session, "SELEC 1")
        assert await session.scalar(text("SELECT 7")) == 7
