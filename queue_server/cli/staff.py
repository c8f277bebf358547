"""`antre user …` and `antre device …`: staff accounts and device tokens."""

from __future__ import annotations

import getpass
import os
import sqlite3
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import click

from queue_core.errors import ConfigError, DomainError
from queue_core.hall import load_hall
from queue_server import accounts, auth, hall_config
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
    help="Hall file to check --agency against [default: the hall stored in the database, else ANTRE_HALL, else the sample hall].",
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
            known = _agencies(db, hall)
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


def _agencies(db: Path | None, hall: Path | None) -> set[str]:
    """The hall's agencies: those stored in the database once the server has started
    (docs/hall-admin.md), unless --hall names a file; else the hall file's."""
    if hall is None:
        conn = _open_db(db)
        try:
            stored = hall_config.stored_hall(conn)
        finally:
            conn.close()
        if stored is not None:
            return {a.id for a in stored.agencies}
    return {a.id for a in load_hall(hall or _settings().hall).agencies}


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


TOKEN_FILE_OPTION = click.option(
    "--token-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the token to this file (mode 0600) instead of printing it; the device "
    "reads it with --token-file, so it never shows in a terminal or in `ps`.",
)


def _hand_over(token: str, token_file: Path | None, what: str) -> None:
    """Print the token as the last line, or write it where only its owner can read it."""
    if token_file is None:
        click.echo(f"{what} (shown once, keep it safe):")
        click.echo(token)
        return
    try:
        fd = os.open(token_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            os.fchmod(out.fileno(), 0o600)  # an existing file keeps no wider mode
            out.write(token + "\n")
    except OSError as exc:
        raise Fail(f"{token_file}: cannot write the token ({exc.strerror})") from None
    click.echo(f"{what}: written to {token_file} (mode 0600)")


@device.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(auth.DEVICE_ROLES), required=True)
@TOKEN_FILE_OPTION
@DB_OPTION
def device_add(name: str, role: str, token_file: Path | None, db: Path | None) -> None:
    """Create a device; its bearer token is the last line printed (or goes to --token-file)."""
    token = auth.new_token()
    conn = _open_db(db)
    try:
        staff.add_device(conn, name, role, auth.hash_token(token), datetime.now(UTC))
    except sqlite3.IntegrityError:
        raise Fail(f"device {name!r} exists already") from None
    finally:
        conn.close()
    _hand_over(token, token_file, f"device {name} ({role}) created; its token")


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
@TOKEN_FILE_OPTION
@DB_OPTION
def device_rotate(name: str, token_file: Path | None, db: Path | None) -> None:
    """Give a device a new token (the last line printed, or --token-file); the old one
    stops working."""
    token = auth.new_token()
    record = _change(
        db, lambda conn, now: accounts.rotate_device(conn, now, name, auth.hash_token(token))
    )
    _hand_over(token, token_file, f"device {name} ({record.role}) has a new token")
