"""A basic ingredient-line parser: quantity (or range), unit, name and preparation.

"1 1/2 cups flour, sifted" -> quantity 1.5, unit "cup", name "flour", preparation "sifted".
The original text is always kept. This is deliberately simple and lives behind one public
function, `parse_ingredient_line`, so a stronger parser can replace it without touching callers.
"""

from __future__ import annotations

import re

from recipekit.ingest.quantities import parse_leading_range
from recipekit.ingest.records import IngredientLine
from recipekit.ingest.text import clean_text
from recipekit.ingest.units import split_leading_unit

_LEADING_PARENTHESES = re.compile(r"^\((?P<inside>[^()]*)\)\s*")
_ARTICLE_BEFORE_UNIT = re.compile(  # "a pinch of salt" is one pinch
    r"^an?\s+(?=(?:pinch|dash|handful|bunch|sprig|clove|can|cup)\b)", re.IGNORECASE
)
_ALTERNATIVE_AMOUNT = re.compile(r"^/\s*[\d.,]+\s*[^\W\d_]*\.?\s*")  # the "/5oz" of "150g/5oz"


def _split_preparation(text: str) -> tuple[str, str | None]:
    """Split at the first comma outside parentheses: "onion, finely chopped"."""
    depth = 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth <= 0:
            return text[:index].strip(), text[index + 1 :].strip() or None
    return text.strip(), None


def parse_ingredient_line(text: str) -> IngredientLine:
    """Parse one ingredient line; anything not understood stays in ``name``.

    Example:
        >>> line = parse_ingredient_line("2-3 cloves garlic, crushed")
        >>> line.quantity, line.quantity_max, line.unit, line.name, line.preparation
        (2.0, 3.0, 'clove', 'garlic', 'crushed')
    """
    rest = clean_text(text)
    quantity = quantity_max = None
    unit = None
    parsed = parse_leading_range(_ARTICLE_BEFORE_UNIT.sub("1 ", rest))
    if parsed is not None:
        quantity, quantity_max, rest = parsed
        size = _LEADING_PARENTHESES.match(rest)  # "1 (14 ounce) can tomatoes": the can counts
        after_size = rest[size.end() :] if size else rest
        split = split_leading_unit(after_size)
        if split is not None:
            unit, rest = split[0], (f"({size['inside']}) " if size else "") + split[1]
            rest = _ALTERNATIVE_AMOUNT.sub("", rest)
    name, preparation = _split_preparation(rest)
    return IngredientLine(
        text=text,
        quantity=quantity,
        quantity_max=quantity_max,
        unit=unit,
        name=name or None,
        preparation=preparation,
    )
