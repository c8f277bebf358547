"""`antre hall export` and `antre hall import FILE`: the hall configuration as TOML
(docs/hall-admin.md). After the first start the database holds the hall; these keep the
TOML file as seed and backup."""

from __future__ import annotations

import getpass
import os
from datetime import UTC, datetime
from pathlib import Path

import click

from queue_core.errors import ConfigError
from queue_core.events import iso
from queue_server import hall_config
from queue_server.cli.common import DB_OPTION, Fail, _open_db, _settings, main
from queue_server.store import audit as audit_rows
from queue_server.store import connect
from queue_server.store import hall_config as rows


@main.group()
def hall() -> None:
    """The hall's configuration, kept in the database (docs/hall-admin.md)."""


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # a container user with no passwd entry
        return f"uid{os.getuid()}"


@hall.command("export")
@DB_OPTION
def export(db: Path | None) -> None:
    """Print the stored hall configuration as TOML (the same bytes every time)."""
    path = _settings(db=db).db
    if not Path(path).exists():
        raise Fail(f"no database at {path}")
    conn = connect(path, readonly=True).conn
    try:
        stored = rows.current(conn)
    except Exception as exc:  # a database from before the hall lived in it
        raise Fail(f"{path}: no hall configuration ({exc}); start the server once") from None
    finally:
        conn.close()
    if stored is None:
        raise Fail(
            f"{path}: no hall configuration yet; the server stores its hall file at the "
            "first start, or run `antre hall import FILE`"
        )
    click.echo(stored.document, nl=False)


@hall.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@DB_OPTION
def import_(file: Path, db: Path | None) -> None:
    """Check FILE as the server checks a hall file, then store it as the hall's
    configuration; a running server applies it within seconds."""
    try:
        document = hall_config.read_file(file)
        text = hall_config.to_toml(document)
    except ConfigError as exc:
        raise Fail(str(exc)) from None
    conn = _open_db(db)
    try:
        conn.execute("BEGIN IMMEDIATE")
        stored = rows.current(conn)
        if stored is not None and hall_config.from_toml(stored.document) == document:
            conn.execute("ROLLBACK")
            click.echo(f"hall configuration unchanged (version {stored.version})")
            return
        version = 1 if stored is None else stored.version + 1
        now = iso(datetime.now(UTC))
        # Announced by the server (its writer numbers the events): it sees the new version.
        rows.save(
            conn, text, version, now, announced=version if stored is None else stored.announced
        )
        before = (
            None if stored is None else hall_config.jsonable(hall_config.from_toml(stored.document))
        )
        audit_rows.append(
            conn,
            now,
            f"cli:{_os_user()}",
            "hall.import",
            "hall",
            before,
            hall_config.jsonable(document),
        )
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()
    click.echo(f"hall configuration version {version} stored from {file}")
