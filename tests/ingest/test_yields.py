"""Yields: text, numbers, lists and objects -> (servings, yield_text)."""

from __future__ import annotations

import pytest

from recipekit.ingest.yields import parse_yield


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (4, (4, "4")),
        ("4", (4, "4")),
        (["4", "4 servings"], (4, "4 servings")),
        ("4-6 servings", (4, "4-6 servings")),
        ("3 to 4 servings", (3, "3 to 4 servings")),
        ("Serves 4.0", (4, "Serves 4.0")),
        ("makes 4 large pretzels", (4, "makes 4 large pretzels")),
        ("2/3", (2, "2/3")),
        ("Five-dozen individual cookies", (60, "Five-dozen individual cookies")),
        ({"@type": "QuantitativeValue", "value": 6, "unitText": "servings"}, (6, "6 servings")),
        ("Depends", (None, "Depends")),
        ("2 litres", (None, "2 litres")),
        (["2", "2 cups"], (None, "2 cups")),
        ("", (None, None)),
        (None, (None, None)),
    ],
)
def test_parse_yield(value: object, expected: tuple[int | None, str | None]) -> None:
    assert parse_yield(value) == expected


def test_negative_or_absurd_counts_are_no_serving_count() -> None:
    assert parse_yield(-3) == (None, "-3")
    assert parse_yield("Serves -2") == (None, "Serves -2")
    assert parse_yield(1e9) == (None, "1000000000")
    assert parse_yield(4.0) == (4, "4")
    assert parse_yield("Serves 2-3") == (2, "Serves 2-3")
