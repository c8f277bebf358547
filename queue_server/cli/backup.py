"""`antre backup` and `antre restore`: the hall database, copied out and brought back."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from queue_server import backup as backups
from queue_server.cli.common import DB_OPTION, Fail, _settings, main
from queue_server.store.snapshot import integrity_problems


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@DB_OPTION
def backup(path: Path, db: Path | None) -> None:
    """Copy the database to PATH (a new file, or a folder) while the server runs."""
    source = _settings(db=db).db
    if path.is_dir():
        path = path / f"antre-{datetime.now():%Y%m%d-%H%M%S}.db"
    try:
        tickets = backups.take(source, path)
    except backups.BackupError as exc:
        raise Fail(str(exc)) from None
    problems = integrity_problems(path)
    if problems:
        raise Fail(f"{path} was written but fails the integrity check: {problems[0]}")
    click.echo(f"backup of {source} written to {path} ({tickets} tickets, integrity ok)")


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@DB_OPTION
def restore(path: Path, db: Path | None) -> None:
    """Replace the database with the backup at PATH (the server must be stopped)."""
    target = _settings(db=db).db
    try:
        aside = backups.restore(path, target, datetime.now())
    except backups.BackupError as exc:
        raise Fail(str(exc)) from None
    kept = f"; the previous database is kept as {aside}" if aside else ""
    click.echo(f"restored {target} from {path}{kept}")
