"""The `Database` handle: one URL, one pooled async engine per event loop, sessions.

An asyncpg connection belongs to the event loop that opened it, so a pooled engine must never be
shared across loops. A notebook kernel restart or a second ``asyncio.run`` gets a fresh engine
instead of "attached to a different loop" errors.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from recipekit.config import Settings
from recipekit.db.embedded import EmbeddedServer
from recipekit.db.errors import QUERY_CANCELED, QueryTimeoutError, sqlstate
from recipekit.db.routing import ReplicaRouter, RoutingSession
from recipekit.db.session import RecoveringSession
from recipekit.db.timeouts import current_statement_timeout
from recipekit.db.urls import async_url


class Database:
    """A recipekit database: the embedded server by default, or ``settings.database_url``.

    Example:
        >>> db = Database()
        >>> async with db.session() as session:
        ...     recipes = (await session.scalars(select(Recipe))).all()
    """

    def __init__(self, settings: Settings | None = None, *, url: str | URL | None = None) -> None:
        self.settings = settings or Settings.from_env()
        configured = url if url is not None else self.settings.database_url
        self._url: URL | None = async_url(configured) if configured is not None else None
        self._loops: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopEngines] = (
            weakref.WeakKeyDictionary()
        )
        _DATABASES.add(self)

    @property
    def url(self) -> URL:
        """The asyncpg URL, starting the embedded server first when no URL was configured."""
        if self._url is None:
            self._url = async_url(EmbeddedServer(self.settings.home).start())
        return self._url

    def _create_engine(self, url: URL) -> AsyncEngine:
        return create_async_engine(
            url,
            pool_size=self.settings.pool_size,
            max_overflow=self.settings.max_overflow,
            pool_timeout=self.settings.pool_timeout,
            pool_recycle=self.settings.pool_recycle,
            pool_pre_ping=True,
            connect_args={
                "server_settings": {
                    "application_name": "recipekit",
                    "timezone": "UTC",
                    "statement_timeout": str(self.settings.statement_timeout_ms),
                }
            },
        )

    def _for_loop(self) -> _LoopEngines:
        """The engines of the running event loop, created on first use in that loop."""
        loop = asyncio.get_running_loop()
        engines = self._loops.get(loop)
        if engines is None:
            self._forget_closed_loops()
            primary = self._create_engine(self.url)
            replicas = [self._create_engine(async_url(url)) for url in self.settings.replica_urls]
            router = ReplicaRouter(
                primary.sync_engine,
                [replica.sync_engine for replica in replicas],
                max_lag=self.settings.max_replica_lag_s,
                check_interval=self.settings.replica_check_interval_s,
            )
            engines = _LoopEngines(
                primary,
                replicas,
                async_sessionmaker(
                    primary,
                    class_=RecoveringSession,
                    sync_session_class=RoutingSession,
                    expire_on_commit=False,
                    info={
                        "router": router,
                        "statement_timeout": self.settings.statement_timeout_ms / 1000,
                    },
                ),
            )
            self._loops[loop] = engines
        return engines

    @property
    def engine(self) -> AsyncEngine:
        """The primary's pooled engine of the running event loop."""
        return self._for_loop().primary

    def _forget_closed_loops(self) -> None:
        """Drop the engines of event loops that have closed (a finished ``asyncio.run``).

        Their connections cannot be closed politely any more (that needs their loop), and they
        keep their loop alive, so without this every ``asyncio.run`` would leave a server
        connection behind until the server refuses new clients. Dereferenced, the sockets close
        when they are collected.
        """
        for loop in [loop for loop in self._loops if loop.is_closed()]:
            for engine in self._loops.pop(loop).all():
                engine.sync_engine.dispose(close=False)

    def sessionmaker(self) -> async_sessionmaker[AsyncSession]:
        """Sessions of this loop: plain reads may go to a replica (see `recipekit.db.routing`),
        failed statements leave them usable, attributes stay readable after commit."""
        return self._for_loop().sessionmaker

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session; whatever is not committed when the block ends is rolled back."""
        async with self.sessionmaker()() as session:
            yield session

    @asynccontextmanager
    async def transaction(
        self, *, statement_timeout: float | None = None
    ) -> AsyncIterator[AsyncSession]:
        """A session inside one transaction: committed on success, rolled back on error.

        Args:
            statement_timeout: Seconds any one statement may run (server-enforced, for this
                transaction only); default: the enclosing `statement_timeout` block, else
                ``settings.statement_timeout_ms``. The client gives up on its own
                `CLIENT_GUARD_MARGIN` seconds later.

        Raises:
            QueryTimeoutError: A statement was cancelled by the timeout; it names the value.
        """
        override = statement_timeout or current_statement_timeout()
        limit = override or self.settings.statement_timeout_ms / 1000
        try:
            session_factory = self.sessionmaker()
            async with (
                session_factory(info={"statement_timeout": limit}) as session,
                session.begin(),
            ):
                if override is not None:
                    milliseconds = str(max(1, round(override * 1000)))
                    await session.execute(
                        select(func.set_config("statement_timeout", milliseconds, True))
                    )
                yield session
        except DBAPIError as error:
            if sqlstate(error) == QUERY_CANCELED:
                raise QueryTimeoutError(limit, "server") from error
            raise

    @asynccontextmanager
    async def connect(self) -> AsyncIterator[AsyncConnection]:
        """A Core connection inside one transaction (committed on success)."""
        async with self.engine.begin() as connection:
            yield connection

    async def warm(self) -> None:
        """Open the pool's ``pool_size`` connections now, so the first queries do not pay for
        connecting (useful before a burst of work, or at application start)."""
        async with AsyncExitStack() as stack:
            for _ in range(self.settings.pool_size):
                connection = await stack.enter_async_context(self.engine.connect())
                await connection.execute(select(1))

    @asynccontextmanager
    async def read_session(self) -> AsyncIterator[AsyncSession]:
        """A read-only session: every query may go to a replica; flushing raises
        `ReadOnlySessionError`."""
        async with self.sessionmaker()(info={"read_only": True}) as session:
            yield session

    async def dispose(self) -> None:
        """Close this loop's pooled connections (primary and replicas)."""
        engines = self._loops.pop(asyncio.get_running_loop(), None)
        if engines is not None:
            for engine in engines.all():
                await engine.dispose()


_DATABASES: weakref.WeakSet[Database] = weakref.WeakSet()


async def dispose_all() -> None:
    """Close the pooled connections every `Database` holds for the running event loop."""
    for database in list(_DATABASES):
        await database.dispose()


@dataclass(slots=True)
class _LoopEngines:
    """What one event loop uses: the primary's engine, the replicas' engines, the sessions."""

    primary: AsyncEngine
    replicas: list[AsyncEngine]
    sessionmaker: async_sessionmaker[AsyncSession]

    def all(self) -> list[AsyncEngine]:
        return [self.primary, *self.replicas]
