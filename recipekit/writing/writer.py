"""`write_recipes`: a DataFrame (or the importers' records) into the database at COPY speed.

Rows are checked first (`recipekit.writing.prepare`); the good ones go in batches, each batch
in one transaction (COPY into staging tables, then set-based upserts, see
`recipekit.writing.staging`). Should the database still refuse a batch, it is split in halves
until the refused rows are found; they are reported and every other row lands.
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TypeVar

import pandas as pd
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from recipekit.audit import SEED_ACTOR, current_actor
from recipekit.categories import find_or_create_path
from recipekit.db.engine import Database
from recipekit.db.errors import connection_lost, describe, sqlstate
from recipekit.db.retry import run_in_transaction
from recipekit.ingest.records import RecipeRecord, Rejection, SourcedRecord
from recipekit.models import Category
from recipekit.progress import progress_bar
from recipekit.writing.layout import FrameLayout
from recipekit.writing.prepare import PreparedRow, RowProblem, prepare_rows
from recipekit.writing.records import records_frame
from recipekit.writing.staging import BatchCounts, Stage, copy_connection
from recipekit.writing.vector_index import vector_index_deferred

T = TypeVar("T")

BATCH_SIZE = 5_000
"""Recipes written per transaction."""
_ROW_ERROR_CLASSES = ("22", "23", "54")
"""SQLSTATE classes a single row can cause: data exceptions, integrity violations, limits."""


@dataclass(slots=True)
class WriteResult:
    """What a write did: recipes inserted, updated and already identical, and every refused row
    with the column at fault and the reason."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def rejected(self) -> pd.DataFrame:
        """The refused rows, one line per problem: ``row`` (the input's index label, or
        ``source:position`` for imported files), ``column`` and ``reason``."""
        return pd.DataFrame(
            [(problem.row, problem.column, problem.reason) for problem in self.problems],
            columns=["row", "column", "reason"],
        )

    @property
    def rejected_rows(self) -> int:
        """How many input rows were refused."""
        return len({problem.row for problem in self.problems})

    @property
    def written(self) -> int:
        """Rows that are now in the database (inserted, updated or already identical)."""
        return self.inserted + self.updated + self.unchanged

    def add(self, counts: BatchCounts) -> None:
        self.inserted += counts.inserted
        self.updated += counts.updated
        self.unchanged += counts.unchanged

    def summary(self) -> str:
        """One line for people: "12 inserted, 0 updated, 3 unchanged, 1 rejected"."""
        return (
            f"{self.inserted} inserted, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.rejected_rows} rejected"
        )

    def write_rejects(self, path: Path) -> None:
        """Write the problems as CSV: a header, then row, column, reason."""
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["row", "column", "reason"])
            writer.writerows((p.row, p.column, p.reason) for p in self.problems)


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _keys_with_vectors(layout: FrameLayout, rows: Sequence[PreparedRow]) -> list[str]:
    """The ``source_key`` of each row that brings an embedding."""
    if "embedding" not in layout.recipe_columns:
        return []
    position = layout.recipe_columns.index("embedding")
    return [row.recipe[0] for row in rows if row.recipe[position] is not None]


class _Writer:
    """Writes checked rows batch by batch, resolving their categories inside each batch."""

    def __init__(self, database: Database, layout: FrameLayout, result: WriteResult) -> None:
        self.database = database
        self.stage = Stage(layout)
        self.layout = layout
        self.result = result
        self.actor = current_actor()
        self.categories: dict[str, Category] = {}
        self.vocabulary: dict[str, uuid.UUID] = {}

    async def load_vocabulary(self) -> None:
        """The seeded categories, which keywords and diets may name."""
        async with self.database.session() as session:
            seeded = await session.scalars(
                select(Category).where(Category.created_by == SEED_ACTOR)
            )
            self.vocabulary = {category.slug: category.id for category in seeded}

    async def _category_ids(
        self, session: AsyncSession, rows: Sequence[PreparedRow], known: dict[str, Category]
    ) -> list[list[uuid.UUID]]:
        """Each row's category ids. Paths are resolved (and created) in sorted order, so
        concurrent writers take the category locks in the same order and do not deadlock."""
        paths = sorted({path for row in rows for path in row.category_paths})
        found = {path: (await find_or_create_path(session, path, known)).id for path in paths}
        return [
            list(
                dict.fromkeys(
                    [found[path] for path in row.category_paths]
                    + [
                        self.vocabulary[slug]
                        for slug in row.category_slugs
                        if slug in self.vocabulary
                    ]
                )
            )
            for row in rows
        ]

    async def _write_batch(self, rows: Sequence[PreparedRow]) -> BatchCounts:
        """One transaction, run again from the start on a transient failure (a deadlock with
        another writer, a restarting server)."""
        known: dict[str, Category] = {}

        async def work(session: AsyncSession) -> BatchCounts:
            known.clear()
            known.update(self.categories)
            links = await self._category_ids(session, rows, known) if self.layout.links else []
            async with copy_connection(session) as raw:
                await raw.execute(self.stage.create_tables())
                await self.stage.copy(raw, rows, links)
                return await self.stage.merge(raw, self.actor)

        counts = await run_in_transaction(self.database, work)
        self.categories = known  # only categories a committed batch created are reusable
        return counts

    async def write(self, rows: Sequence[PreparedRow]) -> None:
        """Write ``rows``; if the database refuses them, find and report the refused rows by
        splitting the batch, and write the others."""
        if not rows:
            return
        try:
            self.result.add(await self._write_batch(rows))
        except Exception as error:
            state = sqlstate(error) or ""
            if connection_lost(error) or not state.startswith(_ROW_ERROR_CLASSES):
                raise
            if len(rows) == 1:
                reason = describe(error, with_type=True)
                self.result.problems.append(RowProblem(rows[0].row, "database", reason))
                return
            middle = len(rows) // 2
            await self.write(rows[:middle])
            await self.write(rows[middle:])


async def write_recipes(
    database: Database,
    data: pd.DataFrame | Iterable[RecipeRecord | SourcedRecord | Rejection],
    *,
    batch_size: int = BATCH_SIZE,
    progress: bool | None = None,
) -> WriteResult:
    """Insert or update recipes from a DataFrame in the layout of `recipekit.writing.layout`
    (or from the importers' records), keyed on ``source_key``: writing the same data twice
    changes nothing the second time.

    Every row is checked before anything is written; a refused row is reported in
    ``result.rejected`` with its index label, the column and the reason, and the other rows
    still land. Each batch of ``batch_size`` rows is one transaction, so an interrupted write
    leaves whole batches only. A write bringing many embeddings into a table with few builds
    the HNSW index once at the end instead (see `recipekit.writing.vector_index`).

    Args:
        progress: Show a progress bar; by default for writes of at least 2,000 rows when a
            terminal or notebook is watching (`recipekit.progress`).

    Raises:
        ValueError: For a frame without ``title`` or with a column the layout does not have,
            or a ``batch_size`` below 1.
        TypeError: For data that is neither a DataFrame nor records.

    Example:
        >>> result = await write_recipes(db, frame)
        >>> result.summary(), result.rejected
    """
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive whole number, not {batch_size!r}")
    problems: list[RowProblem] = []
    frame = data if isinstance(data, pd.DataFrame) else records_frame(data, problems)
    layout = FrameLayout.of(
        list(frame.columns), embedding_dimension=await database.embedding_dimension()
    )
    rows: list[PreparedRow] = []
    for item in prepare_rows(frame, layout):  # every row is checked before anything is written
        if isinstance(item, PreparedRow):
            rows.append(item)
        else:
            problems.extend(item)
    result = WriteResult(problems=problems)
    writer = _Writer(database, layout, result)
    if layout.links:
        await writer.load_vocabulary()
    async with vector_index_deferred(database, _keys_with_vectors(layout, rows)):
        with progress_bar(len(rows), "write_recipes", progress) as bar:
            for batch in _chunks(rows, batch_size):
                await writer.write(batch)
                bar.update(len(batch))
    return result
