"""Units of measure as recipes write them, mapped to one canonical (singular) spelling each.

Canonical units, by kind:

- mass: g, kg, mg, oz, lb
- volume: ml, cl, dl, l, tsp, tbsp, dessertspoon, cup, fl oz, pint, quart, gallon
- length (pieces of ginger, cinnamon): mm, cm, in (also the inch marks ``"``, ``”``, ``″``:
  "1 2" piece ginger" is a piece of size 2")
- small measures: pinch, dash, drop, splash, glug, knob, handful, scoop
- counts and containers: clove, can (also "tin"), jar, package (also "packet", "pack"), sachet,
  bottle, tub, box, bag, carton, punnet, container, block, bar, log, pouch, envelope, basket,
  glass, jigger, stick, slice, piece, chunk, wedge, rasher, bunch, sprig, stem, stalk (also
  "rib" of celery), head, bulb, leaf, sheet, cube, ear, loaf, ball, spear, strip, square, pod,
  fillet, recipe (a sub-recipe: "1 recipe pie crust")

A few common non-English spellings (German ``EL``/``TL``, Scandinavian ``msk``/``ss``/``tsk``,
French ``c. à soupe``/``c. à c.``, Spanish ``cucharada``, Portuguese ``colher (sopa)``/``xícara``,
``Prise``, ``gousse``) are included because a quarter of real recipe pages are not in English.
"""

from __future__ import annotations

import re
from typing import Final

_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "g": ("g", "gr", "grs", "gram", "grams", "gramme", "grammes", "gm", "gms"),
    "kg": ("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes"),
    "mg": ("mg", "milligram", "milligrams", "milligramme", "milligrammes"),
    "ml": ("ml", "mls", "millilitre", "millilitres", "milliliter", "milliliters"),
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
        "(?-i:t)",
        "(?-i:TL)",
        "tsk",
        "ts",
        "c. à c.",
        "c. à café",
        "cuillère à café",
        "cuillères à café",
        "cucharadita",
        "cucharaditas",
        "cucchiaino",
        "cucchiaini",
        "colher (chá)",
        "colheres (chá)",
        "colher de chá",
        "colheres de chá",
    ),
    "tbsp": (
        "tbsp",
        "tbsps",
        "tbs",
        "tbl",
        "tblsp",
        "tablespoon",
        "tablespoons",
        "tablespoonful",
        "tablespoonfuls",
        "(?-i:T)",
        "(?-i:EL)",
        "ss",
        "msk",
        "spsk",
        "c. à s.",
        "c. à soupe",
        "cuillère à soupe",
        "cuillères à soupe",
        "cucharada",
        "cucharadas",
        "cucchiaio",
        "cucchiai",
        "colher (sopa)",
        "colheres (sopa)",
        "colher de sopa",
        "colheres de sopa",
    ),
    "dessertspoon": ("dessertspoon", "dessertspoons", "dessert spoon", "dessert spoons", "dsp"),
    "cup": ("cup", "cups", "c", "tasse", "tasses", "taza", "tazas", "xícara", "xícaras"),
    "fl oz": ("fl oz", "fl. oz", "fl.oz", "fluid ounce", "fluid ounces", "floz"),
    "oz": ("oz", "ozs", "ounce", "ounces"),
    "lb": ("lb", "lbs", "pound", "pounds"),
    "pint": ("pint", "pints", "pt", "pts"),
    "quart": ("quart", "quarts", "qt", "qts"),
    "gallon": ("gallon", "gallons", "gal"),
    "mm": ("mm", "millimetre", "millimetres", "millimeter", "millimeters"),
    "cm": ("cm", "centimetre", "centimetres", "centimeter", "centimeters"),
    "in": ("in", "inch", "inches", '"', "\u201d", "\u2033"),
    "pinch": ("pinch", "pinches", "prise", "prisen", "pincée", "pincées", "pizzico"),
    "dash": ("dash", "dashes"),
    "drop": ("drop", "drops"),
    "splash": ("splash", "splashes"),
    "glug": ("glug", "glugs"),
    "knob": ("knob", "knobs"),
    "handful": ("handful", "handfuls"),
    "scoop": ("scoop", "scoops"),
    "clove": ("clove", "cloves", "gousse", "gousses", "zehe", "zehen"),
    "can": ("can", "cans", "tin", "tins"),
    "jar": ("jar", "jars"),
    "package": ("package", "packages", "pkg", "pkgs", "packet", "packets", "pack", "packs"),
    "sachet": ("sachet", "sachets"),
    "bottle": ("bottle", "bottles"),
    "tub": ("tub", "tubs"),
    "box": ("box", "boxes"),
    "bag": ("bag", "bags"),
    "carton": ("carton", "cartons"),
    "punnet": ("punnet", "punnets"),
    "glass": ("glass", "glasses"),
    "stick": ("stick", "sticks"),
    "slice": ("slice", "slices"),
    # "unit(s)": meal-kit sites count whole items so ("1 unit(s) red onion")
    "piece": ("piece", "pieces", "pc", "pcs", "stk", "stück", "ks", "unit", "units"),
    "chunk": ("chunk", "chunks"),
    "wedge": ("wedge", "wedges"),
    "rasher": ("rasher", "rashers"),
    "bunch": ("bunch", "bunches"),
    "sprig": ("sprig", "sprigs"),
    "stem": ("stem", "stems"),
    "stalk": ("stalk", "stalks", "rib", "ribs"),
    "head": ("head", "heads"),
    "bulb": ("bulb", "bulbs"),
    "leaf": ("leaf", "leaves"),
    "sheet": ("sheet", "sheets"),
    "cube": ("cube", "cubes"),
    "ear": ("ear", "ears"),
    "loaf": ("loaf", "loaves"),
    "ball": ("ball", "balls"),
    "spear": ("spear", "spears"),
    "branch": ("branch", "branches"),
    "container": ("container", "containers"),
    "block": ("block", "blocks"),
    "bar": ("bar", "bars"),
    "log": ("log", "logs"),
    "pouch": ("pouch", "pouches"),
    "envelope": ("envelope", "envelopes"),
    "basket": ("basket", "baskets"),
    "jigger": ("jigger", "jiggers"),
    "strip": ("strip", "strips"),
    "square": ("square", "squares"),
    "pod": ("pod", "pods"),
    "fillet": ("fillet", "fillets"),
    "recipe": ("recipe", "recipes"),
}

METRIC: Final = frozenset({"g", "kg", "mg", "ml", "cl", "dl", "l", "mm", "cm"})
"""Metric units."""

IMPERIAL: Final = frozenset({"oz", "lb", "fl oz", "pint", "quart", "gallon", "in"})
"""Imperial units that recipes print beside a metric figure."""

MEASURES: Final = METRIC | IMPERIAL | {"tsp", "tbsp", "dessertspoon", "cup"}
"""Units with a fixed size: an amount in one of them can be followed by a container word
("400g can", "2.5cm piece")."""

CONTAINERS: Final = frozenset(
    {"can", "jar", "package", "sachet", "bottle", "tub", "box", "bag", "carton", "punnet", "piece",
     "chunk", "knob", "stick", "slice", "block", "head", "bunch", "glass", "container", "bar",
     "log", "pouch", "envelope", "basket", "strip", "square", "jigger"}
)  # fmt: skip
"""Units that hold a measured amount: "1 (14.5 ounce) can", "400g/14oz tin"."""

PREPARED_IN: Final = frozenset({"can", "jar"})
"""Containers of food sold prepared: "1 can chopped tomatoes" is chopped tomatoes."""

LOOSE: Final = frozenset(
    {"pinch", "dash", "splash", "glug", "knob", "handful", "bunch", "sprig", "branch", "drop",
     "piece", "slice", "rasher", "wedge", "chunk", "sheet", "stalk", "tsp", "tbsp", "cup",
     "dessertspoon", "scoop", "tub", "bottle", "jar", "sachet", "package", "punnet"}
)  # fmt: skip
"""Units a line may start with, without a number: "pinch of salt", "small tub cream"."""

TRAILING: Final = frozenset(
    {"clove", "stalk", "stem", "bulb", "sprig", "spear", "slice", "loaf", "rasher", "head"}
)
"""Units that may follow the food they count: "2 garlic cloves", "3 celery stalks"."""


_NAMED_PARTS: Final = (
    "leaf", "clove", "slice", "piece", "chunk", "cube", "stick", "stem", "stalk", "sprig",
    "wedge", "head", "bulb", "sheet", "ball", "rasher", "strip",
)  # fmt: skip
_SINGULAR_PARTS: Final = {
    alias: unit
    for unit in _NAMED_PARTS
    for alias in _ALIASES[unit]
    if alias in (f"{unit}s", f"{unit}es", "leaves")
}
_PLURAL_PART = re.compile(rf"\b(?:{'|'.join(_SINGULAR_PARTS)})\b", re.IGNORECASE)


def singular_parts(name: str) -> str:
    """A name with the plural of a counted part of a food in the singular: "bay leaves" ->
    "bay leaf", "ground cloves" -> "ground clove", "cinnamon sticks" -> "cinnamon stick".

    The part names the kind of food, not how many: one spelling per food keeps names comparable
    (and every labelled source spells them so).
    """
    return _PLURAL_PART.sub(lambda match: _SINGULAR_PARTS[match[0].lower()], name)


def _plain(alias: str) -> str:
    return re.sub(r"\(\?-i:(.*)\)", r"\1", alias)


_CANONICAL_BY_ALIAS: Final = {
    alias.lower(): unit
    for unit, aliases in _ALIASES.items()
    for alias in aliases
    if not alias.startswith("(?")
}
_CASED_ALIASES: Final = {
    _plain(alias): unit
    for unit, aliases in _ALIASES.items()
    for alias in aliases
    if alias.startswith("(?")
}

UNIT_ALIAS: Final = (
    "(?:"
    + "|".join(
        alias if alias.startswith("(?") else re.escape(alias)
        for alias in sorted(
            (alias for aliases in _ALIASES.values() for alias in aliases), key=len, reverse=True
        )
    )
    + ")"
)
"""A regular expression (no groups) matching one unit alias, nothing checked after it;
compile with ``re.IGNORECASE`` (the case-sensitive aliases ``t``, ``T``, ``EL`` keep their case)."""

UNIT: Final = UNIT_ALIAS + r"\.?(?=[\s,;:()/]|[-\u2013]\s*\d|$)"
"""`UNIT_ALIAS` with its optional full stop, ending where a word ends (or a range goes on:
"300g-400g")."""

_LEADING_UNIT = re.compile(rf"^(?P<unit>{UNIT})(?:\s+of\b|\s+de\b|\s+d')?", re.IGNORECASE)


def canonical_unit(alias: str) -> str | None:
    """The canonical unit for one written alias (``"Tablespoons"`` -> ``"tbsp"``), or ``None``."""
    alias = alias.strip()
    for spelling in (alias, alias.rstrip(".")):  # "c. à s." ends in its own full stop
        if unit := _CASED_ALIASES.get(spelling) or _CANONICAL_BY_ALIAS.get(spelling.lower()):
            return unit
    return None


def split_leading_unit(text: str) -> tuple[str, str] | None:
    """The canonical unit that starts ``text`` and the text after it (and after "of"), or ``None``.

    Example:
        >>> split_leading_unit("Tablespoons of olive oil")
        ('tbsp', 'olive oil')
    """
    text = text.strip()
    match = _LEADING_UNIT.match(text)
    if match is None:
        return None
    unit = canonical_unit(match["unit"])
    if unit is None:
        return None
    return unit, text[match.end() :].strip()
