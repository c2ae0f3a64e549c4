"""The ``recipekit`` command. Thin: every subcommand calls the library functions notebooks use.

Every command acts on the database RECIPEKIT_DATABASE_URL names, else on the embedded server
under RECIPEKIT_HOME, and migrates it first when it is behind.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from recipekit import migrations
from recipekit.config import Settings
from recipekit.db.embedded import EmbeddedServer
from recipekit.db.engine import Database
from recipekit.db.urls import libpq_url
from recipekit.demo import run_demo
from recipekit.frames import export_frame, recipes_frame
from recipekit.importing import import_path


async def _with_database(action: str, args: argparse.Namespace) -> int:
    database = Database()
    try:
        if action == "migrate":
            await migrations.upgrade(database, args.revision)
            print(f"database at revision {await migrations.current_revision(database)}")
            return 0
        if action == "downgrade":
            await migrations.downgrade(database, args.revision)
            print(f"database at revision {await migrations.current_revision(database)}")
            return 0
        if action == "demo":
            print((await run_demo(database, args.data)).render())
            return 0
        await migrations.ensure_migrated(database)
        if action == "import":
            result = await import_path(database, args.path)
            print(result.summary())
            for rejection in result.rejected[:20]:
                print(
                    f"  rejected {rejection.source}:{rejection.position} "
                    f"[{rejection.field}] {rejection.reason}",
                    file=sys.stderr,
                )
            if args.rejects is not None:
                result.write_rejects(args.rejects)
                print(f"rejects written to {args.rejects}")
            return 0
        frame = await recipes_frame(database)
        export_frame(frame, args.output)
        print(f"{len(frame)} recipes written to {args.output}")
        return 0
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
    parser = argparse.ArgumentParser(prog="recipekit", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    db = commands.add_parser("db", help="control the embedded PostgreSQL server")
    db.add_argument("action", choices=["start", "stop", "status", "url"])

    migrate = commands.add_parser("migrate", help="upgrade the schema (default: to head)")
    migrate.add_argument("--revision", default=migrations.HEAD)
    downgrade = commands.add_parser("downgrade", help="downgrade the schema (default: to base)")
    downgrade.add_argument("--revision", default=migrations.BASE)

    imports = commands.add_parser("import", help="import recipes from a file or folder")
    imports.add_argument("path", type=Path, help=".json, .jsonl, .html or .md file, or a folder")
    imports.add_argument("--rejects", type=Path, help="write rejected records to this CSV")

    export = commands.add_parser("export", help="export live recipes to CSV or Parquet")
    export.add_argument("what", choices=["recipes"])
    export.add_argument("-o", "--output", type=Path, required=True, help="FILE.csv or FILE.parquet")

    demo = commands.add_parser("demo", help="migrate, import sample recipes and show results")
    demo.add_argument("--data", type=Path, help="import this file or folder instead of the sample")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``recipekit`` console script."""
    args = build_parser().parse_args(argv)
    if args.command == "db":
        return _server_command(args.action)
    return asyncio.run(_with_database(args.command, args))


if __name__ == "__main__":
    sys.exit(main())
