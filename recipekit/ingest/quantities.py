"""Numbers as recipes write them: ``1 1/2``, ``½``, ``1¼``, ``0,5``, ``1,200``, ``two``, ``2-3``.

Durations, yields and ingredient lines all read quantities through this module, so a number
is understood the same way everywhere.
"""

from __future__ import annotations

import re
from typing import Final

_VULGAR_FRACTIONS: Final = {
    "½": "1/2",
    "⅓": "1/3",
    "⅔": "2/3",
    "¼": "1/4",
    "¾": "3/4",
    "⅕": "1/5",
    "⅖": "2/5",
    "⅗": "3/5",
    "⅘": "4/5",
    "⅙": "1/6",
    "⅚": "5/6",
    "⅐": "1/7",
    "⅛": "1/8",
    "⅜": "3/8",
    "⅝": "5/8",
    "⅞": "7/8",
    "⅑": "1/9",
    "⅒": "1/10",
}
_NUMBER_WORDS: Final = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}

NUMBER: Final = (
    r"(?:\d+\s+\d+/\d+"  # mixed number: 1 1/2
    r"|\d+/\d+"  # fraction: 3/4
    r"|\d+(?:[.,]\d+)*"  # integer, decimal (point or comma), thousands: 1,200.5
    r"|[.,]\d+"  # .5
    r"|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b)"
)
"""A regular expression (no groups) matching one number as written in a recipe.

Apply it to text passed through `normalise_fractions` and compile with ``re.IGNORECASE`` so
spelled-out numbers match whatever their case.
"""

RANGE_SEPARATOR: Final = r"\s*(?:-|\u2013|\u2014|~|to|or)\s*"
"""Between the two ends of a range: ``2-3``, ``2 to 3``, ``2 or 3``, ``45 ~ 60``, en/em dashes."""

_LEADING_RANGE = re.compile(
    rf"^\s*(?P<low>{NUMBER})(?:{RANGE_SEPARATOR}(?P<high>{NUMBER}))?", re.IGNORECASE
)
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_SPACED_SLASH = re.compile(r"(?<![\d.,])(\d{1,2}) *[/\u2044] *(\d{1,2})(?![\d.,])")
_AND = r"\s+(?:and|e|y)\s+"
_AND_FRACTION = re.compile(rf"(?<![\d.,])(\d+){_AND}(?=\d+/\d+)", re.IGNORECASE)
_AND_A_HALF = re.compile(rf"(?<![\d.,])(\d+){_AND}(?:a|one)\s+half\b", re.IGNORECASE)


def normalise_fractions(text: str) -> str:
    """Rewrite fractions as ASCII mixed numbers: ``"1¼"`` -> ``"1 1/4"``, ``"½"`` -> ``"1/2"``,
    ``"1 / 4"`` (also with the fraction slash U+2044) -> ``"1/4"``, ``"1 and 1/2"`` and
    ``"1 and a half"`` -> ``"1 1/2"`` (also Portuguese/Italian "e" and Spanish "y").

    Example:
        >>> normalise_fractions("2 and a half cups, 1 / 4 tsp, 1¼ l")
        '2 1/2 cups, 1/4 tsp, 1 1/4 l'
    """
    for glyph, ascii_form in _VULGAR_FRACTIONS.items():
        text = re.sub(rf"(\d)\s*{glyph}", rf"\1 {ascii_form}", text)
        text = text.replace(glyph, f" {ascii_form}")
    text = _SPACED_SLASH.sub(r"\1/\2", text.replace("\u2044", "/"))
    return _AND_A_HALF.sub(r"\1 1/2", _AND_FRACTION.sub(r"\1 ", text))


def parse_number(token: str) -> float | None:
    """The value of one number written the way `NUMBER` matches it, or ``None``.

    A comma followed by groups of exactly three digits separates thousands (``1,200``); any
    other comma is a decimal comma (``0,5``, ``12,75``).

    Example:
        >>> parse_number("1 1/2"), parse_number("1,200"), parse_number("0,5"), parse_number("Two")
        (1.5, 1200.0, 0.5, 2.0)
    """
    token = normalise_fractions(token).strip().lower()
    if token in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[token])
    whole, _, fraction = token.rpartition(" ") if "/" in token else ("", "", token)
    if "/" in fraction:
        numerator, _, denominator = fraction.partition("/")
        if not (numerator.isdigit() and denominator.isdigit()) or int(denominator) == 0:
            return None
        value = int(numerator) / int(denominator)
        return value + (int(whole) if whole.strip().isdigit() else 0)
    if _THOUSANDS.match(fraction):
        fraction = fraction.replace(",", "")
    try:
        return float(fraction.replace(",", "."))
    except ValueError:
        return None


def parse_leading_range(text: str) -> tuple[float, float | None, str] | None:
    """The number or range that starts ``text``, and the text after it.

    Returns ``(low, high, rest)``; ``high`` is ``None`` for a single number and for a "range"
    whose upper end is not above its lower end. ``None`` when ``text`` does not start with a number.

    Example:
        >>> parse_leading_range("2-3 cloves garlic")
        (2.0, 3.0, 'cloves garlic')
    """
    text = normalise_fractions(text)
    match = _LEADING_RANGE.match(text)
    if match is None:
        return None
    low = parse_number(match["low"])
    if low is None:
        return None
    high = parse_number(match["high"]) if match["high"] else None
    if high is not None and high < 1 <= low and "/" in match["high"]:
        low, high = low + high, None  # "1-1/2 cups" is the mixed number 1 1/2
    if high is not None and high <= low:
        high = None
    return low, high, text[match.end() :].strip()
