"""`antre audit verify`: walk the audit log's hash chain."""

from __future__ import annotations

from pathlib import Path

import click

from queue_server.cli.common import DB_OPTION, Fail, _settings, main
from queue_server.store import audit as audit_rows
from queue_server.store import connect


@main.group()
def audit() -> None:
    """The audit log of changes made by people (docs/reports.md)."""


@audit.command()
@DB_OPTION
def verify(db: Path | None) -> None:
    """Check every entry follows from the one before (exit 1 naming the first that does not)."""
    path = _settings(db=db).db
    if not Path(path).exists():
        raise Fail(f"no database at {path}")
    conn = connect(path, readonly=True).conn
    try:
        broken = audit_rows.first_broken(conn)
        total = audit_rows.count(conn)
    finally:
        conn.close()
    if broken is not None:
        seq, reason = broken
        raise Fail(f"audit log broken at entry {seq}: {reason}")
    click.echo(f"audit log intact: {total} entries chained from the first")
