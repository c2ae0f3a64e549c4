"""Units of measure as recipes write them, mapped to one canonical spelling each.

Canonical units: g, kg, mg, ml, cl, dl, l, tsp, tbsp, cup, fl oz, oz, lb, pint, quart, gallon,
pinch, dash, drop, clove, can, jar, package, stick, slice, piece, bunch, sprig, handful, head,
stalk, leaf. A few common non-English spellings (``EL``, ``c. à soupe``, ``cucharada``,
``Prise``, ``gousse``) are included because a quarter of real recipe pages are not in English.
"""

from __future__ import annotations

import re
from typing import Final

_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "g": ("g", "gr", "grs", "gram", "grams", "gramme", "grammes", "gm", "gms"),
    "kg": ("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes"),
    "mg": ("mg", "milligram", "milligrams", "milligramme", "milligrammes"),
    "ml": ("ml", "millilitre", "millilitres", "milliliter", "milliliters"),
    "cl": ("cl", "centilitre", "centilitres", "centiliter", "centiliters"),
    "dl": ("dl", "decilitre", "decilitres", "deciliter", "deciliters"),
    "l": ("l", "ltr", "litre", "litres", "liter", "liters", "lt"),
    "tsp": (
        "tsp",
        "tsps",
        "teaspoon",
        "teaspoons",
        "teaspoonful",
        "teaspoonfuls",
        "(?-i:TL)",
        "c. à c.",
        "c. à café",
        "cuillère à café",
        "cuillères à café",
        "cucharadita",
        "cucharaditas",
        "cucchiaino",
        "cucchiaini",
    ),
    "tbsp": (
        "tbsp",
        "tbsps",
        "tbs",
        "tbl",
        "tablespoon",
        "tablespoons",
        "tablespoonful",
        "tablespoonfuls",
        "(?-i:EL)",
        "c. à s.",
        "c. à soupe",
        "cuillère à soupe",
        "cuillères à soupe",
        "cucharada",
        "cucharadas",
        "cucchiaio",
        "cucchiai",
    ),
    "cup": ("cup", "cups", "tasse", "tasses", "taza", "tazas"),
    "fl oz": ("fl oz", "fl. oz", "fluid ounce", "fluid ounces", "floz"),
    "oz": ("oz", "ozs", "ounce", "ounces"),
    "lb": ("lb", "lbs", "pound", "pounds"),
    "pint": ("pint", "pints", "pt", "pts"),
    "quart": ("quart", "quarts", "qt", "qts"),
    "gallon": ("gallon", "gallons", "gal"),
    "pinch": ("pinch", "pinches", "prise", "prisen", "pincée", "pincées", "pizzico"),
    "dash": ("dash", "dashes"),
    "drop": ("drop", "drops"),
    "clove": ("clove", "cloves", "gousse", "gousses", "zehe", "zehen"),
    "can": ("can", "cans", "tin", "tins"),
    "jar": ("jar", "jars"),
    "package": ("package", "packages", "pkg", "pkgs", "packet", "packets", "pack", "packs"),
    "stick": ("stick", "sticks"),
    "slice": ("slice", "slices"),
    "piece": ("piece", "pieces", "pc", "pcs", "stk", "stück"),
    "bunch": ("bunch", "bunches"),
    "sprig": ("sprig", "sprigs"),
    "handful": ("handful", "handfuls"),
    "head": ("head", "heads"),
    "stalk": ("stalk", "stalks"),
    "leaf": ("leaf", "leaves"),
}

_CANONICAL_BY_ALIAS: Final = {
    re.sub(r"\(\?-i:(.*)\)", r"\1", alias).lower(): unit
    for unit, aliases in _ALIASES.items()
    for alias in aliases
}
_ALIAS_PATTERN: Final = "|".join(
    alias if alias.startswith("(?") else re.escape(alias)
    for alias in sorted(
        (alias for aliases in _ALIASES.values() for alias in aliases), key=len, reverse=True
    )
)
_LEADING_UNIT = re.compile(
    rf"^(?P<unit>{_ALIAS_PATTERN})\.?(?=[\s,;:()/]|$)(?:\s+of\b|\s+de\b|\s+d')?", re.IGNORECASE
)


def split_leading_unit(text: str) -> tuple[str, str] | None:
    """The canonical unit that starts ``text`` and the text after it (and after "of"), or ``None``.

    Example:
        >>> split_leading_unit("Tablespoons of olive oil")
        ('tbsp', 'olive oil')
    """
    match = _LEADING_UNIT.match(text.strip())
    if match is None:
        return None
    unit = _CANONICAL_BY_ALIAS[match["unit"].lower()]
    return unit, text.strip()[match.end() :].strip()
