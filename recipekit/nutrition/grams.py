"""How much an ingredient line weighs: its amount and unit in grams, or why that is unknown.

Rules, in order (a range counts as its midpoint):

- **Mass** units convert directly (g, kg, mg, oz = 28.3495 g, lb = 453.592 g).
- **Volumes** (ml, l, dl, cl, tsp, dessertspoon, tbsp, cup, fl oz, pint, quart, gallon; US
  measures: 1 cup = 16 tbsp = 48 tsp = 236.588 ml) use the food's household weight for that very
  unit, else convert through another volume the food has (cup first, as USDA measures it most
  precisely, then fl oz, tbsp, tsp). There is no density fallback: every pourable food in the
  catalog has a volume weight, and for one without, guessing 1 g/ml would be a silent
  invention, so the line is refused with "no gram weight".
- **Pinch and dash** are 1/16 and 1/8 tsp, through the food's tsp weight.
- **Counts** (no unit, "piece", "each", "head", ...) use the weight for the line's size if the
  food has it ("large" egg = 50 g), else one of the food's: "each", "medium", "large", "small",
  in that order. **Count units with a weight of their own** ("clove", "slice", "stick", "can"
  or "tin") use the food's weight for that unit, or any other unit the catalog names the same.
- **A mass the line states** beats all of these for any line not already in a mass unit: in its
  size it is per unit ("1 (14.5 ounce) can", "3 (8 oz) chicken breasts"); in its comment it is
  per unit for one unit, for packages ("2 cans (400g)") or with "each", else the whole line's
  ("2 chicken breasts (about 1 lb)", "1 1/2 cups (200 g) flour"). See `stated_grams`.
- **Implausible amounts** are refused: a line weighing more than `MAX_LINE_GRAMS` (a tonne),
  or not a finite, non-negative number of grams (a 400-digit quantity, "0 cans (1e400 g)", a
  negative catalog weight), is a typo or hostile input, and counting it would store absurd,
  infinite or NaN figures. It is not counted, and not estimated for mass coverage either.

Units are read through `recipekit.ingest.units.canonical_unit`, so "cups" is a cup. Reasons,
as stored and shown in DataFrames: `NO_QUANTITY`, `UNKNOWN_FOOD`, `UNKNOWN_UNIT` (a unit that
table does not know), `NO_GRAM_WEIGHT` (a known unit this food has no
weight for: "1 bunch parsley", "2 chicken breasts" when only ounces are listed) and
`IMPLAUSIBLE_AMOUNT`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from recipekit.ingest.quantities import parse_leading_range
from recipekit.ingest.units import canonical_unit, split_leading_unit
from recipekit.nutrition.catalog import FoodEntry

NO_QUANTITY: Final = "no quantity"
UNKNOWN_FOOD: Final = "unknown food"
UNKNOWN_UNIT: Final = "unknown unit"
NO_GRAM_WEIGHT: Final = "no gram weight"
IMPLAUSIBLE_AMOUNT: Final = "implausible amount"

MAX_LINE_GRAMS: Final = 1_000_000.0
"""The most one ingredient line may weigh (a tonne); see "Implausible amounts" above."""

GRAMS_PER_MASS_UNIT: Final = {"g": 1.0, "kg": 1000.0, "mg": 0.001, "oz": 28.3495, "lb": 453.592}
ML_PER_VOLUME_UNIT: Final = {
    "ml": 1.0,
    "cl": 10.0,
    "dl": 100.0,
    "l": 1000.0,
    "tsp": 236.588 / 48,
    "dessertspoon": 236.588 / 24,
    "tbsp": 236.588 / 16,
    "fl oz": 236.588 / 8,
    "cup": 236.588,
    "pint": 236.588 * 2,
    "quart": 236.588 * 4,
    "gallon": 236.588 * 16,
}
"""Millilitres per volume unit (US customary measures; a dessertspoon is two teaspoons)."""

TSP_PER_SMALL_MEASURE: Final = {"pinch": 1 / 16, "dash": 1 / 8}

_VOLUME_PREFERENCE: Final = ("cup", "fl oz", "tbsp", "tsp")
_COUNT_UNITS: Final = frozenset({"piece", "each", "whole", "head", "bulb", "ear"})
_SIZES: Final = ("each", "medium", "large", "small")
_PACKAGES: Final = frozenset(
    {"can", "jar", "package", "sachet", "bottle", "tub", "box", "bag", "carton", "punnet"}
)
_NUMBER_START: Final = re.compile(r"(?<![\d./])\d")


@dataclass(frozen=True, slots=True)
class GramsResult:
    """The grams a line weighs, or (``grams`` None) the reason they are unknown."""

    grams: float | None
    reason: str | None = None


def amount(quantity: float | None, quantity_max: float | None) -> float | None:
    """The amount a line means: the quantity, or the midpoint of a range."""
    if quantity is None:
        return quantity_max
    if quantity_max is None:
        return quantity
    return (quantity + quantity_max) / 2


def plausible(grams: float) -> bool:
    """Whether ``grams`` is a weight a line can have: 0 to `MAX_LINE_GRAMS` (not NaN)."""
    return 0.0 <= grams <= MAX_LINE_GRAMS


def _known_unit(unit: str) -> str | None:
    """The canonical spelling of ``unit`` ("cups" -> "cup"), or None when it is not a unit."""
    return unit if unit in _COUNT_UNITS else canonical_unit(unit)


def mass_in(text: str | None) -> float | None:
    """The first mass written in ``text`` in grams ("about 1 1/2 lb." -> 680.388; a range
    counts as its midpoint), or None when it names none."""
    for start in _NUMBER_START.finditer(text or ""):
        parsed = parse_leading_range((text or "")[start.start() :])
        if parsed is None:
            continue
        unit = split_leading_unit(parsed[2].lstrip(" -"))
        if unit is not None and unit[0] in GRAMS_PER_MASS_UNIT:
            return (amount(parsed[0], parsed[1]) or 0.0) * GRAMS_PER_MASS_UNIT[unit[0]]
    return None


def stated_grams(
    count: float, unit: str | None, size: str | None, comment: str | None
) -> float | None:
    """What a line of ``count`` units weighs by its own words (rules in the module docstring),
    or None when it states no mass or is already in a mass unit."""
    if unit in GRAMS_PER_MASS_UNIT:
        return None
    per_unit = mass_in(size)
    if per_unit is not None:
        return count * per_unit
    stated = mass_in(comment)
    if stated is None:
        return None
    if count == 1 or unit in _PACKAGES or "each" in (comment or "").lower():
        return count * stated
    return stated


def _volume_grams(ml: float, food: FoodEntry) -> float | None:
    for unit in _VOLUME_PREFERENCE:
        if unit in food.grams_per_unit:
            return ml / ML_PER_VOLUME_UNIT[unit] * food.grams_per_unit[unit]
    return None


def _count_grams(size: str | None, food: FoodEntry) -> float | None:
    weights = food.grams_per_unit
    if size is not None and size.lower() in weights:
        return weights[size.lower()]
    return next((weights[key] for key in _SIZES if key in weights), None)


def _unit_grams(unit: str, size: str | None, food: FoodEntry) -> float | None:
    """Grams of one ``unit`` of ``food`` (None: no weight for it)."""
    if unit in GRAMS_PER_MASS_UNIT:
        return GRAMS_PER_MASS_UNIT[unit]
    if unit in food.grams_per_unit and unit not in _COUNT_UNITS:
        return food.grams_per_unit[unit]
    if unit in ML_PER_VOLUME_UNIT:
        return _volume_grams(ML_PER_VOLUME_UNIT[unit], food)
    if unit in TSP_PER_SMALL_MEASURE:
        return _volume_grams(TSP_PER_SMALL_MEASURE[unit] * ML_PER_VOLUME_UNIT["tsp"], food)
    if unit in _COUNT_UNITS:
        return _count_grams(size, food)
    return None


def to_grams(
    quantity: float | None,
    quantity_max: float | None,
    unit: str | None,
    size: str | None,
    food: FoodEntry | None,
    comment: str | None = None,
) -> GramsResult:
    """What a line weighs, from its parsed amount, unit, size and comment and its matched food.

    Example:
        >>> egg = FoodEntry("egg", "egg", grams_per_unit={"large": 50, "medium": 44})
        >>> to_grams(2, None, None, "large", egg)
        GramsResult(grams=100, reason=None)
    """
    count = amount(quantity, quantity_max)
    if count is None:
        return GramsResult(None, NO_QUANTITY)
    if food is None:
        return GramsResult(None, UNKNOWN_FOOD)
    known = None if unit is None else _known_unit(unit)
    grams = stated_grams(count, known, size, comment)
    if grams is None:
        if unit is not None and known is None:
            return GramsResult(None, UNKNOWN_UNIT)
        each = _count_grams(size, food) if known is None else _unit_grams(known, size, food)
        if each is None:
            return GramsResult(None, NO_GRAM_WEIGHT)
        grams = count * each
    return GramsResult(grams) if plausible(grams) else GramsResult(None, IMPLAUSIBLE_AMOUNT)


def estimated_grams(
    quantity: float | None,
    quantity_max: float | None,
    unit: str | None,
    size: str | None = None,
    comment: str | None = None,
) -> float | None:
    """What a line would weigh whatever the food, for mass coverage: a mass the line states
    (`stated_grams`), mass units as they are, volumes and pinches at 1 g/ml; None for other
    counts, unknown units and implausible amounts (no estimate)."""
    estimate = _estimate(quantity, quantity_max, unit, size, comment)
    return estimate if estimate is not None and plausible(estimate) else None


def _estimate(
    quantity: float | None,
    quantity_max: float | None,
    unit: str | None,
    size: str | None,
    comment: str | None,
) -> float | None:
    count = amount(quantity, quantity_max)
    unit = None if unit is None else _known_unit(unit)
    if count is None:
        return None
    stated = stated_grams(count, unit, size, comment)
    if stated is not None or unit is None:
        return stated
    if unit in GRAMS_PER_MASS_UNIT:
        return count * GRAMS_PER_MASS_UNIT[unit]
    if unit in ML_PER_VOLUME_UNIT:
        return count * ML_PER_VOLUME_UNIT[unit]
    if unit in TSP_PER_SMALL_MEASURE:
        return count * TSP_PER_SMALL_MEASURE[unit] * ML_PER_VOLUME_UNIT["tsp"]
    return None
