"""Values that must agree across modules that cannot import each other."""

from __future__ import annotations

import dataclasses
import importlib.util

from recipekit.audit import SEED_ACTOR
from recipekit.ingest.records import NutritionFacts
from recipekit.migrations import script_location
from recipekit.models.enums import DietType
from recipekit.models.recipe import NUTRIENTS_PER_SERVING


def _migration(file_name: str) -> object:
    spec = importlib.util.spec_from_file_location(
        file_name, script_location() / "versions" / file_name
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_seed_actor_matches_migration_004() -> None:
    assert _migration("004_seed_categories.py").SEED_ACTOR == SEED_ACTOR  # type: ignore[attr-defined]


def test_diet_check_in_migration_001_lists_every_diet_type() -> None:
    diets = _migration("001_initial_schema.py").DIET_TYPES  # type: ignore[attr-defined]
    assert set(diets) == {diet.value for diet in DietType}


def test_nutrition_facts_carry_every_nutrient_column() -> None:
    fields = tuple(field.name for field in dataclasses.fields(NutritionFacts))
    assert fields == (*NUTRIENTS_PER_SERVING, "serving_size")


def test_pgvector_version_gate_of_migration_002() -> None:
    migration = _migration("002_add_pgvector_extension.py")
    version = migration._version  # type: ignore[attr-defined]
    minimum = migration.MINIMUM_PGVECTOR  # type: ignore[attr-defined]
    assert version("0.4.4") < minimum <= version("0.5.0") < version("0.8.1") < version("1.0")
