"""Nearest recipes by cosine distance over the HNSW index."""

from __future__ import annotations

import uuid

import pandas as pd
from sqlalchemy import func, select

from recipekit.db.engine import Database
from recipekit.models import Recipe

NEIGHBOUR_COLUMNS = ["id", "title", "cuisine", "distance"]
MIN_EF_SEARCH = 40
"""pgvector's default candidate list; raised to ``2 * k`` for larger ``k``."""


async def nearest_recipes(database: Database, recipe_id: uuid.UUID, k: int = 5) -> pd.DataFrame:
    """The ``k`` live recipes nearest to ``recipe_id`` (never the recipe itself).

    The query is shaped for the HNSW index (ORDER BY the cosine distance operator, LIMIT k).
    An HNSW scan yields at most ``hnsw.ef_search`` candidates before filters such as "not
    soft-deleted" apply, so the call raises ef_search with ``k`` and lets pgvector continue the
    scan (``hnsw.iterative_scan = relaxed_order``) until k rows pass; the rows are then put back
    in exact distance order.

    Args:
        database: Where to search.
        recipe_id: The recipe whose neighbours are wanted.
        k: How many neighbours.

    Returns:
        A DataFrame with id, title, cuisine and cosine ``distance``, nearest first; empty when
        the recipe is missing or has no embedding.
    """
    async with database.session() as session:
        query = await session.scalar(select(Recipe.embedding).where(Recipe.id == recipe_id))
        if query is None:
            return pd.DataFrame(columns=NEIGHBOUR_COLUMNS)
        ef_search = str(max(MIN_EF_SEARCH, 2 * k))
        await session.execute(select(func.set_config("hnsw.ef_search", ef_search, True)))
        await session.execute(select(func.set_config("hnsw.iterative_scan", "relaxed_order", True)))
        distance = Recipe.embedding.cosine_distance(query).label("distance")
        rows = await session.execute(
            select(Recipe.id, Recipe.title, Recipe.cuisine, distance)
            .where(Recipe.id != recipe_id, Recipe.embedding.is_not(None))
            .order_by(distance)
            .limit(k)
        )
        frame = pd.DataFrame(rows.all(), columns=NEIGHBOUR_COLUMNS)
    return frame.sort_values("distance", kind="stable", ignore_index=True)
