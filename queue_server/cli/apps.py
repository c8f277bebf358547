"""`antre counter`, `antre kiosk`, `antre display`: the desktop apps."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from queue_server.cli.common import Fail, main

F = TypeVar("F", bound=Callable[..., Any])


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


def token_file_option(help: str) -> Callable[[F], F]:
    return click.option(
        "--token-file",
        metavar="PATH",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=help,
    )


def reader_option(help: str) -> Callable[[F], F]:
    """--reader SPEC (repeatable): the kiosk's NIK readers, keyboard wedge by default."""
    return click.option(
        "--reader",
        "readers",
        metavar="SPEC",
        multiple=True,
        default=("wedge",),
        show_default=True,
        help=help,
    )


def _token_option(what: str, role: str) -> Callable[[F], F]:
    """--token T or --token-file PATH or ANTRE_TOKEN: a token on the command line shows in
    `ps` and the shell history, so a hall PC keeps it in a root-readable file."""

    def add(f: F) -> F:
        f = token_file_option(
            f"A file holding this {what}'s device token (e.g. /etc/antre/{role}.token)."
        )(f)
        return click.option(
            "--token",
            metavar="T",
            default=None,
            help=f"This {what}'s device token (antre device add NAME --role {role}) "
            "[or --token-file, or env ANTRE_TOKEN].",
        )(f)

    return add


def device_token(token: str | None, token_file: Path | None) -> str:
    """The token from --token, else --token-file, else ANTRE_TOKEN. None of them, or a
    file that cannot be read, gives an empty token: the app then starts and shows its
    setup screen with the fix (under systemd a crash loop would show nothing)."""
    if token:
        return token.strip()
    if token_file is not None:
        try:
            return token_file.read_text().strip().splitlines()[-1].strip()
        except (OSError, IndexError, UnicodeDecodeError) as exc:
            click.echo(f"antre: cannot read the token file {token_file}: {exc}", err=True)
            return ""
    return os.environ.get("ANTRE_TOKEN", "").strip()


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
@reader_option("A NIK reader: wedge, serial:PORT[@BAUD], pcsc:MODULE:FUNCTION (repeatable).")
@_windowed_option
def kiosk(
    server_url: str,
    token: str | None,
    token_file: Path | None,
    printer_url: str | None,
    readers: tuple[str, ...],
    windowed: bool,
) -> None:
    """The touchscreen kiosk where citizens take a number."""
    secret = device_token(token, token_file)
    _run_qt_app("kiosk_app.app", "the kiosk", server_url, secret, printer_url, readers, windowed)


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
@click.option(
    "--pickup-panel",
    is_flag=True,
    default=False,
    help="Show the 'Berkas siap diambil' panel: numbers whose dossiers are ready to collect.",
)
@_windowed_option
def display(
    server_url: str,
    token: str | None,
    token_file: Path | None,
    zone: str | None,
    agencies: tuple[str, ...],
    logo: Path | None,
    media: Path | None,
    media_seconds: float,
    pickup_panel: bool,
    windowed: bool,
) -> None:
    """The hall board (layar antrean) on a desktop PC: calls shown and spoken."""
    _run_qt_app(
        "display_board.app",
        "the hall board",
        server_url,
        device_token(token, token_file),
        zone,
        windowed,
        agencies=agencies,
        logo=logo,
        media=media,
        media_seconds=media_seconds,
        pickup_panel=pickup_panel,
    )
