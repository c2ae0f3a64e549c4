"""What the database's schema looks like right now, as DataFrames (for notebooks and docs)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import text

from recipekit.db.engine import Database
from recipekit.frames import frame_of

_COLUMNS = text(
    """
    SELECT c.relname AS table, a.attname AS column,
           format_type(a.atttypid, a.atttypmod) AS type,
           NOT a.attnotnull AS nullable,
           pg_get_expr(d.adbin, d.adrelid) AS server_default
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r'
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum
    """
)
_INDEXES = text(
    """
    SELECT tablename AS table, indexname AS index,
           substring(indexdef FROM 'USING (\\w+)') AS method, indexdef AS definition
    FROM pg_indexes WHERE schemaname = current_schema()
    ORDER BY tablename, indexname
    """
)


async def columns_frame(database: Database) -> pd.DataFrame:
    """Every column of every table: table, column, type (as PostgreSQL prints it), nullable,
    server_default."""
    return await frame_of(database, _COLUMNS)


async def indexes_frame(database: Database) -> pd.DataFrame:
    """Every index: table, index, method (btree, gin, hnsw) and its full definition."""
    return await frame_of(database, _INDEXES)
