"""Nutrition: per-serving figures computed from ingredient lines and the food catalog, and
summaries over recipe DataFrames.

- `catalog`: the food catalog in memory and ingredient-name matching.
- `grams`: an ingredient line's amount in grams, or why it is unknown.
- `compute`: a recipe's totals, per-serving figures and coverage.
- `store`: computing recipes in the database and storing the figures.
- `analysis`: macronutrient energy, impossible values, label against computed.
- `summaries`: per-category and per-diet means over `recipes_frame`.
"""

from recipekit.nutrition.analysis import energy_split, label_vs_computed, outliers
from recipekit.nutrition.catalog import FoodCatalog, FoodEntry, load_catalog
from recipekit.nutrition.compute import (
    IngredientLike,
    LineNutrition,
    RecipeNutrition,
    compute_lines,
)
from recipekit.nutrition.grams import (
    IMPLAUSIBLE_AMOUNT,
    NO_GRAM_WEIGHT,
    NO_QUANTITY,
    UNKNOWN_FOOD,
    UNKNOWN_UNIT,
    GramsResult,
    to_grams,
)
from recipekit.nutrition.store import COVERED_SHARE, compute_nutrition, covered, lines_frame
from recipekit.nutrition.summaries import (
    SUMMARY_COLUMNS,
    nutrition_by_category,
    summarise_by_category,
    summarise_by_diet,
)

__all__ = [
    "COVERED_SHARE",
    "IMPLAUSIBLE_AMOUNT",
    "NO_GRAM_WEIGHT",
    "NO_QUANTITY",
    "SUMMARY_COLUMNS",
    "UNKNOWN_FOOD",
    "UNKNOWN_UNIT",
    "FoodCatalog",
    "FoodEntry",
    "GramsResult",
    "IngredientLike",
    "LineNutrition",
    "RecipeNutrition",
    "compute_lines",
    "compute_nutrition",
    "covered",
    "energy_split",
    "label_vs_computed",
    "lines_frame",
    "load_catalog",
    "nutrition_by_category",
    "outliers",
    "summarise_by_category",
    "summarise_by_diet",
    "to_grams",
]
