"""recipekit's SQLAlchemy models. Importing this package registers the ORM-wide rules."""

from recipekit.models import events
from recipekit.models.base import Base
from recipekit.models.category import Category, RecipeCategory
from recipekit.models.enums import DietType, Difficulty, NutritionSource
from recipekit.models.events import INCLUDE_DELETED
from recipekit.models.food import NUTRIENTS_PER_100G, Food
from recipekit.models.recipe import Ingredient, NutritionalInfo, Recipe

__all__ = [
    "INCLUDE_DELETED",
    "NUTRIENTS_PER_100G",
    "Base",
    "Category",
    "DietType",
    "Difficulty",
    "Food",
    "Ingredient",
    "NutritionSource",
    "NutritionalInfo",
    "Recipe",
    "RecipeCategory",
    "events",
]
