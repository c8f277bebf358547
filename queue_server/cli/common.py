"""What every `antre` command shares: the group, the one-line failure, settings, the
database option."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click

from queue_server.settings import Settings
from queue_server.store import connect, migrate

DB_OPTION = click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="SQLite database file [env ANTRE_DB; default ./antre.db].",
)


class Fail(click.ClickException):
    """Exit 1 with a one-line reason on stderr."""

    exit_code = 1

    def show(self, file: object = None) -> None:
        click.echo(f"antre: {self.format_message()}", err=True)


def _settings(**overrides: object) -> Settings:
    values = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**values)  # type: ignore[arg-type]
    except Exception as exc:  # pydantic's message names the setting and the rule
        raise Fail(" ".join(str(exc).split())) from None


def _open_db(db: Path | None) -> sqlite3.Connection:
    settings = _settings(db=db)
    database = connect(settings.db)
    migrate(database)
    return database.conn


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="antre")
def main() -> None:
    """Antre: queue management for Mal Pelayanan Publik halls."""
