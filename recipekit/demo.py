"""The demo: embedded database -> migrations -> seed -> import -> embed -> a few answers.

The CLI's ``recipekit demo`` prints `DemoReport`; notebooks can call `run_demo` and look at the
DataFrames it holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd
from sqlalchemy import func, select

from recipekit import migrations
from recipekit.db.engine import Database
from recipekit.embeddings import embed_recipes, nearest_recipes
from recipekit.importing import import_path
from recipekit.models import Category, Food, Ingredient, Recipe
from recipekit.nutrition import COVERED_SHARE, compute_nutrition, covered, nutrition_by_category
from recipekit.writing import WriteResult


def sample_path() -> Path:
    """The sample recipes that ship inside the package (written by the recipekit authors)."""
    return Path(str(resources.files("recipekit.sample") / "recipes.jsonl"))


@dataclass(slots=True)
class DemoReport:
    """What the demo did and found."""

    database: str
    revision: str | None
    imported: WriteResult
    counts: dict[str, int]
    computed: int
    covered: int
    nutrition: pd.DataFrame
    neighbours_of: str
    neighbours: pd.DataFrame

    def render(self) -> str:
        """The report as text for a terminal."""
        counts = ", ".join(f"{count} {name}" for name, count in self.counts.items())
        with pd.option_context("display.width", 120, "display.max_columns", 20):
            return "\n".join(
                [
                    f"database: {self.database}",
                    f"schema revision: {self.revision}",
                    f"import: {self.imported.summary()}",
                    f"rows: {counts}",
                    f"nutrition computed from ingredient lines: {self.computed} recipes,"
                    f" {self.covered} with at least {COVERED_SHARE:.0%} of their mass counted",
                    "",
                    "Mean nutrition per serving by course (label figures, else computed):",
                    self.nutrition.to_string(),
                    "",
                    f"Nearest recipes to {self.neighbours_of!r} (cosine distance):",
                    self.neighbours.drop(columns=["id"]).to_string(index=False),
                ]
            )


async def _counts(database: Database) -> dict[str, int]:
    async with database.session() as session:
        return {
            "recipes": await session.scalar(select(func.count(Recipe.id))) or 0,
            "ingredients": await session.scalar(select(func.count(Ingredient.id))) or 0,
            "categories": await session.scalar(select(func.count(Category.id))) or 0,
            "foods": await session.scalar(select(func.count(Food.id))) or 0,
        }


async def run_demo(database: Database, data: Path | None = None) -> DemoReport:
    """Migrate, import ``data`` (default: the bundled sample), embed, compute nutrition, and
    summarise."""
    await migrations.upgrade(database)
    imported = await import_path(database, data or sample_path())
    await embed_recipes(database)
    computed = await compute_nutrition(database)
    async with database.session() as session:
        first = (
            await session.execute(
                select(Recipe.id, Recipe.title)
                .where(Recipe.embedding.is_not(None))
                .order_by(Recipe.title)
                .limit(1)
            )
        ).first()
    neighbours = (
        await nearest_recipes(database, first.id, k=5)
        if first is not None
        else pd.DataFrame(columns=["id", "title", "cuisine", "distance"])
    )
    return DemoReport(
        database=database.url.render_as_string(hide_password=True),
        revision=await migrations.current_revision(database),
        imported=imported,
        counts=await _counts(database),
        computed=len(computed),
        covered=covered(computed),
        nutrition=await nutrition_by_category(database, branch="Course"),
        neighbours_of=first.title if first is not None else "",
        neighbours=neighbours.round({"distance": 3}),
    )
