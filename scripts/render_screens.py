"""Render PNG screenshots of Antre's web screens into docs/screens/.

Starts its own `antre serve` on a throwaway database with the sample hall (opening hours
widened so it renders at any hour), builds a realistic queue, and photographs each screen
in headless Chromium at phone size. One function per screen; `main` renders them all.

    .venv/bin/python scripts/render_screens.py [--out DIR] [--only NAME ...]

Needs Debian's chromium (`apt-get install chromium`) and the `playwright` package.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from playwright.sync_api import Browser, Page, expect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # web_screens

from support import CHROMIUM, SAMPLE_HALL, Server, bearer
from web_screens import OUT, PHONE, ROOT, chromium, served

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


# ---- the web board (/display) -------------------------------------------------------------

BOARD_COUNTERS = (1, 2, 5, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25)
"""Counters the busy-hall board opens. Not 3 or 4: they serve Kartu Keluarga, whose queue
the tracking screens count ("3 orang di depan Anda")."""


def busy_hall(scene: Scene) -> str:
    """A late-morning hall for the board: most counters serving, numbers in the teens and
    twenties, one counter on a break, an announcement. Returns a display token. Built once
    per run, whichever board screen comes first."""
    if "display" in scene.tokens:
        return scene.tokens["display"]
    server = scene.server
    kiosk = bearer(server.device_token("kiosk-lantai-1", "kiosk"))
    scene.tokens["board-admin"] = server.staff_token("kepala-mpp", "admin")
    admin = bearer(scene.tokens["board-admin"])
    counters = {c["id"]: c for c in httpx.get(server.url + "/api/v1/counters").json()}
    serial = iter(range(2000, 9999))

    def post(path: str, body: dict[str, object] | None = None) -> httpx.Response:
        r = httpx.post(server.url + path, json=body, headers=admin)
        r.raise_for_status()
        return r

    for index, counter_id in enumerate(BOARD_COUNTERS):
        service = counters[counter_id]["service_ids"][0]
        for _ in range(3 + index % 4):
            # Made-up NIKs (Kota Bandung, born 1 Jan 1985), one per ticket: never real people.
            body = {"service_id": service, "nik": f"327301010185{next(serial):04d}"}
            httpx.post(server.url + "/api/v1/tickets", json=body, headers=kiosk).raise_for_status()
        post(f"/api/v1/counters/{counter_id}/open")
        for _ in range(index % 3):  # some counters are further through their queue
            ticket = post(f"/api/v1/counters/{counter_id}/call-next").json()
            post(f"/api/v1/tickets/{ticket['id']}/start")
            post(f"/api/v1/tickets/{ticket['id']}/finish")
    # The latest calls come from all over the hall, as they do at ten in the morning.
    for index, counter_id in enumerate(
        random.Random(7).sample(BOARD_COUNTERS, k=len(BOARD_COUNTERS))
    ):
        ticket = post(f"/api/v1/counters/{counter_id}/call-next").json()
        if index % 2:
            post(f"/api/v1/tickets/{ticket['id']}/start")
    post("/api/v1/counters/25/pause")
    post(
        "/api/v1/announcements",
        {"text": "Layanan paspor (Imigrasi) hari ini hanya sampai pukul 14.00 WIB."},
    )
    scene.tokens["display"] = server.device_token("layar-lobi", "display")
    return scene.tokens["display"]


def call_live(scene: Scene, counter_id: int) -> str:
    """Finish what `counter_id` holds and call its next ticket: the board gets it live."""
    admin = bearer(scene.tokens["board-admin"])  # made by busy_hall
    tickets = httpx.get(scene.url(f"/api/v1/tickets?counter_id={counter_id}"), headers=admin)
    for ticket in tickets.json():
        steps = {"called": ("start", "finish"), "serving": ("finish",)}.get(ticket["status"], ())
        for step in steps:
            url = scene.url(f"/api/v1/tickets/{ticket['id']}/{step}")
            httpx.post(url, headers=admin).raise_for_status()
    r = httpx.post(scene.url(f"/api/v1/counters/{counter_id}/call-next"), headers=admin)
    r.raise_for_status()
    return str(r.json()["number"])


# Where the running text stands in the picture: its first words just in from the left.
_HOLD_TICKER = """() => {
  const text = document.getElementById("ticker-text");
  const share = text.parentElement.clientWidth / text.scrollWidth;
  for (const a of document.getAnimations()) {
    if (a.animationName === "ticker") {
      a.pause();
      a.currentTime = a.effect.getTiming().duration * share * 0.985;
    }
  }
}"""


def board_page(
    browser: Browser, scene: Scene, size: tuple[int, int], counter: int, out: Path
) -> Path:
    token = busy_hall(scene)
    width, height = size
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="id-ID", timezone_id="Asia/Jakarta"
    )
    try:
        page = context.new_page()
        page.goto(scene.url(f"/display?token={token}&sound=off"))
        expect(page.locator(".tile")).to_have_count(27)
        expect(page.locator("#history li[data-seq]")).to_have_count(6)
        number = call_live(scene, counter)  # so the picture shows a fresh call highlighted
        expect(page.locator("#call-number")).to_have_text(number)
        expect(page.locator("#call")).to_have_class(re.compile("fresh"))
        page.wait_for_function("!document.getAnimations().some(a => a.animationName === 'arrive')")
        page.evaluate(_HOLD_TICKER)
        return shoot(page, out, f"board-web-{width}x{height}.png")
    finally:
        context.close()


def board_web_1920(browser: Browser, scene: Scene, out: Path) -> Path:
    return board_page(browser, scene, (1920, 1080), 12, out)


def board_web_1280(browser: Browser, scene: Scene, out: Path) -> Path:
    return board_page(browser, scene, (1280, 720), 14, out)


def board_web_portrait(browser: Browser, scene: Scene, out: Path) -> Path:
    return board_page(browser, scene, (1080, 1920), 21, out)


def home_phone(browser: Browser, scene: Scene, out: Path) -> Path:
    with phone(browser) as page:
        page.goto(scene.url("/"))
        expect(page.locator("h1")).to_contain_text("Pelayanan Publik")
        return shoot(page, out, "home-390x844.png")


def home_laptop(browser: Browser, scene: Scene, out: Path) -> Path:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
    try:
        page = context.new_page()
        page.goto(scene.url("/"))
        expect(page.locator("h1")).to_contain_text("Pelayanan Publik")
        return shoot(page, out, "home-1366x768.png")
    finally:
        context.close()


SCREENS: dict[str, Callable[[Browser, Scene, Path], Path]] = {
    "track-waiting-id": track_waiting_id,
    "track-called-id": track_called_id,
    "track-waiting-en": track_waiting_en,
    "track-unknown": track_unknown,
    "board-web-1920x1080": board_web_1920,
    "board-web-1280x720": board_web_1280,
    "board-web-1080x1920": board_web_portrait,
    "home-390x844": home_phone,
    "home-1366x768": home_laptop,
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

    with served(always_open_hall) as server:
        scene = build_scene(server)
        with chromium() as browser:
            for name in args.only or SCREENS:
                path = SCREENS[name](browser, scene, args.out)
                print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
