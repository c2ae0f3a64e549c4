"""Running Python in a child process, as a user runs recipekit or Alembic from a shell."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from recipekit.db.engine import Database


def url_env(db: Database) -> dict[str, str]:
    """The environment that points a child process at ``db``."""
    return {"RECIPEKIT_DATABASE_URL": db.url.render_as_string(hide_password=False)}


def python(
    *args: str, env: dict[str, str], status: int = 0, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python ARGS`` in a child process (this interpreter, this environment plus ``env``);
    fail with its output on another exit status."""
    completed = subprocess.run(
        [sys.executable, *args],
        env={**os.environ, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == status, completed.stdout + completed.stderr
    return completed
