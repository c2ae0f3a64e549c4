"""Writing parsed `RecipeRecord`s into the database: each record lands whole or not at all.

Every record is written inside its own savepoint, so a record the database refuses (a check
constraint, an over-long value) is rolled back alone and reported as a `Rejection`; the records
around it still land, and no half-written recipe stays behind. ``source_key`` decides
insert-or-update, so importing the same source twice changes nothing the second time.
"""

from __future__ import annotations

import csv
import dataclasses
import enum
import math
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
from sqlalchemy import inspect, select
from sqlalchemy.ext.asyncio import AsyncSession

from recipekit.audit import SEED_ACTOR
from recipekit.categories import find_or_create_path, slugify
from recipekit.db.engine import Database
from recipekit.db.errors import connection_lost, describe
from recipekit.ingest.records import (
    IngredientLine,
    NutritionFacts,
    RecipeRecord,
    Rejection,
    SourcedRecord,
)
from recipekit.ingest.sources import read_records
from recipekit.models import (
    Category,
    Ingredient,
    NutritionalInfo,
    NutritionSource,
    Recipe,
    RecipeCategory,
)
from recipekit.models.recipe import NUTRIENTS_PER_SERVING

T = TypeVar("T")

BATCH_SIZE = 200
"""Records written per transaction; a crash loses at most one uncommitted batch."""

_RECIPE_FIELDS = (
    "title", "description", "prep_minutes", "cook_minutes", "total_minutes", "servings",
    "yield_text", "cuisine", "language", "author", "source_url", "source_name", "source_key",
)  # fmt: skip
_NUTRITION_FIELDS = (*NUTRIENTS_PER_SERVING, "serving_size")


@dataclass(slots=True)
class ImportResult:
    """What an import did: counts of recipes written, and every record it refused, with why."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def imported(self) -> int:
        """Records that are now in the database (inserted, updated or already identical)."""
        return self.inserted + self.updated + self.unchanged

    def rejects_frame(self) -> pd.DataFrame:
        """The rejections as a DataFrame: source, position, field, reason."""
        return pd.DataFrame(
            [(r.source, r.position, r.field, r.reason) for r in self.rejected],
            columns=["source", "position", "field", "reason"],
        )

    def write_rejects(self, path: Path) -> None:
        """Write the rejections as CSV (a header and one row per rejected record)."""
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["source", "position", "field", "reason"])
            writer.writerows((r.source, r.position, r.field, r.reason) for r in self.rejected)

    def summary(self) -> str:
        """One line for people: "12 inserted, 0 updated, 3 unchanged, 1 rejected"."""
        return (
            f"{self.inserted} inserted, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.rejected)} rejected"
        )


def _ingredient_key(line: IngredientLine | Ingredient) -> tuple[Any, ...]:
    text = line.text if isinstance(line, IngredientLine) else line.original_text
    return (text, line.quantity, line.quantity_max, line.unit, line.name, line.preparation)


def _nutrition_key(facts: NutritionFacts | NutritionalInfo | None) -> tuple[Any, ...] | None:
    if facts is None:
        return None
    return tuple(getattr(facts, name) for name in _NUTRITION_FIELDS)


def _apply_ingredients(current: list[Ingredient], lines: tuple[IngredientLine, ...]) -> None:
    """Update ingredient rows in place by position, add missing ones, drop extra ones.

    Reusing rows keeps ``(recipe_id, position)`` unique at every step of the flush.
    """
    for position, line in enumerate(lines, start=1):
        if position > len(current):
            current.append(Ingredient(position=position, original_text=line.text))
        ingredient = current[position - 1]
        if _ingredient_key(ingredient) != _ingredient_key(line):
            ingredient.original_text = line.text
            for name in ("quantity", "quantity_max", "unit", "name", "preparation"):
                setattr(ingredient, name, getattr(line, name))
    del current[len(lines) :]


def _apply_category_links(links: list[RecipeCategory], wanted: set[uuid.UUID]) -> None:
    """Keep the links still wanted, drop the others, add the missing ones (never delete and
    re-insert the same pair, which the unique constraint would refuse mid-flush)."""
    links[:] = [link for link in links if link.category_id in wanted]
    present = {link.category_id for link in links}
    links.extend(RecipeCategory(category_id=cid) for cid in sorted(wanted - present))


def _apply(recipe: Recipe, record: RecipeRecord, categories: list[Category]) -> None:
    """Make ``recipe`` say what ``record`` says, touching only what differs."""
    for name in _RECIPE_FIELDS:
        if getattr(recipe, name) != getattr(record, name):
            setattr(recipe, name, getattr(record, name))
    steps = [step.as_json() for step in record.instructions]
    if (recipe.instructions or []) != steps:
        recipe.instructions = steps
    diets = sorted(diet.value for diet in record.diet_types)
    if sorted(recipe.diet_types or []) != diets:
        recipe.diet_types = diets
    _apply_ingredients(recipe.ingredients, record.ingredients)
    _apply_category_links(recipe.category_links, {category.id for category in categories})
    facts = record.nutrition if record.nutrition and not record.nutrition.is_empty() else None
    if _nutrition_key(recipe.nutrition) != _nutrition_key(facts):
        recipe.nutrition = (
            None
            if facts is None
            else NutritionalInfo(
                source=NutritionSource.LABEL,
                **{name: getattr(facts, name) for name in _NUTRITION_FIELDS},
            )
        )


def storable(value: T) -> T:
    """``value`` (a record, or anything inside one) as PostgreSQL can store it: NUL characters
    removed and unpaired surrogates replaced in text, non-finite numbers made NULL."""
    if isinstance(value, str) and not isinstance(value, enum.Enum):
        cleaned = value.replace("\x00", "")
        return cleaned.encode("utf-8", "replace").decode("utf-8")  # type: ignore[return-value]
    if isinstance(value, float):
        return value if math.isfinite(value) else None  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(storable(item) for item in value)  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            field.name: storable(getattr(value, field.name)) for field in dataclasses.fields(value)
        }
        return dataclasses.replace(value, **changes)
    return value


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class _Writer:
    """Writes records through one session, a savepoint per record."""

    def __init__(
        self, session: AsyncSession, result: ImportResult, landed: dict[str, SourcedRecord]
    ) -> None:
        self.session = session
        self.result = result
        self.landed = landed
        self.categories: dict[str, Category] = {}
        self.vocabulary: dict[str, Category] = {}

    async def _categories_of(
        self, record: RecipeRecord, known: dict[str, Category]
    ) -> list[Category]:
        """The record's category paths (created when missing), plus the seeded categories its
        keywords and diets name ("dessert", "vegan"). Keywords match only the seeded vocabulary,
        so the links a record gets never depend on what else was imported before it."""
        found = [await find_or_create_path(self.session, path, known) for path in record.categories]
        named = [slugify(keyword) for keyword in record.keywords]
        named += [diet.value for diet in record.diet_types]
        found += [self.vocabulary[slug] for slug in named if slug in self.vocabulary]
        return list({category.id: category for category in found}.values())

    async def write_batch(self, items: list[SourcedRecord]) -> None:
        """Write one transaction's worth of records, looking up their existing recipes at once."""
        if not self.categories:
            live = list(await self.session.scalars(select(Category)))
            self.categories = {category.slug: category for category in live}
            self.vocabulary = {c.slug: c for c in live if c.created_by == SEED_ACTOR}
        keys = [storable(item.record.source_key) for item in items]
        existing = {
            recipe.source_key: recipe
            for recipe in await self.session.scalars(
                select(Recipe).where(Recipe.source_key.in_(keys))
            )
        }
        for item in items:
            await self.write_one(item, existing)

    async def write_one(self, item: SourcedRecord, existing: dict[str | None, Recipe]) -> None:
        """Insert or update one record inside a savepoint; count it, or record why not."""
        record = storable(item.record)
        first = self.landed.get(record.source_key)
        if first is not None:
            # one source naming the same recipe twice: the first one stays, so re-imports of
            # the source are stable instead of flipping between the two versions
            self.result.rejected.append(
                Rejection(
                    item.source,
                    item.position,
                    "source_key",
                    f"the same recipe ({record.source_key}) as {first.source}:{first.position}",
                )
            )
            return
        known_categories = dict(self.categories)
        try:
            async with self.session.begin_nested():
                categories = await self._categories_of(record, known_categories)
                recipe = existing.get(record.source_key)
                if recipe is not None and inspect(recipe).expired_attributes:
                    # an earlier record's savepoint rolled back and expired it: reload, in async
                    await self.session.refresh(recipe)
                is_new = recipe is None
                if recipe is None:
                    recipe = Recipe(title=record.title)
                    self.session.add(recipe)
                _apply(recipe, record, categories)
                session = self.session
                changed = bool(session.new or session.deleted) or any(
                    session.is_modified(obj) for obj in session.dirty
                )
                await self.session.flush()
        except Exception as error:  # one bad record never aborts the batch: report it, go on
            if connection_lost(error):
                raise
            self.result.rejected.append(
                Rejection(item.source, item.position, "database", describe(error, with_type=True))
            )
            return
        self.categories = known_categories
        existing[record.source_key] = recipe
        self.landed[record.source_key] = item
        if is_new:
            self.result.inserted += 1
        elif changed:
            self.result.updated += 1
        else:
            self.result.unchanged += 1


async def import_records(
    database: Database,
    records: Iterable[SourcedRecord | Rejection],
) -> ImportResult:
    """Write records (each with its source and position) and collect what was refused.

    Rejections already made by a parser pass straight through to the result. A record whose
    ``source_key`` an earlier record of the same import already wrote is rejected as a duplicate.
    """
    result = ImportResult()
    landed: dict[str, SourcedRecord] = {}
    for batch in _batches(records, BATCH_SIZE):
        writable = [item for item in batch if not isinstance(item, Rejection)]
        result.rejected.extend(item for item in batch if isinstance(item, Rejection))
        async with database.transaction() as session:
            await _Writer(session, result, landed).write_batch(writable)
    return result


async def import_path(database: Database, path: Path) -> ImportResult:
    """Import every recipe found at ``path`` (a file or a folder; see `read_records`).

    Example:
        >>> result = await import_path(db, Path("recipes.jsonl"))
        >>> result.summary()
        '30 inserted, 0 updated, 0 unchanged, 0 rejected'
    """
    return await import_records(database, read_records(path))
