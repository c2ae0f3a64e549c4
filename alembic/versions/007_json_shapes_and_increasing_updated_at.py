"""JSON shapes checked by the database, and ``updated_at`` that strictly increases.

* ``recipes.instructions`` must be a JSON array and ``foods.grams_per_unit`` a JSON object,
  whoever writes them: a JSON ``null`` (SQLAlchemy's default for ``None``) or a string (a value
  encoded twice, ``json.dumps`` before the driver encodes it again) is refused. Existing JSON
  ``null`` values become the columns' defaults (``[]``, ``{}``) first.
* The ``updated_at`` trigger used ``now()``, the start of the transaction: two updates in one
  transaction got the same stamp, and a transaction that began before another one's update but
  wrote after it stamped the row *earlier* than the update it overwrote. It now uses the start
  of the statement, and never less than the row's previous stamp plus a microsecond, so each
  UPDATE of a row moves ``updated_at`` forward (all rows of one statement share a stamp).

Revision ID: 007
Revises: 006
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from alembic import op

revision: str = "007"
down_revision: str | Sequence[str] | None = "006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_SHAPES = (
    ("recipes", "instructions", "array", "'[]'::jsonb", "instructions_is_array"),
    ("foods", "grams_per_unit", "object", "'{}'::jsonb", "grams_per_unit_is_object"),
)
"""table, column, the JSON type it must hold, its default, the check's name in the models."""


def _touch(stamp: str) -> str:
    return f"""
        CREATE OR REPLACE FUNCTION recipekit_touch_updated_at() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            NEW.updated_at := {stamp};
            RETURN NEW;
        END
        $$
        """


def upgrade() -> None:
    for table, column, kind, default, name in JSON_SHAPES:
        op.execute(f"UPDATE {table} SET {column} = {default} WHERE {column} = 'null'::jsonb")
        op.create_check_constraint(
            op.f(f"ck_{table}_{name}"), table, f"jsonb_typeof({column}) = '{kind}'"
        )
    op.execute(_touch("greatest(statement_timestamp(), OLD.updated_at + interval '1 microsecond')"))


def downgrade() -> None:
    op.execute(_touch("now()"))
    for table, _column, _kind, _default, name in reversed(JSON_SHAPES):
        op.drop_constraint(op.f(f"ck_{table}_{name}"), table, type_="check")
