"""The demo pipeline as a library call: the figures it reports are the database's."""

from __future__ import annotations

from recipekit.db.engine import Database
from recipekit.demo import run_demo
from tests.shared_data import shared_data_path


async def test_demo_reports_counts_nutrition_and_neighbours(db: Database) -> None:
    report = await run_demo(db)
    assert report.revision == "007"
    assert report.imported.inserted == 30
    assert report.counts["recipes"] == 30
    assert report.counts["foods"] >= 150
    assert report.computed == 30 and report.covered == 30  # the sample's lines are all known
    main_courses = report.nutrition.loc["Course > Main Course"]
    assert main_courses["recipes"] == main_courses["with_nutrition"] > 0
    assert 100 < main_courses["calories_kcal"] < 1500
    neighbours = report.neighbours
    assert len(neighbours) == 5
    assert report.neighbours_of not in set(neighbours["title"])
    assert list(neighbours["distance"]) == sorted(neighbours["distance"])
    assert neighbours["distance"].between(0, 2).all()
    assert report.neighbours_of in report.render()


async def test_demo_runs_on_other_data(db: Database) -> None:
    recipes = shared_data_path("public-domain-recipes/recipes")
    report = await run_demo(db, recipes)
    assert report.imported.inserted == 329
    assert report.counts["recipes"] == 329
    assert len(report.neighbours) == 5
    assert report.computed == 329
    assert 0 < report.covered <= 329
    # no labels: the figures shown are the computed ones, for recipes that say their servings
    assert 0 < report.nutrition["with_nutrition"].sum() < report.nutrition["recipes"].sum()
