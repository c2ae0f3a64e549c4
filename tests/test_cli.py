"""The ``recipekit`` command, run as a user runs it: a separate process, configured by env."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pandas as pd

from recipekit.db.engine import Database
from recipekit.demo import sample_path
from recipekit.notebook import run
from recipekit.writing import write_recipes
from tests.child_processes import python, url_env

EXPORT_COLUMNS = [
    "id", "title", "prep_minutes", "cook_minutes", "total_minutes", "servings",
    "ingredient_count", "calories_kcal", "protein_g", "fat_g", "carbohydrates_g", "sodium_mg",
    "diet_types", "categories", "source_url",
]  # fmt: skip


def recipekit(*args: str, env: dict[str, str], status: int = 0) -> subprocess.CompletedProcess[str]:
    """Run ``recipekit ARGS`` in a child process; fail with its output on another exit status."""
    return python("-m", "recipekit.cli", *args, env=env, status=status)


def test_import_migrates_a_new_database_then_export_round_trips(
    empty_db: Database, tmp_path: Path
) -> None:
    env = url_env(empty_db)
    rejects = tmp_path / "rejects.csv"
    imported = recipekit("import", str(sample_path()), "--rejects", str(rejects), env=env)
    assert imported.stdout.splitlines()[0] == "30 inserted, 0 updated, 0 unchanged, 0 rejected"
    assert rejects.read_text().strip() == "row,column,reason"

    csv_path, parquet_path = tmp_path / "recipes.csv", tmp_path / "recipes.parquet"
    recipekit("export", "recipes", "-o", str(csv_path), env=env)
    recipekit("export", "recipes", "-o", str(parquet_path), env=env)
    from_csv, from_parquet = pd.read_csv(csv_path), pd.read_parquet(parquet_path)
    for frame in (from_csv, from_parquet):
        assert len(frame) == 30
        assert set(EXPORT_COLUMNS) <= set(frame.columns)
    masala = from_parquet.set_index("title").loc["Chana Masala"]
    assert list(masala["diet_types"]) == json.loads(
        str(from_csv.set_index("title").loc["Chana Masala", "diet_types"])
    )
    assert "vegan" in list(masala["diet_types"])
    assert any(path.startswith("Cuisine > ") for path in masala["categories"])


def test_an_exported_file_edited_and_written_back_updates_only_the_edits(
    empty_db: Database, tmp_path: Path
) -> None:
    env = url_env(empty_db)
    recipekit("import", str(sample_path()), env=env)
    for suffix in (".csv", ".parquet"):
        path = tmp_path / f"all{suffix}"
        recipekit("export", "recipes", "-o", str(path), "--all-columns", env=env)
        frame = pd.read_csv(path) if suffix == ".csv" else pd.read_parquet(path)
        assert {"instructions", "ingredients", "embedding"} <= set(frame.columns)
        frame.loc[frame["title"] == "Chana Masala", "calories_kcal"] = 123.0
        result = run(write_recipes(empty_db, frame))
        assert (result.inserted, result.updated, result.unchanged, result.problems) == (
            0,
            1 if suffix == ".csv" else 0,
            29 if suffix == ".csv" else 30,
            [],
        ), suffix


def test_import_reports_rejects_with_positions(empty_db: Database, tmp_path: Path) -> None:
    source = tmp_path / "bad.jsonl"
    source.write_text('{"@type": "Recipe", "name": "Ok", "url": "https://x.org/ok"}\nnot json\n')
    rejects = tmp_path / "rejects.csv"
    done = recipekit(
        "import", str(source), "--rejects", str(rejects), env=url_env(empty_db), status=1
    )
    assert done.stdout.splitlines()[0] == "1 inserted, 0 updated, 0 unchanged, 1 rejected"
    report = pd.read_csv(rejects)
    assert report[["row", "column"]].values.tolist() == [[f"{source}:2", "json"]]


def test_migrate_and_downgrade(empty_db: Database) -> None:
    env = url_env(empty_db)
    assert recipekit("migrate", "--revision", "002", env=env).stdout.strip() == (
        "database at revision 002"
    )
    assert recipekit("migrate", env=env).stdout.strip() == "database at revision 007"
    assert recipekit("downgrade", env=env).stdout.strip() == (
        "database at revision base (no recipekit tables)"
    )


def test_bad_arguments_and_unreachable_servers_get_one_line_errors(tmp_path: Path) -> None:
    missing = recipekit("import", str(tmp_path / "nope.json"), env={}, status=2)
    assert "no such file or folder" in missing.stderr
    wrong_format = recipekit("export", "recipes", "-o", str(tmp_path / "x.xlsx"), env={}, status=2)
    assert "writes .csv or .parquet" in wrong_format.stderr
    not_postgres = recipekit("migrate", env={"RECIPEKIT_DATABASE_URL": "mysql://x@y/z"}, status=1)
    assert not_postgres.stderr.strip() == (
        "recipekit: error: recipekit needs a PostgreSQL URL, got 'mysql'"
    )
    refused = recipekit(
        "migrate", env={"RECIPEKIT_DATABASE_URL": "postgresql://x@127.0.0.1:1/db"}, status=1
    )
    assert refused.stderr.startswith("recipekit: error:") and "Traceback" not in refused.stderr


def test_embedded_server_lifecycle_and_reuse(tmp_path: Path) -> None:
    env = {"RECIPEKIT_HOME": str(tmp_path / "home"), "RECIPEKIT_DATABASE_URL": ""}
    assert "running: no" in recipekit("db", "status", env=env).stdout
    url = recipekit("db", "start", env=env).stdout.strip()
    assert url.startswith("postgresql://") and "host=" in url
    status = recipekit("db", "status", env=env).stdout
    assert "running: yes" in status and "kept running after exit: yes" in status
    # a second process asking for the same data directory reuses the running server
    assert recipekit("db", "url", env=env).stdout.strip() == url
    pid_line = next(line for line in status.splitlines() if line.startswith("running"))
    assert pid_line in recipekit("db", "status", env=env).stdout
    assert recipekit("db", "stop", env=env).stdout.strip() == "stopped"
    assert "running: no" in recipekit("db", "status", env=env).stdout


def test_demo_on_its_own_home(tmp_path: Path) -> None:
    env = {"RECIPEKIT_HOME": str(tmp_path / "home"), "RECIPEKIT_DATABASE_URL": ""}
    output = recipekit("demo", env=env).stdout
    assert "schema revision: 007" in output
    assert "import: 30 inserted, 0 updated, 0 unchanged, 0 rejected" in output
    assert "rows: 30 recipes" in output
    assert "Course > Main Course" in output
    second = recipekit("demo", env=env).stdout
    assert "import: 0 inserted, 0 updated, 30 unchanged, 0 rejected" in second


def test_nutrition_computes_every_recipe_and_reports_its_lines(
    empty_db: Database, tmp_path: Path
) -> None:
    env = url_env(empty_db)
    recipekit("import", str(sample_path()), env=env)
    report = tmp_path / "lines.csv"
    done = recipekit("nutrition", "--lines", str(report), env=env)
    first = done.stdout.splitlines()[0]
    assert first.startswith("30 recipe(s) computed: 30 per serving, ")
    lines = pd.read_csv(report)
    counted = int(lines["grams"].notna().sum())
    assert first.endswith(f"; {counted} of {len(lines)} ingredient lines counted")
    assert set(lines["reason"].dropna()) <= {
        "no quantity", "unknown food", "unknown unit", "no gram weight",
        "implausible amount",
    }  # fmt: skip
    assert counted > len(lines) / 2
    refused = recipekit("nutrition", "--lines", str(tmp_path / "lines.parquet"), env=env, status=2)
    assert "the per-line report is a .csv file, not lines.parquet" in refused.stderr
    missing = tmp_path / "missing" / "lines.csv"
    refused = recipekit("nutrition", "--lines", str(missing), env=env, status=2)
    assert f"no such folder for the output: {missing.parent}" in refused.stderr
