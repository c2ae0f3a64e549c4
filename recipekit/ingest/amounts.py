"""The amount that starts an ingredient line: quantity or range, unit, size and their remarks.

"2 x 400g/14oz cans tomatoes" -> 800 g ("x" multiplies), "150g/5¼oz" -> 150 g and
"4oz (100g)" -> 100 g (of a metric/imperial pair the metric figure wins, whichever comes
first: it is the one the writer measured, the other is usually a rounded conversion),
"1 (14.5 ounce) can" ->
1 can of size "14.5 ounce", "a good pinch of" -> 1 pinch with the remark "good", "small bunch"
-> a bunch of size "small", "1 13oz. can" and "1 3 lb pork shoulder" -> 1 (can) of size "13oz." /
"3 lb", "Sugar: 2 tbsp" -> 2 tbsp (an amount after the name). Text is expected cleaned
(`clean_text`) and with ASCII fractions (`normalise_fractions`).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Final

from recipekit.ingest.quantities import NUMBER, RANGE_SEPARATOR, parse_leading_range
from recipekit.ingest.units import (
    CONTAINERS,
    IMPERIAL,
    LOOSE,
    MEASURES,
    METRIC,
    UNIT,
    UNIT_ALIAS,
    canonical_unit,
    split_leading_unit,
)

_ITEM_SIZE_WORD: Final = (
    r"(?:extra[- ]large|extra[- ]small|medium[- ]sized?|medium[- ]large|even[- ]sized|"
    r"large|small|medium|tiny|jumbo|lg|md|sm)"
)
_SIZE_WORD: Final = rf"(?:{_ITEM_SIZE_WORD}|thumb[- ]sized?|big|thick|thin|fat)"

ITEM_SIZES: Final = rf"{_ITEM_SIZE_WORD}(?:\s+(?:or|to)\s+{_ITEM_SIZE_WORD})*"
"""The size of an item, alone or as alternatives: "large", "small to medium", "lg"."""

_SIZES: Final = rf"{_SIZE_WORD}(?:\s+(?:or|to)\s+{_SIZE_WORD})*"

_MODIFIER = (
    r"(?:good|generous|heaped|heaping|level|rounded|scant|smaller|bigger|fine|"
    r"(?:(?:lightly|firmly|loosely|well)\s+)?packed)"
)
_APPROXIMATELY = re.compile(
    r"^(?P<word>~|about|approx\.?|approximately|around|roughly|up to|at least|at most|nearly|"
    rf"almost|{_MODIFIER})\s*(?=\d|\.\d|/)",
    re.IGNORECASE,
)
_PART_OF = re.compile(
    r"^(?P<part>(?:(?:finely\s+|freshly\s+)?grated\s+)?(?:zest|juice|rind|kernels|seeds|flesh|"
    r"bones|segments)(?:\s+(?:and|&)\s+(?:zest|juice|rind))?\s+(?:of|from))\s+(?=\S)",
    re.IGNORECASE,
)
_OPTIONAL = re.compile(r"^\(?\s*(?P<word>optional)\s*[):]\s*(?=\S)", re.IGNORECASE)
_FEW = re.compile(r"^(?P<words>(?:a\s+)?(?:few|couple(?:\s+of)?|several))\s+", re.IGNORECASE)
_ARTICLE = re.compile(rf"^an?\s+(?=(?:(?:{_MODIFIER}|{_SIZE_WORD})\s+)*{UNIT})", re.IGNORECASE)
_ARTICLE_AFTER_NUMBER = re.compile(r"^(?:of\s+(?:an?\s+)?|an?\s+)(?=\S)", re.IGNORECASE)
_PERCENTAGE = re.compile(rf"^{NUMBER}\s*(?:%|percent\b)", re.IGNORECASE)
_PARTS: Final = {"half": 0.5, "third": 1 / 3, "quarter": 0.25}
_PART = re.compile(
    rf"^(?:a\s+|one\s+)?(?P<part>{'|'.join(_PARTS)})(?:\s+of)?(?:\s+an?)?\s+", re.IGNORECASE
)
_MULTIPLIER = re.compile(r"^[x\u00d7*]\s*(?=\d|\.\d)", re.IGNORECASE)
_LONE_MULTIPLIER = re.compile(rf"^[x\u00d7]\s+(?={UNIT})", re.IGNORECASE)
_UNIT_PREFIX = re.compile(rf"^(?P<words>(?:(?:{_MODIFIER}|{_SIZES})\s+)+)(?={UNIT})", re.IGNORECASE)
_SIZE_PREFIX = re.compile(rf"^{_SIZES}$", re.IGNORECASE)
_FIGURE = rf"{NUMBER}(?:\s*-?\s*(?:to|or|-|\u2013)\s*{NUMBER})?"
"""A number or a range whose first end may carry a hyphen: "15- to 16", "8 or 9"."""
_MEASURE = rf"(?:{_FIGURE}\s*-?\s*{UNIT_ALIAS}\.?)"
_DIMENSION = r"(?:[- ]?(?:thick|long|wide|across|diameter|square))"
_PARENTHESISED_SIZE = re.compile(
    rf"^\(\s*(?P<size>{_MEASURE}(?:\s*/\s*{_MEASURE})?{_DIMENSION}?)\s*\)\s*", re.IGNORECASE
)
_COUNTED_SIZE = re.compile(
    rf"^(?P<size>{_FIGURE}\s*-?\s*(?P<unit>{UNIT_ALIAS})\.?(?:-{NUMBER}-{UNIT_ALIAS})?"
    rf"{_DIMENSION}?)(?:\s*\(\s*{_MEASURE}\s*\))?(?=\s+(?P<container>{UNIT})?)",
    re.IGNORECASE,
)
"""A measure after a count: "28-ounce", "15- to 16-ounce", "2-pound-3-ounce", "1\"-thick",
"14.5 oz (411g)" (the parenthesised other figure of the pair is dropped)."""
_ONE_AMOUNT = rf"{NUMBER}(?:{RANGE_SEPARATOR}{NUMBER})?\s*-?\s*{UNIT}"
_ALTERNATIVE = re.compile(
    rf"^(?P<open>/|\()\s*(?:about\s+|approx\.?\s+)?(?P<amount>{_ONE_AMOUNT}|{NUMBER}(?=\s))"
    rf"(?:\s*(?:/|,|or|\+|-)?\s*{_ONE_AMOUNT})*\s*\)?\s*",
    re.IGNORECASE,
)
_UPPER_END = re.compile(
    rf"^(?:-|\u2013|\u2014|to)\s*(?P<amount>{NUMBER}\s*{UNIT})\s*", re.IGNORECASE
)
_PLUS = re.compile(rf"^(?P<plus>(?:plus|\+)\s*{_ONE_AMOUNT})\s*", re.IGNORECASE)
_SCALE: Final = {("g", "kg"): 1000.0, ("ml", "l"): 1000.0, ("mg", "g"): 1000.0}
_LEADING_HYPHEN = re.compile(rf"^-\s*(?={UNIT})", re.IGNORECASE)
_OF = re.compile(r"^of\s+", re.IGNORECASE)
_TRAILING_AMOUNT = re.compile(
    rf"^(?P<name>[^\d|]*?[^\s\d:])\s*:?\s+(?P<amount>{NUMBER}(?:{RANGE_SEPARATOR}{NUMBER})?\s*"
    rf"(?:{UNIT_ALIAS}\.?)?)(?:\s*\|[^,(]*)?\s*(?P<rest>[,(].*)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Amount:
    """What the start of a line says about how much: all optional."""

    quantity: float | None = None
    quantity_max: float | None = None
    unit: str | None = None
    size: str | None = None
    remarks: tuple[str, ...] = ()


@dataclass(slots=True)
class _Reading:
    """An amount being read, and the text not yet read."""

    rest: str
    quantity: float | None = None
    quantity_max: float | None = None
    unit: str | None = None
    size: str | None = None
    remarks: tuple[str, ...] = ()

    def take(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        """Match ``pattern`` at the start of the rest and consume it."""
        match = pattern.match(self.rest)
        if match is not None:
            self.rest = self.rest[match.end() :].strip()
        return match

    def remark(self, text: str) -> None:
        self.remarks = (*self.remarks, text.strip())

    def amount(self) -> Amount:
        return Amount(self.quantity, self.quantity_max, self.unit, self.size, self.remarks)


def _read_number(reading: _Reading) -> None:
    """The quantity or range: "a"/"an" before a unit is 1, "half" is 0.5 ("a quarter of" 0.25),
    "2 x 400" is 800; "optional:", "about", "juice of" and "a few" before it are remarks."""
    prefixes = ((_OPTIONAL, "word"), (_PART_OF, "part"), (_APPROXIMATELY, "word"), (_FEW, "words"))
    for prefix, group in prefixes:
        if (match := reading.take(prefix)) is not None:
            reading.remark(match[group])
    if reading.take(_ARTICLE) is not None:
        reading.quantity = 1.0
        return
    if (part := reading.take(_PART)) is not None:
        reading.quantity = _PARTS[part["part"].lower()]
        return
    parsed = parse_leading_range(reading.rest)
    if parsed is None or _PERCENTAGE.match(reading.rest):
        return  # "60% dark chocolate" names a kind of chocolate
    reading.quantity, reading.quantity_max, reading.rest = parsed
    if reading.take(_MULTIPLIER) is not None and (factor := parse_leading_range(reading.rest)):
        low, high, reading.rest = factor
        count = reading.quantity
        reading.quantity = count * low
        reading.quantity_max = count * high if high is not None else None
    reading.take(_LONE_MULTIPLIER)
    reading.take(_ARTICLE_AFTER_NUMBER)


def _read_size(reading: _Reading) -> None:
    """The size of what was counted: "(14.5 ounce)", or a measure before a container ("28-ounce
    can", "13oz. can") or before the food ("3 lb pork shoulder", "8-inch tortillas")."""
    if (sized := reading.take(_PARENTHESISED_SIZE)) is not None:
        reading.size = sized["size"]
        return
    sized = _COUNTED_SIZE.match(reading.rest)
    if sized is not None and (sized["container"] or canonical_unit(sized["unit"]) in MEASURES):
        reading.size = sized["size"]
        reading.rest = reading.rest[sized.end() :].strip()


def _read_unit(reading: _Reading) -> None:
    """Size words and remarks before the unit, the unit itself and "of" after it."""
    if reading.quantity is not None:
        _read_size(reading)
        reading.take(_LEADING_HYPHEN)
    prefix = _UNIT_PREFIX.match(reading.rest)
    after_prefix = reading.rest[prefix.end() :] if prefix else reading.rest
    split = split_leading_unit(after_prefix)
    if split is None or (reading.quantity is None and split[0] not in LOOSE):
        return
    reading.unit, reading.rest = split
    if prefix is not None:
        words = prefix["words"].strip()
        if _SIZE_PREFIX.match(words) and reading.size is None:
            reading.size = words
        else:
            reading.remark(words)


def _amount_in(text: str) -> tuple[float, float | None, str] | None:
    """``(low, high, unit)`` of a written amount such as "5-6 oz"; ``None`` without a unit."""
    parsed = parse_leading_range(text)
    unit = split_leading_unit(parsed[2]) if parsed else None
    if parsed is None or unit is None:
        return None
    return parsed[0], parsed[1], unit[0]


def _read_upper_end(reading: _Reading) -> None:
    """The upper end of a range written with units on both ends: "800g-1kg", "¼pint-½pint"."""
    upper = _UPPER_END.match(reading.rest)
    amount = _amount_in(upper["amount"]) if upper else None
    if upper is None or amount is None or reading.quantity is None:
        return
    scale = 1.0 if amount[2] == reading.unit else _SCALE.get((str(reading.unit), amount[2]))
    if scale is not None and amount[0] * scale > reading.quantity:
        reading.quantity_max = amount[0] * scale
        reading.rest = reading.rest[upper.end() :]


def _read_alternative(reading: _Reading) -> None:
    """The other figure of a metric/imperial pair ("/5¼oz", "(100g)"); the metric one is
    kept."""
    alternative = reading.take(_ALTERNATIVE)
    amount = _amount_in(alternative["amount"]) if alternative else None
    if amount is not None and reading.unit in IMPERIAL and amount[2] in METRIC:
        reading.quantity, reading.quantity_max, reading.unit = amount


def _read_container(reading: _Reading) -> None:
    """A second amount ("1/4 cup plus 2 tablespoons") and a container after a measured amount
    ("400g can", "2.5cm piece"), both kept as remarks."""
    if (plus := reading.take(_PLUS)) is not None:
        reading.remark(plus["plus"])
        reading.take(_ALTERNATIVE)  # "plus 1 teaspoon/1.5 ounces/45 grams"
    split = split_leading_unit(reading.rest)
    if split is not None and split[0] in CONTAINERS:
        reading.remark(split[0])
        reading.rest = split[1]


def _split_trailing_amount(reading: _Reading) -> tuple[Amount, str]:
    """An amount after the name ("Sugar 2 tbsp", "Butter: 50 g | 2 oz, softened") when none
    starts the line; the text without it."""
    trailing = _TRAILING_AMOUNT.match(reading.rest)
    if trailing is None:
        return reading.amount(), reading.rest
    amount, _ = split_amount(trailing["amount"])
    rest = f"{trailing['name']} {trailing['rest'] or ''}".strip()
    return Amount(**{**asdict(amount), "remarks": (*reading.remarks, *amount.remarks)}), rest


def split_amount(text: str) -> tuple[Amount, str]:
    """The amount that starts ``text`` (or ends the name that starts it) and the rest of the text.

    Example:
        >>> amount, rest = split_amount("150g/5 1/4oz canned chickpeas")
        >>> amount.quantity, amount.unit, rest
        (150.0, 'g', 'canned chickpeas')
    """
    reading = _Reading(text.strip())
    _read_number(reading)
    _read_unit(reading)
    if reading.unit in MEASURES:
        _read_upper_end(reading)
        _read_alternative(reading)
        _read_container(reading)
    reading.take(_OF)
    if reading.quantity is None and reading.unit is None:
        return _split_trailing_amount(reading)
    return reading.amount(), reading.rest
