"""Importing into the real database: real data figures, idempotency, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select, text

from recipekit.db.engine import Database
from recipekit.demo import sample_path
from recipekit.importing import import_path
from recipekit.models import Ingredient, NutritionalInfo, Recipe
from tests.shared_data import shared_data_path


async def _count(db: Database, column: object) -> int:
    async with db.session() as session:
        return int(await session.scalar(select(func.count(column))) or 0)  # type: ignore[arg-type]


async def test_recipe_scrapers_pages_land_and_reimport_changes_nothing(db: Database) -> None:
    path = shared_data_path("recipe-scrapers/cases_dev.jsonl")
    with_json_ld = sum(
        1 for line in path.open(encoding="utf-8") if json.loads(line)["schema_org_recipe"]
    )
    first = await import_path(db, path)
    print(f"\ncases_dev: {first.summary()} ({with_json_ld} lines with JSON-LD)")
    assert first.written / with_json_ld >= 0.97
    assert first.rejected["reason"].str.len().gt(0).all()
    assert first.rejected_rows == 882 - first.written
    recipes = await _count(db, Recipe.id)
    ingredients = await _count(db, Ingredient.id)

    again = await import_path(db, path)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, first.written)
    assert again.problems == first.problems
    assert await _count(db, Recipe.id) == recipes
    assert await _count(db, Ingredient.id) == ingredients


async def test_all_markdown_recipes_import(db: Database) -> None:
    result = await import_path(db, shared_data_path("public-domain-recipes/recipes"))
    assert (result.inserted, result.rejected_rows) == (329, 0)
    async with db.connect() as connection:
        without_ingredients = await connection.scalar(
            text(
                "SELECT count(*) FROM recipes r WHERE NOT EXISTS "
                "(SELECT 1 FROM ingredients i WHERE i.recipe_id = r.id)"
            )
        )
    assert without_ingredients == 0


async def test_sample_recipes_import_with_nutrition_and_categories(db: Database) -> None:
    result = await import_path(db, sample_path())
    assert (result.inserted, result.rejected_rows) == (30, 0)
    assert await _count(db, NutritionalInfo.id) == 30
    async with db.connect() as connection:
        cuisines = await connection.scalar(text("SELECT count(DISTINCT cuisine) FROM recipes"))
        uncategorised = await connection.scalar(
            text(
                "SELECT count(*) FROM recipes r WHERE NOT EXISTS "
                "(SELECT 1 FROM recipe_categories rc WHERE rc.recipe_id = r.id)"
            )
        )
    assert cuisines >= 15
    assert uncategorised == 0


def _page(name: str, **extra: object) -> str:
    return json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "Recipe",
            "name": name,
            "url": f"https://example.org/{name.lower().replace(' ', '-')}",
            "recipeIngredient": ["200 g flour", "2 eggs"],
            "nutrition": {"calories": "250 kcal"},
            **extra,
        }
    )


async def test_bad_records_are_reported_by_position_and_the_rest_land(
    db: Database, tmp_path: Path
) -> None:
    source = tmp_path / "mixed.jsonl"
    source.write_text(
        "\n".join(
            [
                _page("Good one"),
                '{"@type": "Recipe", "name": "broken',  # invalid JSON on line 2
                _page("Too long a cuisine", recipeCuisine="x" * 150),  # longer than the column
                json.dumps({"@type": "WebPage", "name": "not a recipe"}),
                _page("Good two"),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    result = await import_path(db, source)

    assert result.inserted == 2
    assert [(p.row, p.column) for p in result.problems] == [
        (f"{source}:2", "json"),
        (f"{source}:4", "@type"),
        (f"{source}:3", "cuisine"),
    ]
    assert result.problems[2].reason == "is 150 characters long; the column holds at most 100"
    async with db.connect() as connection:
        titles = (await connection.scalars(text("SELECT title FROM recipes ORDER BY 1"))).all()
        orphans = await connection.scalar(
            text("SELECT count(*) FROM ingredients WHERE recipe_id NOT IN (SELECT id FROM recipes)")
        )
        ingredient_rows = await connection.scalar(text("SELECT count(*) FROM ingredients"))
        nutrition_rows = await connection.scalar(text("SELECT count(*) FROM nutritional_info"))
    assert titles == ["Good one", "Good two"]  # nothing of the refused record stayed behind
    assert (orphans, ingredient_rows, nutrition_rows) == (0, 4, 2)


async def test_reimport_updates_changed_recipes_in_place(db: Database, tmp_path: Path) -> None:
    source = tmp_path / "one.jsonl"
    source.write_text(_page("Pancakes") + "\n", encoding="utf-8")
    await import_path(db, source)
    source.write_text(
        _page("Pancakes", recipeIngredient=["250 g flour", "2 eggs", "300 ml milk"]) + "\n",
        encoding="utf-8",
    )
    result = await import_path(db, source)
    assert (result.inserted, result.updated, result.unchanged) == (0, 1, 0)
    async with db.connect() as connection:
        lines = await connection.execute(
            text("SELECT position, original_text, quantity, unit FROM ingredients ORDER BY 1")
        )
        assert lines.all() == [
            (1, "250 g flour", 250.0, "g"),
            (2, "2 eggs", 2.0, None),
            (3, "300 ml milk", 300.0, "ml"),
        ]


async def test_keywords_and_diets_link_to_the_seeded_tree_only(
    db: Database, tmp_path: Path
) -> None:
    source = tmp_path / "tagged.jsonl"
    source.write_text(
        _page(
            "Coconut Rice Pudding",
            keywords="dessert, quick, Thai",
            suitableForDiet="https://schema.org/VeganDiet",
            recipeCategory="Pudding",
        )
        + "\n",
        encoding="utf-8",
    )
    first = await import_path(db, source)
    again = await import_path(db, source)
    assert (first.inserted, again.unchanged) == (1, 1)
    async with db.connect() as connection:
        slugs = await connection.scalars(
            text(
                "SELECT c.slug FROM recipe_categories rc "
                "JOIN categories c ON c.id = rc.category_id ORDER BY 1"
            )
        )
        assert slugs.all() == ["dessert", "pudding", "thai", "vegan"]
        assert (
            await connection.scalar(text("SELECT count(*) FROM categories WHERE slug = 'quick'"))
            == 0
        )


async def test_text_postgres_cannot_store_is_cleaned_not_fatal(
    db: Database, tmp_path: Path
) -> None:
    source = tmp_path / "odd.jsonl"
    source.write_text(
        "\n".join(
            [
                _page("Nul\u0000Soup", url="https://example.org/nul\u0000"),
                _page("Infinite", nutrition={"calories": "9" * 400 + " kcal", "fatContent": "3 g"}),
                _page("Plain"),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    result = await import_path(db, source)
    assert (result.inserted, result.problems) == (3, [])
    async with db.connect() as connection:
        rows = await connection.execute(
            text(
                "SELECT r.title, r.source_url, n.calories_kcal, n.fat_g FROM recipes r "
                "JOIN nutritional_info n ON n.recipe_id = r.id ORDER BY r.title"
            )
        )
        assert rows.all() == [
            ("Infinite", "https://example.org/infinite", None, 3.0),
            ("NulSoup", "https://example.org/nul", 250.0, None),
            ("Plain", "https://example.org/plain", 250.0, None),
        ]


async def test_one_source_naming_a_recipe_twice_keeps_the_first(
    db: Database, tmp_path: Path
) -> None:
    source = tmp_path / "twice.jsonl"
    source.write_text(
        _page("Soup", url="https://example.org/same")
        + "\n"
        + _page("Cake", url="https://example.org/same")
        + "\n",
        encoding="utf-8",
    )
    for _ in range(2):
        result = await import_path(db, source)
        assert [(p.row, p.column) for p in result.problems] == [(f"{source}:2", "source_key")]
        assert f"{source}:1" in result.problems[0].reason
    assert (result.inserted, result.updated, result.unchanged) == (0, 0, 1)
    async with db.connect() as connection:
        assert (await connection.scalars(text("SELECT title FROM recipes"))).all() == ["Soup"]


async def test_a_failed_update_leaves_the_old_version_and_a_later_record_can_update(
    db: Database, tmp_path: Path
) -> None:
    first = tmp_path / "a.jsonl"
    first.write_text(_page("Stew") + "\n", encoding="utf-8")
    await import_path(db, first)
    folder = tmp_path / "updates"
    folder.mkdir()
    # in one import: an update the database refuses, then a valid one for the same recipe
    (folder / "1.jsonl").write_text(_page("Stew", recipeCuisine="x" * 150) + "\n")
    (folder / "2.jsonl").write_text(_page("Stew", recipeCuisine="Irish") + "\n")
    result = await import_path(db, folder)
    assert [(p.row, p.column) for p in result.problems] == [(f"{folder / '1.jsonl'}:1", "cuisine")]
    assert result.updated == 1
    async with db.connect() as connection:
        assert (await connection.execute(text("SELECT title, cuisine FROM recipes"))).all() == [
            ("Stew", "Irish")
        ]
