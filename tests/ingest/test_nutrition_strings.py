"""Nutrition label strings -> kcal, g, mg."""

from __future__ import annotations

import pytest

from recipekit.ingest.nutrition_strings import parse_energy_kcal, parse_grams, parse_milligrams


@pytest.mark.parametrize(
    ("value", "kcal"),
    [
        *(("298 kcal", 298.0), ("401 cal", 401.0), ("1,200 calories", 1200.0), (250, 250.0)),
        # a space, a no-break or a narrow no-break space as the thousands separator
        *(("1 000 kcal", 1000.0), ("1\u00a0250 kcal", 1250.0), ("1\u202f200 kcal", 1200.0)),
    ],
)
def test_energy(value: object, kcal: float) -> None:
    assert parse_energy_kcal(value) == kcal


def test_kilojoules_become_kcal() -> None:
    assert parse_energy_kcal("418.4 kJ") == pytest.approx(100.0)


@pytest.mark.parametrize(
    ("value", "grams"),
    [("12 g", 12.0), ("12.5g", 12.5), ("12,5 g", 12.5), ("9 grams fiber", 9.0), ("500 mg", 0.5)],
)
def test_grams(value: str, grams: float) -> None:
    assert parse_grams(value) == grams


@pytest.mark.parametrize(
    ("value", "milligrams"),
    [("1,200 mg", 1200.0), ("1.2 g", 1200.0), ("0,5 g", 500.0), ("629 mg", 629.0)],
)
def test_milligrams_convert_grams(value: str, milligrams: float) -> None:
    assert parse_milligrams(value) == pytest.approx(milligrams)


@pytest.mark.parametrize("value", ["", "N/A", None, "-5 g", True, "1e400 g", "2E3 g"])
def test_nothing_usable_is_none(value: object) -> None:
    assert parse_grams(value) is None
    assert parse_energy_kcal(value) is None
