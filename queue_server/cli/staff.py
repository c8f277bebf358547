"""`antre user …` and `antre device …`: staff accounts and device tokens."""

from __future__ import annotations

import getpass
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from queue_core.errors import ConfigError
from queue_core.hall import load_hall
from queue_server import auth
from queue_server.cli.common import DB_OPTION, Fail, _open_db, _settings, main
from queue_server.store import staff


@main.group()
def user() -> None:
    """Staff users."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(auth.STAFF_ROLES), required=True)
@click.option(
    "--agency",
    default=None,
    help="The agency id (from the hall file) whose counters this user works; "
    "an operator with an agency may open only its counters.",
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@DB_OPTION
@click.option(
    "--hall",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Hall file to check --agency against [env ANTRE_HALL; default: the sample hall].",
)
def user_add(
    name: str,
    role: str,
    agency: str | None,
    password_stdin: bool,
    db: Path | None,
    hall: Path | None,
) -> None:
    """Create a staff user (password hashed with argon2)."""
    if agency is not None:
        try:
            known = {a.id for a in load_hall(hall or _settings().hall).agencies}
        except ConfigError as exc:
            raise Fail(str(exc)) from None
        if agency not in known:
            raise Fail(
                f"agency {agency!r} is not in the hall file; use one of: {', '.join(sorted(known))}"
            )
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Repeat: ") != password:
            raise Fail("the passwords differ")
    if len(password) < 8:
        raise Fail("the password must have at least 8 characters")
    conn = _open_db(db)
    try:
        staff.add_user(conn, name, auth.hash_password(password), role, datetime.now(UTC), agency)
    except sqlite3.IntegrityError:
        raise Fail(f"user {name!r} exists already") from None
    finally:
        conn.close()
    click.echo(f"user {name} ({role}{', ' + agency if agency else ''}) created")


@main.group()
def device() -> None:
    """Kiosks and displays."""


@device.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(auth.DEVICE_ROLES), required=True)
@DB_OPTION
def device_add(name: str, role: str, db: Path | None) -> None:
    """Create a device; its bearer token is the last line printed."""
    token = auth.new_token()
    conn = _open_db(db)
    try:
        staff.add_device(conn, name, role, auth.hash_token(token), datetime.now(UTC))
    except sqlite3.IntegrityError:
        raise Fail(f"device {name!r} exists already") from None
    finally:
        conn.close()
    click.echo(f"device {name} ({role}) created; its token (shown once, keep it safe):")
    click.echo(token)
