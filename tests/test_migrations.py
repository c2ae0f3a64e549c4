"""Migrations: the full round trip, ``alembic check``, seeds, and running inside a loop."""

from __future__ import annotations

import asyncio
import os
import sys

from sqlalchemy import CheckConstraint, Index, text

from recipekit import migrations
from recipekit.db.engine import Database
from recipekit.models import Base
from tests.schema_snapshot import BASE_SNAPSHOT, schema_snapshot


async def test_upgrade_downgrade_upgrade_round_trip(empty_db: Database) -> None:
    await migrations.upgrade(empty_db)
    assert await migrations.current_revision(empty_db) == "007"
    migrated = await schema_snapshot(empty_db)
    assert migrated == {
        "tables": [
            "alembic_version",
            "categories",
            "foods",
            "ingredients",
            "nutritional_info",
            "recipe_categories",
            "recipes",
        ],
        "enums": ["difficulty", "nutrition_source"],
        "functions": [
            "recipekit_cascade_category_soft_delete",
            "recipekit_default_slug",
            "recipekit_refuse_category_cycle",
            "recipekit_slugify",
            "recipekit_touch_updated_at",
        ],
        "indexes": 25,
    }
    await migrations.check(empty_db)  # raises when models and schema differ

    await migrations.downgrade(empty_db)
    assert await migrations.current_revision(empty_db) is None
    assert await schema_snapshot(empty_db) == BASE_SNAPSHOT
    async with empty_db.connect() as connection:
        assert (
            await connection.scalar(
                text("SELECT count(*) FROM pg_extension WHERE extname = 'vector'")
            )
            == 0
        )

    await migrations.upgrade(empty_db)
    assert await schema_snapshot(empty_db) == migrated


async def test_seed_is_idempotent_and_has_the_expected_content(empty_db: Database) -> None:
    await migrations.upgrade(empty_db)
    async with empty_db.connect() as connection:
        counts = (
            await connection.execute(
                text("SELECT (SELECT count(*) FROM categories), (SELECT count(*) FROM foods)")
            )
        ).one()
        flour = (
            await connection.execute(
                text(
                    "SELECT energy_kcal, grams_per_unit ->> 'cup' FROM foods "
                    "WHERE slug = 'all-purpose-flour'"
                )
            )
        ).one()
        branches = await connection.scalars(
            text("SELECT slug FROM categories WHERE parent_id IS NULL ORDER BY slug")
        )
        assert {"course", "cuisine", "diet"} <= set(branches.all())
    assert counts[1] >= 150
    assert flour == (364.0, "125")
    # 004 runs again over its own rows without duplicating them
    await migrations.stamp(empty_db, "003")
    await migrations.upgrade(empty_db, "004")
    await migrations.stamp(empty_db)
    async with empty_db.connect() as connection:
        again = (
            await connection.execute(
                text("SELECT (SELECT count(*) FROM categories), (SELECT count(*) FROM foods)")
            )
        ).one()
    assert again == counts


async def test_seed_downgrade_removes_only_seeded_rows(empty_db: Database) -> None:
    await migrations.upgrade(empty_db)
    async with empty_db.connect() as connection:
        await connection.execute(
            text("INSERT INTO foods (name, slug) VALUES ('Grandma''s spice mix', 'grandmas-mix')")
        )
        await connection.execute(
            text(
                "INSERT INTO categories (name, slug, parent_id) "
                "SELECT 'Street food', 'street-food', id FROM categories WHERE slug = 'thai'"
            )
        )
    await migrations.downgrade(empty_db, "003")
    async with empty_db.connect() as connection:
        foods = await connection.scalars(text("SELECT slug FROM foods"))
        assert foods.all() == ["grandmas-mix"]
        categories = await connection.execute(text("SELECT slug, parent_id FROM categories"))
        assert categories.all() == [("street-food", None)]


async def test_indexes_exist_with_their_methods(db: Database) -> None:
    async with db.connect() as connection:
        rows = await connection.execute(
            text("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'")
        )
        definitions: dict[str, str] = {name: definition for name, definition in rows}
    assert (
        "USING hnsw (embedding vector_cosine_ops) WITH (m='16', ef_construction='64')"
        in (definitions["ix_recipes_embedding_hnsw"])
    )
    assert "USING gin (instructions jsonb_path_ops)" in definitions["ix_recipes_instructions"]
    assert "USING gin (diet_types)" in definitions["ix_recipes_diet_types"]
    assert definitions["uq_categories_slug_live"].endswith("WHERE (deleted_at IS NULL)")
    assert "(cuisine, total_minutes)" in definitions["ix_recipes_cuisine_total_minutes"]


async def test_two_processes_migrating_at_once_both_succeed(empty_db: Database) -> None:
    env = {
        **os.environ,
        "RECIPEKIT_DATABASE_URL": empty_db.url.render_as_string(hide_password=False),
    }
    command = [sys.executable, "-m", "recipekit.cli", "migrate"]
    processes = [
        await asyncio.create_subprocess_exec(
            *command, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        for _ in range(2)
    ]
    outputs = [await process.communicate() for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs
    assert [out.decode().strip() for out, _ in outputs] == ["database at revision 007"] * 2
    async with empty_db.connect() as connection:
        assert await connection.scalar(text("SELECT count(*) FROM alembic_version")) == 1


def _declared_index(index: Index) -> tuple[bool, str, bool]:
    options = index.dialect_options["postgresql"]
    return bool(index.unique), options["using"] or "btree", options["where"] is not None


async def test_every_declared_constraint_index_and_trigger_exists(db: Database) -> None:
    tables = Base.metadata.tables.values()
    declared_checks = {
        str(constraint.name)
        for table in tables
        for constraint in table.constraints
        if isinstance(constraint, CheckConstraint)
    }
    declared_indexes = {
        str(index.name): _declared_index(index) for table in tables for index in table.indexes
    }
    async with db.connect() as connection:
        checks = await connection.scalars(
            text(
                "SELECT conname FROM pg_constraint WHERE contype = 'c' "
                "AND connamespace = 'public'::regnamespace"
            )
        )
        rows = await connection.execute(
            text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version' AND indexname NOT LIKE 'pk\\_%' "
                "AND indexname NOT LIKE 'uq\\_%\\_id\\_%id'"
            )
        )
        triggers = await connection.scalars(
            text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1")
        )
        trigger_names = triggers.all()
        indexes = {
            name: (
                "UNIQUE INDEX" in definition,
                definition.split(" USING ")[1].split(" ")[0],
                " WHERE " in definition,
            )
            for name, definition in rows
        }
    assert set(checks.all()) == declared_checks
    assert indexes == declared_indexes
    assert trigger_names == sorted(
        [f"{table.name}_touch_updated_at" for table in tables]
        + ["categories_cascade_soft_delete", "categories_refuse_cycle"]
        + ["categories_default_slug", "foods_default_slug"]
    )
