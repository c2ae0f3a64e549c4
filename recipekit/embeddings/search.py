"""Nearest recipes by cosine distance over the HNSW index."""

from __future__ import annotations

import uuid

import pandas as pd
from sqlalchemy import select

from recipekit.db.engine import Database
from recipekit.models import Recipe


async def nearest_recipes(database: Database, recipe_id: uuid.UUID, k: int = 5) -> pd.DataFrame:
    """The ``k`` live recipes nearest to ``recipe_id`` (never the recipe itself).

    Returns a DataFrame with id, title, cuisine and cosine ``distance``, nearest first; empty
    when the recipe has no embedding.
    """
    async with database.session() as session:
        query = await session.scalar(select(Recipe.embedding).where(Recipe.id == recipe_id))
        if query is None:
            return pd.DataFrame(columns=["id", "title", "cuisine", "distance"])
        distance = Recipe.embedding.cosine_distance(query).label("distance")
        rows = await session.execute(
            select(Recipe.id, Recipe.title, Recipe.cuisine, distance)
            .where(Recipe.id != recipe_id, Recipe.embedding.is_not(None))
            .order_by(distance)
            .limit(k)
        )
        return pd.DataFrame(rows.all(), columns=["id", "title", "cuisine", "distance"])
