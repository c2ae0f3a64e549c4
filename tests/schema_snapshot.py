"""What a database's schema holds, as plain values a test compares before and after."""

from __future__ import annotations

from sqlalchemy import text

from recipekit.db.engine import Database

BASE_SNAPSHOT = {"tables": ["alembic_version"], "enums": [], "functions": [], "indexes": 1}
"""The snapshot of a database downgraded to base: Alembic's version table (and its key) only."""


async def schema_snapshot(db: Database) -> dict[str, object]:
    """Tables of ``public``, enum types, recipekit's functions and the number of indexes."""
    async with db.connect() as connection:
        tables = await connection.scalars(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        )
        enums = await connection.scalars(
            text("SELECT typname FROM pg_type WHERE typtype = 'e' ORDER BY 1")
        )
        functions = await connection.scalars(
            text(
                "SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace "
                "AND proname LIKE 'recipekit%' ORDER BY 1"
            )
        )
        indexes = await connection.scalar(
            text("SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'")
        )
        return {
            "tables": tables.all(),
            "enums": enums.all(),
            "functions": functions.all(),
            "indexes": indexes,
        }
