"""The session class recipekit hands out: an AsyncSession that recovers from a failed statement.

After an error, PostgreSQL refuses every further statement of the transaction and SQLAlchemy
asks for an explicit ``rollback()`` (``PendingRollbackError``) — in a notebook that breaks every
later cell. `RecoveringSession` rolls the failed transaction back as the error is raised, so the
next statement starts a fresh one. Inside a savepoint (``begin_nested()``) it leaves recovery to
the savepoint, which keeps the outer transaction's work.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")


class RecoveringSession(AsyncSession):
    """An `AsyncSession` whose failed statements leave it usable (see the module docstring)."""

    async def _recovering(self, operation: Awaitable[T]) -> T:
        try:
            return await operation
        except Exception:
            if self.in_transaction() and not self.in_nested_transaction():
                await self.rollback()
            raise

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        return await self._recovering(super().execute(*args, **kwargs))

    async def scalar(self, *args: Any, **kwargs: Any) -> Any:
        return await self._recovering(super().scalar(*args, **kwargs))

    async def scalars(self, *args: Any, **kwargs: Any) -> Any:
        return await self._recovering(super().scalars(*args, **kwargs))

    async def get(self, *args: Any, **kwargs: Any) -> Any:
        return await self._recovering(super().get(*args, **kwargs))

    async def get_one(self, *args: Any, **kwargs: Any) -> Any:
        return await self._recovering(super().get_one(*args, **kwargs))

    async def flush(self, objects: Any = None) -> None:
        await self._recovering(super().flush(objects))

    async def commit(self) -> None:
        await self._recovering(super().commit())
