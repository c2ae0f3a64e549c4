"""Checking and converting single DataFrame cells to what PostgreSQL will store.

Each converter takes one cell and returns the value to store, or raises `CellError` with a
reason a person can act on. Missing cells (``None``, ``NaN``, ``pd.NA``, ``NaT``) become
``None``; the caller decides whether the column allows that.
"""

from __future__ import annotations

import enum
import json
import math
from collections.abc import Collection
from typing import Any

import numpy as np
import pandas as pd

INT4_MAX = 2**31 - 1


class CellError(ValueError):
    """A cell cannot be stored; the message is the reason."""


def is_missing(value: Any) -> bool:
    """Whether a cell holds no value: ``None``, ``NaN``, ``pd.NA`` or ``NaT`` (never a list)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def storable_text(value: str) -> str:
    """Text PostgreSQL can store: NUL characters removed, unpaired surrogates replaced."""
    if "\x00" in value:
        value = value.replace("\x00", "")
    if value.isascii():
        return value
    return value.encode("utf-8", "replace").decode("utf-8")


def text(value: Any, max_length: int | None = None) -> str | None:
    """A text cell, or ``None`` when missing.

    Raises:
        CellError: For a value that is not a string, or one longer than ``max_length``.
    """
    if is_missing(value):
        return None
    if not isinstance(value, str) or isinstance(value, enum.Enum):
        raise CellError(f"expected text, got {type(value).__name__} {value!r}")
    cleaned = storable_text(value)
    if max_length is not None and len(cleaned) > max_length:
        raise CellError(f"is {len(cleaned)} characters long; the column holds at most {max_length}")
    return cleaned


def required_text(value: Any, max_length: int | None = None) -> str:
    """A text cell that must be present and not blank."""
    cleaned = text(value, max_length)
    if cleaned is None or not cleaned.strip():
        raise CellError("is required")
    return cleaned


def whole_number(value: Any, minimum: int) -> int | None:
    """An ``integer`` cell (a float like ``3.0`` is accepted) that is at least ``minimum``."""
    if is_missing(value):
        return None
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | float | np.number):
        raise CellError(f"expected a whole number, got {type(value).__name__} {value!r}")
    if isinstance(value, float | np.floating) and not float(value).is_integer():
        raise CellError(f"{value!r} is not a whole number")
    number = int(value)
    if number < minimum:
        raise CellError(f"is {number}; it must be at least {minimum}")
    if number > INT4_MAX:
        raise CellError(f"is {number}; the column holds at most {INT4_MAX}")
    return number


def amount(value: Any) -> float | None:
    """A non-negative, finite number (a quantity or a nutrient figure)."""
    if is_missing(value):
        return None
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | float | np.number):
        raise CellError(f"expected a number, got {type(value).__name__} {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise CellError(f"is {number}; it must be a finite number")
    if number < 0:
        raise CellError(f"is negative ({number:g})")
    return number


def choice(value: Any, allowed: Collection[str], what: str) -> str | None:
    """One of ``allowed`` (compared case-insensitively, spaces trimmed), or ``None``."""
    if is_missing(value):
        return None
    word = str(value.value if isinstance(value, enum.Enum) else value).strip().lower()
    if word not in allowed:
        raise CellError(f"unknown {what} {value!r}; expected one of {', '.join(sorted(allowed))}")
    return word


def items(value: Any) -> list[Any]:
    """A list cell as a Python list: a list, tuple, set or array, or text holding a JSON array
    (how CSV exports encode lists); missing means empty and any other text is one item."""
    if isinstance(value, list):
        return value
    if isinstance(value, tuple | set | frozenset | np.ndarray | pd.Series):
        return list(value)
    if is_missing(value):
        return []
    if isinstance(value, str):
        if value.lstrip().startswith("["):
            try:
                decoded = json.loads(value)
            except json.JSONDecodeError as error:
                raise CellError(f"is not a valid JSON array: {error}") from None
            if isinstance(decoded, list):
                return decoded
        return [value]
    raise CellError(f"expected a list, got {type(value).__name__} {value!r}")
