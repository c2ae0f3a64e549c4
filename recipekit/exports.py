"""Frames to files: Parquet keeps every type, CSV spells out how it encodes the rest.

* Parquet keeps list columns (diets, categories, ingredient lines, instruction steps,
  embeddings) as lists.
* CSV writes every list or dict cell as JSON (``["vegan", "gluten-free"]``); `write_recipes`
  and ``json.loads`` read those cells back. UUIDs are written as text in both.

Example:
    >>> to_parquet(await recipes_frame(db), Path("recipes.parquet"))
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd


def _plain(value: Any) -> Any:
    """A cell as JSON-able Python: arrays become lists, UUIDs text."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, uuid.UUID):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _json_cell(value: Any) -> Any:
    if isinstance(value, list | tuple | dict | np.ndarray):
        return json.dumps(value, default=_plain)
    return value


def _ids_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    encoded = frame.copy()
    for column in encoded.columns:
        if column == "id" or column.endswith("_id"):
            encoded[column] = encoded[column].map(lambda v: None if v is None else str(v))
    return encoded


def to_parquet(frame: pd.DataFrame, path: Path) -> Path:
    """Write ``frame`` as Parquet (list columns stay lists, UUIDs become text)."""
    _ids_as_text(frame).to_parquet(path, index=False)
    return path


def to_csv(frame: pd.DataFrame, path: Path) -> Path:
    """Write ``frame`` as CSV, list and dict cells as JSON, UUIDs as text."""
    encoded = _ids_as_text(frame)
    for column in encoded.columns:
        if pd.api.types.is_object_dtype(encoded[column]):
            encoded[column] = encoded[column].map(_json_cell)
    encoded.to_csv(path, index=False)
    return path


def export_frame(frame: pd.DataFrame, path: Path) -> Path:
    """Write ``frame`` with `to_csv` or `to_parquet`, chosen by the suffix of ``path``."""
    writers = {".csv": to_csv, ".parquet": to_parquet}
    writer = writers.get(path.suffix.lower())
    if writer is None:
        raise ValueError(f"export writes .csv or .parquet files, not {path.name!r}")
    return writer(frame, path)
