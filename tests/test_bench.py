"""The benchmark scripts still run and print every figure they promise (tiny sizes; the
figures themselves are for people, never asserted: these machines are shared and noisy)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.shared_data import shared_data_path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _figures(script: str, *args: str) -> dict[str, str]:
    done = subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return dict(line.partition(": ")[::2] for line in done.stdout.splitlines())


@pytest.mark.parametrize(
    ("script", "args", "names"),
    [
        (
            "bulk_load.py",
            ("--n", "30", "--slow-n", "10"),
            {
                "write_recipes_vs_copy", "write_recipes_vs_indexed_copy",
                "write_recipes_vs_to_sql", "write_recipes_vs_orm", "peak_rss_mib",
                "recipes_frame_vs_read_sql",
            },
        ),
        ("read_frames.py", ("--n", "30"), {"recipes_frame_vs_read_sql"}),
        (
            "vector_search.py",
            ("--n", "300", "--queries", "5"),
            {
                "build_s", "recall_at_10", "p50_ms", "p95_ms", "filtered_10pct_recall",
                "filtered_1pct_recall", "filtered_full_k_rate", "numpy_scan_p50_ms",
                "embeddings_matrix_vs_read_sql",
            },
        ),
    ],
)  # fmt: skip
def test_benchmark_prints_its_figures(script: str, args: tuple[str, ...], names: set[str]) -> None:
    figures = _figures(script, *args)
    assert names <= figures.keys()
    assert all(float(figures[name]) >= 0 for name in names)


def test_vector_search_runs_on_real_recipes() -> None:
    recipes = shared_data_path("recipe-scrapers/cases_dev.jsonl")
    figures = _figures("vector_search.py", "--queries", "5", "--recipes", str(recipes))
    assert figures["queries"] == "5"
    assert int(figures["recipes"]) > 500  # every imported recipe has words, so a vector
    share = float(figures["filtered_10pct_filter"].rpartition("share=")[2])
    assert 0.05 <= share <= 0.2  # main courses: about a tenth of the pages
    for name in ("recall_at_10", "filtered_10pct_recall", "filtered_1pct_recall"):
        assert 0 <= float(figures[name]) <= 1


def _case(name: str, lines: list[str], recipe_yield: str, kcal: str | None) -> str:
    recipe: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Recipe",
        "name": name,
        "recipeYield": recipe_yield,
        "recipeIngredient": lines,
    }
    if kcal is not None:
        recipe["nutrition"] = {"@type": "NutritionInformation", "calories": kcal}
    return json.dumps({"case": name, "schema_org_recipe": recipe, "expected": {"language": "en"}})


def test_nutrition_eval_compares_label_and_computed_calories(tmp_path: Path) -> None:
    data = tmp_path / "cases.jsonl"
    cases = [
        # 910 + 143 + 148.84 kcal from the catalog's flour, egg and milk, for 4: 300.46 each
        _case(
            "Pancakes", ["250 g plain flour", "2 large eggs", "1 cup whole milk"], "4", "300 kcal"
        ),
        # 200 g of rice at 365 kcal per 100 g, for 2: 365 each against 400 on the label
        _case("Rice", ["200 g white rice"], "2", "400 kcal"),
        # no label; half its mass is an unknown food
        _case("Mystery", ["100 g white rice", "100 g mystery syrup"], "2", None),
    ]
    data.write_text("\n".join(cases) + "\n", encoding="utf-8")
    figures = _figures("nutrition_eval.py", "--data", str(data))
    assert figures["recipes_compared"] == "2"
    assert figures["english_recipes"] == "3"
    assert float(figures["median_calorie_error_pct"]) == pytest.approx(
        (0.46 / 300 + 35 / 400) * 50, abs=0.1
    )
    assert float(figures["within_20pct_share"]) == 1.0
    assert float(figures["coverage_80_share"]) == pytest.approx(2 / 3, abs=1e-3)
