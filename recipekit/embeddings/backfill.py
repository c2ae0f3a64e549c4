"""Filling ``recipes.embedding`` for recipes that have none (or one from another embedder)."""

from __future__ import annotations

from sqlalchemy import or_, select

from recipekit.config import EMBEDDING_DIMENSION
from recipekit.db.engine import Database
from recipekit.embeddings.hashing import HashingEmbedder
from recipekit.embeddings.protocol import Embedder
from recipekit.embeddings.text import recipe_text
from recipekit.models import Recipe

BATCH_SIZE = 256
"""Texts embedded per call of the embedder. The recipes themselves are loaded and written in
one transaction (fine for tens of thousands; a streaming backfill is issue 5's)."""


async def embed_recipes(database: Database, embedder: Embedder | None = None) -> int:
    """Embed every live recipe whose vector is missing or was made by another embedder.

    Returns the number of recipes embedded. Recipes whose text yields no vector (no words at
    all) are left without one.
    """
    embedder = embedder or HashingEmbedder()
    if embedder.dimension != EMBEDDING_DIMENSION:
        raise ValueError(
            f"{embedder.name} makes {embedder.dimension}-dimensional vectors; "
            f"recipes.embedding is vector({EMBEDDING_DIMENSION})"
        )
    stale = or_(Recipe.embedding.is_(None), Recipe.embedding_model != embedder.name)
    embedded = 0
    async with database.transaction() as session:
        recipes = list(await session.scalars(select(Recipe).where(stale).order_by(Recipe.id)))
        for start in range(0, len(recipes), BATCH_SIZE):
            batch = recipes[start : start + BATCH_SIZE]
            vectors = embedder.embed([recipe_text(recipe) for recipe in batch])
            for recipe, vector in zip(batch, vectors, strict=True):
                if vector.any():
                    recipe.embedding = vector
                    recipe.embedding_model = embedder.name
                    embedded += 1
    return embedded
