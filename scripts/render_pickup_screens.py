"""Render the pickup screens of the web: the web board with its "Berkas siap diambil"
panel (`/display?…&pickup-panel=1`) at 1920×1080 and in portrait 1080×1920 (also with
the hall's pictures: board-web-pickup-media-*.png), and a pickup
ticket's own /t/ page (390×844, Indonesian and English) naming the dossier it collects,
into docs/screens/board-web-pickup-*.png and track-pickup-*.png.

Starts its own `antre serve` (the sample hall, open around the clock), serves five PBG
visits at Loket 17 and opens a dossier for each, makes four of them ready, scans the
first visit's QR as the kiosk would (a ticket of DPMPTSP's pickup line), then fills the
hall as scripts/render_screens.py does for the board pictures.

    .venv/bin/python scripts/render_pickup_screens.py [--out DIR]

Needs Debian's chromium (`apt-get install chromium`) and the `playwright` package.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, expect, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # web_screens

from render_screens import _HOLD_TICKER, Scene, always_open_hall, busy_hall, call_live
from support import Server, bearer, launch_chromium
from web_screens import OUT, PHONE, served


def ready_dossiers(server: Server, visits: int = 5, ready: int = 4) -> str:
    """`visits` PBG visits served at Loket 17, a dossier each, the first `ready` of them
    ready; returns the first visit's tracking token (its ticket QR)."""
    url = server.url
    kiosk = bearer(server.device_token("kiosk-berkas", "kiosk"))
    admin = bearer(server.staff_token("petugas-berkas", "admin"))

    def post(path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        r = httpx.post(url + path, json=body, headers=admin)
        r.raise_for_status()
        return dict(r.json()) if r.content else {}

    httpx.post(url + "/api/v1/counters/17/open", headers=admin).raise_for_status()
    tokens, dossiers = [], []
    for _ in range(visits):
        r = httpx.post(url + "/api/v1/tickets", json={"service_id": "pbg"}, headers=kiosk)
        r.raise_for_status()
        ticket = r.json()
        post("/api/v1/counters/17/call", {"ticket_id": ticket["id"]})
        post(f"/api/v1/tickets/{ticket['id']}/start")
        post(f"/api/v1/tickets/{ticket['id']}/finish")
        dossiers.append(post(f"/api/v1/tickets/{ticket['id']}/dossier", {"title": "PBG"}))
        tokens.append(ticket["tracking_token"])
    for d in dossiers:
        post(f"/api/v1/dossiers/{d['id']}/process")
    for d in dossiers[:ready]:
        post(f"/api/v1/dossiers/{d['id']}/ready")
    post("/api/v1/counters/17/close")
    return str(tokens[0])


def board(
    browser: Browser,
    scene: Scene,
    size: tuple[int, int],
    counter: int,
    out: Path,
    name: str = "board-web-pickup",
) -> None:
    token = busy_hall(scene)
    width, height = size
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="id-ID", timezone_id="Asia/Jakarta"
    )
    try:
        page = context.new_page()
        page.goto(scene.url(f"/display?token={token}&sound=off&pickup-panel=1"))
        expect(page.locator(".tile")).to_have_count(27)
        expect(page.locator("#pickup .pk-item").first).to_be_visible()
        number = call_live(scene, counter)
        expect(page.locator("#call-number")).to_have_text(number)
        expect(page.locator("#call")).to_have_class(re.compile("fresh"))
        if "media" in name:
            expect(page.locator("#media")).to_be_visible()
        calm = "['arrive', 'picture-in'].includes(a.animationName)"
        page.wait_for_function(f"!document.getAnimations().some(a => {calm})")
        page.evaluate(_HOLD_TICKER)
        path = out / f"{name}-{width}x{height}.png"
        page.screenshot(path=str(path))
        print(path)
    finally:
        context.close()


def track(browser: Browser, scene: Scene, token: str, lang: str, out: Path) -> None:
    context = browser.new_context(**PHONE, locale="id-ID", timezone_id="Asia/Jakarta")
    try:
        page = context.new_page()
        page.goto(scene.url(f"/t/{token}?lang={lang}"))
        expect(page.locator("#pickup-ref")).to_be_visible()
        path = out / f"track-pickup-{lang}.png"
        page.screenshot(path=str(path))
        print(path)
    finally:
        context.close()


POSTER = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1600 1000">
<rect width="1600" height="1000" fill="#1f6f78"/>
<text x="800" y="450" font-family="sans-serif" font-size="120" font-weight="700"
 fill="#fff" text-anchor="middle">Berkas siap?</text>
<text x="800" y="620" font-family="sans-serif" font-size="80" fill="#e1efef"
 text-anchor="middle">Pindai QR tiket di mesin antrean</text></svg>"""


def pictured_hall(folder: Path) -> Path:
    """The always-open sample hall with one poster in its pictures' folder."""
    media = folder / "media"
    media.mkdir()
    (media / "01-berkas.svg").write_text(POSTER, encoding="utf-8")
    hall = always_open_hall(folder)
    text = hall.read_text(encoding="utf-8").replace("[hall]\n", '[hall]\nmedia_dir = "media"\n', 1)
    hall.write_text(text, encoding="utf-8")
    return hall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with served(always_open_hall) as server:
        visit = ready_dossiers(server)
        kiosk = bearer(server.device_token("kiosk-lobi", "kiosk"))
        r = httpx.post(
            server.url + "/api/v1/tickets", json={"tracking_token": visit}, headers=kiosk
        )
        r.raise_for_status()
        pickup_token = r.json()["tracking_token"]
        scene = Scene(server)
        with sync_playwright() as p:
            browser = launch_chromium(p)
            track(browser, scene, pickup_token, "id", args.out)
            track(browser, scene, pickup_token, "en", args.out)
            board(browser, scene, (1920, 1080), 12, args.out)
            board(browser, scene, (1080, 1920), 21, args.out)
            browser.close()
    # With the hall's pictures too: the panel under them, the latest call as large.
    with served(pictured_hall) as server:
        ready_dossiers(server)
        scene = Scene(server)
        with sync_playwright() as p:
            browser = launch_chromium(p)
            for size, counter in (((1920, 1080), 12), ((1080, 1920), 21)):
                board(browser, scene, size, counter, args.out, "board-web-pickup-media")
            browser.close()


if __name__ == "__main__":
    main()
