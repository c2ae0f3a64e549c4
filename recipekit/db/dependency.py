"""A FastAPI-style dependency: one session per request, committed when the handler returns and
rolled back when it raises. FastAPI is not a requirement of recipekit; any framework that
drives async-generator dependencies the same way can use it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from recipekit.db.engine import Database


def session_dependency(database: Database) -> Callable[[], AsyncIterator[AsyncSession]]:
    """A dependency yielding a session in a transaction.

    Example:
        >>> get_session = session_dependency(Database())
        >>> @app.post("/categories")
        ... async def create(body: dict, session: AsyncSession = Depends(get_session)): ...
    """

    async def get_session() -> AsyncIterator[AsyncSession]:
        async with database.transaction() as session:
            yield session

    return get_session
