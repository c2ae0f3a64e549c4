"""Building the HNSW index once after a bulk load instead of growing it row by row.

Inserting into an HNSW index costs about 5 ms per 768-dimensional vector here, while building
the index over the same vectors costs about 1 ms each (parallel workers, one pass). pgvector's
own advice is to load first and index afterwards; `vector_index_deferred` does that when a write
brings at least `DEFER_MIN_VECTORS` vectors and the table holds fewer than
`DEFER_MAX_EXISTING_RATIO` times as many already (beyond that, rebuilding over the old vectors
costs more than it saves).

While the index is away, nearest-neighbour queries still work, by exact scan. Should the process
die mid-load, the next write (or `ensure_vector_index`) builds the index again.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from sqlalchemy import Index, Text, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY

from recipekit.db.engine import Database
from recipekit.models.base import Base

DEFER_MIN_VECTORS = 1_000
DEFER_MAX_EXISTING_RATIO = 2
BUILD_MAINTENANCE_WORK_MEM = "1GB"
"""Enough for the graph of about 300,000 vectors of 768 dimensions in memory; a build that
outgrows it goes on, much slower, on disk."""

VECTOR_INDEX: Index = next(
    index
    for index in Base.metadata.tables["recipes"].indexes
    if index.name == "ix_recipes_embedding_hnsw"
)


async def ensure_vector_index(database: Database) -> None:
    """Build the HNSW index on ``recipes.embedding`` if it is missing (no-op otherwise)."""
    async with database.connect() as connection:
        await connection.execute(text("SET LOCAL statement_timeout = 0"))
        await connection.execute(
            text(f"SET LOCAL maintenance_work_mem = '{BUILD_MAINTENANCE_WORK_MEM}'")
        )
        # vectors live in TOAST, so the heap looks too small for parallel workers; a parallel
        # build is about 1.6x faster here (2 cores)
        await connection.execute(text("SET LOCAL min_parallel_table_scan_size = 0"))
        await connection.run_sync(lambda sync: VECTOR_INDEX.create(sync, checkfirst=True))


async def _worth_deferring(database: Database, keys: Sequence[str]) -> bool:
    """Whether the recipes with these keys (each bringing a vector) would add enough new
    vectors, against those already stored, to make one build cheaper than growing the index."""
    if len(keys) < DEFER_MIN_VECTORS:
        return False
    async with database.connect() as connection:
        stored, known = (
            await connection.execute(
                text(
                    "SELECT count(embedding), count(*) FILTER (WHERE source_key = ANY(:keys)"
                    " AND deleted_at IS NULL) FROM recipes"
                ).bindparams(bindparam("keys", value=list(keys), type_=ARRAY(Text)))
            )
        ).one()
    incoming = len(keys) - known
    return bool(incoming >= DEFER_MIN_VECTORS and stored < DEFER_MAX_EXISTING_RATIO * incoming)


@asynccontextmanager
async def vector_index_deferred(database: Database, keys: Sequence[str]) -> AsyncIterator[None]:
    """Inside the block, write the recipes with these ``source_key``s (those bringing a vector)
    without the HNSW index when that is cheaper; the index is built again when the block ends,
    however it ends."""
    if not await _worth_deferring(database, keys):
        await ensure_vector_index(database)
        yield
        return
    async with database.connect() as connection:
        await connection.run_sync(lambda sync: VECTOR_INDEX.drop(sync, checkfirst=True))
    try:
        yield
    finally:
        await ensure_vector_index(database)
