"""Retrying whole transactions after transient failures, with tenacity.

The unit of retry is the transaction *function*: each attempt runs it from its start in a fresh
session, so nothing half-done is ever continued. Waits grow exponentially with jitter, attempts
are bounded, each retry is logged, and when the attempts run out the original exception is
raised (not tenacity's ``RetryError``). Only `is_transient` errors are retried.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
    wait_random,
)

from recipekit.db.engine import Database
from recipekit.db.errors import describe, is_transient

T = TypeVar("T")
P = ParamSpec("P")
logger = logging.getLogger("recipekit.retry")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try: ``attempts`` in all, waits from ``initial_wait`` doubling up to
    ``max_wait`` seconds, each with up to ``jitter`` seconds of randomness."""

    attempts: int = 5
    initial_wait: float = 0.05
    max_wait: float = 2.0
    jitter: float = 0.1


def _log_retry(state: RetryCallState) -> None:
    error = state.outcome.exception() if state.outcome is not None else None
    logger.warning(
        "transient failure, retrying (attempt %d): %s",
        state.attempt_number,
        describe(error) if error is not None else "unknown",
    )


async def run_in_transaction(
    database: Database,
    work: Callable[[AsyncSession], Awaitable[T]],
    *,
    policy: RetryPolicy | None = None,
    statement_timeout: float | None = None,
) -> T:
    """Run ``work(session)`` in a transaction; commit on success, roll back on error, and on a
    transient failure run it again from its start in a new session. ``statement_timeout``
    limits each statement (see `Database.transaction`); a timeout is not retried.

    Example:
        >>> async def rename(session):
        ...     recipe = await session.get_one(Recipe, recipe_id)
        ...     recipe.title = "Better soup"
        >>> await run_in_transaction(db, rename)
    """
    policy = policy or RetryPolicy()
    async for attempt in AsyncRetrying(
        retry=retry_if_exception(is_transient),
        stop=stop_after_attempt(policy.attempts),
        wait=wait_exponential(multiplier=policy.initial_wait, max=policy.max_wait)
        + wait_random(0, policy.jitter),
        before_sleep=_log_retry,
        reraise=True,
    ):
        with attempt:
            async with database.transaction(statement_timeout=statement_timeout) as session:
                return await work(session)
    raise AssertionError("unreachable: tenacity either returns or re-raises")


def transactional(
    database: Database,
    *,
    retry: bool = True,
    policy: RetryPolicy | None = None,
    statement_timeout: float | None = None,
) -> Callable[[Callable[Concatenate[AsyncSession, P], Awaitable[T]]], Callable[P, Awaitable[T]]]:
    """Decorate ``async def fn(session, ...)`` so each call runs in its own transaction
    (`run_in_transaction`): committed on success, rolled back on error, retried on transient
    failures unless ``retry=False``. Inside, ``session.begin_nested()`` gives savepoints.

    Example:
        >>> @transactional(db)
        ... async def rename(session, recipe_id, title):
        ...     (await session.get_one(Recipe, recipe_id)).title = title
        >>> await rename(recipe_id, "Better soup")
    """
    chosen = policy or RetryPolicy()
    if not retry:
        chosen = dataclasses.replace(chosen, attempts=1)

    def decorate(
        function: Callable[Concatenate[AsyncSession, P], Awaitable[T]],
    ) -> Callable[P, Awaitable[T]]:
        @functools.wraps(function)
        async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
            async def work(session: AsyncSession) -> T:
                return await function(session, *args, **kwargs)

            return await run_in_transaction(
                database, work, policy=chosen, statement_timeout=statement_timeout
            )

        return wrapper

    return decorate
