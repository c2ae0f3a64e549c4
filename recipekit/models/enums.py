"""Closed vocabularies shared by the models, the importers and the DataFrame helpers."""

from __future__ import annotations

import enum


class Difficulty(enum.StrEnum):
    """How hard a recipe is. Stored in PostgreSQL by *value* ("easy"), never by member name."""

    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class DietType(enum.StrEnum):
    """Diets a recipe can be suitable for; `recipes.diet_types` holds these values as text[]."""

    VEGAN = "vegan"
    VEGETARIAN = "vegetarian"
    PESCATARIAN = "pescatarian"
    GLUTEN_FREE = "gluten-free"
    DAIRY_FREE = "dairy-free"
    NUT_FREE = "nut-free"
    EGG_FREE = "egg-free"
    KETO = "keto"
    PALEO = "paleo"
    LOW_CARB = "low-carb"
    LOW_FAT = "low-fat"
    LOW_SODIUM = "low-sodium"
    LOW_CALORIE = "low-calorie"
    DIABETIC = "diabetic"
    HALAL = "halal"
    KOSHER = "kosher"
    HINDU = "hindu"


class NutritionSource(enum.StrEnum):
    """Where a recipe's nutrition figures came from."""

    LABEL = "label"
    COMPUTED = "computed"


def enum_values(members: type[enum.Enum]) -> list[str]:
    """The stored values of an enum, for SQLAlchemy's ``values_callable``."""
    return [str(member.value) for member in members]
