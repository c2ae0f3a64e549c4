"""Nearest recipes by cosine distance, filtered, over the HNSW index.

A filtered HNSW query is where pgvector quietly returns too few rows: the index hands out at
most ``hnsw.ef_search`` candidates and the WHERE clause throws most of them away. Every search
here raises ``ef_search`` with ``k`` and turns on pgvector's iterative index scan
(``hnsw.iterative_scan = relaxed_order``), which keeps scanning until ``k`` rows pass the
filters; the rows are then put back in exact distance order. ``exact=True`` scans every vector
instead (no index), the reference for recall.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from pgvector.sqlalchemy import VECTOR
from sqlalchemy import Select, Text, cast, exists, func, literal, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from recipekit.db.engine import Database
from recipekit.embeddings.hashing import HashingEmbedder
from recipekit.embeddings.protocol import Embedder
from recipekit.filters import RecipeFilter, shown_nutrition
from recipekit.frames import recipe_filter
from recipekit.models import Ingredient, NutritionalInfo, Recipe
from recipekit.vectors import usable_vector, vector_text

MAX_EF_SEARCH = 1000
"""pgvector's upper bound for ``hnsw.ef_search``; larger ``k`` rely on the iterative scan."""
MIN_EF_SEARCH = 200
"""The default HNSW candidate list (pgvector's own is 40), raised to ``2 * k`` for larger
``k``. On 100,000 clustered vectors (``bench/vector_search.py``, five index builds) recall@10
was 0.90-0.93 at 40, 0.96-0.985 at 100 and 0.977-0.992 at 200 (0.977 on a loaded machine, 0.98
or more on the others), for 2-3 ms more per search than at 40 (p50 8.9 ms at 200 on an idle
2-core machine)."""
_FILTER_COLUMNS = {
    "diets_all": Recipe.diet_types,
    "diets_any": Recipe.diet_types,
    "difficulty": Recipe.difficulty,
    "max_total_minutes": Recipe.total_minutes,
    "min_calories": NutritionalInfo.calories_kcal,
    "max_calories": NutritionalInfo.calories_kcal,
}
"""Columns a search returns besides the neighbour columns, when it filters on them."""

Query = uuid.UUID | Recipe | str | Sequence[float] | npt.NDArray[np.floating[Any]]


def _recipe_id(query: str) -> uuid.UUID | None:
    """``query`` as a recipe id, when it is one written as text (ids read back from a CSV)."""
    try:
        return uuid.UUID(query.strip())
    except ValueError:
        return None


async def _query_vector(
    session: AsyncSession, query: Query, embedder: Embedder | None, dimension: int
) -> tuple[npt.NDArray[np.float32], uuid.UUID | None]:
    """The vector to search with, and the id of the query recipe (excluded from the result).

    Raises:
        LookupError: For a recipe that is missing (or deleted) or has no embedding yet.
    """
    if isinstance(query, Recipe):
        query = query.id
    if isinstance(query, str):
        query = _recipe_id(query) or query
    if isinstance(query, uuid.UUID):
        found = (
            await session.execute(select(Recipe.title, Recipe.embedding).where(Recipe.id == query))
        ).first()
        if found is None:
            raise LookupError(f"no live recipe has the id {query}")
        if found.embedding is None:
            raise LookupError(
                f"recipe {found.title!r} ({query}) has no embedding yet: run "
                "'await recipekit.embed_recipes(db)' first"
            )
        return usable_vector(found.embedding), query
    if isinstance(query, str):
        embedder = embedder or HashingEmbedder(dimension)
        vector = embedder.embed([query])[0]
        if not vector.any():
            raise ValueError(f"the text {query!r} has no words the embedder knows")
        try:
            return usable_vector(vector, dimension), None
        except ValueError as error:
            raise ValueError(f"{embedder.name}'s vector for {query!r} {error}") from None
    try:
        return usable_vector(query, dimension), None
    except ValueError as error:
        raise ValueError(f"the query vector {error}") from None


def _without_ingredients(words: Sequence[str]) -> Any:
    """No ingredient line of the recipe names any of ``words`` (case-insensitive)."""
    mentions = or_(
        *(
            or_(
                Ingredient.name.icontains(word, autoescape=True),
                Ingredient.original_text.icontains(word, autoescape=True),
            )
            for word in words
        )
    )
    return ~exists().where(Ingredient.recipe_id == Recipe.id, mentions)


def _filtered_columns(filters: dict[str, Any]) -> list[Any]:
    return list(dict.fromkeys(_FILTER_COLUMNS[name] for name in filters if name in _FILTER_COLUMNS))


def search_query(
    vector: npt.NDArray[np.float32],
    k: int,
    *,
    exclude_id: uuid.UUID | None = None,
    exclude_ingredients: Sequence[str] = (),
    **filters: Any,
) -> Select[Any]:
    """The nearest-recipes statement: live recipes with a vector, filtered, ORDER BY the cosine
    distance operator ascending, LIMIT ``k`` — the shape PostgreSQL can serve from the index."""
    query_vector = cast(literal(vector_text(vector), Text), VECTOR)
    distance = Recipe.embedding.cosine_distance(query_vector).label("distance")
    statement = (
        select(Recipe.id, Recipe.title, Recipe.cuisine, distance, *_filtered_columns(filters))
        .select_from(Recipe)
        .where(Recipe.embedding.is_not(None), Recipe.deleted_at.is_(None))
        .order_by(distance)
        .limit(k)
    )
    if filters.keys() & {"min_calories", "max_calories"}:
        statement = statement.outerjoin(NutritionalInfo, shown_nutrition())
    if exclude_id is not None:
        statement = statement.where(Recipe.id != exclude_id)
    if exclude_ingredients:
        statement = statement.where(_without_ingredients(exclude_ingredients))
    return RecipeFilter(**filters).apply(statement)


def _checked_size(k: int, ef_search: int | None) -> None:
    """Refuse a ``k`` or ``ef_search`` PostgreSQL would refuse with a raw error."""
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a whole number of neighbours >= 1, not {k!r}")
    if ef_search is not None and not 1 <= ef_search <= MAX_EF_SEARCH:
        raise ValueError(f"ef_search must be between 1 and {MAX_EF_SEARCH}, not {ef_search!r}")


def _search_settings(k: int, ef_search: int | None = None, exact: bool = False) -> dict[str, str]:
    """The transaction-local settings of one search.

    ``plan_cache_mode`` matters as much as the HNSW ones: the search runs as a prepared
    statement, and after five runs PostgreSQL may switch it to a generic plan, chosen without
    the query's values, which for a filtered search is often a full sort (exact, but slow); a
    custom plan each time keeps the plan `explain_search` shows.
    """
    settings = {"plan_cache_mode": "force_custom_plan"}
    if exact:
        settings["enable_indexscan"] = "off"
    else:
        default = min(MAX_EF_SEARCH, max(MIN_EF_SEARCH, 2 * k))
        settings["hnsw.ef_search"] = str(ef_search or default)
        settings["hnsw.iterative_scan"] = "relaxed_order"
    return settings


async def _tune(session: AsyncSession, k: int, ef_search: int | None, exact: bool) -> None:
    """Apply `_search_settings` to the session's transaction, in one round trip."""
    settings = _search_settings(k, ef_search, exact)
    await session.execute(
        select(*(func.set_config(name, value, True) for name, value in settings.items()))
    )


@asynccontextmanager
async def _search(
    database: Database,
    query: Query,
    k: int,
    *,
    exact: bool,
    ef_search: int | None,
    embedder: Embedder | None,
    exclude_ingredients: str | Sequence[str],
    filters: dict[str, Any],
) -> AsyncIterator[tuple[AsyncSession, Select[Any]]]:
    """A session tuned for one search (`_tune`) and the search statement, arguments checked."""
    _checked_size(k, ef_search)
    await recipe_filter(database, **filters)  # unknown categories, diets... are errors
    words = (exclude_ingredients,) if isinstance(exclude_ingredients, str) else exclude_ingredients
    dimension = await database.embedding_dimension()
    async with database.session() as session:
        vector, exclude_id = await _query_vector(session, query, embedder, dimension)
        statement = search_query(
            vector, k, exclude_id=exclude_id, exclude_ingredients=words, **filters
        )
        await _tune(session, k, ef_search, exact)
        yield session, statement


async def nearest_recipes(
    database: Database,
    query: Query,
    k: int = 10,
    *,
    exact: bool = False,
    ef_search: int | None = None,
    embedder: Embedder | None = None,
    exclude_ingredients: str | Sequence[str] = (),
    **filters: Any,
) -> pd.DataFrame:
    """The ``k`` live recipes nearest to ``query``, nearest first.

    Args:
        query: A recipe (its id, also as text, or the object; never returned itself), free
            text (embedded with ``embedder``, default `HashingEmbedder`) or a vector.
        k: How many neighbours; fewer only when fewer recipes match the filters.
        exact: Compare with every vector instead of using the HNSW index.
        ef_search: HNSW candidate list size (1 to 1000); default ``max(200, 2 * k)``, at
            most 1000.
        exclude_ingredients: A word, or words, no ingredient line may contain ("peanut").
        **filters: `RecipeFilter` keywords (category, diets_all, diets_any, cuisine,
            difficulty, max_total_minutes, min_calories, max_calories, title,
            created_after, ...), checked as `recipes_frame` checks them.

    Returns:
        id, title, cuisine, cosine ``distance``, plus the columns filtered on.

    Raises:
        ValueError: For a query vector of the wrong dimension, with NaN or infinite values or
            all zeros, text the embedder finds no words in, ``k`` < 1, or an unknown filter
            value (category, diet, difficulty).
        LookupError: For a query recipe that is missing or has no embedding yet.

    Example:
        >>> await nearest_recipes(db, "coconut curry", k=5, diets_all=("vegan",))
    """
    async with _search(
        database,
        query,
        k,
        exact=exact,
        ef_search=ef_search,
        embedder=embedder,
        exclude_ingredients=exclude_ingredients,
        filters=filters,
    ) as (session, statement):
        result = await session.execute(statement)
        frame = pd.DataFrame(result.all(), columns=list(result.keys()))
    return frame.sort_values("distance", kind="stable", ignore_index=True)


_VECTOR_LITERAL = re.compile(r"'\[[^\]]*\]'::vector")


async def explain_search(database: Database, query: Query, k: int = 10, **options: Any) -> str:
    """The plan PostgreSQL runs for `nearest_recipes` with the same arguments (EXPLAIN
    ANALYZE), to check that the HNSW index serves it; the query vector is shown as
    ``'[...]'::vector``."""
    async with _search(
        database,
        query,
        k,
        exact=bool(options.pop("exact", False)),
        ef_search=options.pop("ef_search", None),
        embedder=options.pop("embedder", None),
        exclude_ingredients=options.pop("exclude_ingredients", ()),
        filters=options,
    ) as (session, statement):
        dialect = (await session.connection()).dialect
        sql = statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True})
        plan = await session.execute(text(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}"))
        return "\n".join(_VECTOR_LITERAL.sub("'[...]'::vector", row[0]) for row in plan)
