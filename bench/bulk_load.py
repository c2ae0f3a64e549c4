"""Writing recipes in bulk: recipekit's `write_recipes` against raw asyncpg COPY (the ceiling),
the SQLAlchemy ORM's ``add_all`` and ``DataFrame.to_sql``, on the same recipes, in the same run.

    python bench/bulk_load.py [--n 20000] [--slow-n 5000]

Generates N realistic recipes (fixed seed) as one DataFrame in write_recipes' layout: 10
ingredient lines drawn from ~60 foods (so lines repeat across recipes as they do in real
collections), label nutrition, 2 category paths, diets and a 768-dim embedding. Each contender
then writes them into its own freshly migrated database; only the write is timed, including the
contender's own conversion from the DataFrame and its category look-up. Every contender writes
the same rows: recipes, 10 parsed ingredient lines each, nutrition, and the category links
write_recipes makes (the 2 paths plus the categories of the recipe's diets).

* ``write_recipes``: runs first, so ``peak_rss_mib`` is its peak, input frame included.
* ``copy``: raw asyncpg ``copy_records_to_table`` into bare copies of the four tables (columns,
  NOT NULLs and defaults; no indexes, constraints or triggers): the ceiling.
* ``copy_indexed``: the same into copies with every index (HNSW included) and CHECK
  constraint of the real tables, so with the same index maintenance (foreign keys excepted).
* ``orm``: ``Recipe`` objects with their children, ``session.add_all``, one commit.
* ``to_sql``: ``DataFrame.to_sql`` per table with the model's column types, pandas' default
  ``method=None`` (an executemany; ``method="multi"`` was slower here).

The ORM and to_sql write only the first ``--slow-n`` recipes (default min(N, 5000)): at N=20,000
they would take many minutes. Inserting into the HNSW index gets dearer as it grows, so a rate
depends on the size written: when ``--slow-n`` is below N, write_recipes also writes that
subsample into a database of its own (``write_recipes_slow``), and the ORM and to_sql ratios
compare rates at the same size.

Prints one figure per line: ``recipes`` and ``slow_recipes`` (the sizes used),
``<contender>_recipes_per_s``, then ``write_recipes_vs_copy`` (write_recipes' share of the bare
ceiling, target >= 0.7), ``write_recipes_vs_indexed_copy`` (its share of the indexed one),
``write_recipes_vs_to_sql`` (target >= 5) and ``write_recipes_vs_orm`` (target >= 10), both > 1
meaning recipekit is faster, ``peak_rss_mib`` (target < 1024 for 20,000 recipes) and
``recipes_frame_vs_read_sql`` (bench/read_frames.py's reader comparison, on the recipes
write_recipes wrote, all N). Uses RECIPEKIT_DATABASE_URL's server, else a throwaway embedded one.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import resource
import struct
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from _common import scratch_database, scratch_settings
from read_frames import compare_readers
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from recipekit.config import EMBEDDING_DIMENSION, Settings
from recipekit.db.engine import Database
from recipekit.frames import categories_frame
from recipekit.ingest import IngredientLine, parse_ingredient_line
from recipekit.models import (
    Difficulty,
    Ingredient,
    NutritionalInfo,
    NutritionSource,
    Recipe,
    RecipeCategory,
)
from recipekit.models.recipe import NUTRIENTS_PER_SERVING
from recipekit.writing import write_recipes

SEED = 20_000
SCALAR_COLUMNS = (
    "source_key", "title", "description", "cuisine", "difficulty", "prep_minutes",
    "cook_minutes", "total_minutes", "servings",
)  # fmt: skip
RECIPE_COLUMNS = (*SCALAR_COLUMNS, "diet_types", "instructions", "embedding")
INGREDIENT_FIELDS = (
    "position", "original_text", "quantity", "quantity_max", "unit", "name", "preparation",
)  # fmt: skip
TABLES = ("recipes", "ingredients", "nutritional_info", "recipe_categories")
BARE_NAMES = ("bare_recipes", "bare_ingredients", "bare_nutrition", "bare_recipe_categories")
INDEXED_NAMES = (
    "indexed_recipes", "indexed_ingredients", "indexed_nutrition", "indexed_recipe_categories",
)  # fmt: skip
LONG_TIMEOUT_S = 3_600.0
"""Statement timeout for the ORM's transaction (its whole flush counts as one operation)."""
TO_SQL_METHOD: Literal["multi"] | None = None
"""pandas' default (executemany); ``"multi"`` (one multi-row VALUES per 500 rows) was slower."""

# food: the units it is measured in ("" counts it: "2 eggs"), then how it may be prepared
FOODS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "plain flour": (("cup", "g"), ("sifted",)),
    "caster sugar": (("cup", "g"), ()),
    "brown sugar": (("cup", "tbsp"), ("packed",)),
    "butter": (("g", "tbsp"), ("softened", "melted")),
    "salt": (("tsp", "pinch"), ()),
    "black pepper": (("tsp", "pinch"), ("freshly ground",)),
    "olive oil": (("tbsp", "ml"), ()),
    "vegetable oil": (("tbsp", "ml"), ()),
    "eggs": (("",), ("beaten", "lightly whisked")),
    "milk": (("cup", "ml"), ("warmed",)),
    "double cream": (("ml", "cup"), ("whipped",)),
    "garlic": (("clove",), ("crushed", "finely chopped")),
    "onion": (("",), ("finely chopped", "sliced")),
    "red onion": (("",), ("thinly sliced",)),
    "carrots": (("", "g"), ("peeled and diced",)),
    "celery stalks": (("",), ("chopped",)),
    "potatoes": (("g", ""), ("peeled and cubed",)),
    "tomatoes": (("", "g"), ("chopped", "halved")),
    "chopped tomatoes": (("can", "g"), ()),
    "tomato paste": (("tbsp",), ()),
    "chicken breast": (("g", ""), ("cut into strips", "diced")),
    "beef mince": (("g",), ()),
    "pork shoulder": (("g", "kg"), ("cubed",)),
    "salmon fillets": (("", "g"), ("skin removed",)),
    "prawns": (("g",), ("peeled and deveined",)),
    "firm tofu": (("g",), ("pressed and cubed",)),
    "chickpeas": (("can", "g"), ("drained and rinsed",)),
    "red lentils": (("cup", "g"), ("rinsed",)),
    "basmati rice": (("cup", "g"), ("rinsed",)),
    "spaghetti": (("g",), ()),
    "coconut milk": (("can", "ml"), ()),
    "chicken stock": (("ml", "cup"), ("hot",)),
    "vegetable stock": (("ml", "cup"), ("hot",)),
    "soy sauce": (("tbsp", "tsp"), ()),
    "fish sauce": (("tbsp", "tsp"), ()),
    "lime juice": (("tbsp",), ("freshly squeezed",)),
    "lemon juice": (("tbsp",), ("freshly squeezed",)),
    "lemon zest": (("tsp",), ("finely grated",)),
    "fresh ginger": (("tbsp", "tsp"), ("grated",)),
    "ground cumin": (("tsp",), ()),
    "ground coriander": (("tsp",), ()),
    "smoked paprika": (("tsp",), ()),
    "chilli flakes": (("tsp", "pinch"), ()),
    "garam masala": (("tsp", "tbsp"), ()),
    "dried oregano": (("tsp",), ()),
    "fresh basil": (("cup", "bunch"), ("torn",)),
    "fresh coriander": (("cup", "bunch"), ("chopped",)),
    "fresh parsley": (("cup", "bunch"), ("finely chopped",)),
    "spring onions": (("",), ("sliced",)),
    "baby spinach": (("g", "cup"), ()),
    "mushrooms": (("g",), ("sliced", "quartered")),
    "red pepper": (("",), ("deseeded and sliced",)),
    "courgette": (("",), ("diced",)),
    "parmesan": (("g", "cup"), ("finely grated",)),
    "cheddar": (("g", "cup"), ("grated",)),
    "feta": (("g",), ("crumbled",)),
    "greek yoghurt": (("cup", "g"), ()),
    "honey": (("tbsp", "tsp"), ()),
    "baking powder": (("tsp",), ()),
    "vanilla extract": (("tsp",), ()),
    "dark chocolate": (("g",), ("roughly chopped", "melted")),
    "rolled oats": (("cup", "g"), ()),
    "walnuts": (("g", "cup"), ("toasted",)),
    "sesame oil": (("tsp", "tbsp"), ()),
    "peanut butter": (("tbsp",), ()),
}
QUANTITIES = {
    "cup": ("1/2", "1", "1 1/2", "2"),
    "g": ("50", "100", "200", "250", "400", "500"),
    "kg": ("1",),
    "ml": ("100", "250", "400", "500"),
    "tbsp": ("1", "2", "3"),
    "tsp": ("1/4", "1/2", "1", "2"),
    "pinch": ("1",),
    "clove": ("2", "3", "4"),
    "can": ("1", "2"),
    "bunch": ("1",),
    "": ("1", "2", "3", "4"),
}
PLURALS = {"cup": "cups", "clove": "cloves", "can": "cans", "bunch": "bunches"}
ADJECTIVES = ("Smoky", "Creamy", "Spicy", "Zesty", "Rustic", "Quick", "Herby", "Golden", "Easy")
DISHES = ("Stew", "Curry", "Traybake", "Salad", "Pasta", "Soup", "Stir-Fry", "Bake", "Bowl")
DIETS: tuple[list[str], ...] = (
    [], [], [], ["vegetarian"], ["vegan", "vegetarian"], ["gluten-free"], ["dairy-free"],
    ["gluten-free", "low-carb"], ["halal"],
)  # fmt: skip
STEPS = (
    "Preheat the oven to {degrees} C.",
    "Heat the {food} in a large pan over a medium heat.",
    "Add the {food} and cook for {minutes} minutes, stirring now and then.",
    "Stir in the {food} and simmer for {minutes} minutes.",
    "Season to taste and rest for {minutes} minutes before serving.",
    "Whisk the {food} in a bowl until smooth.",
    "Scatter over the {food} and serve.",
)
_VECTOR_HEADER = struct.pack(">HH", EMBEDDING_DIMENSION, 0)


def _ingredient_line(rng: random.Random, food: str) -> str:
    """One line such as "2 cups plain flour" or "3 cloves garlic, crushed"."""
    units, preparations = FOODS[food]
    unit = rng.choice(units)
    quantity = rng.choice(QUANTITIES[unit])
    if quantity not in ("1/4", "1/2", "1"):
        unit = PLURALS.get(unit, unit)
    line = f"{quantity} {unit} {food}" if unit else f"{quantity} {food}"
    return f"{line}, {rng.choice(preparations)}" if preparations and rng.random() < 0.5 else line


def recipe_frame(n: int, category_paths: Sequence[str]) -> pd.DataFrame:
    """N recipes in write_recipes' layout, the same for the same ``n`` (a fixed seed); each is
    in one cuisine and one course of ``category_paths``."""
    rng = random.Random(SEED)
    cuisines = [path for path in category_paths if path.startswith("Cuisine >")]
    courses = [path for path in category_paths if path.startswith("Course >")]
    rows = []
    for number in range(n):
        foods = rng.sample(list(FOODS), 10)
        cuisine, course = rng.choice(cuisines), rng.choice(courses)
        difficulty = rng.choice(("easy", "medium", "hard"))
        prep, cook = rng.randint(5, 45), rng.choice((0, rng.randint(5, 180)))
        dish = rng.choice(DISHES)
        steps = [
            rng.choice(STEPS).format(
                food=rng.choice(foods), minutes=rng.randint(2, 30), degrees=rng.choice((180, 200))
            )
            for _ in range(rng.randint(4, 8))
        ]
        fat, carbohydrates = round(rng.uniform(1, 50), 1), round(rng.uniform(5, 120), 1)
        rows.append(
            {
                "source_key": f"bench:{number}",
                "title": f"{rng.choice(ADJECTIVES)} {foods[0].title()} {dish}",
                "description": f"A {difficulty} {cuisine.rsplit(' > ', 1)[-1]} {dish.lower()} "
                f"ready in {prep + cook} minutes.",
                "cuisine": cuisine.rsplit(" > ", 1)[-1],
                "difficulty": difficulty,
                "prep_minutes": prep,
                "cook_minutes": cook,
                "total_minutes": prep + cook,
                "servings": rng.randint(1, 8),
                "diet_types": rng.choice(DIETS),
                "instructions": steps,
                "ingredients": [_ingredient_line(rng, food) for food in foods],
                "categories": [cuisine, course],
                "calories_kcal": round(rng.uniform(150, 900), 1),
                "protein_g": round(rng.uniform(2, 60), 1),
                "fat_g": fat,
                "saturated_fat_g": round(fat * rng.uniform(0.1, 0.5), 1),
                "carbohydrates_g": carbohydrates,
                "fiber_g": round(rng.uniform(0, 15), 1),
                "sugar_g": round(carbohydrates * rng.uniform(0, 0.5), 1),
                "sodium_mg": round(rng.uniform(50, 2000)),
                "cholesterol_mg": round(rng.uniform(0, 250)),
            }
        )
    frame = pd.DataFrame(rows)
    vectors = np.random.default_rng(SEED).standard_normal((n, EMBEDDING_DIMENSION), np.float32)
    frame["embedding"] = list(vectors)  # views of one block: no copy per recipe
    return frame


@dataclass(frozen=True, slots=True)
class _Categories:
    """Category ids by path ("Cuisine > Asian > Thai") and by slug (diets name slugs)."""

    by_path: dict[str, uuid.UUID]
    by_slug: dict[str, uuid.UUID]

    @classmethod
    async def of(cls, database: Database) -> _Categories:
        """The live categories of ``database``."""
        tree = await categories_frame(database)
        ids = tree["id"].tolist()
        return cls(
            dict(zip(tree["path"].tolist(), ids, strict=True)),
            dict(zip(tree["slug"].tolist(), ids, strict=True)),
        )

    def ids(self, paths: Sequence[str], diets: Sequence[str]) -> list[uuid.UUID]:
        """The links write_recipes makes for a row: its paths, then its diets' categories."""
        found = [self.by_path[path] for path in paths]
        found += [self.by_slug[diet] for diet in diets if diet in self.by_slug]
        return list(dict.fromkeys(found))


@lru_cache(maxsize=100_000)
def _parsed(line: str) -> IngredientLine:
    """Ingredient lines repeat across recipes, so each contender parses each one once."""
    return parse_ingredient_line(line)


def _ingredient(position: int, line: str) -> tuple[Any, ...]:
    """An ingredient line as the values of `INGREDIENT_FIELDS`."""
    parsed = _parsed(line)
    return (
        position, parsed.text, parsed.quantity, parsed.quantity_max, parsed.unit, parsed.name,
        parsed.preparation,
    )  # fmt: skip


def _steps(steps: Sequence[str]) -> list[dict[str, str | None]]:
    """Instruction lines as the JSON steps ``recipes.instructions`` holds."""
    return [{"text": step, "section": None} for step in steps]


def _vector_binary(vector: npt.NDArray[np.float32]) -> bytes:
    """pgvector's binary form: dimension, a zero, then big-endian float4 values."""
    return _VECTOR_HEADER + vector.astype(">f4").tobytes()


def _records(frame: pd.DataFrame) -> Iterator[dict[str, Any]]:
    """The frame's rows as dicts of plain values (columns zipped: no per-row pandas cost)."""
    names = [str(name) for name in frame.columns]
    for values in zip(*(frame[name].tolist() for name in names), strict=True):
        yield dict(zip(names, values, strict=True))


def _children(
    frame: pd.DataFrame, ids: Sequence[uuid.UUID], categories: _Categories
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Rows of ``ingredients``, ``nutritional_info`` and ``recipe_categories`` for the frame's
    recipes, whose ids are ``ids``."""
    ingredients: list[tuple[Any, ...]] = []
    nutrition: list[tuple[Any, ...]] = []
    links: list[tuple[Any, ...]] = []
    columns = (frame[name].tolist() for name in ("ingredients", "categories", "diet_types"))
    figures = (frame[name].tolist() for name in NUTRIENTS_PER_SERVING)
    for recipe_id, lines, paths, diets, *values in zip(ids, *columns, *figures, strict=True):
        ingredients += [(recipe_id, *_ingredient(p, line)) for p, line in enumerate(lines, 1)]
        nutrition.append((recipe_id, "label", *values))
        links += [(recipe_id, category) for category in categories.ids(paths, diets)]
    return ingredients, nutrition, links


async def _create_copies(database: Database, names: Sequence[str], *, indexed: bool) -> None:
    """Tables ``names`` shaped like `TABLES`: columns, NOT NULLs and defaults, and with
    ``indexed`` also every index and CHECK constraint (LIKE copies no foreign keys or
    triggers)."""
    including = "INCLUDING ALL" if indexed else "INCLUDING DEFAULTS"
    async with database.connect() as connection:
        for name, table in zip(names, TABLES, strict=True):
            await connection.execute(text(f"CREATE TABLE {name} (LIKE {table} {including})"))


async def _write_copy(database: Database, frame: pd.DataFrame, names: Sequence[str]) -> None:
    """The frame into tables ``names`` (recipes, ingredients, nutrition, links) by raw asyncpg
    COPY, vectors in binary."""
    categories = await _Categories.of(database)
    ids = [uuid.uuid4() for _ in range(len(frame))]
    recipes = [
        (recipe_id, *scalars, diets, json.dumps(_steps(steps)), _vector_binary(vector))
        for recipe_id, *scalars, diets, steps, vector in zip(
            ids, *(frame[name].tolist() for name in RECIPE_COLUMNS), strict=True
        )
    ]
    ingredients, nutrition, links = _children(frame, ids, categories)
    async with database.connect() as connection:
        # through SQLAlchemy, so its transaction has begun: the COPYs below run inside it
        await connection.execute(text("SET LOCAL statement_timeout = 0"))  # one COPY of all N
        raw = (await connection.get_raw_connection()).driver_connection
        assert raw is not None
        schema = await raw.fetchval(
            "SELECT typnamespace::regnamespace::text FROM pg_type WHERE oid = to_regtype('vector')"
        )
        codec = {"typename": "vector", "schema": schema}
        await raw.set_type_codec(**codec, encoder=bytes, decoder=bytes, format="binary")
        tables = [
            (recipes, ["id", *RECIPE_COLUMNS]),
            (ingredients, ["recipe_id", *INGREDIENT_FIELDS]),
            (nutrition, ["recipe_id", "source", *NUTRIENTS_PER_SERVING]),
            (links, ["recipe_id", "category_id"]),
        ]
        for name, (rows, columns) in zip(names, tables, strict=True):
            await raw.copy_records_to_table(name, records=rows, columns=columns)
        await raw.reset_type_codec(**codec)


async def _write_with_recipekit(database: Database, frame: pd.DataFrame) -> None:
    """The frame through `write_recipes`, which must take every row."""
    result = await write_recipes(database, frame, progress=False)
    assert result.inserted == len(frame) and result.rejected.empty, result.summary()


def _orm_recipe(row: dict[str, Any], categories: _Categories) -> Recipe:
    """One frame row as a `Recipe` with its ingredients, nutrition and category links."""
    return Recipe(
        **{name: row[name] for name in SCALAR_COLUMNS if name != "difficulty"},
        difficulty=Difficulty(row["difficulty"]),
        diet_types=row["diet_types"],
        instructions=_steps(row["instructions"]),
        embedding=row["embedding"],
        ingredients=[
            Ingredient(**dict(zip(INGREDIENT_FIELDS, _ingredient(position, line), strict=True)))
            for position, line in enumerate(row["ingredients"], 1)
        ],
        nutrition=NutritionalInfo(
            source=NutritionSource.LABEL, **{name: row[name] for name in NUTRIENTS_PER_SERVING}
        ),
        category_links=[
            RecipeCategory(category_id=category)
            for category in categories.ids(row["categories"], row["diet_types"])
        ],
    )


async def _write_orm(database: Database, frame: pd.DataFrame) -> None:
    """The frame as ORM objects, ``session.add_all`` and one commit."""
    categories = await _Categories.of(database)
    recipes = [_orm_recipe(row, categories) for row in _records(frame)]
    # the commit's flush is one guarded operation: allow it more than a statement's 60 s
    async with database.transaction(statement_timeout=LONG_TIMEOUT_S) as session:
        session.add_all(recipes)


async def _write_to_sql(database: Database, frame: pd.DataFrame) -> None:
    """The frame and its child tables through ``DataFrame.to_sql`` with the model's types."""
    categories = await _Categories.of(database)
    ids = [uuid.uuid4() for _ in range(len(frame))]
    recipes = frame[list(RECIPE_COLUMNS)].copy()
    recipes["id"] = pd.Series(ids, index=recipes.index, dtype=object)
    recipes["instructions"] = recipes["instructions"].map(_steps)
    ingredients, nutrition, links = _children(frame, ids, categories)
    frames = {
        Recipe: recipes,
        Ingredient: pd.DataFrame(ingredients, columns=["recipe_id", *INGREDIENT_FIELDS]),
        NutritionalInfo: pd.DataFrame(
            nutrition, columns=["recipe_id", "source", *NUTRIENTS_PER_SERVING]
        ),
        RecipeCategory: pd.DataFrame(links, columns=["recipe_id", "category_id"]),
    }

    def write(sync: Connection) -> None:
        for model, rows in frames.items():
            table = model.__table__
            types: dict[str, Any] = {str(name): table.c[str(name)].type for name in rows.columns}
            rows.to_sql(
                name=model.__tablename__,
                con=sync,
                if_exists="append",
                index=False,
                dtype=types,
                method=TO_SQL_METHOD,
                chunksize=500 if TO_SQL_METHOD == "multi" else None,
            )

    async with database.connect() as connection:
        await connection.execute(text("SET LOCAL statement_timeout = 0"))  # executemany
        await connection.run_sync(write)


async def _checkpoint(database: Database) -> None:
    """Flush the previous contender's dirty pages now, not during the next one's write (where
    the server lets us)."""
    with contextlib.suppress(DBAPIError):
        async with database.connect() as connection:
            await connection.execute(text("CHECKPOINT"))


async def _rate(
    settings: Settings,
    name: str,
    frame: pd.DataFrame,
    write: Callable[[Database, pd.DataFrame], Awaitable[None]],
    *,
    database: Database | None = None,
    tables: Sequence[str] = TABLES,
) -> tuple[float, Database]:
    """Recipes per second of ``write`` putting ``frame`` into a fresh database (or
    ``database``), checked by counting what landed in ``tables``."""
    database = database or await scratch_database(f"bench_bulk_{name}", settings)
    await _checkpoint(database)
    _parsed.cache_clear()
    started = time.perf_counter()
    await write(database, frame)
    elapsed = time.perf_counter() - started
    async with database.connect() as connection:
        counts = [
            (await connection.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one()
            for table in tables
        ]
    assert counts[:3] == [len(frame), 10 * len(frame), len(frame)], (name, counts)
    assert counts[3] >= 2 * len(frame), (name, counts)
    print(f"{name}: {len(frame)} recipes in {elapsed:.1f} s", file=sys.stderr, flush=True)
    return len(frame) / elapsed, database


async def main(n: int, slow_n: int) -> None:
    settings = scratch_settings()
    target = await scratch_database("bench_bulk_write_recipes", settings)
    paths = (await categories_frame(target))["path"].tolist()
    frame = recipe_frame(n, paths)
    slow = frame.iloc[:slow_n]
    rates: dict[str, float] = {}
    rates["write_recipes"], _ = await _rate(
        settings, "write_recipes", frame, _write_with_recipekit, database=target
    )
    peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for name, names in [("copy", BARE_NAMES), ("copy_indexed", INDEXED_NAMES)]:
        database = await scratch_database(f"bench_bulk_{name}", settings)
        await _create_copies(database, names, indexed=name == "copy_indexed")
        write = partial(_write_copy, names=names)
        rates[name], _ = await _rate(settings, name, frame, write, database=database, tables=names)
        await database.dispose()
    slow_writers = [("orm", _write_orm), ("to_sql", _write_to_sql)]
    if len(slow) < n:
        slow_writers.insert(0, ("write_recipes_slow", _write_with_recipekit))
    for name, slow_write in slow_writers:
        rates[name], database = await _rate(settings, name, slow, slow_write)
        await database.dispose()
    frame_s, sql_s = await compare_readers(target, n)
    await target.dispose()
    print(f"recipes: {n}")
    print(f"slow_recipes: {len(slow)}")
    for name, rate in rates.items():
        print(f"{name}_recipes_per_s: {rate:.1f}")
    mine = rates["write_recipes"]
    print(f"write_recipes_vs_copy: {mine / rates['copy']:.3f}")
    print(f"write_recipes_vs_indexed_copy: {mine / rates['copy_indexed']:.3f}")
    mine_slow = rates.get("write_recipes_slow", mine)  # at the ORM's and to_sql's size
    print(f"write_recipes_vs_to_sql: {mine_slow / rates['to_sql']:.2f}")
    print(f"write_recipes_vs_orm: {mine_slow / rates['orm']:.2f}")
    print(f"peak_rss_mib: {peak_rss_mib:.1f}")
    print(f"recipes_frame_vs_read_sql: {sql_s / frame_s:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--slow-n", type=int, help="recipes for the ORM and to_sql (5000)")
    options = parser.parse_args()
    slow_n = options.slow_n if options.slow_n is not None else 5_000
    asyncio.run(main(options.n, min(options.n, slow_n)))
