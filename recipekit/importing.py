"""Importing recipe files: the importers' records written by the one bulk writer.

`read_records` turns files into records (or rejections naming the file, position and field);
`write_recipes` checks and writes them in batches, so every record lands whole or not at all,
and ``source_key`` decides insert-or-update: importing the same source twice changes nothing
the second time. Rejections are labelled ``source:position``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from recipekit.db.engine import Database
from recipekit.ingest.records import Rejection, SourcedRecord
from recipekit.ingest.sources import read_records
from recipekit.writing import WriteResult, write_recipes


async def import_records(
    database: Database, records: Iterable[SourcedRecord | Rejection]
) -> WriteResult:
    """Write parsed records (each with its source and position) and collect what was refused.

    A parser's rejection passes straight through to the result; a record repeating the
    ``source_key`` of an earlier record of the same import is refused (the first one stays).
    """
    return await write_recipes(database, records)


async def import_path(database: Database, path: Path) -> WriteResult:
    """Import every recipe found at ``path`` (a file or a folder; see `read_records`).

    Example:
        >>> result = await import_path(db, Path("recipes.jsonl"))
        >>> result.summary()
        '30 inserted, 0 updated, 0 unchanged, 0 rejected'
    """
    return await import_records(database, read_records(path))
