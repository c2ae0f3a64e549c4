"""Read-replica routing: plain reads go to a healthy replica, everything else to the primary.

A `RoutingSession` asks `ReplicaRouter` for an engine per statement:

* writes — ORM flushes, ``insert``/``update``/``delete`` constructs, ``SELECT ... FOR UPDATE``,
  and ``text()`` that is not plainly a read — go to the primary;
* after a session has written, all its reads stay on the primary too (read-your-writes);
* a transaction (``db.transaction()``, `run_in_transaction`, the FastAPI dependency) runs
  entirely on the primary: its reads decide its writes;
* other reads go to a replica, round robin, unless it is down or lags more than
  ``max_replica_lag_s``: then the primary serves them, and a warning is logged.

Read-only sessions (`Database.read_session`) route every read to a replica and refuse to flush.
"""

from __future__ import annotations

import itertools
import logging
import re
import time
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Delete, Insert, Select, TextClause, Update, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from recipekit.db.errors import RecipekitError

logger = logging.getLogger("recipekit.replicas")

_PLAIN_READ = re.compile(r"^\s*(select|show|explain|values|table)\b", re.IGNORECASE)
_LOCKING_OR_WRITING = re.compile(
    r"\bfor\s+(update|share|no\s+key\s+update|key\s+share)\b"
    r"|\b(insert|update|delete|merge|create|drop|alter|truncate|grant|revoke|copy|call)\b",
    re.IGNORECASE,
)
_REPLICA_LAG = text(
    "SELECT CASE WHEN NOT pg_is_in_recovery() THEN NULL "  # promoted: no longer a replica
    "WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
)


class ReadOnlySessionError(RecipekitError):
    """A read-only session was asked to write."""


def writes(clause: Any) -> bool:
    """Whether a statement may write or lock rows, and so must run on the primary."""
    if isinstance(clause, Insert | Update | Delete):
        return True
    if isinstance(clause, Select):
        return clause._for_update_arg is not None
    if isinstance(clause, TextClause):
        return not _PLAIN_READ.match(clause.text) or bool(_LOCKING_OR_WRITING.search(clause.text))
    return True  # anything else (a bare connection, an unknown construct): the primary


class ReplicaRouter:
    """The primary and replica engines of one event loop, and the replicas' recent health."""

    def __init__(
        self,
        primary: Engine,
        replicas: Sequence[Engine],
        probes: Sequence[Engine],
        *,
        max_lag: float,
        check_interval: float,
    ) -> None:
        """``probes[i]`` checks ``replicas[i]``: an unpooled engine with short connect and
        command timeouts, so a hung replica is found out quickly and never blocks the pool."""
        self.primary = primary
        self.replicas = list(replicas)
        self.probes = list(probes)
        self.max_lag = max_lag
        self.check_interval = check_interval
        self._turn = itertools.cycle(range(len(self.replicas))) if self.replicas else None
        self._health: dict[int, tuple[float, bool]] = {}
        self._probing: set[int] = set()

    def for_read(self) -> Engine:
        """A healthy replica (round robin), else the primary."""
        if self._turn is None:
            return self.primary
        for _ in self.replicas:
            index = next(self._turn)
            if self._healthy(index):
                return self.replicas[index]
        return self.primary

    def _healthy(self, index: int) -> bool:
        checked_at, healthy = self._health.get(index, (float("-inf"), False))
        if time.monotonic() - checked_at < self.check_interval:
            return healthy
        if index in self._probing:  # another reader is checking it: do not wait, use the primary
            return False
        self._probing.add(index)
        try:
            return self._probe(index)
        finally:
            self._probing.discard(index)

    def _probe(self, index: int) -> bool:
        name = self.replicas[index].url.render_as_string(hide_password=True)
        try:
            with self.probes[index].connect() as connection:
                lag = connection.scalar(_REPLICA_LAG)
        except BaseException as error:  # a guard's cancellation too: remember, then go on
            self._health[index] = (time.monotonic(), False)
            logger.warning(
                "replica %s is unavailable (%s): reading from the primary",
                name,
                type(error).__name__,
            )
            if not isinstance(error, Exception):
                raise
            return False
        healthy = lag is not None and float(lag) <= self.max_lag
        if lag is None:
            logger.warning(
                "replica %s is not a standby (promoted?): reading from the primary", name
            )
        elif not healthy:
            logger.warning(
                "replica %s lags %.1f s (more than %.1f s): reading from the primary",
                name,
                float(lag),
                self.max_lag,
            )
        self._health[index] = (time.monotonic(), healthy)
        return healthy


class RoutingSession(Session):
    """A sync Session (behind the AsyncSession) that picks primary or replica per statement.

    ``info["router"]`` holds the `ReplicaRouter`; ``info["read_only"]`` marks a read-only
    session; ``info["wrote"]`` records that this session has written (read-your-writes).
    """

    def get_bind(self, mapper: Any = None, clause: Any = None, **kwargs: Any) -> Engine:
        router: ReplicaRouter | None = self.info.get("router")
        if router is None:
            return super().get_bind(mapper, clause=clause, **kwargs)  # type: ignore[return-value]
        if self._flushing or writes(clause):
            if self.info.get("read_only"):
                raise ReadOnlySessionError("this session is read-only; use db.session() to write")
            self.info["wrote"] = True
            return router.primary
        if self.info.get("wrote") or self.info.get("primary_only"):
            return router.primary
        return router.for_read()
