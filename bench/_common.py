"""What the benchmarks share: scratch databases that never touch the user's data."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from recipekit import migrations
from recipekit.config import Settings
from recipekit.db.admin import fresh_database
from recipekit.db.engine import Database


def scratch_settings() -> Settings:
    """RECIPEKIT_DATABASE_URL's server, else a throwaway embedded one (a new temporary
    RECIPEKIT_HOME, deleted at exit): never the user's data."""
    home = Path(tempfile.mkdtemp(prefix="rkbench-"))
    # registered before the server starts, so it runs after the server's exit handler stops it
    atexit.register(shutil.rmtree, home, ignore_errors=True)
    return replace(Settings.from_env(), home=home)


async def scratch_database(name: str, settings: Settings | None = None) -> Database:
    """A fresh database ``name``, migrated to the newest schema, on the server of ``settings``
    (default: new `scratch_settings`). Pass the same settings to keep several on one server."""
    database = await fresh_database(name, settings or scratch_settings())
    await migrations.upgrade(database)
    return database
