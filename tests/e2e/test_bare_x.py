"""The desktop apps fill the screen on bare X: a real Xvfb, no window manager, xcb.

Hall PCs often run an `xinit` session with the app alone (docs/install-pc.md); there
`showFullScreen()` alone left a 640×480 window in a corner. Each app is started as a
technician would (the real `antre` command), and the X server itself (`xwininfo`) says
how big its window is.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import Server, wait_until

SCREEN = (1366, 768)
REQUIRE = os.environ.get("ANTRE_REQUIRE_X")


def _need(tool: str, package: str) -> str:
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} not found: apt-get install {package}"
        if REQUIRE:
            pytest.fail(message)
        pytest.skip(message)
    return path


def _free_display() -> int:
    """A display number no X server holds (its lock file and socket are free)."""
    for n in range(90, 190):
        if not Path(f"/tmp/.X{n}-lock").exists() and not Path(f"/tmp/.X11-unix/X{n}").exists():
            return n
    raise RuntimeError("no free X display number")


@pytest.fixture
def bare_x() -> Iterator[str]:
    """A fresh Xvfb of SCREEN size, and no window manager: the display name."""
    xvfb = _need("Xvfb", "xvfb")
    _need("xwininfo", "x11-utils")
    n = _free_display()
    proc = subprocess.Popen(
        [xvfb, f":{n}", "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    display = f":{n}"
    try:
        wait_until(lambda: Path(f"/tmp/.X11-unix/X{n}").exists(), what="Xvfb's socket")
        yield display
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def app_windows(display: str) -> list[tuple[str, int, int]]:
    """(name, width, height) of the named top-level windows X maps on `display`."""
    out = subprocess.run(
        ["xwininfo", "-root", "-children", "-display", display],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    found = []
    for line in out.splitlines():
        m = re.search(r'"(Antre[^"]*)".*?\s(\d+)x(\d+)\+', line)
        if m:
            found.append((m.group(1), int(m.group(2)), int(m.group(3))))
    return found


def run_app(display: str, tmp_path: Path, *args: str) -> subprocess.Popen[bytes]:
    """The real `antre` command on `display`; its stderr in tmp_path/app.log."""
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_RUNTIME_DIR": str(tmp_path),
    }
    with open(tmp_path / "app.log", "wb") as log:  # the child keeps its own copy
        return subprocess.Popen(
            [sys.executable, "-m", "queue_server.cli", *args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )


@pytest.mark.parametrize("app", ["kiosk", "display", "counter"])
def test_each_app_fills_a_bare_x_screen(
    bare_x: str, server: Server, tmp_path: Path, app: str
) -> None:
    args = {
        "kiosk": ["kiosk", "--server", server.url, "--token", server.device_token("k", "kiosk")],
        "display": [
            "display",
            "--server",
            server.url,
            "--token",
            server.device_token("d", "display"),
        ],
        "counter": ["counter", "--server", server.url],
    }[app]
    proc = run_app(bare_x, tmp_path, *args)
    try:

        def full() -> bool:
            assert proc.poll() is None, (tmp_path / "app.log").read_text()
            return any((w, h) == SCREEN for _name, w, h in app_windows(bare_x))

        try:
            # A cold start on a busy 2-core CI machine (Qt, fonts, the first requests).
            wait_until(full, timeout=60, what=f"{app}'s window at {SCREEN}")
        except AssertionError as timeout:
            seen = app_windows(bare_x)
            log = (tmp_path / "app.log").read_text()[-2000:]
            raise AssertionError(f"{timeout}; windows seen: {seen}; app log:\n{log}") from None
        sizes = [(w, h) for _name, w, h in app_windows(bare_x)]
        assert SCREEN in sizes
        # Its log is in its own file; stderr (the journal) is not a line per request.
        wait_until(lambda: (tmp_path / "state" / "antre" / f"{app}.log").exists())
        assert "HTTP Request" not in (tmp_path / "app.log").read_text()
    finally:
        proc.terminate()
        proc.wait(timeout=15)
