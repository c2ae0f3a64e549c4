"""Food names reduced to comparable words: what food matching compares.

A name and every catalog alias go through the same `name_words`, so "Free-range Eggs",
"eggs" and "egg" meet as ``("free", "range", "egg")`` and ``("egg",)``: lower case, accents and
apostrophes gone, other punctuation a word break, "a"/"an"/"the"/"of" dropped, each word made
singular by rule (consistently on both sides, so an odd singular such as "molass" still meets
itself). A comma starts a new *segment*: "butter, softened, or oil" is about butter first.

`DESCRIPTORS` are words that say how a food is cut, sized, kept or sourced but not what it is
("chopped", "large", "fresh", "organic"). They do not count as evidence for a match and may
stand between the words of an alias ("large free-range eggs" still holds "large egg"). Words
that do change the food stay ordinary words: "brown" sugar, garlic "powder", "dried" apricots,
"ground" ginger, "light" cream, "whole" milk, "unsalted" butter, "canned" tuna.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

DESCRIPTORS: Final = frozenset(
    {
        # size
        "large", "medium", "small", "big", "jumbo", "extra", "baby", "mini",
        # freshness, quality and sourcing
        "fresh", "freshly", "ripe", "organic", "free", "range", "cage", "pastured", "grass",
        "fed", "good", "quality", "best", "homemade", "virgin", "frozen", "chilled", "cold",
        "warm", "raw", "uncooked",
        # cutting and preparing
        "chopped", "finely", "roughly", "coarsely", "thinly", "thickly", "diced", "minced",
        "sliced", "grated", "shredded", "crushed", "peeled", "deveined", "trimmed", "halved",
        "quartered", "cubed", "softened", "melted", "beaten", "lightly", "sifted", "rinsed",
        "drained", "washed", "pitted", "seeded", "deseeded", "cored", "torn", "packed",
        "loosely", "firmly", "heaped", "heaping", "level", "rounded", "scant", "room",
        "temperature", "boneless", "skinless", "skinned", "shelled", "toasted", "roasted",
        "optional", "divided", "plus", "more",
    }
)  # fmt: skip
"""Words that describe a food without changing what it is (see the module docstring)."""

CHANGES_FOOD: Final = frozenset({"cooked", "leftover"})
"""Words after which no raw or dry catalog food fits: "2 cups cooked rice" weighs and counts
three times less than dry rice, so such a name matches only an alias that has the word too."""

_DROPPED: Final = frozenset({"a", "an", "the", "of"})
_IRREGULAR: Final = {
    "leaves": "leaf",
    "halves": "half",
    "loaves": "loaf",
    "chilies": "chili",
    "chillies": "chilli",
    "chiles": "chile",
}
_WORD: Final = re.compile(r"[a-z0-9]+")
_PARENTHESES: Final = re.compile(r"\([^()]*\)")


def singular(word: str) -> str:
    """The singular of one lower-case English word, by rule ("tomatoes" -> "tomato")."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "zes", "sses", "oes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub("['\u2019`]", "", without_marks)


def name_segments(text: str, *, keep_parentheses: bool = True) -> tuple[tuple[str, ...], ...]:
    """``text`` as comparable words, one tuple per comma-separated segment.

    Example:
        >>> name_segments("Unsalted Butter, softened")
        (('unsalted', 'butter'), ('softened',))
    """
    plain = _plain(text)
    if not keep_parentheses:
        plain = _PARENTHESES.sub(" ", plain)
    segments = (
        tuple(singular(w) for w in _WORD.findall(part) if w not in _DROPPED)
        for part in re.split(r"[,;]", plain)
    )
    return tuple(segment for segment in segments if segment)


def name_words(text: str) -> tuple[str, ...]:
    """All comparable words of ``text`` in order, segments joined (for catalog aliases)."""
    return tuple(word for segment in name_segments(text) for word in segment)


def core_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """``words`` without `DESCRIPTORS`: the words that say which food it is."""
    return tuple(word for word in words if word not in DESCRIPTORS)
