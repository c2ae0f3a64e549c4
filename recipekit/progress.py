"""Progress bars for long jobs: shown when a person is watching, silent in CI and scripts."""

from __future__ import annotations

import sys
from typing import Never

from tqdm.auto import tqdm

PROGRESS_MIN_ITEMS = 2_000
"""Jobs of at least this many items show a bar by default."""


def _watched() -> bool:
    """Whether a person is watching: a terminal, or a Jupyter kernel."""
    if "ipykernel" in sys.modules:
        return True
    return hasattr(sys.stderr, "isatty") and sys.stderr.isatty()


def progress_bar(total: int, description: str, show: bool | None = None) -> tqdm[Never]:
    """A tqdm bar over ``total`` recipes. ``show=None`` shows it for at least
    `PROGRESS_MIN_ITEMS` items when a terminal or notebook is watching."""
    if show is None:
        show = total >= PROGRESS_MIN_ITEMS and _watched()
    return tqdm(total=total, unit="recipe", disable=not show, desc=description)
