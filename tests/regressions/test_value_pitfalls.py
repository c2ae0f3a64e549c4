"""Issue 7, items 7-13 ("Types and values"): what goes into the database comes back as the same
Python value, with the same meaning, through every path recipekit offers."""

from __future__ import annotations

import itertools
import json
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.ext.asyncio import AsyncSession

from recipekit import sample
from recipekit.config import EMBEDDING_DIMENSION
from recipekit.db.engine import Database
from recipekit.embeddings import (
    embeddings_matrix,
    explain_search,
    mean_embedding,
    nearest_recipes,
)
from recipekit.frames import recipes_frame
from recipekit.importing import import_path
from recipekit.models import Category, Food, Ingredient, Recipe
from recipekit.raw_sql import read_sql
from recipekit.writing import write_recipes
from tests.test_writing import _frame, _vector, _with

FloatVector = npt.NDArray[np.float32]


def _is_vector_of(value: Any, expected: FloatVector) -> bool:
    """Whether ``value`` is a float32 array of ``expected``'s shape holding its values."""
    return (
        isinstance(value, np.ndarray)
        and value.dtype == np.float32
        and value.shape == expected.shape
        and np.allclose(value, expected, rtol=0, atol=1e-6)
    )


async def test_embeddings_read_back_as_float32_arrays_on_every_path(db: Database) -> None:
    """Item 7: embeddings come back as float32 arrays of shape (dim,) through the ORM, Core,
    the DataFrame loaders and the raw-SQL helper, never strings; a numpy array assigned and
    committed is stored; the mean embedding of a category is a numeric vector."""
    assigned = _vector()
    async with db.transaction() as session:
        recipe = Recipe(title="Assigned", embedding=assigned.astype(np.float64))
        session.add(recipe)
    frame = _frame(2, categories=[["Regression centre"]] * 2)
    assert (await write_recipes(db, frame)).inserted == 2
    by_key = dict(zip(frame["source_key"], frame["embedding"], strict=True))

    async with db.session() as session:
        loaded = await session.get_one(Recipe, recipe.id)
        assert _is_vector_of(loaded.embedding, assigned)
        column = await session.scalar(select(Recipe.embedding).where(Recipe.id == recipe.id))
        assert _is_vector_of(column, assigned)
    async with db.connect() as connection:
        core = (await connection.execute(select(Recipe.source_key, Recipe.embedding))).all()
    assert len(core) == 3
    assert all(_is_vector_of(v, by_key.get(k, assigned)) for k, v in core)

    loaded_frame = await recipes_frame(db, columns=["source_key", "embedding"])
    assert all(
        _is_vector_of(v, by_key.get(k, assigned))
        for k, v in zip(loaded_frame["source_key"], loaded_frame["embedding"], strict=True)
    )
    raw = await read_sql(
        db, "SELECT source_key, embedding FROM recipes WHERE title = :t", {"t": "Assigned"}
    )
    assert raw["source_key"].isna().all() and _is_vector_of(raw["embedding"].item(), assigned)
    _, matrix = await embeddings_matrix(db)
    assert matrix.dtype == np.float32 and matrix.shape == (3, assigned.size)

    expected_centre = np.mean(list(by_key.values()), axis=0)
    centre = await mean_embedding(db, category="Regression centre")
    assert centre is not None and _is_vector_of(centre, expected_centre)
    averaged = await read_sql(
        db,
        "SELECT avg(r.embedding) AS centre FROM recipes r"
        " JOIN recipe_categories l ON l.recipe_id = r.id"
        " JOIN categories c ON c.id = l.category_id WHERE c.slug = :slug",
        {"slug": "regression-centre"},
    )
    assert _is_vector_of(averaged["centre"].item(), expected_centre)
    assert await mean_embedding(db, title="no such recipe") is None


async def _prefer_indexes(db: Database) -> None:
    """Make the planner read rows in index order wherever an index gives it (new connections
    of this test's own database), as it does on tables large enough to need the index."""
    async with db.connect() as connection:
        name = await connection.scalar(select(func.current_database()))
        for setting in ("enable_seqscan", "enable_sort"):
            await connection.execute(text(f'ALTER DATABASE "{name}" SET {setting} = off'))
    await db.dispose()


async def test_searches_skip_null_embeddings_agree_and_refuse_vectors_without_direction(
    db: Database,
) -> None:
    """Item 8: NULL embeddings are never returned by search, and exact and index searches
    return the same ids; a zero vector is refused (it has no cosine direction); a NaN in row 7
    of a frame is reported as row 7, never as a raw server error after a partial write."""
    frame = _frame(200)
    frame.loc[range(0, 200, 10), "embedding"] = None
    nan_row = _with(
        frame, 7, "embedding", np.where(np.arange(EMBEDDING_DIMENSION) == 3, np.nan, 1.0)
    )
    result = await write_recipes(db, nan_row)
    assert result.inserted == 199
    assert result.rejected.values.tolist() == [
        [7, "embedding", "contains NaN or infinite values (or numbers beyond float32)"]
    ]
    async with db.connect() as connection:
        keys = dict((await connection.execute(select(Recipe.id, Recipe.source_key))).all())
    assert "test:7" not in keys.values() and len(keys) == 199

    await _prefer_indexes(db)  # 200 rows: the planner would scan them all rather than HNSW
    query = _vector()
    assert "Index Scan using ix_recipes_embedding_hnsw" in await explain_search(db, query, k=10)
    indexed = await nearest_recipes(db, query, k=10)
    exact = await nearest_recipes(db, query, k=10, exact=True)
    assert len(indexed) == 10 and list(indexed["id"]) == list(exact["id"])
    everything = await nearest_recipes(db, query, k=500, exact=True)
    without_vector = {
        key
        for key, vector in zip(frame["source_key"], frame["embedding"], strict=True)
        if vector is None
    }
    returned = {keys[recipe_id] for recipe_id in everything["id"]}
    assert len(returned) == 179 and not returned & without_vector
    assert set((await nearest_recipes(db, query, k=500))["id"]) == set(everything["id"])

    zero = np.zeros(EMBEDDING_DIMENSION, dtype=np.float32)
    with pytest.raises(ValueError, match="the query vector is all zeros, so it has no cosine"):
        await nearest_recipes(db, zero)
    with pytest.raises(ValueError, match="embedding is all zeros, so it has no cosine"):
        Recipe(title="Zero", embedding=zero)
    refused = await write_recipes(db, _frame(1, embedding=[zero], source_key=["zero"]))
    assert refused.rejected.values.tolist() == [
        [0, "embedding", "is all zeros, so it has no cosine direction"]
    ]


async def test_missing_cells_are_reported_defaulted_or_kept_as_int64_na(db: Database) -> None:
    """Item 9: a frame with NaN in a NOT NULL column reports the column and row index and
    writes nothing from that row; an all-NaT ``created_at`` column takes the server default; a
    nullable integer column reads back as ``Int64`` with ``<NA>`` and round-trips unchanged."""
    frame = _frame(
        3,
        title=["Kept", np.nan, "Also kept"],
        servings=[4, 2, None],
        categories=[["Kept category"], ["Only the refused row's"], ["Kept category"]],
        created_at=[pd.NaT] * 3,
    ).astype({"servings": "Int64"})
    frame["created_at"] = frame["created_at"].dt.tz_localize("UTC")
    frame.index = pd.Index(["first", "second", "third"])
    async with db.connect() as connection:
        before = await connection.scalar(select(func.now()))
    result = await write_recipes(db, frame)
    assert (result.inserted, result.rejected.values.tolist()) == (
        2,
        [["second", "title", "is required"]],
    )
    async with db.connect() as connection:
        stored = (
            await connection.execute(
                text(
                    "SELECT source_key, created_at >= :before, created_at = updated_at FROM recipes"
                    " ORDER BY source_key"
                ),
                {"before": before},
            )
        ).all()
        names = set((await connection.scalars(select(Category.name))).all())
        lines = await connection.scalar(text("SELECT count(*) FROM ingredients"))
    assert stored == [("test:0", True, True), ("test:2", True, True)]
    assert "Kept category" in names and "Only the refused row's" not in names
    assert lines == 4

    loaded = await recipes_frame(db)
    assert loaded["title"].tolist() == ["Also kept", "Kept"]
    pd.testing.assert_series_equal(
        loaded["servings"], pd.Series([pd.NA, 4], dtype="Int64", name="servings")
    )
    assert loaded["servings"][0] is pd.NA
    rewritten = await write_recipes(db, loaded)
    assert (rewritten.inserted, rewritten.updated, rewritten.unchanged) == (0, 0, 2)
    pd.testing.assert_frame_equal(await recipes_frame(db), loaded)


async def _refused(db: Database, change: Callable[[AsyncSession], Awaitable[Any]]) -> str:
    """The database's message refusing ``change`` (run in a transaction of its own)."""
    with pytest.raises(IntegrityError) as refusal:
        async with db.transaction() as session:
            await change(session)
            await session.flush()
    return str(refusal.value.orig)


async def test_json_cells_are_objects_none_is_sql_null_and_step_edits_are_saved(
    db: Database,
) -> None:
    """Item 10: JSONB cells that are dicts are stored as JSON objects (``jsonb_typeof`` =
    object, never string), ``None`` becomes SQL NULL, and in-place edits of a loaded recipe's
    instructions are saved — through the ORM, ``write_recipes`` frames and the importers."""
    steps = [{"text": "Boil", "section": None}, {"text": "Serve", "section": "Plating"}]
    async with db.transaction() as session:
        recipe = Recipe(title="ORM", instructions=steps)
        food = Food(name="Test flour", slug="test-flour", grams_per_unit={"cup": 120.0})
        session.add_all([recipe, food])
    frame = _frame(3, instructions=[steps, json.dumps(steps), None])  # JSON text: as CSV has it
    assert (await write_recipes(db, frame)).inserted == 3
    assert (await import_path(db, Path(sample.__file__).parent / "recipes.jsonl")).inserted == 30
    async with db.connect() as connection:
        shapes = await connection.execute(
            text(
                "SELECT jsonb_typeof(instructions), jsonb_typeof(step), count(DISTINCT r.id)"
                " FROM recipes r LEFT JOIN jsonb_array_elements(CASE jsonb_typeof(instructions)"
                " WHEN 'array' THEN instructions END) step ON true GROUP BY 1, 2 ORDER BY 2"
            )
        )
        assert shapes.all() == [("array", "object", 33), ("array", None, 1)]
        units = await connection.execute(
            text("SELECT DISTINCT jsonb_typeof(grams_per_unit) FROM foods")
        )
        assert units.all() == [("object",)]
        assert await connection.scalar(
            text("SELECT grams_per_unit FROM foods WHERE slug = 'test-flour'")
        ) == {"cup": 120.0}

    async with db.transaction() as session:
        (await session.get_one(Recipe, recipe.id)).instructions[1]["text"] = "Serve warm"
    async with db.session() as session:
        assert (await session.get_one(Recipe, recipe.id)).instructions[1] == {
            "text": "Serve warm",
            "section": "Plating",
        }

    async def clear_steps(session: AsyncSession) -> None:
        (await session.get_one(Recipe, recipe.id)).instructions = None  # type: ignore[assignment]

    async def clear_units(session: AsyncSession) -> None:
        (await session.get_one(Food, food.id)).grams_per_unit = None  # type: ignore[assignment]

    async def encode_twice(session: AsyncSession) -> None:
        (await session.get_one(Food, food.id)).grams_per_unit = json.dumps({"cup": 1})  # type: ignore[assignment]

    async def raw_json_null(session: AsyncSession) -> None:
        await session.execute(text("UPDATE recipes SET instructions = 'null'::jsonb"))

    assert 'null value in column "instructions"' in await _refused(db, clear_steps)
    assert 'null value in column "grams_per_unit"' in await _refused(db, clear_units)
    assert "ck_foods_grams_per_unit_is_object" in await _refused(db, encode_twice)
    assert "ck_recipes_instructions_is_array" in await _refused(db, raw_json_null)


async def test_updated_at_strictly_increases_on_every_kind_of_update(db: Database) -> None:
    """Item 11: ``updated_at`` strictly increases after an ORM change, a bulk ``update()``, an
    upsert and a raw SQL ``UPDATE`` — also for two updates in one transaction, and for a
    transaction that began before another's update but writes after it; ``created_at`` and
    ``id`` never change on upsert."""
    frame = _frame(1)
    await write_recipes(db, frame)
    identity = select(Recipe.id, Recipe.created_at)
    stamp = text("SELECT updated_at FROM recipes")
    bump = text("UPDATE recipes SET servings = servings + 1 RETURNING updated_at")
    async with db.connect() as connection:
        stamps = [await connection.scalar(stamp)]
        first = (await connection.execute(identity)).one()

    async with db.transaction() as session:
        recipe = await session.get_one(Recipe, first.id)
        recipe.title = "Changed by the ORM"
    stamps.append(recipe.updated_at)
    async with db.transaction() as session:
        await session.execute(update(Recipe).values(cuisine="Lao"))
    async with db.connect() as connection:
        stamps.append(await connection.scalar(stamp))
    upsert = await write_recipes(db, frame.assign(title=["Changed by an upsert"]))
    assert upsert.updated == 1
    async with db.connect() as connection:
        stamps.append(await connection.scalar(stamp))
        assert (await connection.execute(identity)).one() == first
        stamps.append(await connection.scalar(bump))
        stamps.append(await connection.scalar(bump))  # the same transaction: now() is constant
    async with db.connect() as early, db.connect() as late:
        await early.scalar(text("SELECT now()"))  # its transaction (and now()) starts here
        stamps.append(await late.scalar(bump))
        await late.commit()
        stamps.append(await early.scalar(bump))

    assert len(stamps) == 8 and all(b > a for a, b in itertools.pairwise(stamps)), stamps


async def test_naive_datetimes_are_refused_and_every_read_is_aware_utc(db: Database) -> None:
    """Item 12 (decided: refused with a clear message, never guessed): naive datetimes given
    to filters are refused; aware ones in any zone select by the instant; values read back are
    aware and in UTC."""
    await write_recipes(db, _frame(2))
    async with db.session() as session:
        await session.execute(text("SET LOCAL timezone = 'Asia/Kolkata'"))
        created = await session.scalar(select(Recipe.created_at).limit(1))
        raw = await session.scalar(text("SELECT created_at FROM recipes LIMIT 1"))
    assert created is not None and created.tzinfo is not None
    assert created.utcoffset() == timedelta(0) and raw.utcoffset() == timedelta(0)
    for frame in (
        await recipes_frame(db, columns=["created_at", "updated_at"]),
        await read_sql(db, "SELECT created_at, updated_at FROM recipes"),
    ):
        assert [str(dtype) for dtype in frame.dtypes] == ["datetime64[us, UTC]"] * 2

    same_instant = created.astimezone(timezone(timedelta(hours=-5)))
    assert len(await recipes_frame(db, created_after=same_instant)) == 2
    assert len(await recipes_frame(db, created_before=same_instant)) == 0
    assert len(await nearest_recipes(db, _vector(), updated_after=same_instant)) == 2

    naive = created.replace(tzinfo=None)
    refusal = f"created_after {naive.isoformat()} has no time zone; recipekit refuses naive"
    with pytest.raises(ValueError, match=refusal):
        await recipes_frame(db, created_after=naive)
    with pytest.raises(ValueError, match=refusal):
        await nearest_recipes(db, _vector(), created_after=naive)
    with pytest.raises(StatementError, match="has no time zone; recipekit refuses naive"):
        async with db.session() as session:
            await session.execute(select(Recipe).where(Recipe.created_at > naive))


def _random_uuids(values: list[Any]) -> set[uuid.UUID]:
    """``values`` as a set, checked to be distinct RFC 4122 version-4 `uuid.UUID` objects."""
    assert all(isinstance(value, uuid.UUID) for value in values), values
    assert {(value.variant, value.version) for value in values} == {(uuid.RFC_4122, 4)}
    assert len(set(values)) == len(values)
    return set(values)


async def test_ids_are_distinct_uuids_on_every_insert_path(db: Database) -> None:
    """Item 13: ids are distinct valid UUIDs for rows created in one flush, through the bulk
    path without an id column, and through raw SQL."""
    async with db.transaction() as session:
        flushed = [
            Recipe(title=f"Flushed {n}", ingredients=[Ingredient(position=1, original_text="salt")])
            for n in range(5)
        ]
        session.add_all(flushed)
        await session.flush()
        orm_ids = [recipe.id for recipe in flushed]
        orm_ids += [recipe.ingredients[0].id for recipe in flushed]
    frame = _frame(5)
    assert "id" not in frame.columns and (await write_recipes(db, frame)).inserted == 5
    async with db.connect() as connection:
        raw_ids = list(
            await connection.scalars(
                text("INSERT INTO recipes (title) VALUES ('a'), ('b'), ('c') RETURNING id")
            )
        )
        bulk_ids = list(
            await connection.scalars(
                text(
                    "SELECT r.id FROM recipes r WHERE r.source_key LIKE 'test:%' UNION ALL"
                    " SELECT i.id FROM ingredients i JOIN recipes r ON r.id = i.recipe_id"
                    " WHERE r.source_key LIKE 'test:%'"
                )
            )
        )
        stored = list(
            await connection.scalars(
                text("SELECT id FROM recipes UNION ALL SELECT id FROM ingredients")
            )
        )
    assert len(bulk_ids) == 5 + 10
    every = _random_uuids(orm_ids) | _random_uuids(bulk_ids) | _random_uuids(raw_ids)
    assert len(every) == 10 + 15 + 3 and _random_uuids(stored) == every
    frame_ids = _random_uuids((await recipes_frame(db))["id"].tolist())
    assert len(frame_ids) == 13 and frame_ids <= every
