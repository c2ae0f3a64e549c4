"""Checking and converting single DataFrame cells to what PostgreSQL will store.

Each converter takes one cell and returns the value to store, or raises `CellError` with a
reason a person can act on. Missing cells (``None``, ``NaN``, ``pd.NA``, ``NaT``) become
``None``; the caller decides whether the column allows that.
"""

from __future__ import annotations

import enum
import json
import math
import numbers
from collections.abc import Collection
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

INT4_MAX = 2**31 - 1
INDEXED_TEXT_MAX_BYTES = 2_700
"""Text in a B-tree-indexed column (title, source_key, ingredient name) must fit one index
entry: PostgreSQL refuses entries over about a third of an 8 kB page."""


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


def text(value: Any, max_length: int | None = None, *, indexed: bool = False) -> str | None:
    """A text cell, or ``None`` when missing. ``indexed`` text must also fit a B-tree index
    entry (`INDEXED_TEXT_MAX_BYTES`).

    Raises:
        CellError: For a value that is not a string, or one longer than the column allows.
    """
    if is_missing(value):
        return None
    if not isinstance(value, str) or isinstance(value, enum.Enum):
        raise CellError(f"expected text, got {type(value).__name__} {_preview(value)}")
    cleaned = storable_text(value)
    if max_length is not None and len(cleaned) > max_length:
        raise CellError(f"is {len(cleaned)} characters long; the column holds at most {max_length}")
    if indexed and len(cleaned) * 4 > INDEXED_TEXT_MAX_BYTES:
        size = len(cleaned.encode("utf-8"))
        if size > INDEXED_TEXT_MAX_BYTES:
            raise CellError(
                f"is {size} bytes long; an indexed column holds at most {INDEXED_TEXT_MAX_BYTES}"
            )
    return cleaned


def _preview(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 80 else shown[:77] + "..."


def required_text(value: Any, max_length: int | None = None, *, indexed: bool = False) -> str:
    """A text cell that must be present and not blank."""
    cleaned = text(value, max_length, indexed=indexed)
    if cleaned is None or not cleaned.strip():
        raise CellError("is required")
    return cleaned


def _number(value: Any, what: str) -> float | int:
    """A real number from a numeric cell, or from text holding one (CSV read as text).

    Raises:
        CellError: For anything else (booleans, dates, durations, complex numbers, words).
    """
    if type(value) is float or type(value) is int:  # the common case, without ABC checks
        return value
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            raise CellError(f"expected {what}, got text {value!r}") from None
    if isinstance(value, bool | np.bool_ | np.timedelta64 | np.datetime64) or not isinstance(
        value, numbers.Real | Decimal
    ):
        raise CellError(f"expected {what}, got {type(value).__name__} {value!r}")
    if isinstance(value, numbers.Integral):
        return int(value)
    try:
        return float(value)
    except OverflowError:
        raise CellError(f"{value!r} is too large") from None


def whole_number(value: Any, minimum: int) -> int | None:
    """An ``integer`` cell (``3.0`` and ``"3"`` are accepted) that is at least ``minimum``."""
    if is_missing(value):
        return None
    number = _number(value, "a whole number")
    if isinstance(number, float):
        if not number.is_integer():
            raise CellError(f"{value!r} is not a whole number")
        number = int(number)
    if number < minimum:
        raise CellError(f"is {number}; it must be at least {minimum}")
    if number > INT4_MAX:
        raise CellError(f"is {number}; the column holds at most {INT4_MAX}")
    return number


def amount(value: Any) -> float | None:
    """A non-negative, finite number (a quantity or a nutrient figure)."""
    if is_missing(value):
        return None
    try:
        number = float(_number(value, "a number"))
    except OverflowError:
        raise CellError(f"{value!r} is too large") from None
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
