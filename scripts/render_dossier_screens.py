"""Render PNG screenshots of the dossier (berkas) on the citizen's /t/ page into
docs/screens/dossier-*.png.

Starts its own `antre serve` on a throwaway database with the sample hall (its PBG service
has `dossier_days = 28`), serves a visit, opens a dossier and moves it through every state
by the REST API, as a counter would, photographing the phone page (390×844) after each:
received, in process, needs completion (with what is missing), ready (with the pickup
words, Indonesian and English), collected, and a rejected one. One note carries markup,
to show it stays text.

    .venv/bin/python scripts/render_dossier_screens.py [--out DIR]

Needs Debian's chromium (`apt-get install chromium`) and the `playwright` package.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # web_screens

from render_screens import always_open_hall
from support import SAMPLE_HALL, Server, antre, bearer, launch_chromium
from web_screens import OUT, PHONE


class Hall:
    def __init__(self, server: Server) -> None:
        self.url = server.url
        self.kiosk = bearer(server.device_token(f"kiosk-{server.port}", "kiosk"))
        self.admin = bearer(server.staff_token(f"admin{server.port}"))

    def visit_with_dossier(self) -> dict[str, Any]:
        url, admin = self.url, self.admin
        ticket = httpx.post(
            f"{url}/api/v1/tickets", json={"service_id": "pbg"}, headers=self.kiosk
        ).json()
        httpx.post(f"{url}/api/v1/counters/17/open", headers=admin)
        httpx.post(
            f"{url}/api/v1/counters/17/call", json={"ticket_id": ticket["id"]}, headers=admin
        ).raise_for_status()
        for step in ("start", "finish"):
            httpx.post(f"{url}/api/v1/tickets/{ticket['id']}/{step}", headers=admin)
        d = httpx.post(
            f"{url}/api/v1/tickets/{ticket['id']}/dossier",
            json={"title": "PBG rumah tinggal"},
            headers=admin,
        )
        d.raise_for_status()
        return dict(d.json()) | {"token": ticket["tracking_token"]}

    def step(self, d: dict[str, Any], action: str, **body: str) -> None:
        httpx.post(
            f"{self.url}/api/v1/dossiers/{d['id']}/{action}", json=body or None, headers=self.admin
        ).raise_for_status()


def shoot(browser: Browser, url: str, out: Path, name: str) -> None:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(url)
    page.locator("#dossier").wait_for()
    page.locator("#dossier").scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(out / f"dossier-{name}.png"))
    context.close()
    print(out / f"dossier-{name}.png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        # Visits are served in a hall open around the clock (screens render at any hour);
        # the pages are then shown by the sample hall itself, so the pickup words name
        # its real hours.
        db = Path(tmp) / "antre.db"
        server = Server(db, hall=always_open_hall(Path(tmp))).start()
        try:
            hall = Hall(server)
            d = hall.visit_with_dossier()
            other = hall.visit_with_dossier()
        finally:
            server.stop()
        # The database holds the hall after the first start: the sample goes in by import.
        imported = antre("hall", "import", str(SAMPLE_HALL), "--db", str(db))
        assert imported.returncode == 0, imported.stderr
        server = Server(db, hall=SAMPLE_HALL).start()
        try:
            hall = Hall(server)
            with sync_playwright() as p:
                browser = launch_chromium(p)
                page = f"{server.url}/t/{d['token']}"
                shoot(browser, page, args.out, "received")
                hall.step(d, "process")
                shoot(browser, page, args.out, "in_process")
                hall.step(
                    d, "need", note="Gambar struktur belum ditandatangani <b>tenaga ahli</b>."
                )
                shoot(browser, page, args.out, "needs_completion")
                hall.step(d, "resume")
                hall.step(d, "ready", note="Dokumen PBG asli di map biru.")
                shoot(browser, page, args.out, "ready")
                shoot(browser, page + "?lang=en", args.out, "ready-en")
                hall.step(d, "collect")
                shoot(browser, page, args.out, "collected")
                hall.step(
                    other, "reject", reason="Lokasi di luar wilayah kabupaten; ajukan di MPP kota."
                )
                shoot(browser, f"{server.url}/t/{other['token']}", args.out, "rejected")
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
