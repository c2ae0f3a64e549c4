"""Seed data: the category tree and the common-ingredient food catalog.

Both come from files beside the migrations (``alembic/seed/categories.yaml`` and
``alembic/seed/foods.csv``, the latter built from USDA SR28 by ``alembic/seed/build_foods.py``).
Seeded rows get ids derived from their slugs (uuid5) and ``created_by = 'recipekit:seed-004'``.
Upgrading is idempotent (existing live slugs and seeded ids are left alone); downgrading removes
only rows this migration seeded (their recipe links go with them), and moves any category someone
added beneath a seeded one to the top level.

Revision ID: 004
Revises: 003
Create Date: 2026-12-03
"""

import csv
import json
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "004"
down_revision: str | Sequence[str] | None = "003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEED_ACTOR = "recipekit:seed-004"
SEED_NAMESPACE = uuid.UUID("4f1a3c1e-6b4e-4f8e-9a57-2f1d0c9b7e01")
SEED_DIR = Path(__file__).resolve().parent.parent / "seed"
FOOD_NUMBERS = (
    "energy_kcal", "protein_g", "fat_g", "saturated_fat_g", "carbohydrates_g",
    "fiber_g", "sugars_g", "sodium_mg", "cholesterol_mg",
)  # fmt: skip

categories = sa.table(
    "categories",
    sa.column("id", sa.Uuid()),
    sa.column("name", sa.String()),
    sa.column("slug", sa.String()),
    sa.column("parent_id", sa.Uuid()),
    sa.column("created_by", sa.String()),
    sa.column("updated_by", sa.String()),
    sa.column("deleted_at", sa.DateTime(timezone=True)),
)
foods = sa.table(
    "foods",
    sa.column("id", sa.Uuid()),
    sa.column("slug", sa.String()),
    sa.column("name", sa.String()),
    sa.column("aliases", postgresql.ARRAY(sa.Text())),
    sa.column("food_group", sa.String()),
    sa.column("usda_ndb_no", sa.String()),
    sa.column("usda_description", sa.Text()),
    *(sa.column(name, sa.Double()) for name in FOOD_NUMBERS),
    sa.column("grams_per_unit", postgresql.JSONB()),
    sa.column("created_by", sa.String()),
    sa.column("updated_by", sa.String()),
    sa.column("deleted_at", sa.DateTime(timezone=True)),
)


def seed_id(kind: str, slug: str) -> uuid.UUID:
    """The stable id of a seeded row."""
    return uuid.uuid5(SEED_NAMESPACE, f"{kind}:{slug}")


def _category_rows(
    nodes: list[dict[str, Any]], parent: str | None = None
) -> Iterator[dict[str, Any]]:
    """Tree nodes, parents before children."""
    for node in nodes:
        yield {"name": node["name"], "slug": node["slug"], "parent_slug": parent}
        yield from _category_rows(node.get("children") or [], node["slug"])


def _load_categories() -> list[dict[str, Any]]:
    with (SEED_DIR / "categories.yaml").open(encoding="utf-8") as handle:
        return list(_category_rows(yaml.safe_load(handle)))


def _load_foods() -> list[dict[str, Any]]:
    with (SEED_DIR / "foods.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        {
            "id": seed_id("food", row["slug"]),
            "slug": row["slug"],
            "name": row["name"],
            "aliases": [alias for alias in row["aliases"].split("|") if alias],
            "food_group": row["food_group"] or None,
            "usda_ndb_no": row["usda_ndb_no"] or None,
            "usda_description": row["usda_description"] or None,
            **{name: float(row[name]) if row[name] else None for name in FOOD_NUMBERS},
            "grams_per_unit": json.loads(row["grams_per_unit"] or "{}"),
            "created_by": SEED_ACTOR,
            "updated_by": SEED_ACTOR,
        }
        for row in rows
    ]


def _live_slug_conflict(statement: Any) -> Any:
    # no conflict target: a live row with the slug, or a soft-deleted seeded row with the id,
    # both mean "already there"
    return statement.on_conflict_do_nothing()


def upgrade() -> None:
    bind = op.get_bind()
    for row in _load_categories():
        parent_id = (
            sa.select(categories.c.id)
            .where(categories.c.slug == row["parent_slug"], categories.c.deleted_at.is_(None))
            .scalar_subquery()
        )
        bind.execute(
            _live_slug_conflict(
                postgresql.insert(categories).values(
                    id=seed_id("category", row["slug"]),
                    name=row["name"],
                    slug=row["slug"],
                    parent_id=parent_id if row["parent_slug"] else None,
                    created_by=SEED_ACTOR,
                    updated_by=SEED_ACTOR,
                )
            )
        )
    bind.execute(_live_slug_conflict(postgresql.insert(foods)), _load_foods())


def downgrade() -> None:
    bind = op.get_bind()
    seeded = [seed_id("category", row["slug"]) for row in _load_categories()]
    bind.execute(
        sa.update(categories)
        .where(categories.c.parent_id.in_(seeded), categories.c.created_by != SEED_ACTOR)
        .values(parent_id=None)
    )
    for category_id in reversed(seeded):
        bind.execute(
            sa.delete(categories).where(
                categories.c.id == category_id, categories.c.created_by == SEED_ACTOR
            )
        )
    bind.execute(
        sa.delete(foods).where(
            foods.c.id.in_([row["id"] for row in _load_foods()]),
            foods.c.created_by == SEED_ACTOR,
        )
    )
