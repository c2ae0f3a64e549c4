"""The time-zone policy: recipekit takes only timezone-aware datetimes and gives back UTC.

A naive datetime (no ``tzinfo``) is refused wherever it enters, in filters and in ORM or Core
statements alike: asyncpg would read it in the local time zone of the machine running the code,
so the same notebook would select other rows on a laptop than on a UTC server. Say which zone
you mean: ``datetime(2026, 1, 1, tzinfo=UTC)`` or ``pd.Timestamp("2026-01-01", tz="UTC")``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def utc_datetime(value: Any, what: str = "a datetime") -> datetime:
    """``value`` (a `datetime` or `pandas.Timestamp` with a time zone) converted to UTC.

    Raises:
        ValueError: For a naive datetime or something that is not a datetime, naming ``what``.
    """
    if not isinstance(value, datetime):
        raise ValueError(f"{what} must be a timezone-aware datetime, not {value!r}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{what} {value.isoformat()} has no time zone; recipekit refuses naive datetimes"
            " (give e.g. tzinfo=UTC or pd.Timestamp(..., tz='UTC'))"
        )
    to_pydatetime = getattr(value, "to_pydatetime", None)  # pandas.Timestamp
    plain: datetime = to_pydatetime() if to_pydatetime is not None else value
    return plain.astimezone(UTC)
