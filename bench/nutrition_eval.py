"""Accuracy of computed nutrition against the label calories recipe pages state.

    python bench/nutrition_eval.py [--data FILE] [--top N]

Imports ``FILE`` (JSONL in the layout of ``../shared/data/recipe-scrapers/cases_dev.jsonl``:
one object per line with ``schema_org_recipe`` and ``expected``; the default) into a scratch
database, runs `compute_nutrition` and compares computed with label calories per serving.
Uses RECIPEKIT_DATABASE_URL's server, else a throwaway embedded one.

Definitions:

- *Compared recipes*: those whose import brought label calories above 0 and a numeric yield
  (servings known, so the computed figures are per serving too).
- *Error*: ``|computed - label| / label`` in percent, per serving. ``median_calorie_error_pct``
  and ``within_20pct_share`` (share with error <= 20%) are over the compared recipes whose
  computed ``mass_coverage`` is at least `COVERED` (0.8); with none, they print ``nan``.
- *English*: the recipe's own language (schema.org ``inLanguage``) when the import found one,
  else the line's ``expected.language``; English when its primary subtag is ``en`` ("en",
  "en-US", "en_GB") or it says "English". ``coverage_80_share`` is the share of the English
  recipes (every one, label or not) whose ``mass_coverage`` is at least `COVERED`.

Ends with ``recipes_compared``, ``median_calorie_error_pct``, ``within_20pct_share`` and
``coverage_80_share`` on stdout, after ``english_recipes`` and ``covered_compared``. Diagnostics
go to stderr: the most common unmatched ingredient names, the units of lines that could not be
weighed, and the compared recipes furthest off.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Final

import pandas as pd
from _common import scratch_database

from recipekit import import_path
from recipekit.db.engine import Database
from recipekit.frames import ingredients_frame, nutrition_frame, recipes_frame
from recipekit.ingest.records import SourcedRecord
from recipekit.ingest.sources import read_records
from recipekit.nutrition import UNKNOWN_FOOD, compute_nutrition, label_vs_computed, lines_frame

DEFAULT_DATA: Final = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "recipe-scrapers" / "cases_dev.jsonl"
)
COVERED: Final = 0.8
"""Mass coverage from which a recipe's computed figures are judged."""

_ENGLISH = re.compile(r"^(en([-_].*)?|english)$", re.IGNORECASE)


def is_english(language: str | None) -> bool:
    """Whether a language tag or name means English ("en", "en-US", "en_GB", "English")."""
    return language is not None and _ENGLISH.match(language.strip()) is not None


def expected_languages(path: Path) -> dict[str, str | None]:
    """Per ``source_key`` the file's recipes get on import, their line's ``expected.language``
    (the first line wins when two share a key, as on import)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    languages: dict[str, str | None] = {}
    for found in read_records(path):
        if isinstance(found, SourcedRecord) and found.record.source_key not in languages:
            expected = json.loads(lines[found.position - 1]).get("expected") or {}
            languages[found.record.source_key] = expected.get("language")
    return languages


def english_ids(recipes: pd.DataFrame, expected: dict[str, str | None]) -> set[object]:
    """The ids of the English ``recipes`` (own language first, else the expected one)."""
    return {
        recipe_id
        for recipe_id, key, language in recipes[["id", "source_key", "language"]].itertuples(
            index=False
        )
        if is_english(language if isinstance(language, str) else expected.get(key))
    }


async def _diagnose(
    database: Database, lines: pd.DataFrame, compared: pd.DataFrame, top: int
) -> None:
    parsed = await ingredients_frame(database)
    lines = lines.merge(
        parsed[["recipe_id", "position", "name", "unit"]], on=["recipe_id", "position"]
    )
    unknown = lines[lines["reason"] == UNKNOWN_FOOD]
    names = Counter(str(name).lower() for name in unknown["name"])
    print(f"--- {len(unknown)} lines with an unknown food; most common names:", file=sys.stderr)
    for name, count in names.most_common(top):
        print(f"{count:5d}  {name}", file=sys.stderr)
    unweighed = lines[lines["reason"].notna() & (lines["reason"] != UNKNOWN_FOOD)]
    problems = Counter(
        f"{reason}: {unit} {food}" if food else f"{reason}: {unit}"
        for reason, unit, food in unweighed[["reason", "unit", "food"]].itertuples(index=False)
    )
    print(f"--- {len(unweighed)} matched or unquantified lines not weighed:", file=sys.stderr)
    for problem, count in problems.most_common(top):
        print(f"{count:5d}  {problem}", file=sys.stderr)
    worst = compared.assign(
        off=compared["computed_calories_kcal"] / compared["label_calories_kcal"]
    ).sort_values("calories_kcal_error_pct", ascending=False)
    print("--- compared recipes furthest off (computed / label, coverage):", file=sys.stderr)
    for title, off, coverage in (
        worst[["title", "off", "mass_coverage"]].head(top).itertuples(index=False)
    ):
        print(f"{off:6.2f}  {coverage:4.2f}  {title}", file=sys.stderr)


async def main(data: Path, top: int) -> None:
    database = await scratch_database("nutrition_eval")
    try:
        result = await import_path(database, data)
        print(f"imported {data}: {result.summary()}", file=sys.stderr)
        results = await compute_nutrition(database, progress=False)
        nutrition = await nutrition_frame(database)
        recipes = await recipes_frame(database, columns=("id", "source_key", "language"))
        compared = label_vs_computed(nutrition)
        compared = compared[compared["label_calories_kcal"] > 0]
        covered = compared[compared["mass_coverage"] >= COVERED]
        computed = nutrition[nutrition["source"].astype(str) == "computed"]
        coverage = dict(zip(computed["recipe_id"], computed["mass_coverage"], strict=True))
        english = english_ids(recipes, expected_languages(data))
        english_covered = sum(1 for i in english if (coverage.get(i) or 0) >= COVERED)
        errors = covered["calories_kcal_error_pct"]
        await _diagnose(database, lines_frame(results), compared, top)
    finally:
        await database.dispose()
    print(f"english_recipes: {len(english)}")
    print(f"covered_compared: {len(covered)}")
    print(f"recipes_compared: {len(compared)}")
    print(f"median_calorie_error_pct: {errors.median() if len(errors) else float('nan'):.1f}")
    print(f"within_20pct_share: {(errors <= 20).mean() if len(errors) else float('nan'):.3f}")
    print(f"coverage_80_share: {english_covered / len(english) if english else float('nan'):.3f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="JSONL of recipe pages")
    parser.add_argument("--top", type=int, default=25, help="diagnostic lines per list")
    options = parser.parse_args()
    asyncio.run(main(options.data, options.top))
