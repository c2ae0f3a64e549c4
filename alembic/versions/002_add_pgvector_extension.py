"""pgvector: the extension (0.5 or newer, for HNSW) and recipes.embedding.

The column gets the configured dimension (``RECIPEKIT_EMBEDDING_DIMENSION``, default 768); it
is fixed from then on.

If an administrator already installed ``vector`` (in any schema on the search path), it is used
as it is; the extension is created only when missing, and dropped on downgrade only when this
role owns it and nothing else still uses it.

Revision ID: 002
Revises: 001
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import pgvector.sqlalchemy
import sqlalchemy as sa

from alembic import op
from recipekit.config import configured_embedding_dimension

revision: str = "002"
down_revision: str | Sequence[str] | None = "001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MINIMUM_PGVECTOR = (0, 5, 0)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".")[:3] if part.isdigit())


def upgrade() -> None:
    dimension = configured_embedding_dimension()  # refuses a bad setting before any DDL
    bind = op.get_bind()
    installed = bind.scalar(sa.text("SELECT extversion FROM pg_extension WHERE extname = 'vector'"))
    available = bind.scalar(
        sa.text("SELECT default_version FROM pg_available_extensions WHERE name = 'vector'")
    )
    version = installed or available
    if version is None:
        raise RuntimeError(
            "pgvector is not installed on this PostgreSQL server; install it (the embedded "
            "recipekit server has it) or point RECIPEKIT_DATABASE_URL at a server that does"
        )
    if _version(version) < MINIMUM_PGVECTOR:
        raise RuntimeError(
            f"pgvector {version} is too old: recipekit needs 0.5.0 or newer for HNSW indexes"
        )
    if installed is None:
        op.execute("CREATE EXTENSION IF NOT EXISTS vector")
    op.add_column(
        "recipes",
        sa.Column("embedding", pgvector.sqlalchemy.VECTOR(dimension), nullable=True),
    )


def downgrade() -> None:
    op.drop_column("recipes", "embedding")
    op.execute(
        """
        DO $$
        BEGIN
            IF EXISTS (
                SELECT 1 FROM pg_extension
                WHERE extname = 'vector' AND extowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
            ) AND NOT EXISTS (
                SELECT 1 FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                WHERE t.typname IN ('vector', 'halfvec', 'sparsevec') AND a.attnum > 0 AND NOT a.attisdropped
            ) THEN
                DROP EXTENSION vector;
            END IF;
        END
        $$
        """
    )
