"""Render the SKM survey's screens and the Laporan SKM into docs/screens/.

Starts its own `antre serve` on a throwaway database with the sample hall (open around
the clock), serves a few dozen citizens, has them answer the survey (phone and counter
tablet), and photographs: the phone survey in Indonesian and English (390×844), its
error and thank-you pages, the counter tablet, and the first page of the Laporan SKM PDF.

    .venv/bin/python scripts/render_survey_screens.py [--out DIR]

Needs Debian's chromium, the `playwright` package and pdftoppm (poppler-utils).
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

from render_screens import PHONE, always_open_hall  # noqa: E402
from support import CHROMIUM, Server, bearer, launch_chromium  # noqa: E402

OUT = ROOT / "docs" / "screens"
UNSUR = [f"u{i}" for i in range(1, 10)]
SUGGESTIONS = [
    "Ruang tunggu kurang sejuk, mohon tambah kipas angin.",
    "Petugas ramah dan cepat. Terima kasih!",
    "Informasi persyaratan di papan pengumuman belum lengkap.",
    "Mohon tambah kursi untuk lansia di dekat loket.",
]


class Hall:
    def __init__(self, server: Server) -> None:
        self.url = server.url
        self.kiosk = bearer(server.device_token("kiosk-lobi", "kiosk"))
        self.admin = bearer(server.staff_token())
        self.display = server.device_token("tablet-loket-6", "display")
        self.supervisor = bearer(server.staff_token("sari", "supervisor"))

    def post(self, path: str, body: Any = None, headers: Any = None) -> httpx.Response:
        r = httpx.post(self.url + path, json=body, headers=headers or self.admin)
        r.raise_for_status()
        return r

    def visit(self, service: str, counter: int) -> dict[str, Any]:
        ticket = self.post("/api/v1/tickets", {"service_id": service}, self.kiosk).json()
        self.post(f"/api/v1/counters/{counter}/call", {"ticket_id": ticket["id"]})
        self.post(f"/api/v1/tickets/{ticket['id']}/start")
        self.post(f"/api/v1/tickets/{ticket['id']}/finish")
        return dict(ticket)


def seed(hall: Hall) -> None:
    """Forty visits at Loket 6 (Samsat, annual vehicle tax); three in four rate it on the tablet."""
    rng = random.Random(14)
    hall.post("/api/v1/counters/6/open")
    tablet = bearer(hall.display)
    for i in range(40):
        ticket = hall.visit("pkb-tahunan", 6)
        if i % 4 == 3:
            continue
        body = {
            "number": ticket["number"],
            "answers": {u: rng.choice([2, 3, 3, 3, 4, 4, 4]) for u in UNSUR},
            "respondent": {
                "gender": rng.choice(["L", "P", None]),
                "age_band": rng.choice(["20-29", "30-39", "40-49", "50-59", None]),
                "education": rng.choice(["sma", "diploma", "s1", None]),
                "occupation": rng.choice(["swasta", "pns", "wirausaha", "lainnya", None]),
            },
            "suggestion": rng.choice([None, None, *SUGGESTIONS]),
        }
        hall.post("/api/v1/survey/counter/6", body, tablet)


def answer(page: Page, labels: list[str]) -> None:
    for i, label in enumerate(labels, start=1):
        page.locator(f"#q-u{i}").get_by_role("radio", name=label, exact=True).check()


def phone_screens(browser: Browser, hall: Hall, out: Path) -> None:
    context = browser.new_context(**PHONE, locale="id-ID", timezone_id="Asia/Jakarta")
    page = context.new_page()
    ticket = hall.visit("pkb-tahunan", 6)
    page.goto(f"{hall.url}/t/{ticket['tracking_token']}")
    expect(page.get_by_role("heading", name="Bagaimana pelayanan kami?")).to_be_visible()
    page.screenshot(path=out / "survey-phone-id.png")
    answer(page, ["Sangat sesuai", "Mudah", "Cepat", "Gratis"])
    page.locator("#q-u3").scroll_into_view_if_needed()
    page.screenshot(path=out / "survey-phone-answering-id.png")
    page.goto(f"{hall.url}/t/{ticket['tracking_token']}?lang=en")
    page.get_by_role("button", name="Send my rating").click()
    expect(page.get_by_role("alert")).to_be_visible()
    page.screenshot(path=out / "survey-phone-error-en.png")
    answer(page, ["Very appropriate", "Easy", "Very fast", "Free", "Appropriate",
                  "Very competent", "Polite and friendly", "Well managed", "Good"])  # fmt: skip
    page.screenshot(path=out / "survey-phone-full-en.png", full_page=True)
    page.get_by_role("button", name="Send my rating").click()
    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    page.screenshot(path=out / "survey-phone-thanks-en.png")
    context.close()


def tablet_screen(browser: Browser, hall: Hall, out: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, has_touch=True)
    page = context.new_page()
    page.goto(f"{hall.url}/survey/counter/6?token={hall.display}")
    expect(page.locator("#idle")).to_be_visible()
    page.screenshot(path=out / "survey-tablet-idle.png")
    ticket = hall.visit("pkb-tahunan", 6)
    expect(page.locator("#number")).to_have_text(ticket["number"], timeout=15_000)
    page.locator("#q-u1 label.choice-4").click()
    page.screenshot(path=out / "survey-tablet-id.png")
    context.close()


def report_page(hall: Hall, out: Path, work: Path) -> None:
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found (apt-get install poppler-utils): no report preview")
        return
    r = httpx.get(f"{hall.url}/api/v1/reports/skm.pdf", headers=hall.supervisor)
    r.raise_for_status()
    pdf = work / "laporan.pdf"
    pdf.write_bytes(r.content)
    subprocess.run(
        ["pdftoppm", "-r", "90", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
         str(out / "laporan-skm-page1")],
        check=True,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="where the PNGs go")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: apt-get install chromium", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        server = Server(work / "antre.db", hall=always_open_hall(work)).start()
        try:
            hall = Hall(server)
            seed(hall)
            with sync_playwright() as p:
                browser = launch_chromium(p)
                try:
                    phone_screens(browser, hall, args.out)
                    tablet_screen(browser, hall, args.out)
                finally:
                    browser.close()
            report_page(hall, args.out, work)
        finally:
            server.stop()
    print(f"survey screens written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
