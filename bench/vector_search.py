"""Nearest-neighbour search: the HNSW index recipekit builds, searched through
`nearest_recipes` unfiltered and filtered at several ``ef_search``, against exact search and a
brute-force numpy scan over the same vectors, in the same run.

    python bench/vector_search.py [--n 100000] [--queries 200] [--recipes PATH]

Generates N clustered 768-dim vectors (fixed seed: 100 centres drawn from N(0, 1), each point a
random centre plus 0.35 times N(0, 1) noise) and writes them as recipes with `write_recipes`;
10% of the rows, picked at random, are vegan and another 1% keto, so that ``diets_all`` filters
match 10% and 1% of the rows. With ``--recipes`` (any file or folder `import_path` reads) the
real recipes are imported instead and embedded with `HashingEmbedder`; ``--queries`` of them,
picked at random, are held out (their vectors become the queries, the recipes are deleted), and
the two filters are the diet or category whose share of the recipes is nearest 10% and 1%
(``*_filter`` lines name them and their share). The HNSW index (m = 16, ef_construction = 64)
is then dropped and built again by `ensure_vector_index`, timed (``build_s``), and the table
vacuumed and analysed.

``--queries`` query vectors are drawn like the data (new points near random centres). Each is
searched for its k = 10 nearest with ``exact=True`` (every vector scanned, the reference), then
through the index at ``ef_search`` 40 (pgvector's default), 100 and 200 (recipekit's for k = 10),
unfiltered and with the two filters. Latency is the wall time of one `nearest_recipes` call; each
series runs on fresh connections, and an index series after one untimed pass over the queries (the
exact ones after `WARM_UP` searches). recall@10 is the share of the exact search's ids the index
search returned. The numpy ceiling scans the `embeddings_matrix` of the same vectors (cosine
distances, ``argpartition``). The plans `explain_search` shows for one query are printed on stderr.

Prints one figure per line: ``recipes``, ``queries``, ``build_s``; ``recall_at_10``,
``p50_ms`` and ``p95_ms`` at the default ``ef_search`` (targets: recall >= 0.98, p50 < 10 ms) and
the same per ``ef_search`` (``recall_at_10_ef100``, ...); ``filtered_10pct_recall`` and
``filtered_1pct_recall`` at the default (target >= 0.95) with their latencies, per
``ef_search`` too; ``filtered_full_k_rate``, the share of all filtered searches that returned k
rows (target 1); ``*hnsw_scan_share*``, the share of a series' searches that scanned the HNSW
index (from ``pg_stat_user_indexes``); ``hnsw_plan_*``, whether `explain_search`'s plan uses it;
``server_execution_p50_ms``, the server's own execution time of the default unfiltered search
(EXPLAIN ANALYZE), to tell the index's share of ``p50_ms`` from the round trips;
``exact_p50_ms``; ``numpy_scan_p50_ms`` and ``numpy_scan_recall``; and
``embeddings_matrix_vs_read_sql``, the time of ``pd.read_sql`` of the vectors as text, parsed
into one float32 matrix, over that of `embeddings_matrix` (target >= 5, > 1 meaning recipekit
is faster). Uses RECIPEKIT_DATABASE_URL's server, else a throwaway embedded one.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import re
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from _common import scratch_database
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from recipekit import (
    embed_recipes,
    embeddings_matrix,
    explain_search,
    import_path,
    nearest_recipes,
)
from recipekit.config import EMBEDDING_DIMENSION
from recipekit.db.engine import Database
from recipekit.embeddings.search import MIN_EF_SEARCH
from recipekit.filters import RecipeFilter
from recipekit.models import Category, Recipe, RecipeCategory
from recipekit.writing import write_recipes
from recipekit.writing.vector_index import VECTOR_INDEX, ensure_vector_index

SEED = 100_000
CENTRES = 100
NOISE = 0.35
K = 10
EF_SEARCHES = (40, 100, 200)
WARM_UP = 5
"""Searches run, untimed, before a timed series of exact searches (index series warm up with
every query: the index outgrows the server's shared buffers)."""
FILTERS: dict[str, dict[str, Any]] = {
    "": {},
    "filtered_10pct_": {"diets_all": ("vegan",)},
    "filtered_1pct_": {"diets_all": ("keto",)},
}
"""Figure prefix: `nearest_recipes` filter keywords, for the generated vectors."""
TARGET_SHARES = {"filtered_10pct_": 0.10, "filtered_1pct_": 0.01}
INDEX_NAME = "ix_recipes_embedding_hnsw"
STATS_FLUSH_S = 1.0
"""Time the server's backends get to report their statistics as they exit."""
_EXECUTION_TIME = re.compile(r"^Execution Time: ([0-9.]+) ms$", re.MULTILINE)

Vectors = npt.NDArray[np.float32]


def _clustered(rng: np.random.Generator, centres: Vectors, count: int) -> Vectors:
    """``count`` points, each a random one of ``centres`` plus `NOISE` times N(0, 1) noise."""
    chosen = centres[rng.integers(len(centres), size=count)]
    noise = rng.standard_normal((count, centres.shape[1]), np.float32)
    return (chosen + NOISE * noise).astype(np.float32)


def vectors_and_queries(n: int, queries: int) -> tuple[Vectors, Vectors]:
    """N clustered vectors and ``queries`` more near the same centres, the same for the same
    arguments (fixed seeds)."""
    centres = np.random.default_rng(SEED).standard_normal(
        (CENTRES, EMBEDDING_DIMENSION), np.float32
    )
    data = _clustered(np.random.default_rng(SEED + 1), centres, n)
    return data, _clustered(np.random.default_rng(SEED + 2), centres, queries)


def vector_frame(vectors: Vectors) -> pd.DataFrame:
    """One recipe per vector in write_recipes' layout; 10% of the rows (at random) are vegan,
    another 1% keto."""
    n = len(vectors)
    order = np.random.default_rng(SEED + 3).permutation(n)
    diets: list[list[str]] = [[] for _ in range(n)]
    for row in order[: n // 10]:
        diets[row] = ["vegan"]
    for row in order[n // 10 : n // 10 + n // 100]:
        diets[row] = ["keto"]
    frame = pd.DataFrame(
        {
            "source_key": [f"vector:{number}" for number in range(n)],
            "title": [f"Vector recipe {number}" for number in range(n)],
            "diet_types": diets,
        }
    )
    frame["embedding"] = list(vectors)  # views of one block: no copy per recipe
    return frame


async def _checkpoint(database: Database) -> None:
    """Flush the load's dirty pages now, not during the build (where the server lets us)."""
    with contextlib.suppress(DBAPIError):
        async with database.connect() as connection:
            await connection.execute(text("CHECKPOINT"))


async def _held_out_queries(database: Database, path: Path, count: int) -> Vectors:
    """Import and embed the recipes at ``path``; the vectors of ``count`` of them, picked at
    random, which are then deleted (new recipes to find neighbours for)."""
    result = await import_path(database, path)
    print(f"imported {path}: {result.summary()}", file=sys.stderr)
    await embed_recipes(database, progress=False)
    ids, matrix = await embeddings_matrix(database)
    rows = np.random.default_rng(SEED).choice(
        len(ids), size=min(count, len(ids) // 2), replace=False
    )
    async with database.connect() as connection:
        await connection.execute(
            text("DELETE FROM recipes WHERE id = ANY(:ids)"), {"ids": [ids[row] for row in rows]}
        )
    return matrix[rows]


async def _share(database: Database, filters: dict[str, Any]) -> float:
    """The share of the recipes with a vector that ``filters`` keep."""
    embedded = select(func.count()).select_from(Recipe).where(Recipe.embedding.is_not(None))
    async with database.session() as session:
        total = await session.scalar(embedded) or 0
        kept = await session.scalar(RecipeFilter(**filters).apply(embedded)) or 0
    return kept / total if total else 0.0


async def _real_filters(database: Database) -> dict[str, tuple[dict[str, Any], float]]:
    """Per filtered prefix, the diet or category filter whose share of the recipes is nearest
    the prefix's (10%, 1%) among those keeping at least 2k recipes, and that share."""
    async with database.session() as session:
        diets = await session.scalars(
            select(func.unnest(Recipe.diet_types)).where(Recipe.embedding.is_not(None)).distinct()
        )
        slugs = await session.scalars(select(Category.slug).join(RecipeCategory).distinct())
        candidates = [{"diets_all": (diet,)} for diet in diets] + [
            {"category": slug} for slug in slugs
        ]
    ids, _ = await embeddings_matrix(database)
    shares = [(filters, await _share(database, filters)) for filters in candidates]
    usable = [(filters, share) for filters, share in shares if share * len(ids) >= 2 * K]
    chosen: dict[str, tuple[dict[str, Any], float]] = {"": ({}, 1.0)}
    for prefix, target in TARGET_SHARES.items():
        chosen[prefix] = min(usable, key=lambda item: abs(item[1] - target))
    return chosen


async def _rebuild_index(database: Database) -> float:
    """Seconds to build the HNSW index again from scratch with `ensure_vector_index`; the table
    is vacuumed and analysed afterwards, as autovacuum would soon do (the vacuum changes the
    plans PostgreSQL picks)."""
    async with database.connect() as connection:
        await connection.run_sync(lambda sync: VECTOR_INDEX.drop(sync, checkfirst=True))
    await _checkpoint(database)
    started = time.perf_counter()
    await ensure_vector_index(database)
    elapsed = time.perf_counter() - started
    async with database.engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await autocommit.execute(text("SET statement_timeout = 0"))
        await autocommit.execute(text("VACUUM ANALYZE recipes"))
        await autocommit.execute(text("RESET statement_timeout"))
    print(f"index built in {elapsed:.1f} s", file=sys.stderr)
    return elapsed


async def _plans(
    database: Database, query: Vectors, filter_sets: dict[str, dict[str, Any]]
) -> dict[str, bool]:
    """Whether the default search for ``query``, unfiltered and with each filter, uses the HNSW
    index; the plans go to stderr."""
    used = {}
    for prefix, filters in filter_sets.items():
        plan = await explain_search(database, query, k=K, **filters)
        name = prefix.rstrip("_") or "unfiltered"
        print(f"--- plan, {name}:\n{plan}", file=sys.stderr, flush=True)
        used[name] = INDEX_NAME in plan
    return used


async def _server_milliseconds(database: Database, queries: Vectors) -> npt.NDArray[np.float64]:
    """Per query, the server's own execution time of the default unfiltered search (from
    `explain_search`): the search without the round trips and the client's work."""
    milliseconds = []
    for query in queries:
        plan = await explain_search(database, query, k=K)
        found = _EXECUTION_TIME.search(plan)
        assert found is not None, plan
        milliseconds.append(float(found.group(1)))
    return np.array(milliseconds)


@dataclass(frozen=True, slots=True)
class Series:
    """One query set searched one way: ids found per query, each search's milliseconds and the
    share of the series' searches (warm-up included) that scanned the HNSW index."""

    ids: list[list[uuid.UUID]]
    milliseconds: npt.NDArray[np.float64]
    index_share: float

    def percentile(self, q: float) -> float:
        """The ``q``th percentile of the latencies, in milliseconds."""
        return float(np.percentile(self.milliseconds, q))

    def recall(self, exact: Series) -> float:
        """Mean share of ``exact``'s ids per query that this series found too."""
        shares = [
            len(set(found) & set(wanted)) / len(wanted)
            for found, wanted in zip(self.ids, exact.ids, strict=True)
            if wanted
        ]
        return float(np.mean(shares))

    def full_k(self) -> list[bool]:
        """Per query, whether the search returned `K` rows."""
        return [len(found) == K for found in self.ids]


async def _index_scans(database: Database) -> int:
    """Scans of the HNSW index so far, counting those of the pool's connections, which are
    closed for it (a backend reports its statistics as it exits)."""
    await database.dispose()
    await asyncio.sleep(STATS_FLUSH_S)
    async with database.connect() as connection:
        scans = await connection.scalar(
            text("SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = :name"),
            {"name": INDEX_NAME},
        )
    await database.dispose()
    return int(scans or 0)


async def _series(
    database: Database, queries: Vectors, *, exact: bool = False, **options: Any
) -> Series:
    """Every query through `nearest_recipes` with ``options``, each timed, on fresh connections
    and after untimed warm-up searches (`WARM_UP` exact ones, else every query once)."""
    # fresh connections: a connection's prepared statement remembers its plans, so that one
    # series' plans could otherwise carry over to the next series with the same filters
    scans = await _index_scans(database)
    warm_up = queries[:WARM_UP] if exact else queries
    for query in warm_up:
        await nearest_recipes(database, query, k=K, exact=exact, **options)
    ids, milliseconds = [], []
    for query in queries:
        started = time.perf_counter()
        found = await nearest_recipes(database, query, k=K, exact=exact, **options)
        milliseconds.append((time.perf_counter() - started) * 1000)
        ids.append(found["id"].tolist())
    scans = await _index_scans(database) - scans
    return Series(ids, np.array(milliseconds), scans / (len(warm_up) + len(queries)))


def _numpy_scan(ids: Sequence[uuid.UUID], matrix: Vectors, queries: Vectors) -> Series:
    """The `K` nearest of each query by cosine distance over the whole matrix, in numpy."""
    normalised = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
    found, milliseconds = [], []
    for query in queries:
        started = time.perf_counter()
        distances = 1 - normalised @ (query / np.linalg.norm(query))
        nearest = np.argpartition(distances, K)[:K]
        nearest = nearest[np.argsort(distances[nearest])]
        milliseconds.append((time.perf_counter() - started) * 1000)
        found.append([ids[row] for row in nearest])
    return Series(found, np.array(milliseconds), 0.0)


async def _best_of(runs: int, read: Callable[[], Awaitable[Vectors]]) -> float:
    """The fastest of ``runs`` reads, in seconds."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        await read()
        best = min(best, time.perf_counter() - started)
    return best


async def compare_matrix_readers(database: Database) -> tuple[float, float]:
    """Best-of-3 seconds of `embeddings_matrix` and of ``pd.read_sql`` of the vectors as text,
    each parsed into a float32 array and stacked into one matrix."""

    async def with_recipekit() -> Vectors:
        return (await embeddings_matrix(database))[1]

    async def with_read_sql() -> Vectors:
        sql = "SELECT id, embedding::text AS embedding FROM recipes WHERE embedding IS NOT NULL"
        async with database.connect() as connection:
            frame = await connection.run_sync(lambda sync: pd.read_sql(sql, sync))
        return np.stack([np.array(json.loads(cell), np.float32) for cell in frame["embedding"]])

    assert (await with_recipekit()).shape == (await with_read_sql()).shape
    return await _best_of(3, with_recipekit), await _best_of(3, with_read_sql)


async def main(n: int, query_count: int, recipes: Path | None = None) -> None:
    database = await scratch_database("bench_vector_search")
    if recipes is None:
        vectors, queries = vectors_and_queries(n, query_count)
        result = await write_recipes(database, vector_frame(vectors), progress=False)
        assert result.inserted == n and result.rejected.empty, result.summary()
        del vectors
        filter_sets = FILTERS
    else:
        queries = await _held_out_queries(database, recipes, query_count)
        chosen = await _real_filters(database)
        filter_sets = {prefix: filters for prefix, (filters, _) in chosen.items()}
        for prefix, (filters, share) in chosen.items():
            if prefix:
                print(f"{prefix}filter: {filters} share={share:.3f}")
    build_s = await _rebuild_index(database)
    plans = await _plans(database, queries[0], filter_sets)
    exact: dict[str, Series] = {}
    recalls: dict[tuple[str, int], float] = {}
    found: dict[tuple[str, int], Series] = {}
    for prefix, filters in filter_sets.items():
        exact[prefix] = await _series(database, queries, exact=True, **filters)
        for ef_search in EF_SEARCHES:
            series = await _series(database, queries, ef_search=ef_search, **filters)
            found[prefix, ef_search] = series
            recalls[prefix, ef_search] = series.recall(exact[prefix])
            print(f"{prefix or 'unfiltered_'}ef{ef_search} done", file=sys.stderr, flush=True)
    server_ms = await _server_milliseconds(database, queries)
    ids, matrix = await embeddings_matrix(database)
    scan = _numpy_scan(ids, matrix, queries)
    recipe_count = len(ids)
    del ids, matrix
    matrix_s, sql_s = await compare_matrix_readers(database)
    await database.dispose()
    full_k = [full for (prefix, _), series in found.items() if prefix for full in series.full_k()]
    print(f"recipes: {recipe_count}")
    print(f"queries: {len(queries)}")
    print(f"build_s: {build_s:.1f}")
    for prefix in filter_sets:
        recall = f"{prefix}recall" if prefix else "recall_at_10"
        for ef_search, end in [(MIN_EF_SEARCH, ""), *((ef, f"_ef{ef}") for ef in EF_SEARCHES)]:
            series = found[prefix, ef_search]
            print(f"{recall}{end}: {recalls[prefix, ef_search]:.4f}")
            print(f"{prefix}p50_ms{end}: {series.percentile(50):.2f}")
            print(f"{prefix}p95_ms{end}: {series.percentile(95):.2f}")
            if prefix:
                print(f"{prefix}full_k_rate{end}: {np.mean(series.full_k()):.4f}")
            print(f"{prefix}hnsw_scan_share{end}: {series.index_share:.3f}")
    print(f"filtered_full_k_rate: {np.mean(full_k):.4f}")
    for name, used in plans.items():
        print(f"hnsw_plan_{name}: {'yes' if used else 'no'}")
    print(f"server_execution_p50_ms: {np.percentile(server_ms, 50):.2f}")
    print(f"exact_p50_ms: {exact[''].percentile(50):.1f}")
    print(f"numpy_scan_p50_ms: {scan.percentile(50):.2f}")
    print(f"numpy_scan_recall: {scan.recall(exact['']):.4f}")
    print(f"embeddings_matrix_s: {matrix_s:.3f}")
    print(f"read_sql_s: {sql_s:.3f}")
    print(f"embeddings_matrix_vs_read_sql: {sql_s / matrix_s:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--recipes", type=Path, help="real recipes instead of generated vectors")
    options = parser.parse_args()
    asyncio.run(main(options.n, options.queries, options.recipes))
