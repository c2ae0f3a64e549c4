"""Nutrition of a recipe from its ingredient lines and the food catalog, with what is missing.

Each line is matched to a food (`FoodCatalog.match`) and weighed (`to_grams`); a line with both
is *counted* and contributes ``grams / 100 * nutrient per 100 g`` of each nutrient.

Definitions:

- ``totals``: per nutrient, the sum over counted lines whose food has a figure for it. A figure
  the catalog lacks (NULL, "not measured"; likewise a NaN, infinite or negative one) is
  unknown, never 0: it adds nothing to the sum, and ``nutrient_coverage`` says which share of
  the counted grams had a figure. A nutrient no counted food has is None.
- ``per_serving``: ``totals`` divided by ``servings``; None when servings are unknown.
- ``line_coverage``: counted lines / all lines (None for no lines).
- ``mass_coverage``: counted grams / (counted grams + estimated grams of the uncounted lines).
  An uncounted line is estimated when it states a mass ("1 (15-oz) can"), or its unit is a mass
  (as written) or a volume or pinch (at 1 g/ml), whatever its food; lines without a quantity,
  counted in pieces, or in an unknown unit cannot be estimated and are left out of both sides.
  None when nothing is known to weigh.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Protocol

from recipekit.models.recipe import NUTRIENTS_PER_SERVING
from recipekit.nutrition.catalog import FoodCatalog, FoodEntry
from recipekit.nutrition.grams import estimated_grams, to_grams

NUTRIENT_SOURCES: Final = dict(
    zip(
        NUTRIENTS_PER_SERVING,
        (
            "energy_kcal", "protein_g", "fat_g", "saturated_fat_g", "carbohydrates_g",
            "fiber_g", "sugars_g", "sodium_mg", "cholesterol_mg",
        ),
        strict=True,
    )
)  # fmt: skip
"""Output nutrient (a `NutritionalInfo` column) -> the catalog's per-100 g column it sums."""


class IngredientLike(Protocol):
    """What computation reads from a line: an `Ingredient` row, or a parsed `IngredientLine`
    (which has ``text`` instead of ``original_text`` and no ``position``; see `compute_lines`)."""

    @property
    def quantity(self) -> float | None: ...
    @property
    def quantity_max(self) -> float | None: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def size(self) -> str | None: ...
    @property
    def comment(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class LineNutrition:
    """One line's part: its food and grams, or why it was not counted (``reason``)."""

    position: int
    text: str
    food_slug: str | None
    food_id: uuid.UUID | None
    grams: float | None
    reason: str | None
    nutrients: Mapping[str, float | None] = field(default_factory=dict)
    """Per output nutrient, for a counted line (empty otherwise); None: not measured."""


@dataclass(frozen=True, slots=True)
class RecipeNutrition:
    """A recipe's computed nutrition and coverage (definitions in the module docstring)."""

    totals: Mapping[str, float | None]
    per_serving: Mapping[str, float | None] | None
    servings: float | None
    grams: float
    line_coverage: float | None
    mass_coverage: float | None
    nutrient_coverage: Mapping[str, float]
    lines: tuple[LineNutrition, ...]


def _figure(value: float | None) -> float | None:
    """``value`` if it is a figure that can be stored (finite, not negative), else None: a NaN,
    infinite or negative catalog figure, or one overflowing, is as unknown as a NULL one."""
    return value if value is not None and 0.0 <= value <= sys.float_info.max else None


def _line_nutrients(food: FoodEntry, grams: float) -> dict[str, float | None]:
    figures = {out: _figure(food.nutrients.get(source)) for out, source in NUTRIENT_SOURCES.items()}
    return {
        out: None if value is None else _figure(grams * value / 100)
        for out, value in figures.items()
    }


def _line(line: IngredientLike, index: int, catalog: FoodCatalog) -> LineNutrition:
    position: int = getattr(line, "position", index)
    text = str(getattr(line, "original_text", None) or getattr(line, "text", ""))
    food = None if not line.name else catalog.match(line.name)
    weighed = to_grams(
        line.quantity, line.quantity_max, line.unit, line.size, food, comment=line.comment
    )
    return LineNutrition(
        position=position,
        text=text,
        food_slug=None if food is None else food.slug,
        food_id=None if food is None else food.id,
        grams=weighed.grams,
        reason=weighed.reason,
        nutrients={}
        if food is None or weighed.grams is None
        else _line_nutrients(food, weighed.grams),
    )


def compute_lines(
    lines: Sequence[IngredientLike], servings: float | None, catalog: FoodCatalog
) -> RecipeNutrition:
    """Nutrition of one recipe's ingredient ``lines`` (totals, per serving, coverage).

    Each line's ``position`` and ``original_text`` are used when it has them (`Ingredient`
    rows), else its index in ``lines`` and its ``text`` (parsed `IngredientLine`s).

    Example:
        >>> rice = FoodEntry("rice", "rice", nutrients={"energy_kcal": 365.0},
        ...                  grams_per_unit={"cup": 185.0})
        >>> from types import SimpleNamespace
        >>> line = SimpleNamespace(text="2 cups rice", quantity=2, quantity_max=None,
        ...                        unit="cup", name="rice", size=None, comment=None)
        >>> compute_lines([line], 4, FoodCatalog([rice])).per_serving["calories_kcal"]
        337.625
    """
    computed = tuple(_line(line, index, catalog) for index, line in enumerate(lines))
    counted = [line for line in computed if line.grams is not None]
    counted_grams = sum(line.grams or 0.0 for line in counted)
    totals: dict[str, float | None] = {}
    nutrient_coverage: dict[str, float] = {}
    for nutrient in NUTRIENTS_PER_SERVING:
        known = [line for line in counted if line.nutrients[nutrient] is not None]
        total = sum(line.nutrients[nutrient] or 0.0 for line in known) if known else None
        totals[nutrient] = _figure(total)
        known_grams = sum(line.grams or 0.0 for line in known)
        nutrient_coverage[nutrient] = known_grams / counted_grams if counted_grams else 0.0
    estimated = sum(
        estimated_grams(
            source.quantity, source.quantity_max, source.unit, source.size, source.comment
        )
        or 0.0
        for source, line in zip(lines, computed, strict=True)
        if line.grams is None
    )
    per_serving = (
        {name: None if total is None else total / servings for name, total in totals.items()}
        if servings is not None and servings > 0
        else None
    )
    return RecipeNutrition(
        totals=totals,
        per_serving=per_serving,
        servings=servings,
        grams=counted_grams,
        line_coverage=len(counted) / len(computed) if computed else None,
        mass_coverage=(
            counted_grams / (counted_grams + estimated) if counted_grams + estimated else None
        ),
        nutrient_coverage=nutrient_coverage,
        lines=computed,
    )
