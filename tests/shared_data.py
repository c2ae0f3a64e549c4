"""Where the public test data lives (``../shared/data`` beside the checkout), and how its absence
is treated: a skip on a developer's machine, an error when ``CI`` is set."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def shared_data_path(relative: str) -> Path:
    """The path of a file or folder under ``../shared/data``; skip (or fail under CI) if absent."""
    path = SHARED_DATA / relative
    if not path.exists():
        unavailable(f"shared test data not found: {path}")
    return path


def unavailable(message: str) -> NoReturn:
    """Skip the test for want of something outside the repository, or fail it when ``CI`` is
    set (CI provides everything)."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
