"""What the web-page screenshot scripts share: where the PNGs go, the phone they are taken
on, and a throwaway `antre serve` with a headless Chromium to photograph it.

The render_*_screens.py scripts import this by putting scripts/ on sys.path (they run as
plain files, not as a package)."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support import SAMPLE_HALL, Server, launch_chromium  # noqa: E402

OUT = ROOT / "docs" / "screens"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


def sample_hall(_: Path) -> Path:
    return SAMPLE_HALL


@contextmanager
def served(hall: Callable[[Path], Path] = sample_hall) -> Iterator[Server]:
    """`antre serve` on a fresh database in a temporary folder; `hall` gets that folder
    and names the hall file to serve."""
    with tempfile.TemporaryDirectory(prefix="antre-screens-") as tmp:
        directory = Path(tmp)
        server = Server(directory / "antre.db", hall=hall(directory)).start()
        try:
            yield server
        finally:
            server.stop()


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's headless Chromium, closed afterwards."""
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()
