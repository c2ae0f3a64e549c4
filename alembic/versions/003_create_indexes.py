"""Indexes: B-tree for keys and filters, GIN for JSONB and arrays, HNSW for the embedding,
composite ones for the common filter pairs, and partial unique indexes over live rows only.

HNSW uses cosine distance (``vector_cosine_ops``) with m = 16 and ef_construction = 64,
pgvector's defaults, stated here so a change is a new revision. The tables are empty when this
runs in a new database; on a full one, build the HNSW index after bulk loads with a larger
``maintenance_work_mem``.

Revision ID: 003
Revises: 002
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "003"
down_revision: str | Sequence[str] | None = "002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = sa.text("deleted_at IS NULL")

# (name, table, columns, options)
INDEXES: list[tuple[str, str, list[str], dict[str, object]]] = [
    # partial unique: a soft-deleted row frees its slug / source key
    ("uq_categories_slug_live", "categories", ["slug"], {"unique": True, "postgresql_where": LIVE}),
    ("uq_foods_slug_live", "foods", ["slug"], {"unique": True, "postgresql_where": LIVE}),
    ("uq_recipes_source_key_live", "recipes", ["source_key"], {"unique": True, "postgresql_where": LIVE}),
    ("uq_ingredients_recipe_id_position", "ingredients", ["recipe_id", "position"], {"unique": True}),
    ("uq_nutritional_info_recipe_id", "nutritional_info", ["recipe_id"], {"unique": True}),
    # B-tree: foreign keys and filter columns
    ("ix_categories_parent_id", "categories", ["parent_id"], {}),
    ("ix_ingredients_food_id", "ingredients", ["food_id"], {}),
    ("ix_ingredients_name", "ingredients", ["name"], {}),
    ("ix_recipe_categories_category_id", "recipe_categories", ["category_id"], {}),
    ("ix_recipes_title", "recipes", ["title"], {}),
    ("ix_recipes_created_at", "recipes", ["created_at"], {}),
    # composite: the common filter pairs
    ("ix_recipes_cuisine_total_minutes", "recipes", ["cuisine", "total_minutes"], {}),
    ("ix_recipes_difficulty_total_minutes", "recipes", ["difficulty", "total_minutes"], {}),
    # GIN: arrays and JSONB
    ("ix_recipes_diet_types", "recipes", ["diet_types"], {"postgresql_using": "gin"}),
    ("ix_foods_aliases", "foods", ["aliases"], {"postgresql_using": "gin"}),
    (
        "ix_recipes_instructions", "recipes", ["instructions"],
        {"postgresql_using": "gin", "postgresql_ops": {"instructions": "jsonb_path_ops"}},
    ),
    # HNSW: cosine nearest neighbours
    (
        "ix_recipes_embedding_hnsw", "recipes", ["embedding"],
        {
            "postgresql_using": "hnsw",
            "postgresql_with": {"m": 16, "ef_construction": 64},
            "postgresql_ops": {"embedding": "vector_cosine_ops"},
        },
    ),
]  # fmt: skip


def upgrade() -> None:
    for name, table, columns, options in INDEXES:
        op.create_index(name, table, columns, **options)  # type: ignore[arg-type]


def downgrade() -> None:
    for name, table, _columns, _options in reversed(INDEXES):
        op.drop_index(name, table_name=table)
