"""Render PNG screenshots of Antre's web screens into docs/screens/.

Starts its own `antre serve` on a throwaway database with the sample hall (opening hours
widened so it renders at any hour), builds a realistic queue, and photographs each screen
in headless Chromium at phone size. One function per screen; `main` renders them all.

    .venv/bin/python scripts/render_screens.py [--out DIR] [--only NAME ...]

Needs Debian's chromium (`apt-get install chromium`) and the `playwright` package.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from playwright.sync_api import Browser, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support import CHROMIUM, CHROMIUM_ARGS, SAMPLE_HALL, Server, bearer  # noqa: E402

OUT = ROOT / "docs" / "screens"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}

# Valid, made-up NIKs (Kota Bandung, various birth dates); never real people.
NIKS = [
    "3273010101850002",
    "3273014502900003",
    "3273011207780004",
    "3273015809950005",
    "3273010310880006",
]


@dataclass
class Scene:
    """The queue the screens show: tracking tokens by role."""

    server: Server
    tokens: dict[str, str] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return f"{self.server.url}{path}"


def always_open_hall(directory: Path) -> Path:
    """The sample hall, open around the clock, so screens render at any hour."""
    text = SAMPLE_HALL.read_text(encoding="utf-8")
    text = re.sub(r'(?m)^opens = "[0-9:]+"', 'opens = "00:00"', text, count=1)
    text = re.sub(r'(?m)^closes = "[0-9:]+"', 'closes = "24:00"', text, count=1)
    text = re.sub(r"(?m)^hours = \[.*\]\s*$", "", text)
    path = directory / "hall.toml"
    path.write_text(text, encoding="utf-8")
    return path


def build_scene(server: Server) -> Scene:
    """A mid-morning hall: Samsat and Dukcapil tickets, one called, one being served."""
    kiosk = bearer(server.device_token("kiosk-lobi", "kiosk"))
    admin = bearer(server.staff_token())
    scene = Scene(server)

    def issue(service: str, nik: str | None = None) -> dict[str, object]:
        body: dict[str, object] = {"service_id": service}
        if nik:
            body["nik"] = nik
        r = httpx.post(server.url + "/api/v1/tickets", json=body, headers=kiosk)
        r.raise_for_status()
        return dict(r.json())

    def post(path: str) -> httpx.Response:
        r = httpx.post(server.url + path, headers=admin)
        r.raise_for_status()
        return r

    samsat = [issue("pkb-tahunan") for _ in range(6)]
    dukcapil = [issue("kk", nik) for nik in NIKS]
    for counter in (6, 7, 3):
        post(f"/api/v1/counters/{counter}/open")
    post("/api/v1/counters/6/call-next")  # I001 → Loket 6
    served = post("/api/v1/counters/7/call-next").json()  # I002 → Loket 7
    post(f"/api/v1/tickets/{served['id']}/start")
    post("/api/v1/counters/3/call-next")  # B001 → Loket 3

    scene.tokens["called"] = str(samsat[0]["tracking_token"])
    scene.tokens["serving"] = str(samsat[1]["tracking_token"])
    scene.tokens["waiting"] = str(dukcapil[-1]["tracking_token"])  # 3 ahead after B001
    return scene


@contextmanager
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(**PHONE, locale="id-ID", timezone_id="Asia/Jakarta")
    try:
        yield context.new_page()
    finally:
        context.close()


def shoot(page: Page, out: Path, name: str) -> Path:
    path = out / name
    page.screenshot(path=str(path), full_page=False)
    return path


# ---- the screens ------------------------------------------------------------------------


def track_waiting_id(browser: Browser, scene: Scene, out: Path) -> Path:
    with phone(browser) as page:
        page.goto(scene.url(f"/t/{scene.tokens['waiting']}"))
        expect(page.locator("#ahead")).to_contain_text("3 orang di depan Anda")
        expect(page.locator("#updated")).to_contain_text("Diperbarui")
        return shoot(page, out, "track-waiting-id.png")


def track_called_id(browser: Browser, scene: Scene, out: Path) -> Path:
    with phone(browser) as page:
        page.emulate_media(reduced_motion="reduce")  # the pulse would blur the picture
        page.goto(scene.url(f"/t/{scene.tokens['called']}"))
        expect(page.locator(".call-go")).to_contain_text("Silakan menuju Loket 6")
        return shoot(page, out, "track-called-id.png")


def track_waiting_en(browser: Browser, scene: Scene, out: Path) -> Path:
    with phone(browser) as page:
        page.goto(scene.url(f"/t/{scene.tokens['waiting']}"))
        page.get_by_role("button", name="English").tap()
        expect(page.locator("#ahead")).to_contain_text("3 people ahead of you")
        page.reload()  # the choice is remembered; and the button loses its pressed look
        expect(page.locator("#ahead")).to_contain_text("3 people ahead of you")
        return shoot(page, out, "track-waiting-en.png")


def track_unknown(browser: Browser, scene: Scene, out: Path) -> Path:
    with phone(browser) as page:
        response = page.goto(scene.url("/t/bukan-nomor-antrean-yang-benar-0000"))
        assert response is not None and response.status == 404
        expect(page.locator("h1").first).to_have_text("Nomor antrean tidak ditemukan")
        return shoot(page, out, "track-unknown.png")


SCREENS: dict[str, Callable[[Browser, Scene, Path], Path]] = {
    "track-waiting-id": track_waiting_id,
    "track-called-id": track_called_id,
    "track-waiting-en": track_waiting_en,
    "track-unknown": track_unknown,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="where the PNGs go")
    parser.add_argument("--only", nargs="*", choices=sorted(SCREENS), help="render just these")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: apt-get install chromium", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="antre-screens-") as tmp:
        directory = Path(tmp)
        server = Server(directory / "antre.db", hall=always_open_hall(directory)).start()
        try:
            scene = build_scene(server)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    for name in args.only or SCREENS:
                        path = SCREENS[name](browser, scene, args.out)
                        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
                finally:
                    browser.close()
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
