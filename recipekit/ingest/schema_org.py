"""schema.org/Recipe JSON-LD -> `RecipeRecord`.

`find_recipe_nodes` locates Recipe nodes wherever a page (or a wrapper around one) puts them;
`record_from_schema_org` maps one node, tolerating the shapes real pages publish: HTML inside
strings, instructions as text, lists, ``HowToStep``s or ``HowToSection``s, malformed durations,
yields as text, numbers, lists or objects. Only a node without a usable name is rejected.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, Final

from recipekit.ingest.diets import diet_types
from recipekit.ingest.durations import parse_duration, total_time
from recipekit.ingest.ingredient_lines import parse_ingredient_line
from recipekit.ingest.nutrition_strings import parse_energy_kcal, parse_grams, parse_milligrams
from recipekit.ingest.quantities import parse_leading_range
from recipekit.ingest.records import InstructionStep, NutritionFacts, RecipeRecord, RecordError
from recipekit.ingest.text import clean_lines, clean_text, optional_text
from recipekit.ingest.units import split_leading_unit
from recipekit.ingest.yields import parse_yield

_GRAM_FIELDS: Final = {
    "protein_g": "proteinContent",
    "fat_g": "fatContent",
    "saturated_fat_g": "saturatedFatContent",
    "carbohydrates_g": "carbohydrateContent",
    "fiber_g": "fiberContent",
    "sugar_g": "sugarContent",
}
_MILLIGRAM_FIELDS: Final = {"sodium_mg": "sodiumContent", "cholesterol_mg": "cholesterolContent"}
_INGREDIENT_HEADING = re.compile(
    r"^(?:#+\s*.*"  # "## SAUCE"
    r"|[^\d]*:"  # "For the noodles:"
    r"|[^\da-z,]*[A-Z]{2,}\s+[^\da-z,]*[A-Z][^\da-z,]*)$"  # "FOR THE MARINADE", "TO SERVE"
)


def _is_recipe_type(value: object) -> bool:
    types = value if isinstance(value, list) else [value]
    return any(isinstance(t, str) and t.rstrip("/").rsplit("/", 1)[-1] == "Recipe" for t in types)


def find_recipe_nodes(obj: object) -> list[dict[str, Any]]:
    """Every node whose ``@type`` is or contains "Recipe", in document order.

    Searches lists, ``@graph``, ``mainEntity`` and any other nested object, so a wrapper that
    carries a recipe under any key is found too. A Recipe node's own children are not searched.

    Example:
        >>> page = {"@graph": [{"@type": "WebPage"}, {"@type": ["Recipe"], "name": "Soup"}]}
        >>> [node["name"] for node in find_recipe_nodes(page)]
        ['Soup']
    """
    if isinstance(obj, list):
        return [node for item in obj for node in find_recipe_nodes(item)]
    if not isinstance(obj, dict):
        return []
    if _is_recipe_type(obj.get("@type")):
        return [obj]
    return [node for value in obj.values() for node in find_recipe_nodes(value)]


def _strings(value: object) -> Iterator[str]:
    """Every string in a value that may be a string, a list (nested) or an object with a name."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, Mapping):
        yield from _strings(value.get("name") or value.get("text"))


def _terms(value: object) -> list[str]:
    """Comma-separated or listed terms (categories, keywords...), cleaned, unique, in order."""
    terms = (clean_text(part) for text in _strings(value) for part in text.split(","))
    return list(dict.fromkeys(term for term in terms if term))


def _first_text(value: object) -> str | None:
    return next((text for text in map(optional_text, _strings(value)) if text), None)


def _is_bare_amount(fragment: str) -> bool:
    """A quantity and/or unit naming no food: ``"2"``, ``"1/2 teaspoon"``, ``"1 cup of"``."""
    parsed = parse_leading_range(fragment)
    rest = parsed[2] if parsed else fragment
    unit = split_leading_unit(rest)
    if parsed is None and unit is None:
        return False
    if unit is not None:
        rest = unit[1]
    return not any(char.isalnum() for char in rest)


def _ingredient_lines(text: str) -> Iterator[str]:
    """The ingredients in one listed string: one per line, minus empty lines and headings.

    A line holding only an amount ("2", "1 cup") was broken from its food by a stray line break
    and is joined to the line that follows: ``"2 \\r\\nbay leaf"`` is one ingredient, "2 bay leaf".
    """
    pending: list[str] = []
    for line in clean_lines(text):
        if _INGREDIENT_HEADING.match(line):
            continue
        pending.append(line)
        if not _is_bare_amount(line):
            yield " ".join(pending)
            pending = []
    if pending:
        yield " ".join(pending)


def _ingredient_texts(node: Mapping[str, Any]) -> list[str]:
    """The ingredient lines of every listed string (or of the lone string), in order.

    Each string may hold several ingredients, one per line; see `_ingredient_lines`.
    """
    texts = _strings(node.get("recipeIngredient", node.get("ingredients")))
    return [line for text in texts for line in _ingredient_lines(text)]


def _steps(value: object, section: str | None = None) -> Iterator[InstructionStep]:
    if isinstance(value, str):
        for line in clean_lines(value):
            yield InstructionStep(text=line, section=section)
    elif isinstance(value, list):
        for item in value:
            yield from _steps(item, section)
    elif isinstance(value, Mapping):
        children = value.get("itemListElement")
        if children is not None:
            is_section = "Section" in str(value.get("@type", ""))
            name = optional_text(value.get("name")) if is_section else None
            yield from _steps(children, name or section)
            return
        text = next(
            (t for key in ("text", "name", "description") if (t := optional_text(value.get(key)))),
            None,
        )
        if text:
            yield InstructionStep(text=text, section=section)


def _nutrition(value: object) -> NutritionFacts | None:
    if not isinstance(value, Mapping):
        return None
    facts = NutritionFacts(
        calories_kcal=parse_energy_kcal(value.get("calories")),
        serving_size=optional_text(value.get("servingSize")),
        **{field: parse_grams(value.get(key)) for field, key in _GRAM_FIELDS.items()},
        **{field: parse_milligrams(value.get(key)) for field, key in _MILLIGRAM_FIELDS.items()},
    )
    return None if facts.is_empty() else facts


def _page_url(node: Mapping[str, Any]) -> str | None:
    """The page's URL: ``url``, else ``mainEntityOfPage``, else an ``@id`` that is a URL."""
    page = node.get("mainEntityOfPage")
    candidates = [
        node.get("url"),
        page.get("@id") or page.get("url") if isinstance(page, Mapping) else page,
        node.get("@id"),
    ]
    for candidate in candidates:
        text = _first_text(candidate)
        if text and text.startswith(("http://", "https://")):
            return text.split("#", 1)[0]
    return None


def _names(value: object) -> str | None:
    names = list(dict.fromkeys(filter(None, map(optional_text, _strings(value)))))
    return ", ".join(names) or None


def record_from_schema_org(node: object, *, fallback_key: str) -> RecipeRecord:
    """Map one schema.org Recipe node to a record.

    Args:
        node: a JSON-LD object, as found by `find_recipe_nodes`.
        fallback_key: the ``source_key`` when the node names no URL (e.g. ``"file:///data/page.html#12"``).

    Raises:
        RecordError: the node is not an object, or has no usable name.
    """
    if not isinstance(node, Mapping):
        raise RecordError("@type", f"expected a JSON object, got {type(node).__name__}")
    title = _first_text(node.get("name")) or _first_text(node.get("headline"))
    if not title:
        raise RecordError("name", "a recipe needs a name")
    prep = parse_duration(node.get("prepTime"))
    cook = parse_duration(node.get("cookTime"))
    servings, yield_text = parse_yield(node.get("recipeYield", node.get("yield")))
    categories = _terms(node.get("recipeCategory"))
    cuisines = _terms(node.get("recipeCuisine"))
    keywords = _terms(node.get("keywords"))
    diet_terms = [*_terms(node.get("suitableForDiet")), *keywords, *categories]
    url = _page_url(node)
    return RecipeRecord(
        source_key=url or fallback_key,
        title=title,
        ingredients=tuple(map(parse_ingredient_line, _ingredient_texts(node))),
        instructions=tuple(_steps(node.get("recipeInstructions"))),
        description=_first_text(node.get("description")),
        prep_minutes=prep,
        cook_minutes=cook,
        total_minutes=total_time(parse_duration(node.get("totalTime")), prep, cook),
        servings=servings,
        yield_text=yield_text,
        cuisine=cuisines[0] if cuisines else None,
        language=_first_text(node.get("inLanguage")),
        source_url=url,
        source_name=_names(node.get("publisher")),
        author=_names(node.get("author")),
        categories=(
            *(("Course", category) for category in categories),
            *(("Cuisine", cuisine) for cuisine in cuisines),
        ),
        keywords=tuple(keywords),
        diet_types=diet_types(diet_terms),
        nutrition=_nutrition(node.get("nutrition")),
    )
