"""Settings from the environment: which database, where the embedded one keeps its data, pool
sizes and timeouts. Every `recipekit` entry point (library, CLI, notebooks, Alembic) reads them
here, so they all find the same database."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

DEFAULT_EMBEDDING_DIMENSION = 768
TRANSACTION_POOLER = "transaction"
"""`Settings.pooler` for a pooler in transaction mode (see `recipekit.db.pooler`)."""
MAX_INDEXED_DIMENSION = 2000
"""The most dimensions pgvector's HNSW index takes for a ``vector`` column."""


def configured_embedding_dimension() -> int:
    """The dimension a new database gives ``recipes.embedding``: ``RECIPEKIT_EMBEDDING_DIMENSION``
    when set (e.g. 384 for all-MiniLM-L6-v2), else 768. It only matters before migrating: a
    migrated database keeps its own (`Database.embedding_dimension`).

    Raises:
        ValueError: For a value that is not a whole number from 1 to `MAX_INDEXED_DIMENSION`.
    """
    raw = os.environ.get("RECIPEKIT_EMBEDDING_DIMENSION") or str(DEFAULT_EMBEDDING_DIMENSION)
    if not raw.strip().isdigit() or not 1 <= int(raw) <= MAX_INDEXED_DIMENSION:
        raise ValueError(
            f"RECIPEKIT_EMBEDDING_DIMENSION={raw!r}: it must be a whole number from 1 to "
            f"{MAX_INDEXED_DIMENSION:,}, the most dimensions an HNSW index takes"
        )
    return int(raw)


EMBEDDING_DIMENSION = configured_embedding_dimension()
"""The configured dimension when recipekit was imported: the models' column type."""


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return default if raw in (None, "") else int(raw)


def default_home() -> Path:
    """The per-user directory holding the embedded server's data (``RECIPEKIT_HOME`` overrides)."""
    configured = os.environ.get("RECIPEKIT_HOME")
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_data_dir("recipekit"))


@dataclass(frozen=True, slots=True)
class Settings:
    """Where the database is and how to talk to it.

    Attributes:
        database_url: An external PostgreSQL (with pgvector) to use. ``None`` means the embedded
            server kept under ``home``.
        home: Directory of the embedded server's data; it survives between runs.
        pool_size: Connections kept open per engine.
        max_overflow: Extra connections allowed on top of ``pool_size`` (5 + 15 = 20 at most).
        pool_timeout: Seconds to wait for a free connection before failing.
        pool_recycle: Seconds after which a pooled connection is replaced.
        statement_timeout_ms: Server-side statement timeout applied to every connection.
        replica_urls: Read replicas (streaming standbys) that plain reads may go to.
        max_replica_lag_s: A replica further behind than this is skipped for the primary.
        replica_check_interval_s: How long a replica's health (up, lag) is trusted before it is
            checked again.
        replica_connect_timeout_s: Seconds to wait for a replica to accept a connection before
            it counts as down (a hung host must not stall reads).
        pooler: ``"transaction"`` when the database is reached through a pooler in transaction
            mode (PgBouncer ``pool_mode = transaction``): no prepared statement outlives a
            transaction and the statement timeout is set per transaction (see
            `recipekit.db.pooler`). ``None`` (the default) for a direct connection or a pooler
            in session mode.
    """

    database_url: str | None = None
    home: Path = field(default_factory=default_home)
    pool_size: int = 5
    max_overflow: int = 15
    pool_timeout: float = 30.0
    pool_recycle: int = 1800
    statement_timeout_ms: int = 60_000
    replica_urls: tuple[str, ...] = ()
    max_replica_lag_s: float = 5.0
    replica_check_interval_s: float = 1.0
    replica_connect_timeout_s: float = 0.5
    pooler: str | None = None

    def __post_init__(self) -> None:
        if self.pooler not in (None, TRANSACTION_POOLER):
            raise ValueError(
                f"pooler={self.pooler!r}: use 'transaction' for a pooler in transaction mode "
                "(PgBouncer pool_mode = transaction), or leave it unset"
            )

    @property
    def statement_timeout_s(self) -> float:
        """The default statement timeout in seconds."""
        return self.statement_timeout_ms / 1000

    @classmethod
    def from_env(cls) -> Settings:
        """Read ``RECIPEKIT_*`` environment variables; unset ones keep their defaults."""
        return cls(
            database_url=os.environ.get("RECIPEKIT_DATABASE_URL") or None,
            home=default_home(),
            pool_size=_env_int("RECIPEKIT_POOL_SIZE", 5),
            max_overflow=_env_int("RECIPEKIT_MAX_OVERFLOW", 15),
            pool_timeout=float(os.environ.get("RECIPEKIT_POOL_TIMEOUT") or 30.0),
            pool_recycle=_env_int("RECIPEKIT_POOL_RECYCLE", 1800),
            statement_timeout_ms=_env_int("RECIPEKIT_STATEMENT_TIMEOUT_MS", 60_000),
            replica_urls=tuple(
                url.strip()
                for url in os.environ.get("RECIPEKIT_REPLICA_URLS", "").split(",")
                if url.strip()
            ),
            max_replica_lag_s=float(os.environ.get("RECIPEKIT_MAX_REPLICA_LAG_S") or 5.0),
            pooler=os.environ.get("RECIPEKIT_POOLER") or None,
        )
