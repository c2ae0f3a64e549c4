"""Every embedding at once, as one float32 matrix, without parsing vector text in Python; and
the mean embedding of a set of recipes.

``vector_send`` gives each vector in pgvector's binary form (int16 dimension, int16 unused,
then big-endian float4 values); the rows are joined and read by one ``np.frombuffer``.
"""

from __future__ import annotations

import uuid
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import func, select

from recipekit.db.engine import Database
from recipekit.filters import shown_nutrition
from recipekit.frames import recipe_filter
from recipekit.models import NutritionalInfo, Recipe

_HEADER_BYTES = 4


async def embeddings_matrix(
    database: Database,
) -> tuple[list[uuid.UUID], npt.NDArray[np.float32]]:
    """The ids of the live recipes that have an embedding and their vectors as an
    ``(n, dimension)`` float32 array, row ``i`` belonging to ``ids[i]`` (ordered by id).

    Example:
        >>> ids, vectors = await embeddings_matrix(db)
        >>> vectors.mean(axis=0)
    """
    dimension = await database.embedding_dimension()
    async with database.session() as session:
        rows = (
            await session.execute(
                select(Recipe.id, func.vector_send(Recipe.embedding))
                .where(Recipe.embedding.is_not(None))
                .order_by(Recipe.id)
            )
        ).all()
    ids = [row[0] for row in rows]
    record = np.dtype([("header", ">i4"), ("values", ">f4", (dimension,))])
    buffer = b"".join(row[1] for row in rows)
    vectors = np.frombuffer(buffer, dtype=record)["values"].astype(np.float32)
    return ids, vectors.reshape(len(ids), dimension)


async def mean_embedding(database: Database, **filters: Any) -> npt.NDArray[np.float32] | None:
    """The mean vector (pgvector's ``avg``) of the live recipes that have an embedding and match
    `RecipeFilter` keywords, as a float32 array; ``None`` when no recipe matches.

    Example:
        >>> centre = await mean_embedding(db, category="dessert")
        >>> await nearest_recipes(db, centre, k=5)
    """
    mean = func.avg(Recipe.embedding, type_=Recipe.embedding.type)
    statement = (
        select(mean)
        .select_from(Recipe)
        .outerjoin(NutritionalInfo, shown_nutrition())
        .where(Recipe.embedding.is_not(None), Recipe.deleted_at.is_(None))
    )
    filtered = (await recipe_filter(database, **filters)).apply(statement)
    async with database.session() as session:
        vector: npt.NDArray[np.float32] | None = await session.scalar(filtered)
    return vector
