"""Recipe times in whole minutes, from ISO-8601 durations as real pages write them and free text.

Rules, each chosen for what recipe pages actually publish:

* ``M`` always means minutes, also before ``T`` (``P30M``): a recipe is never months long.
* Missing numbers count as zero (``PTH25MS`` is 25 minutes); placeholders that are not numbers
  (``PTundefinedM``, ``PTNaNM``, ``P``, ``PT``) and negative durations give ``None``.
* A duration given only in seconds that is not a whole number of minutes (``PT45S``) means
  minutes: pages that write ``PT1200S`` mean 20 minutes, those that write ``PT45S`` mean 45.
* Zero is "not given" (``PT0S``, ``P0D`` are template defaults), and so is anything longer than
  `MAX_MINUTES` (30 days): both become ``None``.
* Free text adds up every number-and-unit pair ("1 hour 30 min", "20 min + 30 min for rising");
  a range counts its upper end ("25-30 min" -> 30) so a plan built on it is not late; a bare
  number is minutes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Final

from recipekit.ingest.quantities import NUMBER, RANGE_SEPARATOR, normalise_fractions, parse_number

MAX_MINUTES: Final = 30 * 24 * 60
"""Longer than this is a broken value, not a recipe (fermenting and curing fit within it)."""

_MINUTES_PER: Final = {"W": 7 * 24 * 60, "D": 24 * 60, "H": 60, "M": 1, "S": 1 / 60}
_ISO_START = re.compile(r"^P(?:T|[\d.,-]|$)", re.IGNORECASE)
_ISO_BODY = re.compile(r"^[\d.,TWDHMS]*$")  # no sign, no placeholder words
_ISO_PART = re.compile(r"(\d*(?:[.,]\d+)?)([WDHMS])")

_UNIT_WORDS: Final = {
    "W": r"weeks?|wks?|semaines?|semanas?|settimane|settimana|wochen?",
    "D": r"days?|d|días?|dias?|giorni|giorno|jours?|tage?n?|dagen|dag",
    "H": r"hours?|hrs?|h|horas?|heures?|ore|ora|stunden?|std|uur|timer?|tim",
    "M": r"minutes?|mins?|m|mn|minutos?|minuti|minuto|minuten|minutter|min\.",
    "S": r"seconds?|secs?|s|segundos?|secondi|sekunden",
}
_TEXT_PART = re.compile(
    rf"(?P<low>{NUMBER})(?:{RANGE_SEPARATOR}(?P<high>{NUMBER}))?\s*"
    rf"(?P<unit>{'|'.join(f'(?P<{key}>{words})' for key, words in _UNIT_WORDS.items())})\b",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(rf"^\s*~?\s*(?P<value>{NUMBER})\s*$", re.IGNORECASE)


def _accepted(minutes: float) -> int | None:
    whole = math.ceil(minutes - 0.5)  # round half up, never to a negative
    return whole if 0 < whole <= MAX_MINUTES else None


def _iso_minutes(text: str) -> int | None:
    body = text[1:].upper()
    if not _ISO_BODY.match(body):
        return None
    parts = [
        (parse_number(number) if number else 0.0, unit) for number, unit in _ISO_PART.findall(body)
    ]
    if any(value is None for value, _ in parts):
        return None
    values = {unit: float(value or 0) for value, unit in parts}
    if set(values) == {"S"} and values["S"] % 60:
        return _accepted(values["S"])
    return _accepted(sum(value * _MINUTES_PER[unit] for unit, value in values.items()))


def _text_minutes(text: str) -> int | None:
    text = normalise_fractions(text)
    total = 0.0
    for match in _TEXT_PART.finditer(text):
        value = parse_number(match["high"] or match["low"])
        unit = next(key for key in _UNIT_WORDS if match[key])
        total += (value or 0.0) * _MINUTES_PER[unit]
    if total:
        return _accepted(total)
    bare = _BARE_NUMBER.match(text)
    value = parse_number(bare["value"]) if bare else None
    return _accepted(value) if value is not None else None


def parse_duration(value: object) -> int | None:
    """Whole minutes for a schema.org duration or a free-text time, ``None`` when there is none.

    Accepts a string, a number (minutes), or an object carrying the value under ``@value``,
    ``value`` or ``minValue`` (``{"@type": "Duration", "@value": "PT35M"}``).

    Example:
        >>> parse_duration("PT1H30M"), parse_duration("PT45S"), parse_duration("1 1/2 hours")
        (90, 45, 90)
        >>> parse_duration("PTundefinedM"), parse_duration("PT-475323H41M52S")
        (None, None)
    """
    if isinstance(value, Mapping):
        inner = next((value[key] for key in ("@value", "value", "minValue") if key in value), None)
        return parse_duration(inner)
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _accepted(float(value)) if math.isfinite(value) else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if _ISO_START.match(text):
        return _iso_minutes(text)
    return _text_minutes(text)


def total_time(total: int | None, prep: int | None, cook: int | None) -> int | None:
    """The total time of a recipe: the stated total, else preparation plus cooking, else
    whichever of the two is known.

    Example:
        >>> total_time(None, 10, 20), total_time(45, 10, 20), total_time(None, None, 20)
        (30, 45, 20)
    """
    if total is not None:
        return total
    if prep is None and cook is None:
        return None
    return (prep or 0) + (cook or 0)
