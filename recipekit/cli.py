"""The ``recipekit`` command. Thin: every subcommand calls the library functions notebooks use.

Every command acts on the database RECIPEKIT_DATABASE_URL names, else on the embedded server
under RECIPEKIT_HOME, and migrates it first when it is behind.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from alembic.util import CommandError
from sqlalchemy.exc import DBAPIError

from recipekit import migrations
from recipekit.config import Settings
from recipekit.db.embedded import EmbeddedServer
from recipekit.db.engine import Database
from recipekit.db.errors import describe
from recipekit.db.urls import libpq_url
from recipekit.demo import run_demo
from recipekit.exports import export_frame
from recipekit.frames import RECIPE_COLUMNS, recipes_frame
from recipekit.importing import import_path
from recipekit.nutrition import COVERED_SHARE, compute_nutrition, covered, lines_frame

SHOWN_REJECTIONS = 20
"""Rejections printed to the terminal; ``--rejects FILE`` gets all of them."""

DatabaseCommand = Callable[[Database, argparse.Namespace], Awaitable[int]]


async def _print_revision(database: Database) -> None:
    revision = await migrations.current_revision(database)
    print(f"database at revision {revision or 'base (no recipekit tables)'}")


async def _migrate(database: Database, args: argparse.Namespace) -> int:
    await migrations.upgrade(database, args.revision)
    await _print_revision(database)
    return 0


async def _downgrade(database: Database, args: argparse.Namespace) -> int:
    await migrations.downgrade(database, args.revision)
    await _print_revision(database)
    return 0


async def _demo(database: Database, args: argparse.Namespace) -> int:
    print((await run_demo(database, args.data)).render())
    return 0


async def _import(database: Database, args: argparse.Namespace) -> int:
    await migrations.ensure_migrated(database)
    result = await import_path(database, args.path)
    print(result.summary())
    for problem in result.problems[:SHOWN_REJECTIONS]:
        print(f"  rejected {problem.row} [{problem.column}] {problem.reason}", file=sys.stderr)
    if len(result.problems) > SHOWN_REJECTIONS:
        print(f"  ... and {len(result.problems) - SHOWN_REJECTIONS} more", file=sys.stderr)
    if args.rejects is not None:
        result.write_rejects(args.rejects)
        print(f"rejects written to {args.rejects}")
    return 1 if result.problems else 0


async def _export(database: Database, args: argparse.Namespace) -> int:
    await migrations.ensure_migrated(database)
    frame = await recipes_frame(database, columns=RECIPE_COLUMNS if args.all_columns else None)
    export_frame(frame, args.output)
    print(f"{len(frame)} recipe(s) written to {args.output}")
    return 0


async def _nutrition(database: Database, args: argparse.Namespace) -> int:
    await migrations.ensure_migrated(database)
    results = await compute_nutrition(database)
    lines = lines_frame(results)
    per_serving = sum(1 for result in results.values() if result.per_serving is not None)
    print(
        f"{len(results)} recipe(s) computed: {per_serving} per serving,"
        f" {covered(results)} with at least {COVERED_SHARE:.0%} of their mass accounted for;"
        f" {int(lines['grams'].notna().sum())} of {len(lines)} ingredient lines counted"
    )
    for reason, count in lines["reason"].value_counts().items():
        print(f"  not counted, {reason}: {count}")
    if args.lines is not None:
        lines.to_csv(args.lines, index=False)
        print(f"per-line report written to {args.lines}")
    return 0


async def _with_database(command: DatabaseCommand, args: argparse.Namespace) -> int:
    database = Database()
    try:
        return await command(database, args)
    finally:
        await database.dispose()


def _server_command(action: str) -> int:
    settings = Settings.from_env()
    if settings.database_url is not None and action != "url":
        print(
            "RECIPEKIT_DATABASE_URL is set: recipekit uses that server, not the embedded one",
            file=sys.stderr,
        )
        return 2
    server = EmbeddedServer(settings.home)
    if action == "start":
        print(libpq_url(server.start(keep_running=True)))
    elif action == "stop":
        print("stopped" if server.stop() else "not running")
    elif action == "status":
        status = server.status()
        print(f"data directory: {status.pgdata}")
        print(f"running: {'yes (pid ' + str(status.pid) + ')' if status.running else 'no'}")
        if status.socket_dir is not None:
            print(f"socket directory: {status.socket_dir}")
        print(f"kept running after exit: {'yes' if status.keep_running else 'no'}")
    else:
        print(libpq_url(Database(settings).url))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``recipekit`` command."""
    parser = argparse.ArgumentParser(
        prog="recipekit",
        description="A PostgreSQL + pgvector recipe database. Commands act on the database "
        "RECIPEKIT_DATABASE_URL names, else on the embedded server under RECIPEKIT_HOME.",
        epilog="import exits 1 when some records were rejected (the others still land).",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    db = commands.add_parser("db", help="control the embedded PostgreSQL server")
    db.add_argument("action", choices=["start", "stop", "status", "url"])

    migrate = commands.add_parser("migrate", help="upgrade the schema (default: to head)")
    migrate.add_argument("--revision", default=migrations.HEAD)
    migrate.set_defaults(run=_migrate)
    downgrade = commands.add_parser("downgrade", help="downgrade the schema (default: to base)")
    downgrade.add_argument("--revision", default=migrations.BASE)
    downgrade.set_defaults(run=_downgrade)

    imports = commands.add_parser("import", help="import recipes from a file or folder")
    imports.add_argument("path", type=Path, help=".json, .jsonl, .html or .md file, or a folder")
    imports.add_argument("--rejects", type=Path, help="write rejected records to this CSV")
    imports.set_defaults(run=_import)

    export = commands.add_parser("export", help="export live recipes to CSV or Parquet")
    export.add_argument("what", choices=["recipes"])
    export.add_argument("-o", "--output", type=Path, required=True, help="FILE.csv or FILE.parquet")
    export.add_argument(
        "--all-columns",
        action="store_true",
        help="every column recipes_frame has (instructions, ingredient lines, embeddings...)",
    )
    export.set_defaults(run=_export)

    nutrition = commands.add_parser(
        "nutrition", help="compute every recipe's nutrition from its ingredient lines"
    )
    nutrition.add_argument("--lines", type=Path, help="write the per-line report to this CSV")
    nutrition.set_defaults(run=_nutrition)

    demo = commands.add_parser("demo", help="migrate, import sample recipes and show results")
    demo.add_argument("--data", type=Path, help="import this file or folder instead of the sample")
    demo.set_defaults(run=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``recipekit`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "db":
        return _server_command(args.action)
    for path in (getattr(args, "path", None), getattr(args, "data", None)):
        if path is not None and not path.exists():
            parser.error(f"no such file or folder: {path}")
    output = getattr(args, "output", None)
    if output is not None and output.suffix.lower() not in (".csv", ".parquet"):
        parser.error(f"export writes .csv or .parquet files, not {output.name}")
    report = getattr(args, "lines", None)
    if report is not None and report.suffix.lower() != ".csv":
        parser.error(f"the per-line report is a .csv file, not {report.name}")
    for written in (output, report):
        if written is not None and not written.resolve().parent.is_dir():
            parser.error(f"no such folder for the output: {written.parent}")
    try:
        return asyncio.run(_with_database(args.run, args))
    except (OSError, ValueError, DBAPIError, CommandError) as error:
        # the database is unreachable or misconfigured, or no such revision: one line
        print(f"recipekit: error: {describe(error)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
