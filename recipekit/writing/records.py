"""The importers' records as a frame in `write_recipes`'s layout, so one writer serves both."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import fields
from typing import Any

import pandas as pd

from recipekit.ingest.records import RecipeRecord, Rejection, SourcedRecord
from recipekit.models.recipe import NUTRIENTS_PER_SERVING
from recipekit.writing.layout import NUTRITION_COLUMNS, SCALAR_COLUMNS
from recipekit.writing.prepare import RowProblem

_RECORD_FIELDS = {field.name for field in fields(RecipeRecord)}
_SCALARS = ("source_key", *(name for name in SCALAR_COLUMNS if name in _RECORD_FIELDS))
"""The layout's plain columns that a record carries, taken from it as they are."""
_COLUMNS = (
    *_SCALARS, "diet_types", "instructions", "ingredients", "categories", "keywords",
    *NUTRITION_COLUMNS,
)  # fmt: skip


def _row(record: RecipeRecord) -> tuple[Any, ...]:
    facts = record.nutrition if record.nutrition and not record.nutrition.is_empty() else None
    nutrition = (
        (*(getattr(facts, name) for name in NUTRIENTS_PER_SERVING), facts.serving_size, "label")
        if facts is not None
        else (None,) * (len(NUTRIENTS_PER_SERVING) + 2)
    )
    return (
        *(getattr(record, name) for name in _SCALARS),
        sorted(diet.value for diet in record.diet_types),
        list(record.instructions),
        list(record.ingredients),
        list(record.categories),
        list(record.keywords),
        *nutrition,
    )


def records_frame(
    records: Iterable[RecipeRecord | SourcedRecord | Rejection], problems: list[RowProblem]
) -> pd.DataFrame:
    """One row per record, indexed ``source:position`` (or by order for bare records); the
    parsers' rejections are appended to ``problems`` under the same kind of label.

    Raises:
        TypeError: For anything else in ``records`` (or ``records`` not being iterable).
    """
    if isinstance(records, str | bytes | dict) or not isinstance(records, Iterable):
        raise TypeError(
            "write_recipes takes a DataFrame or the importers' records, "
            f"not {type(records).__name__}"
        )
    labels: list[Hashable] = []
    rows: list[tuple[Any, ...]] = []
    for number, item in enumerate(records, start=1):
        if isinstance(item, Rejection):
            label = f"{item.source}:{item.position}"
            problems.append(RowProblem(label, item.field, item.reason))
            continue
        if isinstance(item, SourcedRecord):
            labels.append(f"{item.source}:{item.position}")
            rows.append(_row(item.record))
        elif isinstance(item, RecipeRecord):
            labels.append(number)
            rows.append(_row(item))
        else:
            raise TypeError(
                "write_recipes takes a DataFrame or the importers' records, "
                f"not {type(item).__name__} items"
            )
    return pd.DataFrame(rows, columns=list(_COLUMNS), index=pd.Index(labels, dtype=object))
