"""Nutrition label figures as pages print them ("298 kcal", "12,5 g", "1,200 mg", "401 cal",
"9 grams fiber") -> numbers in kcal, g or mg.

Each figure is read as its first number and the unit word after it; a mass is converted to the
unit asked for (sodium "1.2 g" is 1200 mg), energy in kJ to kcal. A figure with no unit is taken
to be in the unit asked for. Nothing usable ("", "N/A", a negative number) gives ``None``.
"""

from __future__ import annotations

import math
import re
from typing import Final

from recipekit.ingest.quantities import NUMBER, normalise_fractions, parse_number

_AMOUNT = re.compile(rf"(?P<number>{NUMBER})\s*(?P<unit>[^\W\d_]*)", re.IGNORECASE)
_THOUSANDS_SPACE = re.compile(r"(?<=\d)[ \u00a0\u2009\u202f](?=\d{3}(?!\d))")
"""A space as thousands separator ("1 000 kcal", with a thin or no-break space too)."""
_EXPONENT = re.compile(r"^e[+-]?\d", re.IGNORECASE)
_GRAMS_PER: Final = {
    "kg": 1000.0,
    "g": 1.0,
    "gr": 1.0,
    "gram": 1.0,
    "grams": 1.0,
    "gramm": 1.0,
    "grammes": 1.0,
    "mg": 1e-3,
    "milligram": 1e-3,
    "milligrams": 1e-3,
    "mcg": 1e-6,
    "µg": 1e-6,
    "μg": 1e-6,
    "ug": 1e-6,
}
_KCAL_PER: Final = {"kj": 1 / 4.184, "kilojoules": 1 / 4.184}


def _amount(value: object) -> tuple[float, str] | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return (float(value), "") if math.isfinite(value) and value >= 0 else None
    if not isinstance(value, str):
        return None
    text = _THOUSANDS_SPACE.sub("", normalise_fractions(value))
    match = _AMOUNT.search(text)
    if match is None or "-" in text[: match.start()]:
        return None
    if _EXPONENT.match(text[match.end("number") :]):
        return None  # written with an exponent ("1e400 kcal"): not a label figure
    number = parse_number(match["number"])
    if number is None or not math.isfinite(number):  # "9999…9 kcal" overflows to inf
        return None
    return (number, match["unit"].lower())


def parse_energy_kcal(value: object) -> float | None:
    """Energy in kcal; ``cal``/``calories`` on a label mean kcal, kJ is converted.

    Example:
        >>> parse_energy_kcal("298 kcal"), parse_energy_kcal("401 cal"), parse_energy_kcal("")
        (298.0, 401.0, None)
    """
    amount = _amount(value)
    if amount is None:
        return None
    number, unit = amount
    return number * _KCAL_PER.get(unit, 1.0)


def _mass(value: object, unit_grams: float) -> float | None:
    amount = _amount(value)
    if amount is None:
        return None
    number, unit = amount
    grams_per = _GRAMS_PER.get(unit)
    return number if grams_per is None else number * grams_per / unit_grams


def parse_grams(value: object) -> float | None:
    """A mass in grams ("12 g", "12.5g", "12,5 g", "9 grams fiber", "500 mg" -> 0.5).

    Example:
        >>> parse_grams("12,5 g"), parse_grams("500 mg")
        (12.5, 0.5)
    """
    return _mass(value, 1.0)


def parse_milligrams(value: object) -> float | None:
    """A mass in milligrams ("1,200 mg", "1.2 g" -> 1200).

    Example:
        >>> parse_milligrams("1,200 mg"), parse_milligrams("1.2 g")
        (1200.0, 1200.0)
    """
    return _mass(value, 1e-3)
