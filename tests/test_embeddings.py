"""Embeddings and neighbours against the real pgvector index."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pytest
from sqlalchemy import func, select, text

from recipekit.db.engine import Database
from recipekit.demo import sample_path
from recipekit.embeddings import (
    HashingEmbedder,
    embed_recipes,
    embeddings_matrix,
    nearest_recipes,
)
from recipekit.importing import import_path
from recipekit.models import Recipe
from tests.shared_data import shared_data_path


def test_hashing_embedder_is_deterministic_normalised_and_ingredient_aware() -> None:
    embedder = HashingEmbedder()
    vectors = embedder.embed(
        ["tomato basil pasta", "pasta with tomato and basil", "chocolate cake", "!!!"]
    )
    assert vectors.shape == (4, 768) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0)
    assert not vectors[3].any()
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2])
    assert np.array_equal(
        vectors,
        HashingEmbedder().embed(
            ["tomato basil pasta", "pasta with tomato and basil", "chocolate cake", "!!!"]
        ),
    )


async def test_neighbours_are_exact_beyond_the_default_candidate_list(db: Database) -> None:
    await import_path(db, shared_data_path("public-domain-recipes/recipes"))
    assert await embed_recipes(db) == 329
    assert await embed_recipes(db) == 0  # nothing stale the second time
    async with db.session() as session:
        query_id = await session.scalar(select(Recipe.id).order_by(Recipe.title).limit(1))
    assert query_id is not None
    neighbours = await nearest_recipes(db, query_id, k=100)
    async with db.connect() as connection:
        exact = await connection.scalars(
            text(
                "SELECT r.id FROM recipes r, recipes q WHERE q.id = :q AND r.id <> q.id "
                "AND r.embedding IS NOT NULL ORDER BY r.embedding <=> q.embedding, r.id LIMIT 100"
            ),
            {"q": query_id},
        )
        exact_ids = exact.all()
    assert len(neighbours) == 100
    assert query_id not in set(neighbours["id"])
    assert list(neighbours["distance"]) == sorted(neighbours["distance"])
    recall = len(set(neighbours["id"]) & set(exact_ids)) / 100
    assert recall >= 0.9


async def test_soft_deleted_recipes_are_never_neighbours(db: Database) -> None:
    await import_path(db, shared_data_path("public-domain-recipes/recipes"))
    await embed_recipes(db)
    async with db.session() as session:
        query_id = await session.scalar(select(Recipe.id).order_by(Recipe.title).limit(1))
    assert query_id is not None
    before = await nearest_recipes(db, query_id, k=5)
    nearest_two = set(before["id"][:2])
    async with db.transaction() as session:
        for recipe_id in nearest_two:
            (await session.get_one(Recipe, recipe_id)).soft_delete()
    after = await nearest_recipes(db, query_id, k=5)
    assert len(after) == 5
    assert not set(after["id"]) & nearest_two
    assert list(after["id"][:3]) == list(before["id"][2:])


def test_unusable_vectors_are_refused_on_assignment() -> None:
    recipe = Recipe(title="Vector")
    with pytest.raises(ValueError, match=r"embedding has shape \(2, 2\); an embedding is a flat"):
        recipe.embedding = [[1.0, 2.0], [3.0, 4.0]]
    with pytest.raises(ValueError, match="NaN"):
        recipe.embedding = np.full(768, np.nan)
    with pytest.raises(ValueError, match="all zeros"):
        recipe.embedding = np.zeros(768)
    recipe.embedding = np.ones(768, dtype=np.float64)
    assert recipe.embedding.dtype == np.float32


async def test_an_embedder_of_another_dimension_is_refused(db: Database) -> None:
    with pytest.raises(ValueError, match=r"16-dimensional vectors; recipes\.embedding is vector"):
        await embed_recipes(db, HashingEmbedder(16))


async def test_the_embedding_matrix_matches_the_stored_vectors(db: Database) -> None:
    await import_path(db, shared_data_path("public-domain-recipes/recipes"))
    await embed_recipes(db)
    async with db.transaction() as session:
        gone = await session.scalar(select(Recipe).order_by(Recipe.title).limit(1))
        assert gone is not None
        gone.soft_delete()
    ids, vectors = await embeddings_matrix(db)
    assert vectors.dtype == np.float32 and vectors.shape == (328, 768)
    assert gone.id not in ids and ids == sorted(ids)
    async with db.session() as session:
        rows = await session.execute(select(Recipe.id, Recipe.embedding))
        stored: dict[uuid.UUID, object] = {row.id: row.embedding for row in rows}
    for row in (0, 100, 327):
        assert np.array_equal(vectors[row], np.asarray(stored[ids[row]], dtype=np.float32))
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


class _Renamed(HashingEmbedder):
    """The hashing embedder under another name: its vectors make the stored ones stale."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class _BrokenOnThirdBatch(HashingEmbedder):
    """Returns a NaN in its third batch."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.calls += 1
        vectors = super().embed(texts)
        if self.calls == 3:
            vectors[-1, 0] = np.nan
        return vectors


async def test_backfill_embeds_missing_and_stale_vectors_in_batches(db: Database) -> None:
    await import_path(db, sample_path())
    assert await embed_recipes(db, batch_size=7) == 30
    assert await embed_recipes(db) == 0
    assert await embed_recipes(db, _Renamed("other-model"), batch_size=4) == 30
    async with db.session() as session:
        models = await session.scalars(select(Recipe.embedding_model).distinct())
        assert models.all() == ["other-model"]
    assert await embed_recipes(db, _Renamed("other-model"), refresh=True) == 30
    with pytest.raises(
        ValueError, match=r"hashing-v1-768.s embedding contains NaN or infinite values"
    ):
        await embed_recipes(db, _BrokenOnThirdBatch(), batch_size=10)
    async with db.session() as session:  # the first two batches landed before the bad one
        counts = await session.execute(
            select(Recipe.embedding_model, func.count()).group_by(Recipe.embedding_model)
        )
        assert sorted(counts.all()) == [("hashing-v1-768", 20), ("other-model", 10)]
