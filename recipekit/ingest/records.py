"""The plain records every importer produces, before anything touches the database.

Source formats (schema.org JSON-LD, Markdown, DataFrames) are parsed into `RecipeRecord`s; the
database writer only ever sees these. A record that cannot be parsed becomes a `Rejection`
naming its source, position, field and reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from recipekit.models.enums import DietType


class RecordError(ValueError):
    """A source record cannot become a recipe. ``field`` names the offending field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class IngredientLine:
    """One ingredient line: the original text, always kept, plus what could be parsed from it.

    ``size`` is the size of one item or container ("large", "14.5 ounce"); ``comment`` holds
    remarks that are neither name nor preparation ("to taste", "such as Maris Piper").
    """

    text: str
    quantity: float | None = None
    quantity_max: float | None = None
    unit: str | None = None
    name: str | None = None
    preparation: str | None = None
    size: str | None = None
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class InstructionStep:
    """One step of a method; ``section`` names the group it belongs to ("For the sauce")."""

    text: str
    section: str | None = None

    def as_json(self) -> dict[str, str | None]:
        """The JSONB form stored in ``recipes.instructions``."""
        return {"text": self.text, "section": self.section}


@dataclass(frozen=True, slots=True)
class NutritionFacts:
    """Per-serving nutrition as printed on a recipe (a label), in kcal, g and mg."""

    calories_kcal: float | None = None
    protein_g: float | None = None
    fat_g: float | None = None
    saturated_fat_g: float | None = None
    carbohydrates_g: float | None = None
    fiber_g: float | None = None
    sugar_g: float | None = None
    sodium_mg: float | None = None
    cholesterol_mg: float | None = None
    serving_size: str | None = None

    def is_empty(self) -> bool:
        """True when no figure at all was given."""
        return all(getattr(self, name) is None for name in self.__slots__ if name != "serving_size")


@dataclass(frozen=True, slots=True)
class RecipeRecord:
    """A recipe as parsed from any source, ready to be written.

    ``source_key`` is stable across re-imports of the same source (a canonical URL, or the
    file's ``file://`` URI plus the position in it) and decides insert-or-update.
    ``categories`` are paths from a top-level branch of the category tree, e.g.
    ``("Cuisine", "Thai")`` or ``("Course", "Soup")``; they are created when missing.
    ``keywords`` are free tags: the importer links a recipe to an existing category a keyword
    names, and never creates categories from them.
    """

    source_key: str
    title: str
    ingredients: tuple[IngredientLine, ...] = ()
    instructions: tuple[InstructionStep, ...] = ()
    description: str | None = None
    prep_minutes: int | None = None
    cook_minutes: int | None = None
    total_minutes: int | None = None
    servings: int | None = None
    yield_text: str | None = None
    cuisine: str | None = None
    language: str | None = None
    source_url: str | None = None
    source_name: str | None = None
    author: str | None = None
    categories: tuple[tuple[str, ...], ...] = ()
    keywords: tuple[str, ...] = ()
    diet_types: frozenset[DietType] = field(default_factory=frozenset)
    nutrition: NutritionFacts | None = None


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why one source record was not imported: where it was and what was wrong."""

    source: str
    position: int
    field: str
    reason: str


@dataclass(frozen=True, slots=True)
class SourcedRecord:
    """A parsed record and where it came from (file and 1-based position), for error reports."""

    source: str
    position: int
    record: RecipeRecord
