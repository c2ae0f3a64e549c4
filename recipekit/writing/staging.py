"""One batch of checked rows into the real tables: COPY into temporary staging tables, then
set-based upserts keyed on ``source_key``, all in the caller's transaction.

A recipe whose live row already says everything the batch says is left alone (no UPDATE, so
``updated_at`` does not move); a changed one is updated in place, its ingredient rows by
position (a row whose text did not change keeps its ``food_id``). Only the parts of a recipe
the frame carries (`FrameLayout`) are compared and written.
"""

from __future__ import annotations

import json
import struct
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import asyncpg
import numpy as np
import numpy.typing as npt
from pgvector.sqlalchemy import VECTOR
from sqlalchemy import FromClause, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from recipekit.models import Ingredient, NutritionalInfo, Recipe
from recipekit.writing.layout import FrameLayout
from recipekit.writing.prepare import PreparedRow

_DIALECT = postgresql.dialect()  # type: ignore[no-untyped-call]
_INGREDIENT_FIELDS = (
    "position", "original_text", "quantity", "quantity_max", "unit", "name", "preparation",
    "size", "comment",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class BatchCounts:
    """What one batch did to its recipes."""

    inserted: int
    updated: int
    unchanged: int


def _column_type(table: FromClause, name: str) -> str:
    """A staging column's type: the model's, but ``vector`` without a dimension (rows were
    checked against the database's own, which the models' may not be)."""
    column_type = table.c[name].type
    return "vector" if isinstance(column_type, VECTOR) else column_type.compile(_DIALECT)


def _typed(table: FromClause, names: Sequence[str]) -> str:
    return ", ".join(f"{name} {_column_type(table, name)}" for name in names)


def _vector_binary(vector: npt.NDArray[np.float32] | None) -> bytes | None:
    """pgvector's binary form: dimension, a zero, then big-endian float4 values."""
    if vector is None:
        return None
    return struct.pack(">HH", len(vector), 0) + vector.astype(">f4").tobytes()


def _identity(value: bytes) -> bytes:
    return value


@asynccontextmanager
async def copy_connection(session: AsyncSession) -> AsyncIterator[asyncpg.Connection]:
    """The session's asyncpg connection, encoding ``vector`` values in binary for COPY.

    The codec is removed again afterwards so SQLAlchemy's text binds keep working. If the
    block fails the transaction is aborted and the codec cannot be removed (that needs a
    query), so the connection is discarded from the pool instead.
    """
    connection = await session.connection()
    # through SQLAlchemy, so the driver issues BEGIN first: raw calls alone would autocommit
    schema = await connection.scalar(
        text("SELECT typnamespace::regnamespace::text FROM pg_type WHERE oid = 'vector'::regtype")
    )
    raw = (await connection.get_raw_connection()).driver_connection
    assert raw is not None
    codec = {"typename": "vector", "schema": schema}
    await raw.set_type_codec(**codec, encoder=_identity, decoder=_identity, format="binary")
    try:
        yield raw
    except BaseException:
        await connection.invalidate()
        raise
    await raw.reset_type_codec(**codec)


class Stage:
    """The SQL for one layout: staging tables, the COPY and the upserts."""

    def __init__(self, layout: FrameLayout) -> None:
        self.layout = layout
        self.columns = layout.recipe_columns  # source_key, title, ...
        self.figures = tuple(
            "source" if name == "nutrition_source" else name for name in layout.nutrition_columns
        )

    def create_tables(self) -> str:
        """Temporary staging tables, dropped at commit."""
        recipes = Recipe.__table__
        tables = [
            "rk_recipes (row_no int PRIMARY KEY, id uuid DEFAULT gen_random_uuid(), "
            "existing boolean NOT NULL DEFAULT false, changed boolean NOT NULL DEFAULT false, "
            f"ingredient_count int, {_typed(recipes, self.columns)})",
            f"rk_ingredients (row_no int, {_typed(Ingredient.__table__, _INGREDIENT_FIELDS)})",
            "rk_nutrition (row_no int, given boolean"
            + "".join(f", {_typed(NutritionalInfo.__table__, [name])}" for name in self.figures)
            + ")",
            "rk_categories (row_no int, category_id uuid)",
        ]
        return "; ".join(f"CREATE TEMPORARY TABLE {table} ON COMMIT DROP" for table in tables)

    def recipe_record(self, row_no: int, row: PreparedRow) -> tuple[Any, ...]:
        values = list(row.recipe)
        for position, name in enumerate(self.columns):
            if name == "instructions":
                values[position] = json.dumps(values[position])
            elif name == "embedding":
                values[position] = _vector_binary(values[position])
        return (row_no, len(row.ingredients), *values)

    async def copy(
        self,
        raw: asyncpg.Connection,
        rows: Sequence[PreparedRow],
        category_ids: Sequence[Sequence[uuid.UUID]],
    ) -> None:
        """COPY the batch into the staging tables (``row_no`` is the row's place in the batch)."""
        await raw.copy_records_to_table(
            "rk_recipes",
            records=[self.recipe_record(row_no, row) for row_no, row in enumerate(rows)],
            columns=["row_no", "ingredient_count", *self.columns],
        )
        if self.layout.ingredients:
            await raw.copy_records_to_table(
                "rk_ingredients",
                records=[(no, *line) for no, row in enumerate(rows) for line in row.ingredients],
                columns=["row_no", *_INGREDIENT_FIELDS],
            )
        if self.figures:
            await raw.copy_records_to_table(
                "rk_nutrition",
                records=[(no, *row.nutrition) for no, row in enumerate(rows)],
                columns=["row_no", "given", *self.figures],
            )
        if self.layout.links:
            await raw.copy_records_to_table(
                "rk_categories",
                records=[(no, cid) for no, ids in enumerate(category_ids) for cid in ids],
                columns=["row_no", "category_id"],
            )
        # the comparisons look rows up by row_no once per staged recipe
        await raw.execute(
            "CREATE INDEX ON rk_ingredients (row_no); CREATE INDEX ON rk_nutrition (row_no);"
            " CREATE INDEX ON rk_categories (row_no);"
            " ANALYZE rk_recipes, rk_ingredients, rk_nutrition, rk_categories"
        )

    def _compare(self) -> list[str]:
        """Statements that mark existing recipes whose stored version differs from the batch."""
        mine = ", ".join(self._written(name) for name in self.columns)
        theirs = ", ".join(f"r.{name}" for name in self.columns)
        fields = ", ".join(_INGREDIENT_FIELDS)
        figures = ", ".join(f"n.{name}" for name in self.figures)
        staged = ", ".join(f"g.{name}" for name in self.figures)
        checks = [f"ROW({theirs}) IS DISTINCT FROM ROW({mine})"]
        if self.layout.ingredients:
            checks.append(
                f"(SELECT array_agg(ROW({fields}) ORDER BY position) FROM ingredients"
                " WHERE recipe_id = s.id) IS DISTINCT FROM "
                f"(SELECT array_agg(ROW({fields}) ORDER BY position) FROM rk_ingredients g"
                " WHERE g.row_no = s.row_no)"
            )
        if self.figures:
            checks.append(
                f"(SELECT CASE WHEN n.id IS NULL THEN g.given ELSE ROW({figures})"
                f" IS DISTINCT FROM ROW({staged}) END FROM rk_nutrition g"
                " LEFT JOIN nutritional_info n ON n.recipe_id = s.id"
                f" AND n.source = {self._staged_source} WHERE g.row_no = s.row_no)"
            )
        if self.layout.links:
            checks.append(
                "ARRAY(SELECT category_id FROM recipe_categories WHERE recipe_id = s.id"
                " ORDER BY 1) IS DISTINCT FROM "
                "ARRAY(SELECT DISTINCT category_id FROM rk_categories g WHERE g.row_no = s.row_no"
                " ORDER BY 1)"
            )
        return [
            "UPDATE rk_recipes s SET id = r.id, existing = true FROM recipes r"
            " WHERE r.source_key = s.source_key AND r.deleted_at IS NULL",
            "UPDATE rk_recipes s SET changed = true FROM recipes r"
            f" WHERE s.existing AND r.id = s.id AND ({' OR '.join(checks)})",
        ]

    @staticmethod
    def _written(name: str) -> str:
        """The value an update of the stored recipe ``r`` takes from the staged row ``s``: the
        staged one, except that a missing embedding keeps the stored vector and its model name
        (an export older than the last `embed_recipes`, written back, must not wipe them)."""
        if name == "embedding":
            return "coalesce(s.embedding, r.embedding)"
        if name == "embedding_model":
            return "CASE WHEN s.embedding IS NULL THEN r.embedding_model ELSE s.embedding_model END"
        return f"s.{name}"

    def _recipes(self) -> list[str]:
        names = ", ".join(self.columns)
        values = ", ".join(f"s.{name}" for name in self.columns)
        updated = ", ".join(self._written(name) for name in self.columns)
        return [
            f"INSERT INTO recipes (id, {names}, created_by, updated_by)"
            f" SELECT s.id, {values}, $1, $1 FROM rk_recipes s WHERE NOT s.existing"
            " ORDER BY s.row_no",
            f"UPDATE recipes r SET ({names}, updated_by) = ({updated}, $1)"
            " FROM rk_recipes s WHERE s.changed AND r.id = s.id",
        ]

    @staticmethod
    def _ingredients() -> list[str]:
        fields = ", ".join(_INGREDIENT_FIELDS)
        staged = ", ".join(f"g.{name}" for name in _INGREDIENT_FIELDS)
        updates = ", ".join(f"{name} = excluded.{name}" for name in _INGREDIENT_FIELDS[1:])
        old = ", ".join(f"i.{name}" for name in _INGREDIENT_FIELDS[1:])
        new = ", ".join(f"excluded.{name}" for name in _INGREDIENT_FIELDS[1:])
        insert = (
            f"INSERT INTO ingredients AS i (recipe_id, {fields}, created_by, updated_by)"
            f" SELECT s.id, {staged}, $1, $1 FROM rk_ingredients g JOIN rk_recipes s USING (row_no)"
        )
        return [
            # new recipes: a plain insert (no conflict is possible, and it is much cheaper)
            f"{insert} WHERE NOT s.existing ORDER BY g.row_no, g.position",
            f"{insert} WHERE s.changed ORDER BY g.row_no, g.position"
            f" ON CONFLICT (recipe_id, position) DO UPDATE SET {updates},"
            " food_id = CASE WHEN i.original_text = excluded.original_text THEN i.food_id END,"
            " grams = CASE WHEN i.original_text = excluded.original_text THEN i.grams END,"
            f" updated_by = excluded.updated_by WHERE ROW({old}) IS DISTINCT FROM ROW({new})",
            "DELETE FROM ingredients i USING rk_recipes s"
            " WHERE s.changed AND i.recipe_id = s.id AND i.position > s.ingredient_count",
        ]

    @property
    def _staged_source(self) -> str:
        """The nutrition source of a staged row: its ``nutrition_source``, else label."""
        return "g.source" if "source" in self.figures else "'label'"

    def _nutrition(self) -> list[str]:
        """Upsert the present nutrition fields of rows that give a figure or already have
        nutrition from the same source (a row without ``source`` is a label); a recipe's
        label and computed rows never overwrite each other."""
        inserted = self.figures if "source" in self.figures else ("source", *self.figures)
        values = ", ".join(
            "'label'" if name not in self.figures else f"g.{name}" for name in inserted
        )
        updates = ", ".join(f"{name} = excluded.{name}" for name in self.figures)
        old = ", ".join(f"n.{name}" for name in self.figures)
        new = ", ".join(f"excluded.{name}" for name in self.figures)
        return [
            f"INSERT INTO nutritional_info AS n (recipe_id, {', '.join(inserted)}, created_by,"
            f" updated_by) SELECT s.id, {values}, $1, $1 FROM rk_nutrition g"
            " JOIN rk_recipes s USING (row_no) WHERE (NOT s.existing OR s.changed) AND (g.given"
            " OR EXISTS (SELECT FROM nutritional_info x WHERE x.recipe_id = s.id"
            f" AND x.source = {self._staged_source}))"
            " ON CONFLICT (recipe_id, source) DO UPDATE SET"
            f" {updates}, updated_by = excluded.updated_by"
            f" WHERE ROW({old}) IS DISTINCT FROM ROW({new})",
        ]

    @staticmethod
    def _links() -> list[str]:
        return [
            "DELETE FROM recipe_categories l USING rk_recipes s WHERE s.changed"
            " AND l.recipe_id = s.id AND NOT EXISTS (SELECT FROM rk_categories g"
            " WHERE g.row_no = s.row_no AND g.category_id = l.category_id)",
            "INSERT INTO recipe_categories (recipe_id, category_id, created_by, updated_by)"
            " SELECT s.id, g.category_id, $1, $1 FROM rk_categories g"
            " JOIN rk_recipes s USING (row_no) WHERE NOT s.existing OR s.changed"
            " ON CONFLICT (recipe_id, category_id) DO NOTHING",
        ]

    async def merge(self, raw: asyncpg.Connection, actor: str) -> BatchCounts:
        """Upsert the staged batch into the real tables, as ``actor``."""
        for statement in self._compare():
            await raw.execute(statement)
        writes = self._recipes()
        if self.layout.ingredients:
            writes += self._ingredients()
        if self.figures:
            writes += self._nutrition()
        if self.layout.links:
            writes += self._links()
        for statement in writes:
            await raw.execute(statement, *([actor] if "$1" in statement else []))
        counts = await raw.fetchrow(
            "SELECT count(*) FILTER (WHERE NOT existing), count(*) FILTER (WHERE changed),"
            " count(*) FILTER (WHERE existing AND NOT changed) FROM rk_recipes"
        )
        assert counts is not None
        return BatchCounts(*counts)
