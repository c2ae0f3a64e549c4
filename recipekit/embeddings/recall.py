"""How much the HNSW index loses: recall@k of `nearest_recipes` against exact search."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import select

from recipekit.db.engine import Database
from recipekit.embeddings.search import nearest_recipes
from recipekit.models import Recipe


async def _sample_ids(database: Database, sample: int, seed: int) -> list[Any]:
    async with database.session() as session:
        ids = list(
            await session.scalars(
                select(Recipe.id).where(Recipe.embedding.is_not(None)).order_by(Recipe.id)
            )
        )
    chosen = np.random.default_rng(seed).permutation(len(ids))[:sample]
    return [ids[i] for i in sorted(chosen)]


async def search_recall(
    database: Database,
    k: int = 10,
    sample: int = 50,
    *,
    filters: Sequence[Mapping[str, Any]] = ({},),
    ef_search: int | None = None,
    seed: int = 0,
) -> pd.DataFrame:
    """recall@k of the index search against the exact search, with ``sample`` recipes (chosen
    with ``seed``) as queries, once per filter set in ``filters`` (``{}`` = unfiltered).

    Returns:
        One row per filter set: ``filters`` (as text), ``queries``, ``recall_at_k`` (mean share
        of the exact top k the index search found) and ``full_k_rate`` (share of queries where
        the index search returned as many rows as the exact one).

    Example:
        >>> await search_recall(db, filters=[{}, {"diets_all": ("vegan",)}])
    """
    queries = await _sample_ids(database, sample, seed)
    rows = []
    for keywords in filters:
        recalls, full = [], []
        for query in queries:
            found = await nearest_recipes(database, query, k, ef_search=ef_search, **keywords)
            exact = await nearest_recipes(database, query, k, exact=True, **keywords)
            if len(exact):
                recalls.append(len(set(found["id"]) & set(exact["id"])) / len(exact))
                full.append(len(found) == len(exact))
        rows.append(
            (
                ", ".join(f"{name}={value!r}" for name, value in keywords.items()) or "none",
                len(recalls),
                float(np.mean(recalls)) if recalls else float("nan"),
                float(np.mean(full)) if full else float("nan"),
            )
        )
    return pd.DataFrame(rows, columns=["filters", "queries", "recall_at_k", "full_k_rate"])
