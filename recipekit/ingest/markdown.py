"""Markdown recipes with YAML front matter -> `RecipeRecord`.

The layout (as in the public-domain-recipes collection)::

    ---
    title: "Apple Pie"
    date: 2021-05-13
    tags: ['dessert', 'pie', 'american', 'vegan']
    author: mfed3
    ---
    A description paragraph (or a "## Description" section).

    - ⏲️ Prep time: 30 min
    - 🍳 Cook time: 45 min
    - 🍽️ Servings: 8

    ## Ingredients
    ### Filling            <- sub-headings and "For the crust:" lines name groups
    - 900 g apples

    ## Directions          <- also "## Prep Directions (30-45 min)": its name becomes the section
    1. Peel the apples...

Decisions:

* Tags are sorted three ways: a diet (`diets.diet_type`) goes to ``diet_types``; a cuisine or
  nationality (`cuisines.cuisine_name`) becomes a ``("Cuisine", "Italian")`` path, and the first
  one is ``cuisine``; a meal or course word (breakfast, dessert, side...) becomes
  ``("Course", "Dessert")``; any other tag (pasta, quick, beef...) is a keyword.
* Metadata bullets are read where the description is (before the first section, or in a
  "Description" section); other times (fridge, rest, fermentation) are not prep or cook time.
  The total is prep plus cook (`durations.total_time`) unless a "Total time" bullet gives it.
* In Directions, list items are steps (continuation lines join their item); a paragraph outside
  a list is a step too, unless it is a group name (a bold line or a short line ending in ":").
  Sections other than Ingredients, Directions and Description (Notes, Equipment...) are skipped.
* Broken or missing front matter, or no title, raises `RecordError`; no ingredients is allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Final

import yaml

from recipekit.ingest.cuisines import cuisine_name
from recipekit.ingest.diets import diet_type
from recipekit.ingest.durations import parse_duration, total_time
from recipekit.ingest.ingredient_lines import parse_ingredient_line
from recipekit.ingest.records import InstructionStep, RecipeRecord, RecordError
from recipekit.ingest.text import clean_text
from recipekit.ingest.yields import parse_yield

_COURSES: Final = frozenset(
    {"breakfast", "brunch", "lunch", "dinner", "supper", "dessert", "snack", "side", "appetizer",
     "starter", "main", "drink", "beverage"}
)  # fmt: skip
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_SECTION = re.compile(r"^##(?!#)\s*(?P<name>.*?)\s*$", re.MULTILINE)
_SUBHEADING = re.compile(r"^#{3,}\s*(?P<name>.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?P<text>.*)$")
_METADATA = re.compile(
    r"^\s*[-*+]\s*\W*?(?:(?P<prep>prep(?:aration)?\s*time)|(?P<cook>cook(?:ing)?\s*time)"
    r"|(?P<total>total\s*time)|(?P<servings>servings?|serves|yields?))\s*:?\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_METADATA_KEYS: Final = ("prep", "cook", "total", "servings")
_GROUP_NAME = re.compile(r"^(?:\*\*(?P<bold>[^*]+)\*\*|__(?P<under>[^_]+)__|(?P<colon>.{1,60}):)$")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(?<!\w)(\*{1,3}|_{1,3})(?P<text>\S(?:.*?\S)?)\1(?!\w)")
_PLAIN_SECTION_NAMES: Final = frozenset({"directions", "instructions", "method", "steps"})


def _plain(text: str) -> str:
    """Markdown inline markup removed: images, links (their text kept), emphasis, escapes."""
    text = _LINK.sub(r"\g<text>", _IMAGE.sub("", text))
    text = _EMPHASIS.sub(r"\g<text>", text)
    return clean_text(re.sub(r"\\([\\`*_{}\[\]()#+\-.!])", r"\1", text))


@dataclass
class _Block:
    """One list item or paragraph of a section, with the group it belongs to."""

    text: str
    is_item: bool
    group: str | None


@dataclass
class _Blocks:
    items: list[_Block] = field(default_factory=list)
    group: str | None = None


def _blocks(lines: list[str], group: str | None) -> list[_Block]:
    """Split a section into list items and paragraphs; headings and "X:" lines set the group."""
    state = _Blocks(group=group)
    open_block: _Block | None = None
    for line in lines:
        stripped = line.strip()
        subheading = _SUBHEADING.match(stripped)
        item = _LIST_ITEM.match(line)
        if not stripped or _IMAGE.fullmatch(stripped):
            open_block = None if not stripped else open_block
        elif subheading:
            state.group, open_block = _plain(subheading["name"]) or state.group, None
        elif item:
            open_block = _Block(item["text"], is_item=True, group=state.group)
            state.items.append(open_block)
        elif open_block is not None and (open_block.text or line[:1].isspace()):
            open_block.text += " " + stripped
        elif named := _GROUP_NAME.match(stripped):
            state.group = _plain(named["bold"] or named["under"] or named["colon"])
        else:
            open_block = _Block(stripped, is_item=False, group=state.group)
            state.items.append(open_block)
    for block in state.items:
        block.text = _plain(block.text)
    return [block for block in state.items if block.text]


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise RecordError("front matter", "no YAML front matter between '---' lines")
    try:
        meta = yaml.safe_load(match["yaml"])
    except yaml.YAMLError as error:
        raise RecordError("front matter", f"invalid YAML: {error}") from error
    if not isinstance(meta, dict):
        raise RecordError("front matter", "the front matter is not a mapping")
    return meta, text[match.end() :]


def _sections(body: str) -> list[tuple[str, list[str]]]:
    """``("", preamble lines)`` followed by ``(heading, lines)`` for each ``##`` section."""
    heads = list(_SECTION.finditer(body))
    bounds = [0, *(head.start() for head in heads), len(body)]
    names = ["", *(head["name"] for head in heads)]
    return [
        (name, body[start:end].split("\n")[0 if not name else 1 :])
        for name, start, end in zip(names, bounds, bounds[1:], strict=False)
    ]


def _scalar(value: object) -> str:
    """A front-matter value as text; lists and mappings are not text (and YAML aliases can make
    them enormous), so they count as missing."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return clean_text(str(value))
    return ""


def _tags(value: object) -> list[str]:
    raw = value if isinstance(value, list) else _scalar(value).split(",")
    return list(dict.fromkeys(text for text in map(_scalar, raw) if text))


def record_from_markdown(text: str, *, source_key: str, source_name: str | None) -> RecipeRecord:
    """Parse one Markdown recipe.

    Args:
        text: the whole file.
        source_key: stable identity of the file, e.g. ``"markdown:apple-pie"``.
        source_name: where the file comes from (a collection or folder name).

    Raises:
        RecordError: the front matter is missing, not YAML or has no title.
    """
    meta, body = _front_matter(text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    title = _scalar(meta.get("title"))
    if not title:
        raise RecordError("title", "the front matter has no title (a plain text value)")
    description: list[str] = []
    metadata: dict[str, str] = {}
    ingredients: list[str] = []
    steps: list[InstructionStep] = []
    for name, lines in _sections(body):
        key = name.lower()
        if not name or "description" in key:
            for line in lines:
                if found := _METADATA.match(line):
                    key = next(k for k in _METADATA_KEYS if found[k])
                    metadata.setdefault(key, found["value"].strip())
            prose = [line for line in lines if not _LIST_ITEM.match(line)]
            description += [block.text for block in _blocks(prose, None)]
        elif "ingredient" in key:
            ingredients += [block.text for block in _blocks(lines, None) if block.is_item]
        elif any(word in key for word in ("direction", "instruction", "method", "step")):
            group = None if _plain(name).lower() in _PLAIN_SECTION_NAMES else _plain(name)
            steps += [InstructionStep(b.text, b.group) for b in _blocks(lines, group)]
    prep = parse_duration(metadata.get("prep"))
    cook = parse_duration(metadata.get("cook"))
    servings, yield_text = parse_yield(metadata.get("servings"))
    tags = _tags(meta.get("tags"))
    diets = frozenset(diet for diet in map(diet_type, tags) if diet is not None)
    cuisines = [c for c in map(cuisine_name, tags) if c is not None]
    other = [t for t in tags if diet_type(t) is None and cuisine_name(t) is None]
    author = _scalar(meta.get("author")) or None
    return RecipeRecord(
        source_key=source_key,
        title=title,
        ingredients=tuple(map(parse_ingredient_line, ingredients)),
        instructions=tuple(steps),
        description="\n\n".join(description) or None,
        prep_minutes=prep,
        cook_minutes=cook,
        total_minutes=total_time(parse_duration(metadata.get("total")), prep, cook),
        servings=servings,
        yield_text=yield_text,
        cuisine=cuisines[0] if cuisines else None,
        source_name=source_name,
        author=author,
        categories=(
            *(("Cuisine", cuisine) for cuisine in dict.fromkeys(cuisines)),
            *(("Course", t.title()) for t in other if t.lower() in _COURSES),
        ),
        keywords=tuple(t for t in other if t.lower() not in _COURSES),
        diet_types=diets,
    )
