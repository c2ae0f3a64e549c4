"""Change tracking for JSONB lists of objects, such as ``recipes.instructions``.

SQLAlchemy's `MutableList` notices ``steps.append(...)`` but not ``steps[0]["text"] = ...``: the
dicts inside are plain. `StepList` holds each dict item as a `TrackedDict` — SQLAlchemy's
`MutableDict`, so every mutating method of a dict reports — that reports its changes to the
list, so an edit anywhere one level down marks the recipe dirty and is saved.

Each list owns its steps: a dict entering a list (assigned, appended, inserted, ...) is copied
into a step of that list unless it already is one, so a step taken from another recipe's list
(``b.instructions.append(a.instructions[0])``) is ``b``'s from then on and a later edit of it
marks ``b``, not ``a``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, SupportsIndex

from sqlalchemy.ext.mutable import MutableDict, MutableList


class TrackedDict(MutableDict[str, Any]):
    """A dict that tells the list holding it when it changes."""

    def __init__(self, data: dict[str, Any], owner: StepList) -> None:
        super().__init__(data)
        self._owner = owner

    def changed(self) -> None:
        self._owner.changed()

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        # a copy (or an unpickled step) is a plain dict, the entering list's own once added
        return (dict, (dict(self),))


class StepList(MutableList[Any]):
    """A mutable JSON list whose dict items are tracked too (see the module docstring)."""

    def __init__(self, items: Iterable[Any] = ()) -> None:
        super().__init__(self._track(item) for item in items)

    def _track(self, item: Any) -> Any:
        if isinstance(item, dict) and not (isinstance(item, TrackedDict) and item._owner is self):
            return TrackedDict(item, self)
        return item

    @classmethod
    def coerce(cls, key: str, value: Any) -> StepList | None:
        """Turn a plain list (loaded or assigned) into a `StepList`."""
        if value is None or isinstance(value, cls):
            return value
        if isinstance(value, list):
            return cls(value)
        return super().coerce(key, value)  # type: ignore[return-value]

    def __setitem__(self, index: SupportsIndex | slice, value: Any) -> None:
        if isinstance(index, slice):
            super().__setitem__(index, [self._track(item) for item in value])
        else:
            super().__setitem__(index, self._track(value))

    def append(self, item: Any) -> None:
        super().append(self._track(item))

    def extend(self, items: Iterable[Any]) -> None:
        super().extend(self._track(item) for item in items)

    def insert(self, index: SupportsIndex, item: Any) -> None:
        super().insert(index, self._track(item))
