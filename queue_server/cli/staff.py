"""`antre user …` and `antre device …`: staff accounts and device tokens."""

from __future__ import annotations

import getpass
import sqlite3
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import click

from queue_core.errors import ConfigError, DomainError
from queue_core.hall import load_hall
from queue_server import accounts, auth
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
    password = _read_password(password_stdin)
    conn = _open_db(db)
    try:
        staff.add_user(conn, name, auth.hash_password(password), role, datetime.now(UTC), agency)
    except sqlite3.IntegrityError:
        raise Fail(f"user {name!r} exists already") from None
    finally:
        conn.close()
    click.echo(f"user {name} ({role}{', ' + agency if agency else ''}) created")


T = TypeVar("T")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Repeat: ") != password:
            raise Fail("the passwords differ")
    if len(password) < 8:
        raise Fail("the password must have at least 8 characters")
    return password


def _change(db: Path | None, change: Callable[[sqlite3.Connection, datetime], T]) -> T:
    """One short write transaction beside a running server (WAL lets both write in turn);
    the change bumps credentials_version, so the server refuses a revoked token on its
    next request and closes its streams within a second."""
    conn = _open_db(db)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = change(conn, datetime.now(UTC))
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return result
    except DomainError as exc:
        raise Fail(exc.message_en) from None
    finally:
        conn.close()


@user.command("list")
@DB_OPTION
def user_list(db: Path | None) -> None:
    """List staff users: name, role, agency, state."""
    conn = _open_db(db)
    try:
        rows, after = [], ""
        while page := staff.users(conn, after, 500):
            rows += page
            after = page[-1].name
    finally:
        conn.close()
    for row in rows:
        state = "disabled" if row.disabled_at else "active"
        click.echo(f"{row.name}\t{row.role}\t{row.agency_id or '-'}\t{state}")


@user.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the new password from standard input.")
@DB_OPTION
def user_passwd(name: str, password_stdin: bool, db: Path | None) -> None:
    """Set a user's password; their sessions end (they sign in again)."""
    hashed = auth.hash_password(_read_password(password_stdin))
    _change(db, lambda conn, now: accounts.change_user(conn, now, name, password_hash=hashed))
    click.echo(f"user {name}: password changed; their sessions ended")


@user.command("disable")
@click.argument("name")
@DB_OPTION
def user_disable(name: str, db: Path | None) -> None:
    """Stop a user signing in; their sessions end at once."""
    _change(db, lambda conn, now: accounts.change_user(conn, now, name, disabled=True))
    click.echo(f"user {name} disabled")


@user.command("enable")
@click.argument("name")
@DB_OPTION
def user_enable(name: str, db: Path | None) -> None:
    """Let a disabled user sign in again."""
    _change(db, lambda conn, now: accounts.change_user(conn, now, name, disabled=False))
    click.echo(f"user {name} enabled")


@user.command("remove")
@click.argument("name")
@DB_OPTION
def user_remove(name: str, db: Path | None) -> None:
    """Remove a user (refused while they hold a counter); the name is not reused."""
    _change(db, lambda conn, now: accounts.remove_user(conn, now, name))
    click.echo(f"user {name} removed")


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


@device.command("list")
@DB_OPTION
def device_list(db: Path | None) -> None:
    """List devices: name, role, state."""
    conn = _open_db(db)
    try:
        rows, after = [], ""
        while page := staff.devices(conn, after, 500):
            rows += page
            after = page[-1].name
    finally:
        conn.close()
    for row in rows:
        state = f"revoked {row.revoked_at}" if row.revoked_at else "active"
        click.echo(f"{row.name}\t{row.role}\t{state}")


@device.command("revoke")
@click.argument("name")
@DB_OPTION
def device_revoke(name: str, db: Path | None) -> None:
    """Make a device's token stop working at once (a stolen kiosk or TV box)."""
    _change(db, lambda conn, now: accounts.revoke_device(conn, now, name))
    click.echo(f"device {name} revoked")


@device.command("rotate")
@click.argument("name")
@DB_OPTION
def device_rotate(name: str, db: Path | None) -> None:
    """Give a device a new token (the last line printed); the old one stops working."""
    token = auth.new_token()
    record = _change(
        db, lambda conn, now: accounts.rotate_device(conn, now, name, auth.hash_token(token))
    )
    click.echo(f"device {name} ({record.role}) has a new token (shown once, keep it safe):")
    click.echo(token)
