"""A real PgBouncer (the Debian package, installed by ``.ci/run``) in front of the test server.

The embedded server listens on a unix socket only; PgBouncer connects to that socket and
listens on a free loopback port itself, with its own ini and userlist in the test's directory.
Under root it runs as the user the server runs as (PgBouncer refuses to run as root, and the
socket directory is that user's).

Usage::

    with pgbouncer(db.url, tmp_path) as url:
        ...  # Database(Settings(pooler="transaction"), url=url)
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import URL

from tests.replication import _hand_over, _system_user
from tests.shared_data import unavailable

_START_TIMEOUT = 15.0


def pgbouncer_binary() -> str:
    """The ``pgbouncer`` executable. Skips the test when it is missing, but fails it on CI
    (``CI`` set), where ``.ci/run`` installs it."""
    found = shutil.which("pgbouncer") or shutil.which("pgbouncer", path="/usr/sbin:/usr/bin")
    if found is None:
        unavailable("pgbouncer is not installed (apt-get install pgbouncer; .ci/run does)")
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _ini(server: URL, port: int, pool_size: int) -> str:
    socket_dir = server.query["host"]
    return f"""\
[databases]
* = host={socket_dir} port={server.port or 5432}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = userlist.txt
pool_mode = transaction
default_pool_size = {pool_size}
max_client_conn = 200
server_reset_query = DISCARD ALL
server_reset_query_always = 1
"""


def _accepting(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def pgbouncer(server: URL, workdir: Path, *, pool_size: int = 2) -> Iterator[URL]:
    """PgBouncer in transaction mode in front of ``server`` (a unix-socket URL), with
    ``pool_size`` server connections per database; yields the URL that goes through it."""
    binary = pgbouncer_binary()
    port = _free_port()
    _hand_over(workdir, 0o755)
    (workdir / "pgbouncer.ini").write_text(_ini(server, port, pool_size))
    (workdir / "userlist.txt").write_text(f'"{server.username}" ""\n')
    log_path = workdir / "pgbouncer.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [binary, "pgbouncer.ini"],
            cwd=workdir,
            user=_system_user(),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + _START_TIMEOUT
        while not _accepting(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"pgbouncer did not start:\n{log_path.read_text()}")
            time.sleep(0.05)
        yield server.set(host="127.0.0.1", port=port, query={})
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
