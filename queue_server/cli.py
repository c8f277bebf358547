"""The `antre` command."""

from __future__ import annotations

import gc
import getpass
import importlib
import sqlite3
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from queue_core.errors import ConfigError
from queue_core.hall import load_hall
from queue_server import auth
from queue_server.settings import Settings
from queue_server.store import connect, migrate, staff

F = TypeVar("F", bound=Callable[..., Any])

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


@main.command()
@DB_OPTION
@click.option(
    "--hall",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Hall configuration (TOML) [env ANTRE_HALL; default: the bundled sample hall].",
)
@click.option(
    "--host", default=None, help="Address to listen on [default 127.0.0.1; 0.0.0.0 for the LAN]."
)
@click.option("--port", type=int, default=None, help="Port [default 8000].")
def serve(db: Path | None, hall: Path | None, host: str | None, port: int | None) -> None:
    """Run the hall server."""
    import uvicorn

    from queue_server.app import create_app
    from queue_server.edge import configure_logging

    settings = _settings(db=db, hall=hall, host=host, port=port)
    configure_logging()
    try:
        app = create_app(settings)
    except ConfigError as exc:
        raise Fail(str(exc)) from None
    except sqlite3.DatabaseError as exc:
        raise Fail(f"{settings.db}: cannot use this database ({exc})") from None
    click.echo(
        f"Antre: {app.state.runtime.hall.name} on http://{settings.host}:{settings.port}", err=True
    )
    # Full collections walk every live object: with a thousand boards connected, each one
    # stopped every screen for ~100 ms mid-call (measured: one call in 30 at 130-155 ms).
    # Made rare in the server process; young collections stay frequent enough to keep
    # memory flat.
    gc.set_threshold(50_000, 20, 100)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        access_log=False,
        ws_ping_interval=20,
        ws_ping_timeout=20,
        # Events are ~200 bytes: compressing them saves little on a LAN and cost a
        # quarter of the loop's time when a call fans out to a thousand screens.
        ws_per_message_deflate=False,
        server_header=False,
        timeout_graceful_shutdown=3,
    )


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


@main.command()
@click.option("--visitors", type=click.IntRange(1, 100_000), default=3000, show_default=True)
@click.option("--counters", type=click.IntRange(1, 500), default=40, show_default=True)
@click.option(
    "--speed",
    type=float,
    default=0.0,
    show_default=True,
    help="Simulated seconds per real second; 0 runs as fast as possible.",
)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--hall", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Keep the simulated day in this database (default: a temporary file).",
)
def simulate(
    visitors: int, counters: int, speed: float, seed: int, hall: Path | None, db: Path | None
) -> None:
    """Run a hall day through the real domain and store; print the figures."""
    from queue_server.simulation import run_simulation

    try:
        hall_config = load_hall(hall or _settings().hall)
    except ConfigError as exc:
        raise Fail(str(exc)) from None
    run_simulation(hall_config, visitors=visitors, counters=counters, speed=speed, seed=seed, db=db)


@main.command()
@click.option(
    "--port", type=int, default=8000, show_default=True, help="Port of the demo hall server."
)
@click.option(
    "--minutes",
    type=click.FloatRange(0, min_open=True),
    default=90,
    show_default=True,
    help="Hall minutes of the morning to play, from opening, before the summary.",
)
@click.option(
    "--speed",
    type=click.FloatRange(0, min_open=True),
    default=60,
    show_default=True,
    help="How many times faster than real time the morning runs; afterwards the hall "
    "goes on at real speed.",
)
def demo(port: int, minutes: float, speed: float) -> None:
    """The newcomer's first run: a hall server with a simulated morning.

    Starts the sample hall on a throw-away database, plays its morning through the REST
    API (kiosk, operators) while the terminal shows the hall, then prints the figures, a
    waiting ticket's tracking page, the API docs and the admin login. Ctrl-C stops it."""
    from queue_server.demo import DemoFailed, run_demo

    try:
        run_demo(port=port, minutes=minutes, speed=speed)
    except DemoFailed as exc:
        raise Fail(exc.format_message()) from None


@main.command("print-test")
@click.option(
    "--printer",
    "printer_url",
    metavar="URL",
    default="preview://./antre-print-test.png",
    show_default=True,
    help="tcp://HOST[:9100], usb://VID:PID, serial:///dev/ttyUSB0?baudrate=19200, "
    "file:///dev/usb/lp0, preview:///path/ticket.png or dummy://.",
)
@click.option(
    "--width",
    type=click.Choice(["58", "80"]),
    default="58",
    show_default=True,
    help="Paper width in millimetres.",
)
def print_test(printer_url: str, width: str) -> None:
    """Print a sample ticket (or write its preview) and report the printer's status."""
    import logging

    from printer import Paper, PrinterUrlError, parse_printer_url, print_ticket
    from printer.sample import sample_layout

    try:
        kind = parse_printer_url(printer_url).kind
    except PrinterUrlError as exc:
        raise click.BadParameter(str(exc), param_hint="--printer") from None
    # The outcome is reported below; the printer's own log line would repeat it.
    printer_log = logging.getLogger("printer")
    level = printer_log.level
    printer_log.setLevel(logging.ERROR)
    try:
        result = print_ticket(sample_layout(Paper.from_mm(int(width))), printer_url)
    finally:
        printer_log.setLevel(level)
    click.echo(f"printer: {printer_url} ({width} mm paper)")
    if kind in ("preview", "dummy"):
        status = "no printer to ask"
    elif result.status is not None:
        status = result.status.describe()
    else:
        status = "not reported by the printer" if result.ok else "unknown"
    click.echo(f"status:  {status}")
    if not result.ok:
        raise Fail(f"not printed ({result.outcome}): {result.detail}")
    click.echo(f"result:  ok in {result.seconds:.1f} s: {result.detail}")
    if result.paper_near_end:
        click.echo("warning: the paper roll is nearly used up; have a new one ready")


def _server_option(required: bool) -> Callable[[F], F]:
    hint = "" if required else " [default: the last one this PC used]"
    return click.option(
        "--server",
        "server_url",
        metavar="URL",
        required=required,
        default=None,
        help=f"The hall server, e.g. http://192.168.1.10:8000{hint}.",
    )


def _token_option(what: str, role: str) -> Callable[[F], F]:
    return click.option(
        "--token",
        metavar="T",
        required=True,
        help=f"This {what}'s device token (antre device add NAME --role {role}).",
    )


_windowed_option = click.option(
    "--windowed", is_flag=True, help="A window instead of full screen (for trying it out)."
)


def _run_qt_app(module: str, what: str, *args: object, **options: object) -> None:
    """Start one of the PySide6 apps; PySide6 is an extra (antre[qt]), so say so if missing."""
    try:
        app = importlib.import_module(module)
    except ImportError as exc:
        raise Fail(f"{what} needs PySide6 (pip install 'antre[qt]'): {exc}") from None
    sys.exit(app.main(*args, **options))


@main.command()
@_server_option(required=False)
def counter(server_url: str | None) -> None:
    """The counter staff's desktop app (petugas loket)."""
    _run_qt_app("counter_app.app", "the counter app", server_url)


@main.command()
@_server_option(required=True)
@_token_option("kiosk", "kiosk")
@click.option(
    "--printer",
    "printer_url",
    metavar="URL",
    default=None,
    help="The ticket printer (see docs/printing.md); none: the kiosk only shows the QR.",
)
@click.option(
    "--reader",
    "readers",
    metavar="SPEC",
    multiple=True,
    default=("wedge",),
    show_default=True,
    help="A NIK reader: wedge, serial:PORT[@BAUD], pcsc:MODULE:FUNCTION (repeatable).",
)
@_windowed_option
def kiosk(
    server_url: str, token: str, printer_url: str | None, readers: tuple[str, ...], windowed: bool
) -> None:
    """The touchscreen kiosk where citizens take a number."""
    _run_qt_app("kiosk_app.app", "the kiosk", server_url, token, printer_url, readers, windowed)


@main.command()
@_server_option(required=True)
@_token_option("screen", "display")
@click.option("--zone", metavar="Z", default=None, help="Show only the counters of this zone.")
@click.option(
    "--agency",
    "agencies",
    metavar="ID",
    multiple=True,
    help="Show only the counters of this agency (its id in the hall file; repeatable).",
)
@click.option(
    "--logo",
    metavar="PATH",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The hall's logo (PNG, JPEG or SVG) for the header; none: no logo.",
)
@click.option(
    "--media",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="A folder of pictures the board shows one after another beside the last calls.",
)
@click.option(
    "--media-seconds",
    type=click.FloatRange(1, 3600),
    default=8,
    show_default=True,
    help="How long each picture of --media stays.",
)
@_windowed_option
def display(
    server_url: str,
    token: str,
    zone: str | None,
    agencies: tuple[str, ...],
    logo: Path | None,
    media: Path | None,
    media_seconds: float,
    windowed: bool,
) -> None:
    """The hall board (layar antrean) on a desktop PC: calls shown and spoken."""
    _run_qt_app(
        "display_board.app",
        "the hall board",
        server_url,
        token,
        zone,
        windowed,
        agencies=agencies,
        logo=logo,
        media=media,
        media_seconds=media_seconds,
    )


if __name__ == "__main__":
    main()
