"""What `antre doctor` checks on a hall PC: one function per need, each a `Check` with the
command that fixes it. Plain functions that never raise; the CLI (cli/doctor.py) picks
them per role and prints the table.

Everything is tried for real, nothing is guessed from package lists: the Qt platform
plugin is loaded in a child process (a missing system library would otherwise kill
`antre doctor` itself), the printer is asked its status, the server is asked who the
token belongs to, and its `Date` header is the clock to be in step with.
"""

from __future__ import annotations

import email.utils
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

CLOCK_SLACK_SECONDS = 60
"""More than this between the PC and the server shows in waits and the board's clock."""
PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")
_QT_TIMEOUT = 30.0


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def _debian_package(soname: str) -> str:
    """Debian's package for a shared library: libxcb-icccm.so.4 → libxcb-icccm4."""
    special = {"libglib-2.0.so.0": "libglib2.0-0", "libQt6XcbQpa.so.6": "antre[qt]"}
    if soname in special:
        return special[soname]
    m = re.fullmatch(r"(lib.+?)\.so\.(\d+)", soname)
    if m is None:
        return soname
    name, version = m.group(1).lower(), m.group(2)
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


_QT_PROBE = r"""
import ctypes, os, sys
from PySide6.QtCore import QLibraryInfo
platform, start = sys.argv[1], sys.argv[2] == "start"
plugins = QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)
library = os.path.join(plugins, "platforms", "libq%s.so" % platform)
if not os.path.exists(library):
    sys.exit("no such Qt platform plugin: %s" % library)
try:
    ctypes.CDLL(library)  # loads the system libraries it needs: names a missing one
except OSError as exc:
    sys.exit(str(exc))
if start:
    from PySide6.QtGui import QGuiApplication
    app = QGuiApplication([sys.argv[0], "-platform", platform])
    print(app.platformName(), app.primaryScreen().size().width(),
          app.primaryScreen().size().height())
"""


def qt_platform() -> Check:
    """The platform plugin the apps will use loads, with every system library it needs.
    Where a display is there (DISPLAY, WAYLAND_DISPLAY) the plugin is started too."""
    name = "qt"
    platform = os.environ.get("QT_QPA_PLATFORM") or (
        "wayland" if os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("DISPLAY") else "xcb"
    )
    has_display = platform not in ("xcb", "wayland") or bool(
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    mode = "start" if has_display else "load"
    try:
        done = subprocess.run(
            [sys.executable, "-c", _QT_PROBE, platform, mode],
            capture_output=True,
            text=True,
            timeout=_QT_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return Check(name, False, f"the {platform} plugin hung for {_QT_TIMEOUT:g} s", "")
    if done.returncode != 0:
        said = (done.stderr.strip().splitlines() or ["no message"])[-1]
        if "No module named 'PySide6'" in said:
            return Check(name, False, "PySide6 is not installed", "pip install 'antre[qt]'")
        missing = re.search(r"(lib[\w.+-]+\.so[.\d]*): cannot open shared object", said)
        if missing:
            package = _debian_package(missing.group(1))
            return Check(
                name,
                False,
                f"the {platform} plugin needs {missing.group(1)}",
                f"sudo apt-get install {package}  (all of them: docs/install-pc.md)",
            )
        return Check(name, False, f"{platform}: {said}", "see docs/install-pc.md, section 1")
    if mode == "load":
        return Check(name, True, f"{platform} plugin loads (no display here to start it on)")
    return Check(name, True, f"{platform} starts: {done.stdout.strip()}")


FONT_PACKAGES = {"DejaVu Sans": "fonts-dejavu-core", "Liberation Sans Narrow": "fonts-liberation"}
_FONT_PROBE = r"""
from PySide6.QtGui import QFontDatabase, QGuiApplication
app = QGuiApplication(["antre-doctor", "-platform", "offscreen"])
print("\n".join(QFontDatabase.families()))
"""


def fonts(families: tuple[str, ...]) -> Check:
    """The apps' fonts, as Qt itself finds them (through fontconfig)."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _FONT_PROBE], capture_output=True, text=True, timeout=_QT_TIMEOUT
        )
    except subprocess.TimeoutExpired:
        return Check("fonts", False, "Qt's font list hung", "")
    if done.returncode != 0:
        said = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return Check("fonts", False, f"Qt could not list fonts: {said}", "pip install 'antre[qt]'")
    known = set(done.stdout.splitlines())
    missing = [f for f in families if f not in known]
    if missing:
        packages = " ".join(FONT_PACKAGES.get(f, "fonts-dejavu-core") for f in missing)
        return Check(
            "fonts", False, f"missing {', '.join(missing)}", f"sudo apt-get install {packages}"
        )
    return Check("fonts", True, ", ".join(families))


def printer(url: str | None) -> Check:
    """The ticket printer answers a status query (nothing is printed)."""
    if url is None:
        return Check("printer", True, "none given (--printer): the kiosk shows the QR only")
    from printer import PrinterUrlError, parse_printer_url
    from printer.backends import open_connection
    from printer.deadline import Deadline, Timeouts
    from printer.job import ask_status

    fix = f"antre print-test --printer {url}  (cable, power, address: docs/printing.md)"
    try:
        address = parse_printer_url(url)
    except PrinterUrlError as exc:
        return Check("printer", False, str(exc), "see docs/printing.md for printer URLs")
    if address.kind in ("preview", "dummy"):
        return Check("printer", True, f"{url}: no printer to ask")
    timeouts = Timeouts(connect=3.0, status=1.0, total=6.0)
    try:
        deadline = Deadline(timeouts.total)
        connection = open_connection(address, deadline, timeouts)
        try:
            status = (
                ask_status(connection, deadline, timeouts.status)
                if connection.answers_status
                else None
            )
        finally:
            connection.close()
    except Exception as exc:  # every way a printer fails is the technician's to see
        return Check("printer", False, f"{url}: {exc}", fix)
    if status is None:
        return Check("printer", True, f"{url}: connected (it reports no status)")
    if status.paper_out or status.cover_open or status.error or status.online is False:
        return Check("printer", False, f"{url}: {status.describe()}", fix)
    return Check("printer", True, f"{url}: {status.describe()}")


def readers(specs: tuple[str, ...]) -> list[Check]:
    """Each NIK reader is there: a keyboard wedge needs nothing, a serial port must exist,
    a PC/SC reader needs pcscd running."""
    checks = []
    for spec in specs:
        kind, _, rest = spec.partition(":")
        if kind == "wedge":
            checks.append(Check("reader", True, "wedge: types as a keyboard, nothing to check"))
        elif kind == "serial":
            port = rest.partition("@")[0]
            if "://" in port or Path(port).exists():
                checks.append(Check("reader", True, f"serial {port}"))
            else:
                fix = "plug it in; ls /dev/serial/by-id/; sudo adduser antre dialout"
                checks.append(Check("reader", False, f"serial {port}: no such device", fix))
        elif kind == "pcsc":
            checks.append(pcscd())
        else:
            checks.append(Check("reader", False, f"unknown reader {spec!r}", "see docs/kiosk.md"))
    return checks


def pcscd() -> Check:
    if PCSCD_SOCKET.exists():
        return Check("pcscd", True, f"listening on {PCSCD_SOCKET}")
    return Check(
        "pcscd",
        False,
        "the smart-card daemon is not running",
        "sudo apt-get install pcscd libpcsclite1 && sudo systemctl enable --now pcscd.socket",
    )


def sound() -> Check:
    """A sound server with an output, for the board's voice."""
    pactl = shutil.which("pactl")
    fix = "sudo apt-get install pulseaudio pulseaudio-utils (or pipewire-pulse); log in as the board's user"
    if pactl is None:
        return Check("sound", False, "pactl not found", fix)
    done = subprocess.run([pactl, "get-default-sink"], capture_output=True, text=True, timeout=10)
    sink = done.stdout.strip()
    if done.returncode != 0 or not sink or sink == "auto_null":
        said = "; ".join(done.stderr.split("\n")).strip("; ") or "no output device"
        return Check("sound", False, said, fix)
    return Check("sound", True, f"output {sink}")


def server(url: str, client: httpx.Client) -> tuple[Check, datetime | None]:
    """The server answers its health check; also its clock (the `Date` header)."""
    try:
        response = client.get("/api/v1/health")
    except httpx.HTTPError as exc:
        fix = f"is `antre serve` running there? curl {url}/api/v1/health; check the cable/Wi-Fi"
        return Check("server", False, f"{url}: {exc.__class__.__name__}: {exc}", fix), None
    when = response.headers.get("date")
    server_time = email.utils.parsedate_to_datetime(when) if when else None
    if response.status_code != 200:
        return Check(
            "server", False, f"{url}: HTTP {response.status_code}", "see the server's log"
        ), server_time
    return Check("server", True, f"{url} answers"), server_time


def token(client: httpx.Client, secret: str, role: str) -> Check:
    """The device token is known to the server, and is this role's (`GET /auth/me`)."""
    fix = (
        f"on the server: antre device add NAME --role {role} | tail -n 1 > /etc/antre/{role}.token"
    )
    if not secret:
        return Check("token", False, "none given (--token, --token-file or ANTRE_TOKEN)", fix)
    try:
        response = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {secret}"})
    except httpx.HTTPError as exc:
        return Check("token", False, f"not checked: {exc}", "")
    if response.status_code == 401:
        return Check("token", False, "refused by the server (wrong, revoked or expired)", fix)
    if response.status_code != 200:
        return Check("token", False, f"HTTP {response.status_code}", fix)
    me = response.json()
    if me.get("role") != role:
        return Check(
            "token", False, f"{me.get('name')!r} is a {me.get('role')} token, not {role}", fix
        )
    return Check("token", True, f"device {me.get('name')!r}, role {role}")


def clock(server_time: datetime | None, now: datetime | None = None) -> Check:
    """This PC's clock against the server's: waits, ETAs and the board's time use both."""
    if server_time is None:
        return Check("clock", False, "the server sent no Date header to compare with", "")
    now = now or datetime.now(UTC)
    off = (now - server_time).total_seconds()
    # The Date header counts whole seconds: up to 2 s apart is the same time.
    if abs(off) <= 2:
        return Check("clock", True, "in step with the server (within 2 s)")
    detail = f"{abs(off):.0f} s {'ahead of' if off > 0 else 'behind'} the server"
    if abs(off) > CLOCK_SLACK_SECONDS:
        return Check(
            "clock",
            False,
            detail,
            "sudo timedatectl set-ntp true  (or set the time: sudo date -s …)",
        )
    return Check("clock", True, f"in step with the server ({detail})")


def database(db: Path | None) -> Check:
    """The server's database opens and is migrated."""
    from queue_server.settings import Settings
    from queue_server.store import connect, migrate

    try:
        path = Settings(**({"db": db} if db else {})).db  # type: ignore[arg-type]
        if not Path(path).exists():
            return Check("database", True, f"{path}: not there yet; `antre serve` creates it")
        database = connect(path)
        try:
            migrate(database)
        finally:
            database.conn.close()
    except Exception as exc:  # the message names the file and what is wrong with it
        return Check("database", False, str(exc), "check --db / ANTRE_DB and the file's owner")
    return Check("database", True, str(path))
