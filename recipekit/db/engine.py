"""The `Database` handle: one URL, one pooled async engine per event loop, sessions.

An asyncpg connection belongs to the event loop that opened it, so a pooled engine must never be
shared across loops. A notebook kernel restart or a second ``asyncio.run`` gets a fresh engine
instead of "attached to a different loop" errors.
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import literal, select, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool

from recipekit.config import TRANSACTION_POOLER, Settings, configured_embedding_dimension
from recipekit.db import references  # noqa: F401  (registers the strong references)
from recipekit.db.embedded import EmbeddedServer
from recipekit.db.errors import SyncConnectionRequiredError, TransactionAbortedError
from recipekit.db.pooler import driver_arguments
from recipekit.db.routing import ReplicaRouter, RoutingSession
from recipekit.db.session import RecoveringSession
from recipekit.db.timeouts import (
    checked_timeout,
    current_statement_timeout,
    limit_transactions,
    local_timeout,
    timeouts_named,
)
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
        self._embedding_dimension: int | None = None
        _DATABASES.add(self)

    @property
    def url(self) -> URL:
        """The asyncpg URL, starting the embedded server first when no URL was configured."""
        if self._url is None:
            self._url = async_url(EmbeddedServer(self.settings.home).start())
        return self._url

    def _create_engine(self, url: URL, *, connect_timeout: float | None = None) -> AsyncEngine:
        query = dict(url.query)
        timeout = query.pop("timeout", None)  # a URL's connect_timeout, a string there
        if timeout is not None:
            connect_timeout = float(timeout if isinstance(timeout, str) else timeout[0])
        extra = {} if connect_timeout is None else {"timeout": connect_timeout}
        engine = create_async_engine(
            url.set(query=query),
            pool_size=self.settings.pool_size,
            max_overflow=self.settings.max_overflow,
            pool_timeout=self.settings.pool_timeout,
            pool_recycle=self.settings.pool_recycle,
            pool_pre_ping=True,
            connect_args={**extra, **self._driver_arguments()},
        )
        # behind a transaction pooler the timeout cannot be a connection setting
        pooled = self.settings.pooler == TRANSACTION_POOLER
        default = self.settings.statement_timeout_s if pooled else None
        limit_transactions(engine.sync_engine, default)
        return engine

    def _driver_arguments(self) -> dict[str, Any]:
        """asyncpg's connection arguments for these settings (see `recipekit.db.pooler`)."""
        return driver_arguments(self.settings.statement_timeout_ms, self.settings.pooler)

    def _for_loop(self) -> _LoopEngines:
        """The engines of the running event loop, created on first use in that loop."""
        loop = asyncio.get_running_loop()
        engines = self._loops.get(loop)
        if engines is None:
            self._forget_closed_loops()
            primary = self._create_engine(self.url)
            replicas = [
                self._create_engine(
                    async_url(url), connect_timeout=self.settings.replica_connect_timeout_s
                )
                for url in self.settings.replica_urls
            ]
            probes = [
                create_async_engine(
                    async_url(url),
                    poolclass=NullPool,
                    connect_args={
                        **self._driver_arguments(),
                        "timeout": self.settings.replica_connect_timeout_s,
                        "command_timeout": self.settings.replica_connect_timeout_s,
                    },
                )
                for url in self.settings.replica_urls
            ]
            router = ReplicaRouter(
                primary.sync_engine,
                [replica.sync_engine for replica in replicas],
                [probe.sync_engine for probe in probes],
                max_lag=self.settings.max_replica_lag_s,
                check_interval=self.settings.replica_check_interval_s,
            )
            engines = _LoopEngines(
                primary,
                [*replicas, *probes],
                async_sessionmaker(
                    primary,
                    class_=RecoveringSession,
                    sync_session_class=RoutingSession,
                    expire_on_commit=False,
                    info={
                        "router": router,
                        "statement_timeout": self.settings.statement_timeout_s,
                    },
                ),
            )
            self._loops[loop] = engines
        return engines

    async def embedding_dimension(self) -> int:
        """The dimension of this database's ``recipes.embedding``, fixed when it was migrated
        (the configured one for a database not migrated yet). Read once, then remembered
        until `recipekit.migrations` changes the schema."""
        if self._embedding_dimension is None:
            async with self.engine.connect() as connection:
                stored = await connection.scalar(_EMBEDDING_TYPMOD)
            if stored is None or stored < 1:
                return configured_embedding_dimension()
            self._embedding_dimension = int(stored)
        return self._embedding_dimension

    def forget_schema(self) -> None:
        """Drop what this handle remembers of the schema (after a migration changed it)."""
        self._embedding_dimension = None

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

    def _limits(self, statement_timeout: float | None) -> dict[str, Any]:
        """Session ``info`` for a timeout: the override (applied by the ``after_begin`` hook
        of `recipekit.db.timeouts`) and the limit the client guard and errors use."""
        override = (
            checked_timeout(statement_timeout)
            if statement_timeout is not None
            else current_statement_timeout()
        )
        limit = override or self.settings.statement_timeout_s
        return {"statement_timeout": limit, "statement_timeout_override": override}

    @asynccontextmanager
    async def session(
        self, *, statement_timeout: float | None = None
    ) -> AsyncIterator[AsyncSession]:
        """A session; whatever is not committed when the block ends is rolled back. Plain reads
        may go to a replica until the session writes. ``statement_timeout`` as in
        `transaction`."""
        async with self.sessionmaker()(info=self._limits(statement_timeout)) as session:
            yield session

    @asynccontextmanager
    async def transaction(
        self, *, statement_timeout: float | None = None
    ) -> AsyncIterator[AsyncSession]:
        """A session inside one transaction, on the primary: committed on success, rolled back
        on error.

        Every statement runs on the primary (a read that decides a write must not see a
        lagging replica). If a statement failed inside and the code caught the error, the
        transaction was rolled back and this raises instead of committing nothing quietly.

        Args:
            statement_timeout: Seconds any one statement may run (server-enforced, for this
                transaction only); default: the enclosing `statement_timeout` block, else
                ``settings.statement_timeout_ms``. The client gives up on its own
                `CLIENT_GUARD_MARGIN` seconds later, commit included.

        Raises:
            QueryTimeoutError: A statement was cancelled by the timeout; it names the value.
            TransactionAbortedError: A statement failed, was caught, and the work is lost.
        """
        info = {**self._limits(statement_timeout), "primary_only": True}
        async with self.sessionmaker()(info=info) as session:
            try:
                yield session
            except BaseException:
                await session.rollback()
                raise
            if session.info.get("raw_connection_used") and not session.info.get("failed"):
                # a failed statement on the raw connection left PostgreSQL's transaction
                # aborted; COMMIT would quietly roll it back, so ask once
                with contextlib.suppress(DBAPIError):
                    await session.execute(select(literal(1)))
            if session.info.get("failed"):
                raise TransactionAbortedError(
                    "a statement failed in this transaction and the error was caught; "
                    "PostgreSQL rolled the transaction back, so nothing was committed"
                )
            await session.commit()

    @asynccontextmanager
    async def connect(
        self, *, statement_timeout: float | None = None
    ) -> AsyncIterator[AsyncConnection]:
        """A Core connection inside one transaction (committed on success); a statement the
        limit cancels raises `QueryTimeoutError`. ``statement_timeout`` as in `transaction`."""
        limits = self._limits(statement_timeout)
        async with self.engine.begin() as connection:
            # the engine's begin hook applied the enclosing block's limit, not the argument's
            if statement_timeout is not None:
                await connection.execute(local_timeout(limits["statement_timeout_override"]))
            with timeouts_named(limits["statement_timeout"]):
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

    def cursor(self) -> None:
        """What pandas asks a DBAPI connection for (``pd.read_sql(sql, db)``): refused with
        the supported path, `recipekit.read_sql`."""
        raise SyncConnectionRequiredError("a recipekit Database")

    async def dispose(self) -> None:
        """Close this loop's pooled connections (primary and replicas)."""
        engines = self._loops.pop(asyncio.get_running_loop(), None)
        if engines is not None:
            for engine in engines.all():
                await engine.dispose()


_DATABASES: weakref.WeakSet[Database] = weakref.WeakSet()
_EMBEDDING_TYPMOD = text(
    "SELECT atttypmod FROM pg_attribute WHERE attrelid = to_regclass('recipes')"
    " AND attname = 'embedding' AND NOT attisdropped"
)
"""A ``vector(n)`` column's type modifier is ``n``."""


async def dispose_all() -> None:
    """Close the pooled connections every `Database` holds for the running event loop."""
    for database in list(_DATABASES):
        await database.dispose()


@dataclass(slots=True)
class _LoopEngines:
    """What one event loop uses: the primary's engine, the replicas' engines, the sessions."""

    primary: AsyncEngine
    replicas: list[AsyncEngine]  # the replicas and their health probes, disposed together
    sessionmaker: async_sessionmaker[AsyncSession]

    def all(self) -> list[AsyncEngine]:
        return [self.primary, *self.replicas]
