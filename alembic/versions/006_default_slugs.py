"""Slugs from names in the database: a raw ``INSERT`` of only a name into ``categories`` or
``foods`` gets its slug (as it gets its id and timestamps), like the rows recipekit writes.

``recipekit_slugify(name)`` is `recipekit.categories.slugify` in SQL (NFKD, ASCII only,
lowercase, runs of anything but letters and digits become one hyphen, no hyphen at either
end). For a name with no ASCII letter or digit Python falls back to a uuid5 prefix, which SQL
cannot compute without pgcrypto; SQL falls back to an md5 prefix instead. A row whose slug is
given keeps it.

Revision ID: 006
Revises: 005
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from alembic import op

revision: str = "006"
down_revision: str | Sequence[str] | None = "005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("categories", "foods")


def upgrade() -> None:
    op.execute(
        r"""
        CREATE FUNCTION recipekit_slugify(name text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
            SELECT coalesce(
                nullif(btrim(regexp_replace(
                    lower(regexp_replace(normalize(name, NFKD), '[^\x01-\x7f]', '', 'g')),
                    '[^a-z0-9]+', '-', 'g'
                ), '-'), ''),
                left(md5(name), 12)
            )
        $$
        """
    )
    op.execute(
        """
        CREATE FUNCTION recipekit_default_slug() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            NEW.slug := coalesce(NEW.slug, recipekit_slugify(NEW.name));
            RETURN NEW;
        END
        $$
        """
    )
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_default_slug BEFORE INSERT ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION recipekit_default_slug()"
        )


def downgrade() -> None:
    for table in reversed(TABLES):
        op.execute(f"DROP TRIGGER {table}_default_slug ON {table}")
    op.execute("DROP FUNCTION recipekit_default_slug()")
    op.execute("DROP FUNCTION recipekit_slugify(text)")
