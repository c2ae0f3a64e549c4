"""Accuracy of `parse_ingredient_line` on labelled ingredient lines.

    python bench/parser_eval.py [--data FILE ...]

Reads CSV files in the layout of ``../shared/data/ingredient-lines/*.csv`` (columns input, name,
quantity, unit, size, preparation, comment, purpose; default: every CSV there), parses each input
and compares three fields with the labels. Rows whose name, quantity and unit labels are all empty
are unlabelled and skipped. Prints the shares per file and overall, ending with
``quantity_accuracy``, ``unit_accuracy``, ``name_accuracy`` (0 to 1) and ``lines``.

How the labels are read:

- Quantities: ``#1$2`` is 1/2, ``5#1$4`` is 5 1/4 and ``.25`` is 0.25; ``2-3`` is a range; a
  token ``Nx`` is a multiplier of the next quantity (``2x 400`` is 800); number words ("one" to
  "twelve", "half", "quarter") count, other words ("few", "couple") are not quantities.
- Pairs: the labels list the quantity and unit tokens in the order of the sentence, so each
  label token is found in the input and they pair like brackets, a unit with the nearest
  quantity before it that has none yet: ``150 5#1$4`` + ``g oz`` from "150g/5¼oz" is 150 g and
  5 1/4 oz, while ``4 6`` + ``ounce can`` from "4 (6 ounce) cans" (or "4 6-ounce cans") is 6
  ounces inside 4 cans. The pair whose quantity comes first counts; a quantity left without a
  unit is a count ("1 small squid (500g/1lb 2oz)" is 1, no unit), a unit before any quantity
  stands alone ("Pinch of salt"). When a token cannot be found in the input, quantities and
  units pair in order as listed (more quantities than units: the first is a count).
- Units: the label's words are read left to right through `LABEL_UNITS` (plural words folded to
  singular); words in `LABEL_MODIFIERS` ("small handful", "heaped tbsp") qualify the unit after
  them and are dropped, and so are words with a digit (a dimension such as ``2"-wide`` in
  ``2"-wide strip``); a word in neither table is compared as written. No unit: ``None``.
- Comparison: quantity within 1e-6 (the upper bound too when the label has one); unit exactly;
  name exactly after lower-casing and folding whitespace.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Final, NamedTuple

from recipekit.ingest.ingredient_lines import parse_ingredient_line

DEFAULT_DATA: Final = Path(__file__).resolve().parents[2] / "shared" / "data" / "ingredient-lines"

LABEL_UNITS: Final[dict[str, str]] = {
    **dict.fromkeys(("g", "gram", "gramme"), "g"),
    **dict.fromkeys(("kg", "kilo", "kilogram"), "kg"),
    "mg": "mg",
    **dict.fromkeys(("ml", "millilitre", "milliliter"), "ml"),
    "cl": "cl",
    "dl": "dl",
    **dict.fromkeys(("l", "litre", "liter"), "l"),
    **dict.fromkeys(("tsp", "teaspoon"), "tsp"),
    **dict.fromkeys(("tbsp", "tablespoon"), "tbsp"),
    **dict.fromkeys(("dessertspoon", "dsp"), "dessertspoon"),
    **dict.fromkeys(("c", "cup"), "cup"),
    **dict.fromkeys(("fl oz", "floz", "fluid ounce"), "fl oz"),
    **dict.fromkeys(("oz", "ounce"), "oz"),
    **dict.fromkeys(("lb", "pound"), "lb"),
    **dict.fromkeys(("pint", "pt"), "pint"),
    **dict.fromkeys(("quart", "qt"), "quart"),
    "gallon": "gallon",
    "mm": "mm",
    "cm": "cm",
    **dict.fromkeys(("in", "inch"), "in"),
    **{
        unit: unit
        for unit in (
            "pinch", "dash", "drop", "splash", "glug", "knob", "handful", "scoop", "clove",
            "can", "jar", "sachet", "bottle", "tub", "box", "bag", "carton", "punnet", "glass",
            "stick", "slice", "piece", "chunk", "wedge", "rasher", "bunch", "sprig", "stem",
            "stalk", "head", "bulb", "leaf", "sheet", "cube", "ear", "loaf", "ball", "spear",
            "container", "block", "bar", "log", "pouch", "envelope", "basket", "jigger", "strip",
            "square", "pod", "fillet", "recipe",
        )
    },
    "tin": "can",
    "rib": "stalk",
    **dict.fromkeys(("package", "packet", "pack"), "package"),
}  # fmt: skip
"""Label unit words -> the parser's canonical units (see `recipekit.ingest.units`)."""

LABEL_MODIFIERS: Final = frozenset(
    {"small", "smaller", "large", "medium", "big", "good", "generous", "heaped", "heaping",
     "level", "rounded", "scant", "thick", "thin", "fat", "lg", "sm", "md", "thumb-sized",
     "very", "lightly"}
)  # fmt: skip
"""Label words that qualify the unit after them ("small handful" is a handful)."""

_NUMBER_WORDS: Final = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve",
)  # fmt: skip
_WORD_QUANTITIES: Final = {
    "half": 0.5,
    "quarter": 0.25,
    **{word: float(value) for value, word in enumerate(_NUMBER_WORDS, start=1)},
}
_LABEL_NUMBER = re.compile(
    r"^(?:(?P<whole>\d+(?:\.\d+)?|\.\d+)|(?P<mixed>\d*)#(?P<num>\d+)\$(?P<den>\d+))$"
)
_VULGAR = "\u00bc\u00bd\u00be\u2150-\u215e"
_INPUT_NUMBER = re.compile(
    rf"(?<![\w.])(?:\d+\s+\d+\s*[/\u2044]\s*\d+|\d+\s*[/\u2044]\s*\d+|\d*\s*[{_VULGAR}]|\d*\.\d+|\d+)"
    rf"|\b(?:{'|'.join(_WORD_QUANTITIES)})\b",
    re.IGNORECASE,
)
"""A number as an ingredient line writes it, to find a label's quantities in the line."""
_TOLERANCE: Final = 1e-6

Quantity = tuple[float, float | None]


class LabelQuantity(NamedTuple):
    """One quantity of a label and the first figure the line writes for it (a multiplier's
    count: "2x 400" is 800, written from the 2)."""

    quantity: Quantity
    written: float


class LabelUnit(NamedTuple):
    """One unit of a label, canonical, and the word the line writes it with."""

    unit: str
    word: str


@dataclass(frozen=True, slots=True)
class Expected:
    """What one row's labels say: quantity (low, high), canonical unit and folded name."""

    quantity: Quantity | None
    unit: str | None
    name: str


@dataclass(frozen=True, slots=True)
class Scores:
    """Exact-match counts over ``lines`` labelled lines."""

    lines: int
    quantity: int
    unit: int
    name: int

    def __add__(self, other: Scores) -> Scores:
        return Scores(
            self.lines + other.lines,
            self.quantity + other.quantity,
            self.unit + other.unit,
            self.name + other.name,
        )

    def share(self, hits: int) -> float:
        """``hits`` as a share of the lines (0 when there are none)."""
        return hits / self.lines if self.lines else 0.0


def _label_number(token: str) -> float | None:
    if token.lower() in _WORD_QUANTITIES:
        return _WORD_QUANTITIES[token.lower()]
    match = _LABEL_NUMBER.match(token)
    if match is None:
        return None
    if match["whole"] is not None:
        return float(match["whole"])
    return int(match["mixed"] or 0) + int(match["num"]) / int(match["den"])


def _label_quantity(token: str) -> Quantity | None:
    low, _, high = token.partition("-")
    low_value = _label_number(low)
    if low_value is None:
        return None
    return low_value, _label_number(high) if high else None


def label_quantities(label: str) -> list[LabelQuantity]:
    """The quantities of a label, multipliers applied: ``"2x 400 14"`` -> 800 and 14."""
    quantities: list[LabelQuantity] = []
    factor: float | None = None
    for token in label.split():
        if token.lower().endswith("x") and (multiplier := _label_number(token[:-1])) is not None:
            factor = multiplier * (factor or 1.0)
            continue
        quantity = _label_quantity(token)
        if quantity is not None:
            low, high = quantity
            scale = factor or 1.0
            written = low if factor is None else factor
            quantities.append(
                LabelQuantity((low * scale, high * scale if high is not None else None), written)
            )
            factor = None
    if factor is not None and not quantities:
        quantities.append(LabelQuantity((factor, None), factor))  # "1 x tbsp": the count
    return quantities


def _folded(word: str) -> str | None:
    """A label word through `LABEL_UNITS`, trying its singular form too."""
    for candidate in (word, re.sub(r"(?<=[^s])s$", "", word), re.sub(r"es$", "", word)):
        if candidate in LABEL_UNITS:
            return LABEL_UNITS[candidate]
    return None


def label_units(label: str) -> list[LabelUnit]:
    """The canonical units a label names, in order: ``"small handful g oz"`` -> handful, g, oz."""
    words = label.lower().split()
    units: list[LabelUnit] = []
    index = 0
    while index < len(words):
        pair = " ".join(words[index : index + 2])
        if index + 1 < len(words) and (unit := _folded(pair)) is not None:
            units.append(LabelUnit(unit, words[index]))
            index += 2
            continue
        word = words[index]
        if (unit := _folded(word)) is not None:
            units.append(LabelUnit(unit, word))
        elif any(character.isdigit() for character in word):
            pass  # a dimension labelled with its unit ('2"-wide strip'): a size, not a unit
        elif word not in LABEL_MODIFIERS or index == len(words) - 1:
            units.append(LabelUnit(word, word))
        index += 1
    return units


def _input_number(text: str) -> float:
    """The value of a number `_INPUT_NUMBER` found: "1 1/2", "2½", ".25", "two"."""
    text = text.lower()
    if text in _WORD_QUANTITIES:
        return _WORD_QUANTITIES[text]
    if text[-1] in "\u00bc\u00bd\u00be" or "\u2150" <= text[-1] <= "\u215e":
        return float(text[:-1].strip() or 0) + unicodedata.numeric(text[-1])
    whole, _, fraction = text.replace("\u2044", "/").rpartition(" ")
    if "/" not in fraction:
        return float(text)
    numerator, _, denominator = fraction.partition("/")
    if "/" in whole or not whole.strip():
        numerator, _, denominator = text.replace("\u2044", "/").partition("/")
        return float(numerator) / float(denominator)
    return float(whole) + float(numerator) / float(denominator)


def _quantity_positions(text: str, quantities: list[LabelQuantity]) -> list[int] | None:
    """Where the line writes each label quantity, in order; ``None`` if one is not found."""
    numbers = [(match.start(), _input_number(match[0])) for match in _INPUT_NUMBER.finditer(text)]
    positions: list[int] = []
    for quantity in quantities:
        start = positions[-1] + 1 if positions else 0
        found = next(
            (at for at, value in numbers if at >= start and abs(value - quantity.written) < 1e-6),
            None,
        )
        if found is None:
            return None
        positions.append(found)
    return positions


def _unit_positions(text: str, units: list[LabelUnit]) -> list[int] | None:
    """Where the line writes each label unit (plural or abbreviated with a dot), in order."""
    lowered = text.lower()
    positions: list[int] = []
    start = 0
    for unit in units:
        stem = unit.word if len(unit.word) <= 3 else unit.word[:-1]  # "leaf" in "leaves"
        ending = r"(?:s|es)?(?![a-z])" if len(unit.word) <= 3 else ""
        match = re.compile(rf"(?<![a-z]){re.escape(stem)}{ending}").search(lowered, start)
        if match is None:
            return None
        positions.append(match.start())
        start = match.end()
    return positions


def first_amount(
    text: str, quantities: list[LabelQuantity], units: list[LabelUnit]
) -> tuple[Quantity | None, str | None]:
    """The amount a labelled line starts with: the label's quantities and units paired like
    brackets in the order the line writes them (see the module docstring)."""
    quantity_at = _quantity_positions(text, quantities)
    unit_at = _unit_positions(text, units)
    if quantity_at is None or unit_at is None:
        if len(quantities) > len(units):
            return quantities[0].quantity, None
        return (quantities[0].quantity if quantities else None), (units[0].unit if units else None)
    events = sorted(
        [(at, 0, index) for index, at in enumerate(quantity_at)]
        + [(at, 1, index) for index, at in enumerate(unit_at)]
    )
    open_quantities: list[int] = []
    amounts: list[tuple[int, Quantity | None, str | None]] = []
    for at, kind, index in events:
        if kind == 0:
            open_quantities.append(index)
        elif open_quantities:
            paired = open_quantities.pop()
            amounts.append((quantity_at[paired], quantities[paired].quantity, units[index].unit))
        else:
            amounts.append((at, None, units[index].unit))
    amounts += [(quantity_at[index], quantities[index].quantity, None) for index in open_quantities]
    if not amounts:
        return None, None
    _, quantity, unit = min(amounts, key=lambda amount: amount[0])
    return quantity, unit


def fold_name(name: str | None) -> str:
    """A name as compared: lower case, whitespace folded."""
    return " ".join((name or "").lower().split())


def expected(row: dict[str, str]) -> Expected | None:
    """What a CSV row's labels say, or ``None`` for an unlabelled row."""
    if not any(row.get(column, "").strip() for column in ("name", "quantity", "unit")):
        return None
    quantities = label_quantities(row.get("quantity", ""))
    units = label_units(row.get("unit", ""))
    quantity, unit = first_amount(row.get("input", ""), quantities, units)
    return Expected(quantity, unit, fold_name(row.get("name")))


def _same_quantity(label: Quantity | None, low: float | None, high: float | None) -> bool:
    if label is None or low is None:
        return label is None and low is None
    label_low, label_high = label
    if abs(label_low - low) > _TOLERANCE:
        return False
    return label_high is None or (high is not None and abs(label_high - high) <= _TOLERANCE)


def evaluate(path: Path) -> Scores:
    """Parse every labelled line of one CSV file and count the exact matches."""
    lines = quantity = unit = name = 0
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            label = expected(row)
            if label is None:
                continue
            parsed = parse_ingredient_line(row["input"])
            lines += 1
            quantity += _same_quantity(label.quantity, parsed.quantity, parsed.quantity_max)
            unit += label.unit == parsed.unit
            name += label.name == fold_name(parsed.name)
    return Scores(lines, quantity, unit, name)


def _print_scores(scores: Scores) -> None:
    print(f"quantity_accuracy: {scores.share(scores.quantity):.4f}")
    print(f"unit_accuracy: {scores.share(scores.unit):.4f}")
    print(f"name_accuracy: {scores.share(scores.name):.4f}")
    print(f"lines: {scores.lines}")


def main(argv: list[str] | None = None) -> None:
    """Evaluate each ``--data`` file (default: every labelled CSV) and print the shares."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, action="append", help="labelled CSV (repeatable)")
    args = parser.parse_args(argv)
    paths: list[Path] = args.data or sorted(DEFAULT_DATA.glob("*.csv"))
    if not paths:
        sys.exit(f"no labelled CSV files found in {DEFAULT_DATA}")
    total = Scores(0, 0, 0, 0)
    for path in paths:
        scores = evaluate(path)
        total += scores
        print(f"[{path.name}]")
        _print_scores(scores)
    print("[overall]")
    _print_scores(total)


if __name__ == "__main__":
    main()
