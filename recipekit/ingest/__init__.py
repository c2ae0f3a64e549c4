"""Importers: recipe sources (schema.org JSON-LD, Markdown, files and folders) -> `RecipeRecord`s,
plus the shared parsers they use (durations, yields, nutrition strings, ingredient lines, diets).

Nothing here touches the database; the writer takes the records these functions produce.

Example:
    >>> from pathlib import Path
    >>> from recipekit.ingest import SourcedRecord, read_records
    >>> found = [r.record for r in read_records(Path("recipes/")) if isinstance(r, SourcedRecord)]
"""

from recipekit.ingest.diets import diet_type, diet_types
from recipekit.ingest.durations import parse_duration, total_time
from recipekit.ingest.ingredient_lines import parse_ingredient_line
from recipekit.ingest.markdown import record_from_markdown
from recipekit.ingest.nutrition_strings import parse_energy_kcal, parse_grams, parse_milligrams
from recipekit.ingest.records import (
    IngredientLine,
    InstructionStep,
    NutritionFacts,
    RecipeRecord,
    RecordError,
    Rejection,
    SourcedRecord,
)
from recipekit.ingest.schema_org import find_recipe_nodes, record_from_schema_org
from recipekit.ingest.sources import read_records
from recipekit.ingest.yields import parse_yield

__all__ = [
    "IngredientLine",
    "InstructionStep",
    "NutritionFacts",
    "RecipeRecord",
    "RecordError",
    "Rejection",
    "SourcedRecord",
    "diet_type",
    "diet_types",
    "find_recipe_nodes",
    "parse_duration",
    "parse_energy_kcal",
    "parse_grams",
    "parse_ingredient_line",
    "parse_milligrams",
    "parse_yield",
    "read_records",
    "record_from_markdown",
    "record_from_schema_org",
    "total_time",
]
