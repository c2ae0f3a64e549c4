"""What follows the amount of an ingredient line: name, size, preparation and comment.

"large red onions (about 300g), finely chopped, such as Tropea" -> name "red onions",
size "large", preparation "finely chopped", comment "about 300g; such as Tropea".

- Parenthesised remarks, a " - " aside, "to taste", "for frying"/"to serve" (a purpose) and
  comma-separated parts that do not describe a preparation ("such as ...", "or ...", "plus extra",
  "optional", "leaves only") are comments.
- Comma-separated parts that start with a preparation word or an "-ed" word ("peeled and diced",
  "cut into strips", "finely chopped") are preparations, and so are preparation words in front
  of the name ("finely sliced garlic", "freshly ground pepper"). Words that name a kind of food
  ("ground cumin", "smoked salmon", "dried oregano") stay in the name.
- "X or Y" inside the name stays in the name: both are the ingredient.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from recipekit.ingest.amounts import ITEM_SIZES
from recipekit.ingest.units import TRAILING, UNIT, canonical_unit, singular_parts

_ADVERB: Final = (
    r"(?:finely|roughly|coarsely|thinly|thickly|freshly|lightly|very|well|loosely|firmly|"
    r"evenly|gently|just|fairly|cleanly|neatly|hot|fully)"
)
_PARTICIPLE: Final = (
    r"(?:chopped|sliced|diced|minced|grated|crushed|cooked|steamed|peeled|shredded|beaten|"
    r"melted|softened|shelled|trimmed|halved|quartered|cubed|julienned|torn|picked|washed|"
    r"rinsed|drained|deseeded|de-seeded|stoned|skinned|mashed|squeezed|sifted|whisked|"
    r"boiled|blanched|crumbled|snipped|pounded|bruised|defrosted|thawed|warmed|chilled|"
    r"segmented|zested|juiced|cored|hulled|scrubbed|sieved|cut|ground|flaked|sautéed|"
    r"spiralized|spiralised|scored|butterflied|filleted|deveined|bashed|broken|split|uncooked|"
    r"seeded|slivered|shaved|scalded|strained|(?:hard|soft)-(?:boiled|cooked))"
)
_PREPARATION_WORD: Final = rf"(?:{_ADVERB}\s+)*{_PARTICIPLE}"
_LEADING_PREPARATION = re.compile(
    rf"^(?P<preparation>(?:{_ADVERB}\s+)*(?!ground\s){_PARTICIPLE}"
    rf"(?:\s*(?:,|and|or|&)\s*(?:{_PREPARATION_WORD}|[a-z]+ed\b)|\s+(?!ground\s){_PREPARATION_WORD})*"
    rf"|(?:{_ADVERB}\s+)+ground)\s+(?=\S)",
    re.IGNORECASE,
)
"""Preparation words in front of the name: "finely sliced", "cooked and pureed", "chopped
peeled seeded" (in a row), "freshly ground"."""
_INNER_PREPARATION = re.compile(
    rf"(?<=\s)(?P<conjunction>and|or|&)\s+(?P<preparation>(?:{_ADVERB}\s+)+ground|"
    rf"(?:{_ADVERB}\s+)*(?!ground\s){_PARTICIPLE})\s+(?=\S)",
    re.IGNORECASE,
)
"""A preparation in front of the second food of a pair: "salt and freshly ground pepper"."""
_PREPARATION_PART = re.compile(
    rf"^(?:{_PREPARATION_WORD}|{_ADVERB}\b|[a-z-]+ed\b|to be\b|at room temperature|"
    r"into\b|in\s+(?:chunks|pieces|slices|cubes|strips|wedges|rings|half|halves|quarters)\b)",
    re.IGNORECASE,
)
_LEADING_REMARK = re.compile(
    r"^(?P<remark>(?:(?:loosely|firmly|lightly|well)\s+)?packed)\s+(?=\S)", re.IGNORECASE
)
_TRAILING_REMARK = re.compile(
    r"\s+(?P<remark>(?:plus\s+(?:extra|more)\b.*)|(?:or\s+)?to\s+taste\b.*|(?:to|for)\s+"
    r"(?:serve|serving|garnish|decorate|dust|dusting|drizzle|drizzling|brush|brushing|grease|"
    r"greasing|fry|frying|cook|cooking|finish|finishing|glaze|glazing|sprinkle|sprinkling|"
    r"the\s|deep|shallow|pan|stir|roast|roasting|bake|baking|topping|dip|dipping|coat|coating|"
    r"season|seasoning)\b.*|as\s+(?:desired|needed|required)\b.*|(?:such\s+as|e\.g\.|weighing|"
    r"preferably|ideally|if\s+(?:needed|necessary|you\s+like|liked|available))\b.*|"
    r"or\s+(?:\d|a\s|an\s|one\s|two\s).*|optional|for\s+[a-z]+ing\b.*|to\s+cover\b.*|"
    r"like\s.*|if\s+using\b.*|per\s+(?:person|serving|portion)\b.*|"
    rf"\d[\d.,/ ]*\s*{UNIT})$",
    re.IGNORECASE,
)
_TRAILING_PREPARATION = re.compile(
    rf"\s+(?P<preparation>{_PREPARATION_WORD}(?:\s+(?:into|in|to|with|on|until|small|"
    rf"lengthways|lengthwise|thinly|finely|roughly|and|or)\b.*)?)$",
    re.IGNORECASE,
)
_EACH = re.compile(r"^(?P<each>each)\s+", re.IGNORECASE)
_ADJECTIVE_WORD: Final = (
    rf"(?:{_PREPARATION_WORD}|[\w'-]+(?:ed|less)|\w+-[\w-]+|{ITEM_SIZES}|ripe|mild|fresh|sweet|"
    r"firm|lean|tender|dry|soft|raw|crisp|whole|plump|juicy|light|dark|thick|thin|big|extra)"
)
_ADJECTIVE = re.compile(rf"^(?:{_ADJECTIVE_WORD}\s+)*{_ADJECTIVE_WORD}$", re.IGNORECASE)
"""Words that only describe, so a comma after them does not end the name ("large, ripe
mangoes", "skinless, boneless chicken")."""
_TRAILING_UNIT = re.compile(rf"\s+(?P<unit>{UNIT})$", re.IGNORECASE)
_SIZE = re.compile(rf"(?:^|\s)(?P<size>{ITEM_SIZES})(?=\s+\S)", re.IGNORECASE)
_ASIDE = re.compile(r"\s+[-\u2013\u2014]+\s+")
_PARENTHESES = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_INNER_PARENTHESES = re.compile(
    r"\((?!\s*(?:optional|see|such|about|approx|preferably|from|for|if|not|any|like|e\.g|i\.e|"
    r"recipe|to|plus|each)\b)(?P<words>[^()\d]{1,40})\)(?=\s*[^\W\d])",
    re.IGNORECASE,
)
"""Parentheses inside a name, another word for part of it: "heavy (whipping) cream"."""
_LEADING_OF = re.compile(r"^(?:of|d')\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Description:
    """The parts of an ingredient line after its amount; all optional. ``unit`` is a counting
    unit written after the food ("garlic cloves")."""

    name: str | None = None
    unit: str | None = None
    size: str | None = None
    preparation: str | None = None
    comment: str | None = None


def _joined(parts: list[str], separator: str) -> str | None:
    kept = [part.strip(" ,;") for part in parts]
    return separator.join(part for part in kept if part) or None


def _split_commas(text: str) -> list[str]:
    """Split at commas and semicolons (parentheses are already gone)."""
    return [part.strip() for part in re.split(r"\s*[,;]\s*", text)]


def _name_and_size(name: str) -> tuple[str, str | None]:
    """Take a size word out of the name: "large free-range eggs" -> size "large"."""
    match = _SIZE.search(name)
    if match is None:
        return name, None
    rest = (name[: match.start("size")] + name[match.end("size") :]).strip()
    return re.sub(r"\s+", " ", rest), match["size"]


def _merged_adjectives(name: str, parts: list[str]) -> tuple[str, list[str]]:
    """Rejoin a name split at commas between its adjectives: "boneless, skinless chicken"."""
    while parts and _ADJECTIVE.match(name) and not _PREPARATION_PART.match(parts[0]):
        name, parts = f"{name} {parts[0]}", parts[1:]
    if parts and _ADJECTIVE.match(name) and _LEADING_PREPARATION.match(f"{name} {parts[0]}"):
        name, parts = f"{name}, {parts[0]}", parts[1:]  # "cored, thinly sliced sprouts"
    return name, parts


def _trailing_unit(name: str) -> tuple[str, str | None]:
    """A counting unit written after the food: "garlic cloves" -> ("garlic", "clove")."""
    match = _TRAILING_UNIT.search(name)
    unit = canonical_unit(match["unit"]) if match else None
    if match is None or unit not in TRAILING:
        return name, None
    return name[: match.start()], unit


def split_description(text: str, *, counted: bool = False, prepared: bool = False) -> Description:
    """Split what follows an amount into name, size, preparation and comment; ``counted`` (a
    number but no unit came before) lets a counting unit follow the food ("garlic cloves");
    ``prepared`` (a can or jar holds it) keeps a leading preparation in the name, as the food
    is sold so ("1 can chopped tomatoes").

    Example:
        >>> split_description("large onion, finely chopped (optional)")
        Description(name='onion', unit=None, size='large', preparation='finely chopped', \
comment='optional')
    """
    text = _INNER_PARENTHESES.sub(lambda inner: f" {inner['words'].strip()} ", text)
    comments = ["".join(group) for group in _PARENTHESES.findall(text)]
    text = re.sub(r"\s+", " ", _PARENTHESES.sub(" ", text)).strip()
    text, *asides = _ASIDE.split(text, maxsplit=1)
    comments.extend(asides)
    first, *rest = _split_commas(text)
    name, parts = _merged_adjectives(first, rest)
    preparations: list[str] = []
    for part in parts:
        (preparations if _PREPARATION_PART.match(part) else comments).append(part)
    name = _LEADING_OF.sub("", name)
    if (each := _EACH.match(name)) is not None:
        comments.insert(0, each["each"])
        name = name[each.end() :]
    if (remark := _TRAILING_REMARK.search(name)) is not None and remark.start() > 0:
        comments.insert(0, remark["remark"])
        name = name[: remark.start()]
    while (leading := _LEADING_REMARK.match(name)) is not None:
        comments.insert(0, leading["remark"])
        name = name[leading.end() :]
    if not prepared and (preparation := _LEADING_PREPARATION.match(name)) is not None:
        preparations.insert(0, preparation["preparation"])
        name = name[preparation.end() :]
    if (inner := _INNER_PREPARATION.search(name)) is not None:
        preparations.append(inner["preparation"])
        name = f"{name[: inner.start()]}{inner['conjunction']} {name[inner.end() :]}"
    if (trailing := _TRAILING_PREPARATION.search(name)) is not None and trailing.start() > 0:
        preparations.insert(0, trailing["preparation"])
        name = name[: trailing.start()]
    name, unit = _trailing_unit(name) if counted else (name, None)
    name, size = _name_and_size(name)
    return Description(
        name=singular_parts(name.strip(" ,;.")) or None,
        unit=unit,
        size=size,
        preparation=_joined(preparations, ", "),
        comment=_joined(comments, "; "),
    )
