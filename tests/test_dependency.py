"""The session dependency inside a real FastAPI app, driven by its test client.

(No `from __future__ import annotations` here: FastAPI must see the dependency annotations.)
"""

import asyncio
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from recipekit.db.dependency import session_dependency
from recipekit.db.engine import Database
from recipekit.models import Category


def _app(database: Database) -> FastAPI:
    app = FastAPI()
    session_of_request = Annotated[
        AsyncSession, Depends(session_dependency(database), scope="function")
    ]

    @app.post("/categories/{slug}")
    async def create(slug: str, session: session_of_request) -> dict[str, str]:
        session.add(Category(name=slug.title(), slug=slug))
        await session.flush()
        return {"slug": slug}

    @app.post("/categories/{slug}/then-fail")
    async def create_then_fail(slug: str, session: session_of_request) -> dict[str, str]:
        session.add(Category(name=slug.title(), slug=slug))
        await session.flush()
        raise HTTPException(status_code=409, detail="changed my mind")

    @app.post("/pairs/{value}")
    async def add_pair_member(value: int, session: session_of_request) -> dict[str, int]:
        # the unique check is deferred to COMMIT, which runs after this handler returns
        await session.execute(text("INSERT INTO deferred_pairs VALUES (:v)"), {"v": value})
        return {"value": value}

    @app.get("/categories/count")
    async def count(session: session_of_request) -> dict[str, int]:
        total = await session.scalar(select(func.count(Category.id)))
        return {"count": int(total or 0)}

    return app


async def test_requests_commit_on_return_and_roll_back_on_error(db: Database) -> None:
    url = db.url

    def drive() -> tuple[int, int, int, int]:
        # the test client runs the app in its own event loop (a thread), with its own engine
        database = Database(url=url)
        with TestClient(_app(database), raise_server_exceptions=False) as client:
            before = client.get("/categories/count").json()["count"]
            created = client.post("/categories/street-food").status_code
            failed = client.post("/categories/regret/then-fail").status_code
            after = client.get("/categories/count").json()["count"]
            commit_failure = client.post("/pairs/1")
        assert commit_failure.status_code == 500  # not a 200 for a row that was not saved
        return before, created, failed, after

    async with db.connect() as connection:
        await connection.execute(
            text(
                "CREATE TABLE deferred_pairs (v int, CONSTRAINT one_each UNIQUE (v) "
                "DEFERRABLE INITIALLY DEFERRED)"
            )
        )
        await connection.execute(text("INSERT INTO deferred_pairs VALUES (1)"))
    await db.dispose()
    before, created, failed, after = await asyncio.to_thread(drive)
    assert (created, failed) == (200, 409)
    assert after == before + 1
    async with db.connect() as connection:
        slugs = await connection.scalars(
            text("SELECT slug FROM categories WHERE slug IN ('street-food', 'regret')")
        )
        assert slugs.all() == ["street-food"]
