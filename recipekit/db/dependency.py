"""A FastAPI-style dependency: one session per request, committed when the handler returns and
rolled back when it raises. FastAPI is not a requirement of recipekit; any framework that
drives async-generator dependencies the same way can use it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from recipekit.db.engine import Database


def session_dependency(database: Database) -> Callable[[], AsyncIterator[AsyncSession]]:
    """A dependency yielding a session in a transaction (on the primary).

    Declare it with ``scope="function"``: FastAPI then finishes the dependency — the commit —
    before it sends the response, so a commit that fails (a deferred constraint, a lost
    connection) becomes an error response instead of a 200 for work that was not saved.

    Example:
        >>> Session = Annotated[
        ...     AsyncSession, Depends(session_dependency(Database()), scope="function")
        ... ]
        >>> @app.post("/categories")
        ... async def create(body: dict, session: Session): ...
    """

    async def get_session() -> AsyncIterator[AsyncSession]:
        async with database.transaction() as session:
            yield session

    return get_session
