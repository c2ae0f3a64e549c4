"""Diet labels -> `DietType`: schema.org ``suitableForDiet`` values ("https://schema.org/VeganDiet",
"GlutenFreeDiet") and the keywords, tags and categories recipes carry ("vegan", "Gluten Free",
"keto").

A term matches only as a whole (after dropping a URL prefix, a trailing "Diet", case, spaces and
punctuation), so "vegan" and "Vegan Diet" count but "vegan butter" or "non-vegan" do not.
schema.org's LowLactoseDiet has no equivalent here and is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from recipekit.models.enums import DietType

_SPELLINGS: Final[dict[DietType, tuple[str, ...]]] = {
    DietType.VEGAN: ("vegan", "vegano", "vegana", "végétalien", "végan", "vegane"),
    DietType.VEGETARIAN: (
        "vegetarian",
        "veggie",
        "vegetariano",
        "vegetariana",
        "végétarien",
        "végétarienne",
        "vegetarisch",
    ),
    DietType.PESCATARIAN: ("pescatarian", "pescetarian"),
    DietType.GLUTEN_FREE: ("glutenfree", "glutenfrei", "sansgluten", "singluten", "senzaglutine"),
    DietType.DAIRY_FREE: ("dairyfree", "nodairy", "milkfree"),
    DietType.NUT_FREE: ("nutfree",),
    DietType.EGG_FREE: ("eggfree",),
    DietType.KETO: ("keto", "ketogenic"),
    DietType.PALEO: ("paleo", "paleolithic"),
    DietType.LOW_CARB: ("lowcarb", "lowcarbohydrate"),
    DietType.LOW_FAT: ("lowfat",),
    DietType.LOW_SODIUM: ("lowsodium", "lowsalt"),
    DietType.LOW_CALORIE: ("lowcalorie", "lowcal"),
    DietType.DIABETIC: ("diabetic",),
    DietType.HALAL: ("halal",),
    DietType.KOSHER: ("kosher",),
    DietType.HINDU: ("hindu",),
}
_BY_SPELLING: Final = {spelling: diet for diet, names in _SPELLINGS.items() for spelling in names}
_NOT_A_LETTER = re.compile(r"[\W\d_]+")


def diet_type(term: str) -> DietType | None:
    """The diet one label names, or ``None``.

    Example:
        >>> diet_type("https://schema.org/GlutenFreeDiet"), diet_type("Gluten Free")
        (<DietType.GLUTEN_FREE: 'gluten-free'>, <DietType.GLUTEN_FREE: 'gluten-free'>)
    """
    key = _NOT_A_LETTER.sub("", term.rstrip("/").rsplit("/", 1)[-1].lower())
    return _BY_SPELLING.get(key.removesuffix("diet")) or _BY_SPELLING.get(key)


def diet_types(terms: Iterable[str]) -> frozenset[DietType]:
    """Every diet named by any of ``terms``; terms that name no diet are ignored."""
    return frozenset(diet for diet in map(diet_type, terms) if diet is not None)
