"""Render PNG screenshots of the citizen's booking pages into docs/screens/.

Starts its own `antre serve` on a throwaway database with the sample hall and walks the
booking path in headless Chromium at phone size (390×844), in Indonesian and English:
agency, service (with its requirements), time, the form, the confirmation with the code
and QR, the cancel question, the move page.

    .venv/bin/python scripts/render_booking_screens.py [--out DIR]

Needs Debian's chromium (`apt-get install chromium`) and the `playwright` package.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import Page

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # web_screens

from support import Server
from web_screens import OUT, PHONE, ROOT, chromium, served

from queue_server.routes.booking_words import WORDS

NIKS = {"id": "3273010101850002", "en": "3273014502900003"}


def shoot(page: Page, out: Path, name: str) -> Path:
    path = out / f"booking-{name}.png"
    page.screenshot(path=str(path), full_page=False)
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return path


def walk(page: Page, server: Server, out: Path, lang: str) -> None:
    t = WORDS[lang]
    page.goto(f"{server.url}/booking?lang={lang}")
    shoot(page, out, f"1-agency-{lang}")
    page.locator("a.choice", has_text="Disdukcapil").first.click()
    shoot(page, out, f"2-service-{lang}")
    page.locator("a.choice").first.click()
    shoot(page, out, f"3-requirements-day-{lang}")
    page.locator("a.choice").first.click()
    shoot(page, out, f"4-time-{lang}")
    page.locator("a.choice").first.click()
    page.get_by_label(t["nik"]).fill(NIKS[lang])
    page.get_by_label(t["name"]).fill("Siti Rahma")
    page.get_by_label(t["phone"]).fill("081234567890")
    shoot(page, out, f"5-details-{lang}")
    page.get_by_role("button", name=t["book"]).click()
    page.get_by_role("status").wait_for()
    shoot(page, out, f"6-confirmation-{lang}")
    page.screenshot(path=str(out / f"booking-6-confirmation-{lang}-full.png"), full_page=True)
    manage = page.url.split("?")[0]
    page.get_by_role("link", name=t["move"]).click()
    shoot(page, out, f"7-move-{lang}")
    page.goto(f"{manage}/cancel?lang={lang}")
    shoot(page, out, f"8-cancel-{lang}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with served() as server, chromium() as browser:
        for lang in ("id", "en"):
            context = browser.new_context(**PHONE)
            walk(context.new_page(), server, args.out, lang)
            context.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
