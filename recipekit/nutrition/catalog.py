"""The food catalog in memory, and matching an ingredient name to one of its foods.

Matching compares words (see `recipekit.nutrition.names`): every food's name and aliases are
phrases; a phrase matches when its words occur in order in the ingredient name, with only
descriptive words ("large", "chopped", "fresh") allowed between them. Among the phrases found,
the winner is decided by, in order:

1. the earliest comma-separated segment ("butter, or oil" is butter);
2. the most food words (descriptors do not count), so "brown sugar" beats "sugar",
   "garlic powder" beats "garlic" and "egg yolk" beats "large egg";
3. an exact match (the name's food words are exactly the phrase's) over a contained one;
4. the most words in all, so "fresh yeast" beats "yeast" and "crushed red pepper" (flakes)
   beats "red pepper";
5. the phrase ending last, as English names end with their head noun ("chicken sausage" is a
   sausage);
6. a food's own name over another food's alias, then the slug: fully deterministic.

Text in parentheses is ignored unless nothing matches without it. A name holding a word of
`CHANGES_FOOD` ("cooked rice") matches only phrases that hold that word too.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import select

from recipekit.db.engine import Database
from recipekit.models.food import NUTRIENTS_PER_100G, Food
from recipekit.nutrition.names import (
    CHANGES_FOOD,
    DESCRIPTORS,
    core_words,
    name_segments,
    name_words,
)


@dataclass(frozen=True, slots=True)
class FoodEntry:
    """One catalog food: nutrients per 100 g (keys of `NUTRIENTS_PER_100G`, None = not
    measured) and household weights (grams per "cup", "tbsp", "large", "clove", ...)."""

    slug: str
    name: str
    aliases: tuple[str, ...] = ()
    nutrients: Mapping[str, float | None] = field(default_factory=dict)
    grams_per_unit: Mapping[str, float] = field(default_factory=dict)
    id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class _Phrase:
    words: tuple[str, ...]
    core: tuple[str, ...]
    food: FoodEntry
    is_name: bool


_Rank = tuple[int, bool, int, int, bool, str]


def _end_of(phrase: tuple[str, ...], words: tuple[str, ...], start: int) -> int | None:
    """Where ``phrase`` ends if it occurs at ``start`` (descriptors may sit between its words)."""
    position = start + 1
    for word in phrase[1:]:
        while position < len(words) and words[position] != word:
            if words[position] not in DESCRIPTORS:
                return None
            position += 1
        if position == len(words):
            return None
        position += 1
    return position


class FoodCatalog:
    """Foods by normalised name and alias, with `match` for ingredient names.

    Example:
        >>> flour = FoodEntry("all-purpose-flour", "all-purpose flour", ("plain flour",))
        >>> FoodCatalog([flour]).match("sifted plain flour") is flour
        True
    """

    def __init__(self, entries: Iterable[FoodEntry]) -> None:
        self._foods = tuple(sorted(entries, key=lambda food: food.slug))
        self._by_first_word: dict[str, list[_Phrase]] = {}
        for food in self._foods:
            for text in (food.name, *food.aliases):
                words = name_words(text)
                core = core_words(words)
                if core:
                    phrase = _Phrase(words, core, food, is_name=text == food.name)
                    self._by_first_word.setdefault(words[0], []).append(phrase)
        self._matches: dict[str, FoodEntry | None] = {}

    def __len__(self) -> int:
        return len(self._foods)

    def match(self, name: str) -> FoodEntry | None:
        """The food ``name`` (an ingredient line's name part) most plausibly means, or None."""
        if name not in self._matches:
            found = self._best(name_segments(name, keep_parentheses=False))
            if found is None:
                found = self._best(name_segments(name))
            self._matches[name] = found
        return self._matches[name]

    def _best(self, segments: tuple[tuple[str, ...], ...]) -> FoodEntry | None:
        required = CHANGES_FOOD.intersection(word for segment in segments for word in segment)
        for segment in segments:
            core = core_words(segment)
            ranked: list[tuple[_Rank, FoodEntry]] = []
            for start, word in enumerate(segment):
                for phrase in self._by_first_word.get(word, ()):
                    end = _end_of(phrase.words, segment, start)
                    if end is None or not required.issubset(phrase.words):
                        continue
                    rank = (
                        -len(phrase.core),
                        phrase.core != core,
                        -len(phrase.words),
                        -end,
                        not phrase.is_name,
                        phrase.food.slug,
                    )
                    ranked.append((rank, phrase.food))
            if ranked:
                return min(ranked, key=lambda pair: pair[0])[1]
        return None


def _entry(food: Food) -> FoodEntry:
    return FoodEntry(
        slug=food.slug,
        name=food.name,
        aliases=tuple(food.aliases),
        nutrients={nutrient: getattr(food, nutrient) for nutrient in NUTRIENTS_PER_100G},
        grams_per_unit={unit: float(grams) for unit, grams in food.grams_per_unit.items()},
        id=food.id,
    )


async def load_catalog(database: Database) -> FoodCatalog:
    """The live foods of ``database`` (table ``foods``) as a `FoodCatalog`."""
    async with database.session() as session:
        foods = (await session.scalars(select(Food).order_by(Food.slug))).all()
    return FoodCatalog(_entry(food) for food in foods)
