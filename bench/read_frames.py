"""Reading recipes into a DataFrame: recipekit's `recipes_frame` against a plain
``pd.read_sql`` of the same query, on the same data, in the same run.

    python bench/read_frames.py [--n 20000]

Loads N synthetic recipes (10 ingredient lines, label nutrition and 2 categories each) with
COPY into a scratch database, then times both readers (best of 3) and prints one figure per
line: ``recipes``, ``recipes_frame_s``, ``read_sql_s`` and ``recipes_frame_vs_read_sql`` (> 1
means recipekit is faster). Uses RECIPEKIT_DATABASE_URL's server, else a throwaway embedded one.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
import uuid
from collections.abc import Awaitable, Callable

import pandas as pd
from _common import scratch_database

from recipekit.db.engine import Database
from recipekit.frames import recipes_frame, recipes_query
from recipekit.models import Category

CUISINES = ["Italian", "Thai", "Mexican", "Indian", "French", "Japanese", "Greek", "Moroccan"]
DIETS = [[], ["vegan", "vegetarian"], ["vegetarian"], ["gluten-free"], ["dairy-free"]]


async def _load(database: Database, n: int) -> None:
    """N recipes with their children, written by COPY (the fastest way in)."""
    rng = random.Random(7)
    async with database.session() as session:
        category_ids = list((await session.scalars(Category.__table__.select())).all())
    recipes, ingredients, nutrition, links = [], [], [], []
    for number in range(n):
        recipe_id = uuid.uuid4()
        recipes.append(
            (recipe_id, f"Recipe {number}", rng.choice(CUISINES), rng.randint(10, 180),
             rng.randint(1, 8), rng.choice(DIETS))
        )  # fmt: skip
        ingredients += [
            (recipe_id, position, f"{position} tbsp ingredient {position}", float(position))
            for position in range(1, 11)
        ]
        nutrition.append((recipe_id, "label", rng.uniform(100, 900), rng.uniform(2, 60)))
        links += [(recipe_id, category) for category in rng.sample(category_ids, 2)]
    async with database.connect() as connection:
        raw = (await connection.get_raw_connection()).driver_connection
        assert raw is not None
        recipe_columns = ["id", "title", "cuisine", "total_minutes", "servings", "diet_types"]
        tables = [
            ("recipes", recipes, recipe_columns),
            ("ingredients", ingredients, ["recipe_id", "position", "original_text", "quantity"]),
            ("nutritional_info", nutrition, ["recipe_id", "source", "calories_kcal", "protein_g"]),
            ("recipe_categories", links, ["recipe_id", "category_id"]),
        ]
        for table, rows, columns in tables:
            await raw.copy_records_to_table(table, records=rows, columns=columns)


async def _best_of(runs: int, read: Callable[[], Awaitable[pd.DataFrame]]) -> tuple[float, int]:
    best, rows = float("inf"), 0
    for _ in range(runs):
        started = time.perf_counter()
        frame = await read()
        best, rows = min(best, time.perf_counter() - started), len(frame)
    return best, rows


async def compare_readers(database: Database, n: int) -> tuple[float, float]:
    """Best-of-3 seconds of `recipes_frame` and of ``pd.read_sql`` reading the ``n`` recipes
    of ``database``."""

    async def with_recipekit() -> pd.DataFrame:
        return await recipes_frame(database)

    async def with_read_sql() -> pd.DataFrame:
        async with database.connect() as connection:
            return await connection.run_sync(lambda sync: pd.read_sql(recipes_query(), sync))

    frame_s, frame_rows = await _best_of(3, with_recipekit)
    sql_s, sql_rows = await _best_of(3, with_read_sql)
    assert frame_rows == sql_rows == n, (frame_rows, sql_rows)
    return frame_s, sql_s


async def main(n: int) -> None:
    database = await scratch_database("bench_read_frames")
    await _load(database, n)
    frame_s, sql_s = await compare_readers(database, n)
    await database.dispose()
    print(f"recipes: {n}")
    print(f"recipes_frame_s: {frame_s:.3f}")
    print(f"read_sql_s: {sql_s:.3f}")
    print(f"recipes_frame_vs_read_sql: {sql_s / frame_s:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=20_000)
    asyncio.run(main(parser.parse_args().n))
