"""The benchmark scripts still run and print every figure they promise (tiny sizes; the
figures themselves are for people, never asserted: these machines are shared and noisy)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _figures(script: str, *args: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    figures = {}
    for line in done.stdout.splitlines():
        name, _, value = line.partition(": ")
        figures[name] = float(value)
    return figures


@pytest.mark.parametrize(
    ("script", "args", "names"),
    [
        (
            "bulk_load.py",
            ("--n", "30", "--slow-n", "10"),
            {
                "write_recipes_vs_copy", "write_recipes_vs_indexed_copy",
                "write_recipes_vs_to_sql", "write_recipes_vs_orm", "peak_rss_mib",
                "recipes_frame_vs_read_sql",
            },
        ),
        ("read_frames.py", ("--n", "30"), {"recipes_frame_vs_read_sql"}),
    ],
)  # fmt: skip
def test_benchmark_prints_its_figures(script: str, args: tuple[str, ...], names: set[str]) -> None:
    figures = _figures(script, *args)
    assert names <= figures.keys()
    assert all(value > 0 for value in figures.values())
