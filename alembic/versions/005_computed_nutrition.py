"""Computed nutrition: parsed size and comment on ingredient lines, the grams each line counted
for, and a computed nutrition row beside the label one.

``nutritional_info`` becomes one row per recipe *and source* (``label`` from an import,
``computed`` from the ingredient lines), so neither overwrites the other; computed rows say how
much of the recipe they account for (``line_coverage``, ``mass_coverage``) and whether the
figures are per serving (``per_serving = false`` when the recipe's servings are unknown: the
figures are then for the whole recipe). Downgrading deletes the computed rows (they can be
computed again) before restoring one row per recipe.

Revision ID: 005
Revises: 004
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "005"
down_revision: str | Sequence[str] | None = "004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("ingredients", sa.Column("size", sa.Text(), nullable=True))
    op.add_column("ingredients", sa.Column("comment", sa.Text(), nullable=True))
    op.add_column("ingredients", sa.Column("grams", sa.Double(), nullable=True))
    op.create_check_constraint(
        op.f("ck_ingredients_grams_not_negative"), "ingredients", "grams >= 0"
    )
    op.add_column(
        "nutritional_info",
        sa.Column("per_serving", sa.Boolean(), server_default=sa.true(), nullable=False),
    )
    op.add_column("nutritional_info", sa.Column("line_coverage", sa.Double(), nullable=True))
    op.add_column("nutritional_info", sa.Column("mass_coverage", sa.Double(), nullable=True))
    op.create_check_constraint(
        op.f("ck_nutritional_info_coverage_is_a_share"),
        "nutritional_info",
        "line_coverage BETWEEN 0 AND 1 AND mass_coverage BETWEEN 0 AND 1",
    )
    op.drop_index("uq_nutritional_info_recipe_id", table_name="nutritional_info")
    op.create_index(
        "uq_nutritional_info_recipe_id_source",
        "nutritional_info",
        ["recipe_id", "source"],
        unique=True,
    )


def downgrade() -> None:
    op.execute("DELETE FROM nutritional_info WHERE source = 'computed'")
    op.drop_index("uq_nutritional_info_recipe_id_source", table_name="nutritional_info")
    op.create_index("uq_nutritional_info_recipe_id", "nutritional_info", ["recipe_id"], unique=True)
    op.drop_constraint(
        op.f("ck_nutritional_info_coverage_is_a_share"), "nutritional_info", type_="check"
    )
    for column in ("mass_coverage", "line_coverage", "per_serving"):
        op.drop_column("nutritional_info", column)
    op.drop_constraint(op.f("ck_ingredients_grams_not_negative"), "ingredients", type_="check")
    for column in ("grams", "comment", "size"):
        op.drop_column("ingredients", column)
