"""Filling ``recipes.embedding`` for recipes that have none (or one from another embedder),
batch by batch, each batch its own transaction."""

from __future__ import annotations

import numpy as np
from sqlalchemy import or_, select

from recipekit.db.engine import Database
from recipekit.embeddings.hashing import HashingEmbedder
from recipekit.embeddings.protocol import Embedder
from recipekit.embeddings.text import recipe_text
from recipekit.models import Recipe
from recipekit.progress import progress_bar

BATCH_SIZE = 256
"""Recipes embedded and written per transaction."""


async def embed_recipes(
    database: Database,
    embedder: Embedder | None = None,
    *,
    refresh: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: bool | None = None,
) -> int:
    """Embed the live recipes whose vector is missing or stale (made by another embedder, by
    ``name``), or every live recipe with ``refresh=True``; returns how many were embedded.

    A recipe whose text yields no vector (no words at all) is left without one.

    Raises:
        ValueError: When the embedder's dimension is not the column's, or it returns NaN or
            infinite values (the batch's earlier recipes stay embedded).
    """
    dimension = await database.embedding_dimension()
    embedder = embedder or HashingEmbedder(dimension)
    if embedder.dimension != dimension:
        raise ValueError(
            f"{embedder.name} makes {embedder.dimension}-dimensional vectors; "
            f"recipes.embedding is vector({dimension})"
        )
    wanted = select(Recipe.id).order_by(Recipe.id)
    if not refresh:
        wanted = wanted.where(
            or_(Recipe.embedding.is_(None), Recipe.embedding_model != embedder.name)
        )
    async with database.session() as session:
        ids = list(await session.scalars(wanted))
    embedded = 0
    with progress_bar(len(ids), f"embed_recipes ({embedder.name})", progress) as bar:
        for start in range(0, len(ids), batch_size):
            batch = ids[start : start + batch_size]
            async with database.transaction() as session:
                recipes = list(
                    await session.scalars(
                        select(Recipe).where(Recipe.id.in_(batch)).order_by(Recipe.id)
                    )
                )
                vectors = embedder.embed([recipe_text(recipe) for recipe in recipes])
                for recipe, vector in zip(recipes, vectors, strict=True):
                    if np.isfinite(vector).all() and not vector.any():
                        continue  # no words: no direction to store
                    try:
                        recipe.embedding = vector  # checked by the model's validator
                    except ValueError as error:
                        raise ValueError(
                            f"{embedder.name}'s {error} for {recipe.title!r}"
                        ) from None
                    recipe.embedding_model = embedder.name
                    embedded += 1
            bar.update(len(batch))
    return embedded
