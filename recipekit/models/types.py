"""Column types that fix how values cross the driver, for every ORM and Core statement.

* `Embedding`: pgvector's ``VECTOR`` whose results are float32 numpy arrays of shape
  ``(dimension,)``. pgvector's own type returns Python lists (or whatever a codec registered on
  the connection produced); this one returns the same thing for every read path.
* `AwareDateTime`: ``timestamptz`` that refuses naive datetimes (asyncpg would read them in the
  machine's local time zone, so the same notebook gives other rows on another machine) and
  returns aware UTC datetimes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np
from pgvector.sqlalchemy import VECTOR
from sqlalchemy import DateTime, Dialect
from sqlalchemy.types import TypeDecorator

from recipekit.timestamps import utc_datetime
from recipekit.vectors import decoded_vector, vector_text


class Embedding(VECTOR):
    """``vector(dim)`` read back as float32 arrays (`decoded_vector`) and written as exact text
    (`vector_text`, nine significant digits, quicker than pgvector's own).

    A subclass rather than a `TypeDecorator`, so it still *is* pgvector's ``VECTOR`` for
    comparisons (``cosine_distance``), reflection and migrations.
    """

    cache_ok = True

    def bind_processor(self, dialect: Dialect) -> Any:
        def process(value: Any) -> str | None:
            if value is None or isinstance(value, str):
                return value
            return vector_text(np.asarray(value, dtype=np.float32))

        return process

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        return decoded_vector


class AwareDateTime(TypeDecorator[datetime]):
    """``timestamptz`` that takes only timezone-aware datetimes and returns them in UTC.

    Raises (on binding a value):
        ValueError: For a naive datetime, naming it (see `recipekit.timestamps.utc_datetime`).
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else utc_datetime(value)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else utc_datetime(value)
