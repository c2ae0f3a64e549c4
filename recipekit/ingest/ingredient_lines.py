"""The ingredient-line parser: quantity (or range), unit, size, name, preparation and comment.

"1 1/2 cups flour, sifted" -> quantity 1.5, unit "cup", name "flour", preparation "sifted";
"150g/5¼oz canned chickpeas, drained" -> 150 g (the metric figure of a pair);
"1 (14.5 ounce) can tomatoes" -> 1 can of size "14.5 ounce"; "salt to taste" -> name "salt",
comment "to taste". HTML entities and tags are decoded and dropped first; the original text is
always kept, list bullets and Markdown emphasis dropped. The amount is read by
`recipekit.ingest.amounts`, the rest of the line by `recipekit.ingest.descriptions`;
`parse_ingredient_line` is the one entry point every importer uses.
Accuracy on labelled lines is measured by ``bench/parser_eval.py``.
"""

from __future__ import annotations

import re

from recipekit.ingest.amounts import split_amount
from recipekit.ingest.descriptions import split_description
from recipekit.ingest.quantities import normalise_fractions
from recipekit.ingest.records import IngredientLine
from recipekit.ingest.text import clean_text
from recipekit.ingest.units import PREPARED_IN

_MARKUP = re.compile(r"^(?:[-*\u2022\u25cf\u25aa]\s+)+|\*+|(?<!\w)_+|_+(?!\w)")
"""List bullets ("- ", "• ") and Markdown emphasis ("**1 kg** beans", "_epazote_")."""
_PLURAL_MARKER = re.compile(r"(?<=[^\W\d_])\((e?s)\)", re.IGNORECASE)
"""A plural written as optional: "cup(s)", "tomato(es)" (read as the plural)."""
_SIZE_SPELLINGS = {"lg": "large", "md": "medium", "sm": "small"}


def _size(size: str | None) -> str | None:
    """Sizes as words: the abbreviations "lg", "md" and "sm" spelled out; spaces folded."""
    return None if size is None else _SIZE_SPELLINGS.get(size.lower(), " ".join(size.split()))


def parse_ingredient_line(text: str) -> IngredientLine:
    """Parse one ingredient line; anything not understood stays in ``name``.

    Example:
        >>> line = parse_ingredient_line("2-3 large cloves garlic, crushed (or to taste)")
        >>> line.quantity, line.quantity_max, line.unit, line.size, line.name
        (2.0, 3.0, 'clove', 'large', 'garlic')
        >>> line.preparation, line.comment
        ('crushed', 'or to taste')
    """
    cleaned = _PLURAL_MARKER.sub(r"\1", _MARKUP.sub("", clean_text(text))).strip()
    amount, rest = split_amount(normalise_fractions(cleaned))
    description = split_description(
        rest,
        counted=amount.quantity is not None and not amount.unit,
        prepared=not PREPARED_IN.isdisjoint((amount.unit, *amount.remarks)),
    )
    comment = "; ".join((*amount.remarks, *filter(None, [description.comment])))
    return IngredientLine(
        text=text,
        quantity=amount.quantity,
        quantity_max=amount.quantity_max,
        unit=amount.unit or description.unit,
        name=description.name,
        preparation=description.preparation,
        size=_size(amount.size or description.size),
        comment=comment or None,
    )
