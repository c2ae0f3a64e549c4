"""Initial schema: every table, enum, check and trigger (the embedding column comes in 002).

Revision ID: 001
Revises:
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("categories", "foods", "recipes", "ingredients", "recipe_categories", "nutritional_info")
DIET_TYPES = (
    "vegan", "vegetarian", "pescatarian", "gluten-free", "dairy-free", "nut-free", "egg-free",
    "keto", "paleo", "low-carb", "low-fat", "low-sodium", "low-calorie", "diabetic", "halal",
    "kosher", "hindu",
)  # fmt: skip
difficulty = postgresql.ENUM("easy", "medium", "hard", name="difficulty", create_type=False)
nutrition_source = postgresql.ENUM("label", "computed", name="nutrition_source", create_type=False)


def _entity_columns(*, soft_delete: bool) -> list[sa.Column[object]]:
    """id, timestamps and audit columns (and deleted_at) shared by every table."""
    columns: list[sa.Column[object]] = [
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("created_by", sa.String(200), server_default=sa.text("current_user"), nullable=False),
        sa.Column("updated_by", sa.String(200), server_default=sa.text("current_user"), nullable=False),
    ]  # fmt: skip
    if soft_delete:
        columns.append(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
    return columns


def upgrade() -> None:
    difficulty.create(op.get_bind(), checkfirst=True)
    nutrition_source.create(op.get_bind(), checkfirst=True)

    op.create_table(
        "categories",
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("slug", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        *_entity_columns(soft_delete=True),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["categories.id"], name="fk_categories_parent_id_categories",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_categories"),
    )  # fmt: skip
    op.create_table(
        "foods",
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("slug", sa.String(200), nullable=False),
        sa.Column("aliases", postgresql.ARRAY(sa.Text()), server_default=sa.text("'{}'::text[]"), nullable=False),
        sa.Column("food_group", sa.String(100), nullable=True),
        sa.Column("usda_ndb_no", sa.String(10), nullable=True),
        sa.Column("usda_description", sa.Text(), nullable=True),
        *(sa.Column(name, sa.Double(), nullable=True) for name in (
            "energy_kcal", "protein_g", "fat_g", "saturated_fat_g", "carbohydrates_g",
            "fiber_g", "sugars_g", "sodium_mg", "cholesterol_mg",
        )),
        sa.Column("grams_per_unit", postgresql.JSONB(), server_default=sa.text("'{}'::jsonb"), nullable=False),
        *_entity_columns(soft_delete=True),
        sa.PrimaryKeyConstraint("id", name="pk_foods"),
    )  # fmt: skip
    diets = ", ".join(f"'{diet}'" for diet in DIET_TYPES)
    op.create_table(
        "recipes",
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("instructions", postgresql.JSONB(), server_default=sa.text("'[]'::jsonb"), nullable=False),
        sa.Column("diet_types", postgresql.ARRAY(sa.Text()), server_default=sa.text("'{}'::text[]"), nullable=False),
        sa.Column("difficulty", difficulty, nullable=True),
        sa.Column("prep_minutes", sa.Integer(), nullable=True),
        sa.Column("cook_minutes", sa.Integer(), nullable=True),
        sa.Column("total_minutes", sa.Integer(), nullable=True),
        sa.Column("servings", sa.Integer(), nullable=True),
        sa.Column("yield_text", sa.Text(), nullable=True),
        sa.Column("cuisine", sa.String(100), nullable=True),
        sa.Column("language", sa.String(35), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("source_url", sa.Text(), nullable=True),
        sa.Column("source_name", sa.Text(), nullable=True),
        sa.Column("source_key", sa.Text(), nullable=True),
        sa.Column("embedding_model", sa.String(200), nullable=True),
        *_entity_columns(soft_delete=True),
        sa.CheckConstraint(f"diet_types <@ ARRAY[{diets}]::text[]", name=op.f("ck_recipes_known_diet_types")),
        sa.CheckConstraint(
            "prep_minutes >= 0 AND cook_minutes >= 0 AND total_minutes >= 0",
            name=op.f("ck_recipes_minutes_not_negative"),
        ),
        sa.CheckConstraint("servings > 0", name=op.f("ck_recipes_servings_positive")),
        sa.PrimaryKeyConstraint("id", name="pk_recipes"),
    )  # fmt: skip
    op.create_table(
        "ingredients",
        sa.Column("recipe_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("original_text", sa.Text(), nullable=False),
        sa.Column("quantity", sa.Double(), nullable=True),
        sa.Column("quantity_max", sa.Double(), nullable=True),
        sa.Column("unit", sa.String(30), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("preparation", sa.Text(), nullable=True),
        sa.Column("food_id", sa.Uuid(), nullable=True),
        *_entity_columns(soft_delete=False),
        sa.CheckConstraint(
            "quantity >= 0 AND quantity_max >= quantity", name=op.f("ck_ingredients_quantity_not_negative")
        ),
        sa.ForeignKeyConstraint(["recipe_id"], ["recipes.id"], name="fk_ingredients_recipe_id_recipes", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["food_id"], ["foods.id"], name="fk_ingredients_food_id_foods", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_ingredients"),
    )  # fmt: skip
    op.create_table(
        "recipe_categories",
        sa.Column("recipe_id", sa.Uuid(), nullable=False),
        sa.Column("category_id", sa.Uuid(), nullable=False),
        *_entity_columns(soft_delete=False),
        sa.ForeignKeyConstraint(["recipe_id"], ["recipes.id"], name="fk_recipe_categories_recipe_id_recipes", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["category_id"], ["categories.id"], name="fk_recipe_categories_category_id_categories", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_recipe_categories"),
        sa.UniqueConstraint("recipe_id", "category_id", name="uq_recipe_categories_recipe_id_category_id"),
    )  # fmt: skip
    op.create_table(
        "nutritional_info",
        sa.Column("recipe_id", sa.Uuid(), nullable=False),
        sa.Column("source", nutrition_source, nullable=False),
        sa.Column("serving_size", sa.Text(), nullable=True),
        *(sa.Column(name, sa.Double(), nullable=True) for name in (
            "calories_kcal", "protein_g", "fat_g", "saturated_fat_g", "carbohydrates_g",
            "fiber_g", "sugar_g", "sodium_mg", "cholesterol_mg",
        )),
        *_entity_columns(soft_delete=False),
        sa.CheckConstraint(
            "calories_kcal >= 0 AND protein_g >= 0 AND fat_g >= 0 AND saturated_fat_g >= 0"
            " AND carbohydrates_g >= 0 AND fiber_g >= 0 AND sugar_g >= 0 AND sodium_mg >= 0"
            " AND cholesterol_mg >= 0",
            name=op.f("ck_nutritional_info_figures_not_negative"),
        ),
        sa.ForeignKeyConstraint(["recipe_id"], ["recipes.id"], name="fk_nutritional_info_recipe_id_recipes", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_nutritional_info"),
    )  # fmt: skip

    # updated_at is the database's job, so raw SQL and bulk UPDATEs are stamped like ORM ones.
    op.execute(
        """
        CREATE FUNCTION recipekit_touch_updated_at() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            NEW.updated_at := now();
            RETURN NEW;
        END
        $$
        """
    )
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_touch_updated_at BEFORE UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION recipekit_touch_updated_at()"
        )

    # A category may not become its own ancestor, whoever writes the row.
    op.execute(
        """
        CREATE FUNCTION recipekit_refuse_category_cycle() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.parent_id IS NULL THEN
                RETURN NEW;
            END IF;
            -- one tree change at a time, so two concurrent moves cannot each pass the check
            -- and together close a loop; the query below then sees the other's committed move
            PERFORM pg_advisory_xact_lock(1667331950);  -- "cats"
            IF EXISTS (
                WITH RECURSIVE ancestors(id, parent_id) AS (
                    SELECT id, parent_id FROM categories WHERE id = NEW.parent_id
                    UNION
                    SELECT c.id, c.parent_id FROM categories c JOIN ancestors a ON c.id = a.parent_id
                )
                SELECT 1 FROM ancestors WHERE id = NEW.id
            ) THEN
                RAISE EXCEPTION 'category cycle: % cannot be placed under its own descendant %',
                    NEW.id, NEW.parent_id
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER categories_refuse_cycle BEFORE INSERT OR UPDATE OF parent_id "
        "ON categories FOR EACH ROW EXECUTE FUNCTION recipekit_refuse_category_cycle()"
    )

    # Soft-deleting a category soft-deletes its subtree (no live node under a deleted one);
    # restoring it restores the descendants that were deleted with it (same deleted_at).
    op.execute(
        """
        CREATE FUNCTION recipekit_cascade_category_soft_delete() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.deleted_at IS NOT NULL THEN
                UPDATE categories SET deleted_at = NEW.deleted_at
                WHERE parent_id = NEW.id AND deleted_at IS NULL;
            ELSE
                UPDATE categories SET deleted_at = NULL
                WHERE parent_id = NEW.id AND deleted_at = OLD.deleted_at;
            END IF;
            RETURN NULL;
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER categories_cascade_soft_delete AFTER UPDATE OF deleted_at ON categories "
        "FOR EACH ROW WHEN (OLD.deleted_at IS DISTINCT FROM NEW.deleted_at) "
        "EXECUTE FUNCTION recipekit_cascade_category_soft_delete()"
    )


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
    op.execute("DROP FUNCTION recipekit_cascade_category_soft_delete()")
    op.execute("DROP FUNCTION recipekit_refuse_category_cycle()")
    op.execute("DROP FUNCTION recipekit_touch_updated_at()")
    nutrition_source.drop(op.get_bind(), checkfirst=True)
    difficulty.drop(op.get_bind(), checkfirst=True)
