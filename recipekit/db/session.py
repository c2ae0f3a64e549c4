"""The session class recipekit hands out: an AsyncSession that recovers from a failed statement.

After an error, PostgreSQL refuses every further statement of the transaction and SQLAlchemy
asks for an explicit ``rollback()`` (``PendingRollbackError``) — in a notebook that breaks every
later cell. `RecoveringSession` rolls the failed transaction back as the error is raised, so the
next statement starts a fresh one. Inside a savepoint (``begin_nested()``) it leaves recovery to
the savepoint, which keeps the outer transaction's work. A statement cancelled from outside (an
interrupted notebook cell, ``asyncio.wait_for``) is rolled back the same way, savepoints
included: SQLAlchemy invalidated the connection under it.

It is also where the client-side guard lives: a statement that runs `CLIENT_GUARD_MARGIN`
seconds past the session's statement timeout is cancelled by the client (asyncpg sends the
server a cancel request) and raises `QueryTimeoutError` with ``guard="client"``. Flushes and
commits run many statements, so only the server's limit applies to each of them.

One session runs one operation at a time (it has one connection, and asyncpg refuses a second
query while one is running with "another operation is in progress", possibly after the first
one's transaction state was already disturbed). An operation started from another task while
one is in flight — ``asyncio.gather`` over one session, closing it, an ``awaitable_attrs`` load
(`SessionAttrs`) — is refused up front with `ConcurrentSessionUseError`, and the running one is
not touched.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Coroutine, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncAttrs, AsyncSession, async_object_session
from sqlalchemy.util.concurrency import greenlet_spawn

from recipekit.db.errors import QueryTimeoutError, RecipekitError, SyncConnectionRequiredError
from recipekit.db.timeouts import CLIENT_GUARD_MARGIN, timeouts_named

T = TypeVar("T")


class ConcurrentSessionUseError(RecipekitError):
    """Two tasks used one session at the same time (e.g. ``asyncio.gather`` over it)."""

    def __init__(self) -> None:
        super().__init__(
            "this session is already running an operation in another task: a session has one "
            "connection and runs one statement at a time, so concurrent calls (asyncio.gather, "
            "create_task) cannot share it. Give each concurrent task its own session "
            "('async with db.session() as session:' inside the task)"
        )


class RecoveringSession(AsyncSession):
    """An `AsyncSession` whose failed statements leave it usable and that refuses concurrent
    use (see the module docstring)."""

    _owner: asyncio.Task[Any] | None = None
    _depth = 0

    @contextmanager
    def _exclusive(self, operation: Coroutine[Any, Any, Any]) -> Iterator[None]:
        """Hold the session for the current task while ``operation`` runs; refuse (and close
        ``operation`` unstarted) when another task holds it. The holder may re-enter, e.g. the
        rollback after its own failure."""
        task = asyncio.current_task()
        if self._depth and self._owner is not task:
            operation.close()
            raise ConcurrentSessionUseError
        self._owner, self._depth = task, self._depth + 1
        try:
            yield
        finally:
            self._depth -= 1
            if not self._depth:
                self._owner = None

    async def _alone(self, operation: Coroutine[Any, Any, T]) -> T:
        """Run ``operation`` holding the session (see `_exclusive`)."""
        with self._exclusive(operation):
            return await operation

    async def _recovering(
        self, operation: Coroutine[Any, Any, T], *, one_statement: bool = True
    ) -> T:
        """Run ``operation`` alone; roll back on failure. The client guard only times operations
        that run one statement: a flush or commit runs many, each limited by the server."""
        with self._exclusive(operation):
            return await self._recovered(operation, one_statement)

    async def _recovered(self, operation: Coroutine[Any, Any, T], one_statement: bool) -> T:
        limit: float | None = self.info.get("statement_timeout")
        guard = None if limit is None or not one_statement else limit + CLIENT_GUARD_MARGIN
        with timeouts_named(limit):
            try:
                async with asyncio.timeout(guard):
                    return await operation
            except TimeoutError as error:
                self.info["failed"] = True
                await self.rollback()
                assert limit is not None
                raise QueryTimeoutError(limit + CLIENT_GUARD_MARGIN, "client") from error
            except asyncio.CancelledError:
                # cancelled from outside (an interrupted cell, wait_for): asyncpg has asked the
                # server to cancel the statement and SQLAlchemy invalidated the connection, so
                # the whole transaction is gone, savepoints included
                self.info["failed"] = True
                await self.rollback()
                raise
            except Exception:
                if self.in_transaction() and not self.in_nested_transaction():
                    self.info["failed"] = True
                    await self.rollback()
                raise

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        return await self._recovering(super().execute(*args, **kwargs))

    async def scalar(self, *args: Any, **kwargs: Any) -> Any:
        return await self._recovering(super().scalar(*args, **kwargs))

    async def scalars(self, *args: Any, **kwargs: Any) -> Any:
        return await self._recovering(super().scalars(*args, **kwargs))

    async def get(self, *args: Any, **kwargs: Any) -> Any:
        return await self._recovering(super().get(*args, **kwargs))

    async def get_one(self, *args: Any, **kwargs: Any) -> Any:
        return await self._recovering(super().get_one(*args, **kwargs))

    async def flush(self, objects: Any = None) -> None:
        await self._recovering(super().flush(objects), one_statement=False)

    async def commit(self) -> None:
        await self._recovering(super().commit(), one_statement=False)

    async def stream(self, *args: Any, **kwargs: Any) -> Any:
        return await self._recovering(super().stream(*args, **kwargs))

    async def run_sync(self, *args: Any, **kwargs: Any) -> Any:
        return await self._recovering(super().run_sync(*args, **kwargs))

    def cursor(self) -> None:
        """What pandas asks a DBAPI connection for: refused with the supported path."""
        raise SyncConnectionRequiredError("an async session")

    async def refresh(self, *args: Any, **kwargs: Any) -> None:
        await self._alone(super().refresh(*args, **kwargs))

    async def merge(self, *args: Any, **kwargs: Any) -> Any:
        return await self._alone(super().merge(*args, **kwargs))

    async def delete(self, instance: object) -> None:
        await self._alone(super().delete(instance))

    async def delete_all(self, instances: Iterable[object]) -> None:
        await self._alone(super().delete_all(instances))

    async def merge_all(self, *args: Any, **kwargs: Any) -> Any:
        return await self._alone(super().merge_all(*args, **kwargs))

    async def rollback(self) -> None:
        await self._alone(super().rollback())

    async def close(self) -> None:
        await self._alone(super().close())

    async def reset(self) -> None:
        await self._alone(super().reset())

    async def invalidate(self) -> None:
        await self._alone(super().invalidate())

    async def connection(self, *args: Any, **kwargs: Any) -> Any:
        # statements run on the connection itself bypass this class: remember that they may
        # have failed unseen, so Database.transaction checks before committing
        self.info["raw_connection_used"] = True
        return await self._recovering(super().connection(*args, **kwargs))


class SessionAttrs(AsyncAttrs):
    """`AsyncAttrs` whose ``await obj.awaitable_attrs.name`` loads hold the object's
    `RecoveringSession` like its own operations (SQLAlchemy's run on the sync session, past
    the guard, and failed with "This session is provisioning a new connection")."""

    class _SessionAttrGetitem(AsyncAttrs._AsyncAttrGetitem):
        __slots__ = ()

        def __getattr__(self, name: str) -> Awaitable[Any]:
            load = greenlet_spawn(getattr, self._instance, name)
            session = async_object_session(self._instance)
            return session._alone(load) if isinstance(session, RecoveringSession) else load

    @property
    def awaitable_attrs(self) -> AsyncAttrs._AsyncAttrGetitem:
        return SessionAttrs._SessionAttrGetitem(self)
