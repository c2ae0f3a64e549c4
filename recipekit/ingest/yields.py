"""``recipeYield`` and "Servings:" lines -> a serving count plus the text as written.

A range counts its lower end ("4-6 servings" -> 4: the recipe feeds at least that many); a bare
fraction lists alternatives ("2/3" -> 2, as in "2 or 3"); "a dozen" is twelve; an amount of a
measured unit ("2 cups", "2 litres") is a yield but not a serving count; text without a number
("Depends") keeps its text and has no count. A negative number, or more than `MAX_SERVINGS`,
is no serving count either.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Final

from recipekit.ingest.quantities import NUMBER, normalise_fractions, parse_leading_range
from recipekit.ingest.text import clean_text
from recipekit.ingest.units import split_leading_unit

_MEASURED_UNITS: Final = frozenset(
    {"g", "kg", "mg", "ml", "cl", "dl", "l", "tsp", "tbsp", "cup", "fl oz", "oz", "lb", "pint",
     "quart", "gallon"}
)  # fmt: skip
_FIRST_NUMBER = re.compile(NUMBER, re.IGNORECASE)
_ALTERNATIVES = re.compile(r"^(\d+)\s*/\s*(\d+)(?!\d)")
_DOZEN = re.compile(r"^-?\s*dozens?\b", re.IGNORECASE)
_NEGATIVE = re.compile(r"(?<![\d\w])-\s*$")
MAX_SERVINGS: Final = 10_000
"""A larger count is not a serving count (it is kept as text only)."""


def _servings_in_text(text: str) -> int | None:
    text = normalise_fractions(text)
    first = _FIRST_NUMBER.search(text)
    if first is None or _NEGATIVE.search(text[: first.start()]):
        return None
    text = text[first.start() :]
    alternatives = _ALTERNATIVES.match(text)
    if alternatives:
        return int(alternatives[1]) or None
    parsed = parse_leading_range(text)
    if parsed is None:
        return None
    low, _, rest = parsed
    if _DOZEN.match(rest):
        low *= 12
    else:
        unit = split_leading_unit(rest)
        if unit is not None and unit[0] in _MEASURED_UNITS:
            return None
    servings = max(1, math.floor(low + 0.5)) if low > 0 else None
    return servings if servings is not None and servings <= MAX_SERVINGS else None


def _yield_texts(value: object) -> list[str]:
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int | float):
        if not math.isfinite(value):
            return []
        return [str(int(value)) if float(value).is_integer() else f"{value:g}"]
    if isinstance(value, str):
        text = clean_text(value)
        return [text] if text else []
    if isinstance(value, Mapping):
        amount = next((value[k] for k in ("@value", "value", "minValue") if k in value), None)
        unit = value.get("unitText")
        texts = _yield_texts(amount)
        if texts and isinstance(unit, str) and unit.strip():
            return [f"{texts[0]} {clean_text(unit)}"]
        return texts
    if isinstance(value, list):
        return [text for item in value for text in _yield_texts(item)]
    return []


def parse_yield(value: object) -> tuple[int | None, str | None]:
    """``(servings, yield_text)`` from a yield given as text, a number, a list or an object.

    ``yield_text`` is the most descriptive text given (the first one with words in it, else the
    first number). ``servings`` is read from that text when it holds a number (so ``["2", "2
    cups"]`` has no serving count), else from the first other text that holds one.

    Example:
        >>> parse_yield(["4", "4 servings"]), parse_yield("4-6 servings"), parse_yield("Depends")
        ((4, '4 servings'), (4, '4-6 servings'), (None, 'Depends'))
    """
    texts = _yield_texts(value)
    if not texts:
        return None, None
    described = next((text for text in texts if re.search(r"[^\W\d_]", text)), texts[0])
    if _FIRST_NUMBER.search(normalise_fractions(described)):
        return _servings_in_text(described), described
    return next((n for n in map(_servings_in_text, texts) if n is not None), None), described
