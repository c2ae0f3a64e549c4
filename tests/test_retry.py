"""Whole-transaction retries against real transient failures."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from recipekit.db.engine import Database
from recipekit.db.errors import is_transient, sqlstate
from recipekit.db.retry import RetryPolicy, run_in_transaction, transactional
from recipekit.models import Category, Recipe

FAST = RetryPolicy(attempts=4, initial_wait=0.01, max_wait=0.05, jitter=0.01)


async def test_serialization_failures_are_retried_and_both_effects_land(db: Database) -> None:
    async with db.transaction() as session:
        recipe = Recipe(title="Counter", servings=1)
        session.add(recipe)
    attempts: list[str] = []
    both_read = asyncio.Barrier(2)

    def increment(name: str):  # type: ignore[no-untyped-def]
        async def work(session: AsyncSession) -> None:
            attempts.append(name)
            await session.execute(text("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"))
            current = await session.scalar(select(Recipe.servings).where(Recipe.id == recipe.id))
            if len(attempts) <= 2:  # first round: make sure both read before either writes
                await both_read.wait()
            await session.execute(
                text("UPDATE recipes SET servings = :s WHERE id = :id"),
                {"s": (current or 0) + 1, "id": recipe.id},
            )

        return work

    await asyncio.gather(
        run_in_transaction(db, increment("a"), policy=FAST),
        run_in_transaction(db, increment("b"), policy=FAST),
    )
    async with db.session() as session:
        assert await session.scalar(select(Recipe.servings)) == 3
    assert len(attempts) == 3  # one of the two ran twice


async def test_a_terminated_connection_is_retried_in_a_fresh_session(db: Database) -> None:
    pids: list[int] = []

    async def work(session: AsyncSession) -> int:
        pid = int(await session.scalar(text("SELECT pg_backend_pid()")) or 0)
        pids.append(pid)
        session.add(Category(name=f"Attempt {len(pids)}", slug=f"attempt-{len(pids)}"))
        await session.flush()
        if len(pids) == 1:
            await session.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
        return pid

    final_pid = await run_in_transaction(db, work, policy=FAST)
    assert len(pids) == 2 and pids[1] == final_pid != pids[0]
    async with db.session() as session:
        slugs = await session.scalars(select(Category.slug).where(Category.slug.like("attempt-%")))
        assert slugs.all() == ["attempt-2"]  # the first attempt left nothing behind


async def test_exhausted_retries_raise_the_original_error(db: Database) -> None:
    calls = 0

    async def always_killed(session: AsyncSession) -> None:
        nonlocal calls
        calls += 1
        await session.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))

    with pytest.raises(DBAPIError) as raised:
        await run_in_transaction(
            db, always_killed, policy=RetryPolicy(attempts=2, initial_wait=0.01)
        )
    assert calls == 2
    assert is_transient(raised.value)


async def test_integrity_errors_are_not_retried(db: Database) -> None:
    calls = 0

    async def duplicate(session: AsyncSession) -> None:
        nonlocal calls
        calls += 1
        session.add_all([Category(name="A", slug="dup-slug"), Category(name="B", slug="dup-slug")])
        await session.flush()

    with pytest.raises(IntegrityError) as raised:
        await run_in_transaction(db, duplicate, policy=FAST)
    assert calls == 1
    assert sqlstate(raised.value) == "23505" and not is_transient(raised.value)


async def test_the_decorator_commits_retries_and_rolls_back(db: Database) -> None:
    calls = 0

    @transactional(db, policy=FAST)
    async def add_category(session: AsyncSession, slug: str, fail: bool = False) -> str:
        nonlocal calls
        calls += 1
        session.add(Category(name=slug, slug=slug))
        await session.flush()
        if calls == 1:
            await session.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
        if fail:
            raise ValueError("refused")
        return slug

    assert await add_category("decorated") == "decorated"
    assert calls == 2
    with pytest.raises(ValueError, match="refused"):
        await add_category("never", fail=True)
    async with db.session() as session:
        slugs = await session.scalars(
            select(Category.slug).where(Category.slug.in_(["decorated", "never"]))
        )
        assert slugs.all() == ["decorated"]


async def test_savepoints_inside_a_transaction_keep_the_outer_work(db: Database) -> None:
    @transactional(db, retry=False)
    async def outer_with_failing_inner(session: AsyncSession) -> None:
        session.add(Category(name="Kept", slug="kept-outer"))
        with pytest.raises(IntegrityError):
            async with session.begin_nested():
                session.add_all(
                    [Category(name="X", slug="twice-inner"), Category(name="Y", slug="twice-inner")]
                )
                await session.flush()
        session.add(Category(name="Also kept", slug="kept-after"))

    await outer_with_failing_inner()
    async with db.session() as session:
        slugs = await session.scalars(
            select(Category.slug)
            .where(Category.slug.in_(["kept-outer", "twice-inner", "kept-after"]))
            .order_by(Category.slug)
        )
        assert slugs.all() == ["kept-after", "kept-outer"]
