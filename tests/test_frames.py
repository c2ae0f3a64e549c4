"""The recipe loader's filters and types, checked against pandas filtering of the full frame."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest
from sqlalchemy import select

from recipekit.db.engine import Database
from recipekit.demo import sample_path
from recipekit.frames import (
    categories_frame,
    foods_frame,
    ingredients_frame,
    nutrition_frame,
    recipes_frame,
)
from recipekit.importing import import_path
from recipekit.models import Category, Food, Recipe


def _ids(frame: pd.DataFrame) -> set[object]:
    return set(frame["id"])


async def test_each_filter_keeps_exactly_the_matching_recipes(db: Database) -> None:
    await import_path(db, sample_path())
    everything = await recipes_frame(db)
    assert len(everything) == 30

    def expected(keep: Callable[[pd.Series], bool]) -> set[object]:
        return {row["id"] for _, row in everything.iterrows() if keep(row)}

    cases: list[tuple[dict[str, object], set[object]]] = [
        (
            {"category": "asian"},
            expected(lambda r: any(p.startswith("Cuisine > Asian > ") for p in r["categories"])),
        ),
        (
            {"diets_all": ("vegan", "gluten-free")},
            expected(lambda r: {"vegan", "gluten-free"} <= set(r["diet_types"])),
        ),
        (
            {"diets_any": ("vegan", "pescatarian")},
            expected(lambda r: bool({"vegan", "pescatarian"} & set(r["diet_types"]))),
        ),
        ({"cuisine": "italian"}, expected(lambda r: str(r["cuisine"]).lower() == "italian")),
        (
            {"max_total_minutes": 30},
            expected(lambda r: pd.notna(r["total_minutes"]) and r["total_minutes"] <= 30),
        ),
        (
            {"min_calories": 300, "max_calories": 500},
            expected(lambda r: pd.notna(r["calories_kcal"]) and 300 <= r["calories_kcal"] <= 500),
        ),
        ({"title": "SOUP"}, expected(lambda r: "soup" in r["title"].lower())),
    ]
    for filters, wanted in cases:
        got = _ids(await recipes_frame(db, **filters))  # type: ignore[arg-type]
        assert got == wanted, filters
        assert 0 < len(wanted) < 30, filters  # each case really narrows the sample


async def test_columns_limit_and_bad_arguments(db: Database) -> None:
    await import_path(db, sample_path())
    narrow = await recipes_frame(db, columns=["title", "servings"], limit=5)
    assert list(narrow.columns) == ["title", "servings"]
    assert len(narrow) == 5 and str(narrow["servings"].dtype) == "Int64"
    with pytest.raises(ValueError, match="no such recipe columns"):
        await recipes_frame(db, columns=["title", "flavour"])
    with pytest.raises(ValueError, match="carnivore"):
        await recipes_frame(db, diets_all=("carnivore",))
    with pytest.raises(TypeError):
        await recipes_frame(db, colour="red")


async def test_ingredient_and_nutrition_frames(db: Database) -> None:
    await import_path(db, sample_path())
    lines = await ingredients_frame(db)
    assert len(lines) == 340
    masala = lines[lines["title"] == "Chana Masala"]
    assert list(masala["position"]) == list(range(1, len(masala) + 1))
    first = masala.iloc[0]
    assert first["original_text"] and first["name"]
    vegan_lines = await ingredients_frame(db, diets_all=("vegan",))
    assert 0 < len(vegan_lines) < len(lines)

    nutrition = await nutrition_frame(db)
    assert len(nutrition) == 30
    assert list(nutrition["source"].cat.categories) == ["label", "computed"]
    assert set(nutrition["source"]) == {"label"}
    assert nutrition["calories_kcal"].between(50, 1500).all()
    assert len(await nutrition_frame(db, max_calories=300)) == int(
        (nutrition["calories_kcal"] <= 300).sum()
    )


async def test_frames_leave_out_soft_deleted_rows_unless_asked(db: Database) -> None:
    await import_path(db, sample_path())
    async with db.transaction() as session:
        recipe = await session.scalar(select(Recipe).where(Recipe.title == "Chana Masala"))
        food = await session.scalar(select(Food).where(Food.slug == "all-purpose-flour"))
        category = await session.scalar(select(Category).where(Category.slug == "thai"))
        assert recipe is not None and food is not None and category is not None
        for row in (recipe, food, category):
            row.soft_delete()
    recipes = await recipes_frame(db)
    assert len(recipes) == 29 and "Chana Masala" not in set(recipes["title"])
    assert not any("Thai" in path for paths in recipes["categories"] for path in paths)
    every = await recipes_frame(db, include_deleted=True)
    assert len(every) == 30
    assert "all-purpose-flour" not in set((await foods_frame(db))["slug"])
    assert "thai" not in set((await categories_frame(db))["slug"])
    assert "Chana Masala" not in set((await ingredients_frame(db))["title"])
    assert "Chana Masala" not in set((await nutrition_frame(db))["title"])


async def test_filters_accept_what_the_writer_accepts_and_refuse_unknown_names(
    db: Database,
) -> None:
    await import_path(db, sample_path())
    by_slug = _ids(await recipes_frame(db, category="asian"))
    assert by_slug
    assert _ids(await recipes_frame(db, category="Asian")) == by_slug
    assert _ids(await recipes_frame(db, category="Cuisine > Asian")) == by_slug
    with pytest.raises(ValueError, match="no category 'Atlantis'"):
        await recipes_frame(db, category="Atlantis")
    vegan = _ids(await recipes_frame(db, diets_all=("vegan",)))
    assert vegan and _ids(await recipes_frame(db, diets_all="Vegan")) == vegan
    with pytest.raises(ValueError, match="unknown diet type 'carnivore'"):
        await recipes_frame(db, diets_any=["carnivore"])
    assert len(await recipes_frame(db, difficulty=" EASY ")) == len(
        await recipes_frame(db, difficulty="easy")
    )
