"""`antre doctor`: does this PC have what its role needs? One line per check, with the fix.

    antre doctor --role kiosk --server http://192.168.1.10:8000 \\
        --token-file /etc/antre/kiosk.token --printer usb://0416:5011

Exit 0 when every check passes, 1 otherwise (docs/install-pc.md, section 3).
"""

from __future__ import annotations

from pathlib import Path

import click
import httpx

from queue_server import machine_checks as checks
from queue_server.cli.apps import device_token, reader_option, token_file_option
from queue_server.cli.common import DB_OPTION, main

ROLES = ("kiosk", "counter", "display", "server")
FONTS = {
    "kiosk": ("DejaVu Sans",),
    "counter": ("DejaVu Sans",),
    "display": ("DejaVu Sans", "Liberation Sans Narrow"),
}


@main.command()
@click.option(
    "--role",
    type=click.Choice(ROLES),
    default="kiosk",
    show_default=True,
    help="What this PC is for: the checks differ.",
)
@click.option("--server", "server_url", metavar="URL", default=None, help="The hall server.")
@click.option("--token", metavar="T", default=None, help="The device token [or env ANTRE_TOKEN].")
@token_file_option("A file holding the device token (its last line).")
@click.option("--printer", "printer_url", metavar="URL", default=None, help="Kiosk: its printer.")
@reader_option("Kiosk: its NIK readers, as `antre kiosk --reader` takes them.")
@DB_OPTION
def doctor(
    role: str,
    server_url: str | None,
    token: str | None,
    token_file: Path | None,
    printer_url: str | None,
    readers: tuple[str, ...],
    db: Path | None,
) -> None:
    """Check this PC for what a kiosk, counter, board or server needs."""
    found: list[checks.Check] = []
    if role != "server":
        found.append(checks.qt_platform())
        found.append(checks.fonts(FONTS[role]))
    if role == "kiosk":
        found.append(checks.printer(printer_url))
        found.extend(checks.readers(readers))
    if role == "display":
        found.append(checks.sound())
    if role == "server":
        found.append(checks.database(db))
    if server_url is None:
        if role != "server":
            found.append(
                checks.Check(
                    "server",
                    False,
                    "not given",
                    f"antre doctor --role {role} --server http://SERVER:8000 …",
                )
            )
    else:
        found.extend(_with_server(server_url.rstrip("/"), role, device_token(token, token_file)))
    _print(found)
    if not all(c.ok for c in found):
        raise SystemExit(1)


def _with_server(url: str, role: str, secret: str) -> list[checks.Check]:
    # trust_env=False: the hall server is on the LAN, as for the apps (queue_client).
    with httpx.Client(base_url=url, timeout=5.0, trust_env=False) as client:
        reached, server_time = checks.server(url, client)
        found = [reached]
        if not reached.ok:
            return found
        if role in ("kiosk", "display"):
            found.append(checks.token(client, secret, role))
        if role != "server":
            found.append(checks.clock(server_time))
    return found


def _print(found: list[checks.Check]) -> None:
    width = max(len(c.name) for c in found)
    for c in found:
        mark = click.style("ok  ", fg="green") if c.ok else click.style("FAIL", fg="red")
        line = f"{mark} {c.name:<{width}}  {c.detail}"
        if not c.ok and c.fix:
            line += f"  → fix: {c.fix}"
        click.echo(line)
    failed = sum(not c.ok for c in found)
    click.echo(
        f"{len(found) - failed}/{len(found)} checks passed"
        + ("" if not failed else f"; {failed} to fix")
    )
