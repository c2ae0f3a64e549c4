"""Looking at the embedding space: a 2-D projection and k-means clusters with the ingredients
that make each cluster what it is. numpy only (no scikit-learn needed).

Example (in a notebook):
    >>> points = await projection(db)
    >>> plot_projection(points, color_by="cuisine")
    >>> members, summary = await cluster_recipes(db, n_clusters=6)
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from recipekit.db.engine import Database
from recipekit.embeddings.matrix import embeddings_matrix
from recipekit.frames import ingredients_frame, recipes_frame

Matrix = npt.NDArray[np.float32]


def pca_2d(vectors: Matrix) -> npt.NDArray[np.float64]:
    """The rows of ``vectors`` projected on their two principal components (centred; each
    component's sign fixed so its largest loading is positive, so results are reproducible)."""
    centred = vectors.astype(np.float64) - vectors.mean(axis=0)
    _, eigenvectors = np.linalg.eigh(centred.T @ centred)
    components = eigenvectors[:, ::-1][:, :2]
    signs = np.sign(components[np.abs(components).argmax(axis=0), [0, 1]])
    projected: npt.NDArray[np.float64] = centred @ (components * signs)
    return projected


def kmeans(
    vectors: Matrix, n_clusters: int, *, seed: int = 0, iterations: int = 100
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Lloyd's k-means with k-means++ seeding: each row's cluster and the centroids."""
    if not 1 <= n_clusters <= len(vectors):
        raise ValueError(f"n_clusters must be between 1 and {len(vectors)}, not {n_clusters}")
    rng = np.random.default_rng(seed)
    points = vectors.astype(np.float64)
    centroids = [points[rng.integers(len(points))]]
    for _ in range(1, n_clusters):
        nearest = ((points[:, None, :] - np.array(centroids)[None]) ** 2).sum(-1).min(axis=1)
        centroids.append(points[rng.choice(len(points), p=nearest / nearest.sum())])
    centres = np.array(centroids)
    labels = np.zeros(len(points), dtype=np.int64)
    for _ in range(iterations):
        distances = (points**2).sum(1)[:, None] - 2 * points @ centres.T + (centres**2).sum(1)
        new_labels = distances.argmin(axis=1)
        if _ and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for cluster in range(n_clusters):
            members = points[labels == cluster]
            if len(members):
                centres[cluster] = members.mean(axis=0)
    return labels, centres


async def projection(database: Database) -> pd.DataFrame:
    """Every live embedded recipe as a point: id, title, cuisine, categories, ``x``, ``y``
    (the first two principal components of the embeddings)."""
    ids, vectors = await embeddings_matrix(database)
    points = pca_2d(vectors) if len(ids) else np.zeros((0, 2))
    coordinates = pd.DataFrame({"id": ids, "x": points[:, 0], "y": points[:, 1]})
    recipes = await recipes_frame(database, columns=["id", "title", "cuisine", "categories"])
    return recipes.merge(coordinates, on="id", how="inner")


def _typical_ingredients(names: pd.DataFrame, members: pd.Series, top: int) -> list[str]:
    """The ingredient names most over-represented among ``members`` (share in the cluster minus
    share overall, over recipes)."""
    per_recipe = names.drop_duplicates(["recipe_id", "name"])
    overall = per_recipe["name"].value_counts() / max(per_recipe["recipe_id"].nunique(), 1)
    inside = per_recipe[per_recipe["recipe_id"].isin(set(members))]
    share = inside["name"].value_counts() / max(len(members), 1)
    lift = (share - overall.reindex(share.index)).sort_values(ascending=False, kind="stable")
    return [str(name) for name in lift.index[:top]]


async def cluster_recipes(
    database: Database, n_clusters: int = 8, *, seed: int = 0, top: int = 5
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """k-means clusters of the recipe embeddings.

    Returns:
        ``members`` (id, title, cuisine, cluster) and ``summary`` (cluster, recipes,
        typical_ingredients: the ``top`` ingredient names most over-represented in it,
        examples: three titles).
    """
    ids, vectors = await embeddings_matrix(database)
    recipes = await recipes_frame(database, columns=["id", "title", "cuisine"])
    # in title order, so the clusters do not depend on the (random) ids
    row_of = {recipe_id: row for row, recipe_id in enumerate(ids)}
    members = recipes[recipes["id"].isin(row_of.keys())].reset_index(drop=True)
    labels, _ = kmeans(vectors[[row_of[i] for i in members["id"]]], n_clusters, seed=seed)
    members["cluster"] = labels
    names = (await ingredients_frame(database)).dropna(subset=["name"])
    names["name"] = names["name"].str.lower().str.strip(" .,;:")
    rows: list[tuple[Any, ...]] = []
    for cluster, group in members.groupby("cluster", sort=True):
        rows.append(
            (
                cluster,
                len(group),
                _typical_ingredients(names, group["id"], top),
                group["title"].head(3).tolist(),
            )
        )
    summary = pd.DataFrame(rows, columns=["cluster", "recipes", "typical_ingredients", "examples"])
    return members, summary


def plot_projection(points: pd.DataFrame, color_by: str = "cuisine", ax: Any = None) -> Any:
    """A scatter plot of `projection` output, one colour per value of ``color_by`` (needs
    matplotlib, from the ``notebooks`` extra). Returns the matplotlib Axes."""
    import matplotlib.pyplot as plt  # optional dependency: imported only when plotting

    ax = ax or plt.subplots(figsize=(8, 6))[1]
    for value, group in points.groupby(points[color_by].fillna("(none)").astype(str)):
        ax.scatter(group["x"], group["y"], s=12, label=value, alpha=0.7)
    ax.set_xlabel("principal component 1")
    ax.set_ylabel("principal component 2")
    if points[color_by].nunique() <= 15:
        ax.legend(fontsize="small", markerscale=1.5)
    return ax
