"""Change tracking for JSONB lists of objects, such as ``recipes.instructions``.

SQLAlchemy's `MutableList` notices ``steps.append(...)`` but not ``steps[0]["text"] = ...``: the
dicts inside are plain. `StepList` wraps each dict item in a `TrackedDict` that reports its
changes to the list, so an edit anywhere one level down marks the recipe dirty and is saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, SupportsIndex

from sqlalchemy.ext.mutable import MutableList


class TrackedDict(dict[str, Any]):
    """A dict that tells the list holding it when it changes."""

    def __init__(self, data: dict[str, Any], owner: StepList) -> None:
        super().__init__(data)
        self._owner = owner

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, value)
        self._owner.changed()

    def __delitem__(self, key: str) -> None:
        super().__delitem__(key)
        self._owner.changed()

    def update(self, *args: Any, **kwargs: Any) -> None:
        super().update(*args, **kwargs)
        self._owner.changed()

    def pop(self, key: str, *default: Any) -> Any:
        value = super().pop(key, *default)
        self._owner.changed()
        return value

    def setdefault(self, key: str, default: Any = None) -> Any:
        value = super().setdefault(key, default)
        self._owner.changed()
        return value

    def clear(self) -> None:
        super().clear()
        self._owner.changed()


class StepList(MutableList[Any]):
    """A mutable JSON list whose dict items are tracked too (see the module docstring)."""

    def __init__(self, items: Iterable[Any] = ()) -> None:
        super().__init__(self._track(item) for item in items)

    def _track(self, item: Any) -> Any:
        if isinstance(item, dict) and not isinstance(item, TrackedDict):
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
