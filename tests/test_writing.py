"""`write_recipes` against the real database: types that survive the round trip, every
rejection rule (reported row, column and reason, with the good rows landed), idempotent
re-writes, and writes far beyond PostgreSQL's 32,767 bind-parameter limit."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import text

from recipekit.audit import acting_as
from recipekit.config import EMBEDDING_DIMENSION
from recipekit.db.engine import Database
from recipekit.exports import export_frame
from recipekit.frames import (
    RECIPE_COLUMNS,
    ingredients_frame,
    nutrition_frame,
    recipes_frame,
)
from recipekit.nutrition import compute_nutrition
from recipekit.writing import write_recipes
from recipekit.writing import writer as writer_module
from recipekit.writing.vector_index import DEFER_MIN_VECTORS

RNG = np.random.default_rng(42)


def _vector() -> np.ndarray[Any, np.dtype[np.float32]]:
    return RNG.standard_normal(EMBEDDING_DIMENSION).astype(np.float32)


def _frame(n: int = 3, **columns: list[Any]) -> pd.DataFrame:
    """``n`` valid recipes in the documented layout; ``columns`` replace or add columns."""
    base: dict[str, list[Any]] = {
        "source_key": [f"test:{i}" for i in range(n)],
        "title": [f"Recipe {i}" for i in range(n)],
        "cuisine": ["Thai"] * n,
        "difficulty": ["easy"] * n,
        "servings": [4] * n,
        "ingredients": [["2 cups rice", "1 tsp salt"]] * n,
        "calories_kcal": [300.0] * n,
        "embedding": [_vector() for _ in range(n)],
    }
    return pd.DataFrame({**base, **columns})


def _with(frame: pd.DataFrame, row: int, column: str, value: Any) -> pd.DataFrame:
    """``frame`` with one cell replaced (list values included)."""
    values = frame[column].tolist() if column in frame else [None] * len(frame)
    values[row] = value
    changed = frame.copy()
    changed[column] = pd.Series(values, index=frame.index, dtype=object)
    return changed


async def _scalar(db: Database, sql: str) -> Any:
    async with db.connect() as connection:
        return await connection.scalar(text(sql))


async def test_every_type_survives_the_round_trip(db: Database) -> None:
    embedding = _vector()
    frame = pd.DataFrame(
        {
            "source_key": ["https://example.org/laksa"],
            "title": ["Laksa"],
            "description": ["Spicy noodle soup"],
            "cuisine": ["Malaysian"],
            "difficulty": ["Medium"],
            "prep_minutes": [20],
            "cook_minutes": [pd.NA],
            "total_minutes": [45],
            "servings": [4],
            "diet_types": [["Gluten Free", "dairy-free", "dairy-free"]],
            "instructions": [["Fry the paste.", {"text": "Add stock.", "section": "Broth"}]],
            "ingredients": [["2-3 cloves garlic, crushed", "400 ml coconut milk", ""]],
            "categories": [["Cuisine > Asian > Malaysian", ["Course", "Soup"]]],
            "calories_kcal": [512.5],
            "sodium_mg": [np.nan],
            "serving_size": ["1 bowl"],
            "embedding": [embedding],
        },
        index=["laksa"],
    )
    with acting_as("round-trip-test"):
        result = await write_recipes(db, frame)
    assert (result.inserted, result.problems) == (1, [])

    back = await recipes_frame(db, columns=RECIPE_COLUMNS)
    row = back.iloc[0]
    assert isinstance(row["id"], uuid.UUID)
    assert (row["title"], row["description"], row["cuisine"]) == (
        "Laksa",
        "Spicy noodle soup",
        "Malaysian",
    )
    assert row["difficulty"] == "medium"
    assert list(back["difficulty"].cat.categories) == ["easy", "medium", "hard"]
    assert str(back["prep_minutes"].dtype) == "Int64" and row["prep_minutes"] == 20
    assert row["cook_minutes"] is pd.NA
    assert row["diet_types"] == ["dairy-free", "gluten-free"]
    assert row["instructions"] == [
        {"text": "Fry the paste.", "section": None},
        {"text": "Add stock.", "section": "Broth"},
    ]
    assert row["ingredients"] == ["2-3 cloves garlic, crushed", "400 ml coconut milk"]
    assert row["categories"] == [  # diets link the seeded Diet categories too
        "Course > Soup",
        "Cuisine > Asian > Malaysian",
        "Diet > Dairy-Free",
        "Diet > Gluten-Free",
    ]
    assert (row["calories_kcal"], row["serving_size"]) == (512.5, "1 bowl")
    assert np.isnan(row["sodium_mg"]) and back["sodium_mg"].dtype == np.float64
    assert row["nutrition_source"] == "label"
    assert row["embedding"].dtype == np.float32
    np.testing.assert_array_equal(row["embedding"], embedding)
    assert str(back["created_at"].dtype) == "datetime64[us, UTC]"
    assert (row["created_by"], row["updated_by"]) == ("round-trip-test", "round-trip-test")

    lines = await ingredients_frame(db)
    assert lines[["quantity", "quantity_max", "unit", "name", "preparation"]].iloc[0].tolist() == [
        2.0,
        3.0,
        "clove",
        "garlic",
        "crushed",
    ]
    assert lines["quantity_max"].dtype == np.float64
    nutrition = await nutrition_frame(db)
    assert list(nutrition["source"].cat.categories) == ["label", "computed"]

    # what came out goes back in unchanged, read-only columns and all
    again = await write_recipes(db, back)
    assert (again.inserted, again.updated, again.unchanged, again.problems) == (0, 0, 1, [])


async def test_missing_values_become_null_or_the_column_default(db: Database) -> None:
    frame = pd.DataFrame(
        {
            "title": ["Toast"],
            "cuisine": [None],
            "servings": [np.nan],
            "diet_types": [None],
            "instructions": [np.nan],
            "embedding": [None],
        }
    )
    with acting_as("loader"):
        result = await write_recipes(db, frame)
    assert result.inserted == 1
    async with db.connect() as connection:
        row = (
            await connection.execute(
                text(
                    "SELECT cuisine, servings, diet_types, instructions, embedding, source_key,"
                    " created_by = 'loader', created_at IS NOT NULL FROM recipes"
                )
            )
        ).one()
    assert row[:5] == (None, None, [], [], None)
    assert row[5].startswith("content:")  # derived from the title and lines, so stable
    assert row[6:] == (True, True)
    assert (await write_recipes(db, frame)).unchanged == 1


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("title", None, "is required"),
        ("title", "   ", "is required"),
        (
            "embedding",
            np.ones(EMBEDDING_DIMENSION - 1),
            "has 767 dimensions; recipes.embedding is vector(768)",
        ),
        ("embedding", np.full(EMBEDDING_DIMENSION, np.nan), "contains NaN or infinite values"),
        ("embedding", np.full(EMBEDDING_DIMENSION, np.inf), "contains NaN or infinite values"),
        ("embedding", np.zeros(EMBEDDING_DIMENSION), "is all zeros"),
        ("embedding", ["a"] * EMBEDDING_DIMENSION, "is not a list of numbers"),
        ("diet_types", ["vegan", "carnivore"], "unknown diet type 'carnivore'"),
        ("difficulty", "impossible", "unknown difficulty 'impossible'"),
        ("ingredients", [{"text": "salt", "quantity": -1}], "line 1: is negative (-1)"),
        (
            "ingredients",
            ["1 egg", {"text": "2-1 eggs", "quantity": 2, "quantity_max": 1}],
            "line 2: quantity_max 1 < quantity 2",
        ),
        ("calories_kcal", -5.0, "is negative (-5)"),
        ("calories_kcal", np.inf, "it must be a finite number"),
        ("servings", 0, "is 0; it must be at least 1"),
        ("servings", 2.5, "2.5 is not a whole number"),
        ("prep_minutes", -10, "is -10; it must be at least 0"),
        ("total_minutes", 2**40, "the column holds at most 2147483647"),
        ("cuisine", "x" * 101, "is 101 characters long; the column holds at most 100"),
        ("cuisine", 42, "expected text, got int 42"),
        ("categories", ["Cuisine > "], "category path 'Cuisine > ' has an empty name"),
        ("instructions", "[not json", "is not a valid JSON array"),
        ("calories_kcal", 10**400, "is too large"),
        ("calories_kcal", complex(1, 2), "expected a number, got complex"),
        ("prep_minutes", np.timedelta64(5, "m"), "expected a whole number, got timedelta64"),
        ("servings", "four", "expected a whole number, got text 'four'"),
        ("title", "a" * 3000, "is 3000 bytes long; an indexed column holds at most 2700"),
        ("source_key", "k" * 2701, "is 2701 bytes long; an indexed column holds at most 2700"),
        ("ingredients", ["1 egg", "x" * 9000], "line 2: is 9000 bytes long"),
        ("categories", ["Course > " + "Ⅷ" * 200], "is too long"),
        ("embedding", [1e39] * EMBEDDING_DIMENSION, "numbers beyond float32"),
    ],
)
async def test_each_bad_cell_is_reported_by_row_and_column_and_the_rest_land(
    db: Database, column: str, value: Any, reason: str
) -> None:
    frame = _with(_frame(4).set_axis(["a", "b", "c", "d"]), 2, column, value)
    result = await write_recipes(db, frame)
    assert result.inserted == 3
    assert [(p.row, p.column) for p in result.problems] == [("c", column)]
    assert reason in result.problems[0].reason
    assert await _scalar(db, "SELECT string_agg(title, ',' ORDER BY title) FROM recipes") == (
        "Recipe 0,Recipe 1,Recipe 3"
    )
    assert await _scalar(db, "SELECT count(*) FROM ingredients") == 6


async def test_every_problem_of_a_row_is_reported_and_a_repeated_key_keeps_the_first(
    db: Database,
) -> None:
    frame = _frame(3, source_key=["k1", "k2", "k1"], servings=[0, 4, 4])
    frame.at[0, "calories_kcal"] = -1.0
    result = await write_recipes(db, frame)
    assert result.rejected.to_dict("records") == [
        {"row": 0, "column": "servings", "reason": "is 0; it must be at least 1"},
        {"row": 0, "column": "calories_kcal", "reason": "is negative (-1)"},
    ]
    # row 0 was refused, so row 2 is the first with k1 and lands
    assert (result.inserted, result.rejected_rows, result.summary()) == (
        2,
        1,
        "2 inserted, 0 updated, 0 unchanged, 1 rejected",
    )
    repeated = await write_recipes(db, _frame(2, source_key=["k9", "k9"]))
    assert [(p.row, p.column, p.reason) for p in repeated.problems] == [
        (1, "source_key", "repeats row 0 (k9)")
    ]


async def test_a_frame_the_layout_does_not_know_is_refused_before_anything_is_written(
    db: Database,
) -> None:
    with pytest.raises(ValueError, match=r"does not know the columns \['flavour'\]"):
        await write_recipes(db, _frame(1, flavour=["umami"]))
    with pytest.raises(ValueError, match="needs a 'title' column"):
        await write_recipes(db, pd.DataFrame({"cuisine": ["Thai"]}))
    assert await _scalar(db, "SELECT count(*) FROM recipes") == 0


async def test_rows_the_database_refuses_are_found_and_the_rest_land(db: Database) -> None:
    async with db.connect() as connection:
        await connection.execute(
            text("ALTER TABLE recipes ADD CONSTRAINT no_tofu CHECK (title NOT LIKE '%Tofu%')")
        )
    titles = [f"Dish {i}" for i in range(9)]
    titles[2], titles[7] = "Tofu Stir-fry", "Mapo Tofu"
    result = await write_recipes(db, _frame(9, title=titles), batch_size=4)
    assert result.inserted == 7
    assert [(p.row, p.column) for p in result.problems] == [(2, "database"), (7, "database")]
    assert "no_tofu" in result.problems[0].reason
    assert await _scalar(db, "SELECT count(*) FROM recipes") == 7
    assert await _scalar(db, "SELECT count(*) FROM ingredients") == 14  # nothing half-written
    # the connections that saw the failures were discarded; vector reads still work
    back = await recipes_frame(db, columns=["title", "embedding"])
    assert all(vector.shape == (EMBEDDING_DIMENSION,) for vector in back["embedding"])


async def test_rewriting_changes_nothing_and_a_change_updates_only_that_recipe(
    db: Database,
) -> None:
    frame = _frame(3)
    assert (await write_recipes(db, frame)).inserted == 3
    before = await recipes_frame(db, columns=["source_key", "updated_at"])
    async with db.connect() as connection:
        await connection.execute(
            text(
                "UPDATE ingredients SET food_id = (SELECT id FROM foods WHERE slug = 'salt')"
                " WHERE original_text = '1 tsp salt'"
            )
        )

    again = await write_recipes(db, frame)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)
    assert (await recipes_frame(db, columns=["source_key", "updated_at"])).equals(before)

    changed = _with(frame, 1, "ingredients", ["3 cups rice", "1 tsp salt", "1 lime"])
    changed = _with(changed, 1, "diet_types", ["vegan"])
    result = await write_recipes(db, changed)
    assert (result.inserted, result.updated, result.unchanged) == (0, 1, 2)
    lines = await ingredients_frame(db, title="Recipe 1")
    assert lines["original_text"].tolist() == ["3 cups rice", "1 tsp salt", "1 lime"]
    # the unchanged line kept the food it was matched to; the changed ones have none
    assert lines["food_id"].notna().tolist() == [False, True, False]
    after = await recipes_frame(db, columns=["source_key", "updated_at"])
    moved = after["updated_at"] != before["updated_at"]
    assert after.loc[moved, "source_key"].tolist() == ["test:1"]

    shorter = _with(changed, 1, "ingredients", ["3 cups rice"])
    assert (await write_recipes(db, shorter)).updated == 1
    assert (await ingredients_frame(db, title="Recipe 1"))["position"].tolist() == [1]


async def test_columns_a_frame_leaves_out_are_kept_on_update(db: Database) -> None:
    await write_recipes(db, _frame(2))
    vectors = [_vector(), _vector()]
    only_embeddings = pd.DataFrame(
        {
            "source_key": ["test:0", "test:1"],
            "title": ["Recipe 0", "Recipe 1"],
            "embedding": vectors,
        }
    )
    result = await write_recipes(db, only_embeddings)
    assert (result.updated, result.unchanged) == (2, 0)
    back = await recipes_frame(db, columns=["cuisine", "calories_kcal", "embedding"])
    assert back["cuisine"].tolist() == ["Thai", "Thai"]
    assert back["calories_kcal"].tolist() == [300.0, 300.0]
    np.testing.assert_array_equal(np.stack(back["embedding"].tolist()), np.stack(vectors))
    assert await _scalar(db, "SELECT count(*) FROM ingredients") == 4


async def test_a_write_beyond_the_bind_parameter_limit(db: Database) -> None:
    lines = [f"{n} g ingredient number {n}" for n in range(1, 21)]
    frame = _frame(5_000, ingredients=[lines] * 5_000)
    result = await write_recipes(db, frame)
    assert (result.inserted, result.problems) == (5_000, [])
    assert await _scalar(db, "SELECT count(*) FROM ingredients") == 100_000
    assert await _scalar(db, "SELECT count(*) FROM recipes WHERE embedding IS NOT NULL") == 5_000


async def test_csv_and_parquet_exports_write_back_unchanged(db: Database, tmp_path: Path) -> None:
    frame = _frame(2, diet_types=[["vegan"], []], categories=[["Course > Soup"], []])
    await write_recipes(db, frame)
    columns = [
        *("source_key", "title", "cuisine", "diet_types", "categories", "ingredients"),
        *("instructions", "embedding", "calories_kcal", "difficulty", "servings"),
    ]
    loaded = await recipes_frame(db, columns=columns)
    for suffix in (".csv", ".parquet"):
        path = export_frame(loaded, tmp_path / f"recipes{suffix}")
        read = pd.read_csv(path) if suffix == ".csv" else pd.read_parquet(path)
        result = await write_recipes(db, read)
        assert (result.unchanged, result.problems) == (2, []), suffix


async def test_progress_bar_only_when_asked_or_watched(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    await write_recipes(db, _frame(3))
    assert capsys.readouterr().err == ""
    await write_recipes(db, _frame(3), progress=True)
    assert "write_recipes: 100%" in capsys.readouterr().err


async def test_written_values_are_what_the_loaders_filter_on(db: Database) -> None:
    frame = _frame(
        3,
        difficulty=["easy", "HARD", None],
        diet_types=[["vegan"], ["vegan", "gluten-free"], []],
        categories=[["Cuisine > Asian > Thai"], ["Course > Dessert"], []],
    )
    await write_recipes(db, frame)

    async def titles(**filters: Any) -> list[str]:
        return (await recipes_frame(db, **filters))["title"].tolist()

    assert await titles(difficulty="hard") == ["Recipe 1"]
    assert await titles(diets_all=("vegan", "gluten-free")) == ["Recipe 1"]
    assert await titles(category="asian") == ["Recipe 0"]
    assert await titles(min_calories=300, max_calories=300, title="recipe") == [
        "Recipe 0",
        "Recipe 1",
        "Recipe 2",
    ]


async def test_nutrition_columns_are_written_one_by_one(db: Database) -> None:
    await write_recipes(db, _frame(1, protein_g=[5.0], serving_size=["1 bowl"]))
    result = await write_recipes(db, _frame(1)[["source_key", "title"]].assign(sodium_mg=[80.0]))
    assert result.updated == 1
    back = await nutrition_frame(db)
    assert back[["calories_kcal", "protein_g", "sodium_mg", "serving_size"]].iloc[0].tolist() == [
        300.0,
        5.0,
        80.0,
        "1 bowl",
    ]
    # computed figures go beside the label ones, neither overwriting the other
    computed = _frame(1)[["source_key", "title"]].assign(
        nutrition_source=["computed"], calories_kcal=[310.0]
    )
    assert (await write_recipes(db, computed)).updated == 1
    back = await nutrition_frame(db)
    assert back[["source", "calories_kcal"]].values.tolist() == [
        ["label", 300.0],
        ["computed", 310.0],
    ]
    assert back["protein_g"].isna().tolist() == [False, True]
    assert (await write_recipes(db, computed)).unchanged == 1


async def test_frame_level_mistakes_are_refused_before_writing(db: Database) -> None:
    with pytest.raises(ValueError, match="batch_size must be a positive whole number"):
        await write_recipes(db, _frame(1), batch_size=0)
    with pytest.raises(ValueError, match="'keywords' column links categories only beside"):
        await write_recipes(db, _frame(1, keywords=[["dessert"]]))
    with pytest.raises(TypeError, match="not dict items"):
        await write_recipes(db, [{"title": "Soup"}])  # type: ignore[list-item]
    assert await _scalar(db, "SELECT count(*) FROM recipes") == 0


async def test_soft_deleted_rows_of_a_loaded_frame_are_not_resurrected(db: Database) -> None:
    await write_recipes(db, _frame(2))
    async with db.connect() as connection:
        await connection.execute(
            text("UPDATE recipes SET deleted_at = now() WHERE title = 'Recipe 0'")
        )
    loaded = await recipes_frame(
        db, include_deleted=True, columns=["source_key", "title", "deleted_at"]
    )
    result = await write_recipes(db, loaded)
    assert (result.inserted, result.unchanged) == (0, 1)
    assert [(p.column, p.reason) for p in result.problems] == [
        ("deleted_at", "the recipe is soft-deleted; restore it to write it")
    ]


async def test_concurrent_writers_creating_the_same_categories_both_land(db: Database) -> None:
    names = [f"Zz New {i}" for i in range(40)]

    def frame(prefix: str, order: list[str]) -> pd.DataFrame:
        return _frame(
            40,
            source_key=[f"{prefix}{i}" for i in range(40)],
            categories=[[f"Course > {name}"] for name in order],
        )

    first, second = await asyncio.gather(
        write_recipes(db, frame("a", names)), write_recipes(db, frame("b", names[::-1]))
    )
    assert (first.inserted, second.inserted) == (40, 40)
    assert await _scalar(db, "SELECT count(*) FROM categories WHERE slug LIKE 'zz-new-%'") == 40
    assert await _scalar(db, "SELECT count(*) FROM recipe_categories") == 80


async def _has_vector_index(db: Database) -> bool:
    return bool(
        await _scalar(
            db, "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_recipes_embedding_hnsw'"
        )
    )


async def test_a_bulk_load_builds_the_vector_index_once_at_the_end(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen_during_load: list[bool] = []
    write = writer_module._Writer.write

    async def observed(self: Any, rows: Any) -> None:
        seen_during_load.append(await _has_vector_index(db))
        await write(self, rows)

    monkeypatch.setattr(writer_module._Writer, "write", observed)
    frame = _frame(DEFER_MIN_VECTORS)
    assert (await write_recipes(db, frame, batch_size=500)).inserted == DEFER_MIN_VECTORS
    assert seen_during_load == [False, False]
    assert await _has_vector_index(db)

    # a small write keeps the index; re-writing the same rows adds no vectors, so keeps it too
    seen_during_load.clear()
    await write_recipes(db, _frame(3, source_key=["x", "y", "z"]))
    await write_recipes(db, frame, batch_size=500)
    assert seen_during_load == [True, True, True]


async def test_a_lost_vector_index_is_built_by_the_next_write(db: Database) -> None:
    async with db.connect() as connection:
        await connection.execute(text("DROP INDEX ix_recipes_embedding_hnsw"))
    await write_recipes(db, _frame(1))
    assert await _has_vector_index(db)
    async with db.connect() as connection:
        definition = await connection.scalar(
            text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_recipes_embedding_hnsw'")
        )
    assert "USING hnsw (embedding vector_cosine_ops) WITH (m='16', ef_construction='64')" in (
        definition
    )


async def test_the_default_frame_writes_back_and_edits_update_only_their_rows(
    db: Database,
) -> None:
    await write_recipes(db, _frame(3, categories=[["Course > Soup"]] * 3))
    loaded = await recipes_frame(db)
    assert (await write_recipes(db, loaded)).unchanged == 3
    edited = _with(_with(loaded, 1, "title", "Better 1"), 2, "calories_kcal", 99.0)
    result = await write_recipes(db, edited)
    assert (result.inserted, result.updated, result.unchanged) == (0, 2, 1)
    back = await recipes_frame(db)
    assert back["title"].tolist() == ["Better 1", "Recipe 0", "Recipe 2"]
    assert back["calories_kcal"].tolist() == [300.0, 300.0, 99.0]

    keyless = _with(loaded, 0, "source_key", None)
    refused = await write_recipes(db, keyless)
    assert [(p.row, p.column) for p in refused.problems] == [(0, "source_key")]
    assert "would make a copy" in refused.problems[0].reason
    assert await _scalar(db, "SELECT count(*) FROM recipes") == 3


async def test_computed_figures_written_back_stay_computed_and_add_no_label_row(
    db: Database,
) -> None:
    """A recipe with computed nutrition only shows those figures in the default frame; writing
    that frame (or its CSV export) back must not turn them into label figures."""
    await write_recipes(db, _frame(2, calories_kcal=[None, 250.0]))
    await compute_nutrition(db)
    loaded = await recipes_frame(db)
    assert loaded["nutrition_source"].tolist() == ["computed", "label"]
    assert (await write_recipes(db, loaded)).unchanged == 2
    sources = "SELECT string_agg(source::text, ',' ORDER BY source) FROM nutritional_info"
    assert await _scalar(db, sources) == "label,computed,computed"
    edited = _with(loaded, 0, "calories_kcal", 123.0)
    assert (await write_recipes(db, edited)).updated == 1
    computed = "SELECT calories_kcal FROM nutritional_info n JOIN recipes r ON r.id = n.recipe_id"
    assert await _scalar(db, f"{computed} WHERE r.title = 'Recipe 0'") == 123.0
    assert await _scalar(db, sources) == "label,computed,computed"


async def test_a_missing_embedding_cell_keeps_the_stored_vector(db: Database) -> None:
    """An export older than the last embedding backfill, written back, wipes no vector."""
    await write_recipes(db, _frame(2, embedding=[None, None]))
    old_export = await recipes_frame(db, columns=RECIPE_COLUMNS)
    vectors = [_vector(), _vector()]
    await write_recipes(db, _frame(2, embedding=vectors, embedding_model=["m", "m"]))
    result = await write_recipes(db, old_export)
    assert (result.updated, result.unchanged) == (0, 2)
    back = await recipes_frame(db, columns=["embedding", "embedding_model"])
    np.testing.assert_array_equal(np.stack(back["embedding"].tolist()), np.stack(vectors))
    assert back["embedding_model"].tolist() == ["m", "m"]
    replaced = _frame(2, embedding=[_vector(), None], embedding_model=["n", None])
    assert (await write_recipes(db, replaced)).updated == 1
    models = await recipes_frame(db, columns=["embedding_model"])
    assert models["embedding_model"].tolist() == ["n", "m"]
