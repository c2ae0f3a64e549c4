"""Nearest-recipe search on hand-made recipes whose right answers are known, and filtered
search that keeps returning k rows where a plain filtered HNSW query comes back short."""

from __future__ import annotations

import uuid
from typing import Any

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import text

from recipekit.config import EMBEDDING_DIMENSION
from recipekit.db.engine import Database
from recipekit.embeddings import (
    HashingEmbedder,
    cluster_recipes,
    explain_search,
    nearest_recipes,
    projection,
    search_recall,
)
from recipekit.embeddings.explore import kmeans, pca_2d
from recipekit.embeddings.search import search_query
from recipekit.writing import write_recipes

DISHES = {
    "Spaghetti al pomodoro": "spaghetti pasta tomato basil garlic olive oil parmesan",
    "Penne arrabbiata": "penne pasta tomato chilli garlic olive oil parsley",
    "Linguine with basil pesto": "linguine pasta basil pine nuts garlic olive oil parmesan",
    "Chocolate cake": "flour sugar cocoa butter eggs baking powder chocolate",
    "Peanut noodles": "noodles peanut butter soy sauce lime chilli garlic",
}


async def _hand_made(db: Database) -> dict[str, uuid.UUID]:
    embedder = HashingEmbedder()
    vectors = embedder.embed([f"{title}\n{words}" for title, words in DISHES.items()])
    frame = pd.DataFrame(
        {
            "source_key": list(DISHES),
            "title": list(DISHES),
            "ingredients": [words.split() for words in DISHES.values()],
            "diet_types": [["vegetarian"], ["vegan"], ["vegetarian"], ["vegetarian"], ["vegan"]],
            "embedding": list(vectors),
        }
    )
    await write_recipes(db, frame)
    async with db.connect() as connection:
        rows = await connection.execute(text("SELECT title, id FROM recipes"))
        return dict(rows.all())


async def test_pasta_is_nearest_to_pasta_and_the_query_recipe_is_never_returned(
    db: Database,
) -> None:
    ids = await _hand_made(db)
    found = await nearest_recipes(db, ids["Spaghetti al pomodoro"], k=4)
    assert set(found["title"][:2]) == {"Penne arrabbiata", "Linguine with basil pesto"}
    assert "Spaghetti al pomodoro" not in set(found["title"])
    assert list(found["distance"]) == sorted(found["distance"])
    exact = await nearest_recipes(db, ids["Spaghetti al pomodoro"], k=4, exact=True)
    assert list(exact["title"]) == list(found["title"])

    by_text = await nearest_recipes(db, "pasta with tomato and basil", k=1)
    assert by_text["title"].item() in {"Spaghetti al pomodoro", "Penne arrabbiata"}
    no_peanuts = await nearest_recipes(
        db, "noodles with peanut sauce", k=5, exclude_ingredients=["Peanut"]
    )
    assert len(no_peanuts) == 4 and "Peanut noodles" not in set(no_peanuts["title"])
    vegan = await nearest_recipes(db, ids["Spaghetti al pomodoro"], k=5, diets_all=("vegan",))
    assert list(vegan.columns) == ["id", "title", "cuisine", "distance", "diet_types"]
    assert set(vegan["title"]) == {"Penne arrabbiata", "Peanut noodles"}


async def test_bad_query_vectors_are_refused_with_the_reason(db: Database) -> None:
    with pytest.raises(
        ValueError, match=r"has 384 dimensions; recipes\.embedding is vector\(768\)"
    ):
        await nearest_recipes(db, np.ones(384))
    with pytest.raises(ValueError, match="contains NaN or infinite values"):
        await nearest_recipes(db, np.full(EMBEDDING_DIMENSION, np.nan))
    with pytest.raises(ValueError, match="has no words the embedder knows"):
        await nearest_recipes(db, "123 456")


async def test_filtered_search_returns_k_rows_where_a_plain_hnsw_query_returns_fewer(
    db: Database,
) -> None:
    rng = np.random.default_rng(5)
    n = 2_000
    frame = pd.DataFrame(
        {
            "source_key": [f"r{i}" for i in range(n)],
            "title": [f"Recipe {i}" for i in range(n)],
            "diet_types": [["vegan"] if i % 50 == 0 else [] for i in range(n)],  # 2% vegan
            "embedding": list(rng.standard_normal((n, EMBEDDING_DIMENSION)).astype(np.float32)),
        }
    )
    await write_recipes(db, frame)
    query = rng.standard_normal(EMBEDDING_DIMENSION).astype(np.float32)

    plain = search_query(query, 10, diets_all=("vegan",))
    async with db.connect() as connection:
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):  # force HNSW
            await connection.execute(text(f"SET LOCAL {setting} = off"))
        await connection.execute(text("SET LOCAL hnsw.iterative_scan = off"))
        naive = (await connection.execute(plain)).all()
    assert len(naive) < 10  # the index's 40 candidates hold fewer than 10 vegan recipes

    found = await nearest_recipes(db, query, k=10, diets_all=("vegan",))
    exact = await nearest_recipes(db, query, k=10, diets_all=("vegan",), exact=True)
    assert len(found) == 10
    assert len(set(found["id"]) & set(exact["id"])) >= 9
    assert all(diets == ["vegan"] for diets in found["diet_types"])
    plan = await explain_search(db, query, k=10, diets_all=("vegan",))
    assert plan.startswith("Limit") and "rows=10" in plan.splitlines()[0]


def _blobs() -> tuple[np.ndarray[Any, np.dtype[np.float32]], np.ndarray[Any, np.dtype[np.int64]]]:
    rng = np.random.default_rng(11)
    direction = rng.standard_normal(EMBEDDING_DIMENSION)
    groups = np.repeat([0, 1, 2], 40)
    centres = np.outer([-6.0, 0.0, 6.0], direction / np.linalg.norm(direction))
    points = centres[groups] + 0.3 * rng.standard_normal((120, EMBEDDING_DIMENSION))
    return points.astype(np.float32), groups


def test_pca_lays_the_main_direction_on_x_and_kmeans_finds_the_groups() -> None:
    points, groups = _blobs()
    projected = pca_2d(points)
    assert projected.shape == (120, 2)
    assert abs(projected[:, 0].mean()) < 1e-6 and projected[:, 0].var() > projected[:, 1].var()
    means = [projected[groups == g, 0].mean() for g in range(3)]
    assert means == sorted(means) or means == sorted(means, reverse=True)
    labels, centres = kmeans(points, 3, seed=1)
    assert centres.shape == (3, EMBEDDING_DIMENSION)
    for group in range(3):  # every group is exactly one cluster
        assert len(set(labels[groups == group])) == 1
    assert len(set(labels)) == 3


async def test_clusters_name_their_typical_ingredients(db: Database) -> None:
    await _hand_made(db)
    members, summary = await cluster_recipes(db, n_clusters=2, seed=3)
    pasta = members[members["title"].isin(list(DISHES)[:3])]["cluster"]
    assert pasta.nunique() == 1
    cake = members.loc[members["title"] == "Chocolate cake", "cluster"].item()
    assert cake != pasta.iloc[0]
    pasta_summary = summary.set_index("cluster").loc[pasta.iloc[0]]
    assert "pasta" in pasta_summary["typical_ingredients"]
    points = await projection(db)
    assert len(points) == 5 and points[["x", "y"]].notna().all().all()


async def test_recall_table_with_and_without_filters(db: Database) -> None:
    rng = np.random.default_rng(8)
    n = 1_500
    await write_recipes(
        db,
        pd.DataFrame(
            {
                "source_key": [f"r{i}" for i in range(n)],
                "title": [f"Recipe {i}" for i in range(n)],
                "diet_types": [["vegan"] if i % 10 == 0 else [] for i in range(n)],
                "embedding": list(rng.standard_normal((n, EMBEDDING_DIMENSION)).astype(np.float32)),
            }
        ),
    )
    table = await search_recall(db, k=10, sample=10, filters=[{}, {"diets_all": ("vegan",)}])
    assert table["filters"].tolist() == ["none", "diets_all=('vegan',)"]
    assert table["queries"].tolist() == [10, 10]
    assert table["full_k_rate"].tolist() == [1.0, 1.0]
    assert (table["recall_at_k"] >= 0.9).all()


async def test_search_arguments_are_checked_before_any_search(db: Database) -> None:
    """Ids as text are recipes, a word to exclude need not be a list, unknown filter values,
    missing or unembedded query recipes and impossible sizes are clear errors."""
    ids = await _hand_made(db)
    spaghetti = ids["Spaghetti al pomodoro"]
    as_text = await nearest_recipes(db, f" {spaghetti} ", k=4)
    as_id = await nearest_recipes(db, spaghetti, k=4)
    assert as_text["title"].tolist() == as_id["title"].tolist()
    assert "Spaghetti al pomodoro" not in set(as_text["title"])
    one_word = await nearest_recipes(db, "noodles peanut", k=5, exclude_ingredients="peanut")
    assert sorted(one_word["title"]) == sorted(set(DISHES) - {"Peanut noodles"})

    with pytest.raises(ValueError, match="no category 'martian'"):
        await nearest_recipes(db, spaghetti, category="martian")
    with pytest.raises(LookupError, match=f"no live recipe has the id {uuid.UUID(int=7)}"):
        await nearest_recipes(db, uuid.UUID(int=7))
    await write_recipes(db, pd.DataFrame({"source_key": ["bare"], "title": ["Plain rice"]}))
    async with db.connect() as connection:
        bare = await connection.scalar(text("SELECT id FROM recipes WHERE title = 'Plain rice'"))
    with pytest.raises(LookupError, match=r"'Plain rice' .* has no embedding yet: run"):
        await nearest_recipes(db, bare)
    for k in (0, -1, 2.5):
        with pytest.raises(ValueError, match="k must be a whole number"):
            await nearest_recipes(db, spaghetti, k=k)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="ef_search must be between 1 and 1000"):
        await nearest_recipes(db, spaghetti, ef_search=1001)
    assert len(await nearest_recipes(db, spaghetti, k=600)) == 4  # ef_search capped at 1000

    plan = await explain_search(db, spaghetti, k=3)
    assert "'[...]'::vector" in plan
    assert max(len(line) for line in plan.splitlines()) < 400
