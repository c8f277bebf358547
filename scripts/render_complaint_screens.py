"""Render PNG screenshots of the citizen's complaint pages into docs/screens/.

Starts its own `antre serve` on a throwaway database with the sample hall and walks the
complaint path in headless Chromium at phone size (390×844), in Indonesian and English:
the form, the case just filed, a question from staff, the answer with confirm/reopen,
and the closed case with its timeline. Staff steps go through the REST API, as a console
would. One text carries markup, to show it stays text.

    .venv/bin/python scripts/render_complaint_screens.py [--out DIR]

Needs Debian's chromium (`apt-get install chromium`) and the `playwright` package.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # web_screens

from support import Server, bearer
from web_screens import OUT, PHONE, ROOT, chromium, served

from queue_server.routes.complaint_words import WORDS

TEXTS = {
    "id": (
        "Antrean KTP-el hari ini lama sekali dan loket 3 kosong sejak pukul 10.00. "
        "Mohon ditambah petugas. <b>Terima kasih</b>",
        "Nomor antrean Anda berapa, dan jam berapa Anda datang?",
        "A017, saya datang pukul 09.30.",
        "Mohon maaf atas ketidaknyamanan. Mulai Senin loket 3 dibuka pukul 08.00 dengan "
        "dua petugas, dan antrean KTP-el dipantau oleh supervisor setiap jam.",
    ),
    "en": (
        "The ID card queue was very slow today and counter 3 was empty from 10:00. "
        "Please add staff. <b>Thank you</b>",
        "What was your queue number, and when did you arrive?",
        "A017, I came at 09:30.",
        "We apologise. From Monday counter 3 opens at 08:00 with two officers, and a "
        "supervisor checks the ID card queue every hour.",
    ),
}


def shoot(page: Page, out: Path, name: str, full: bool = False) -> None:
    path = out / f"complaint-{name}.png"
    page.screenshot(path=str(path), full_page=full)
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def walk(page: Page, server: Server, staff: dict[str, Any], out: Path, lang: str) -> None:
    t = WORDS[lang]
    text, question, reply, answer = TEXTS[lang]
    page.goto(f"{server.url}/pengaduan?lang={lang}")
    shoot(page, out, f"1-form-{lang}")
    page.get_by_label(t["text"]).fill(text)
    page.get_by_label(t["name"], exact=True).fill("Siti Rahma")
    page.get_by_label(t["phone"]).fill("081234567890")
    shoot(page, out, f"2-form-filled-{lang}", full=True)
    page.get_by_role("button", name=t["send"]).click()
    page.get_by_role("status").wait_for()
    shoot(page, out, f"3-filed-{lang}")
    reference = page.locator(".reference").inner_text()
    items = httpx.get(f"{server.url}/api/v1/complaints", headers=staff).json()["items"]
    base = f"{server.url}/api/v1/complaints/{next(c['id'] for c in items if c['reference'] == reference)}"
    httpx.post(f"{base}/verify", json={"agency_id": "dukcapil"}, headers=staff)
    httpx.post(f"{base}/hold", json={"question": question}, headers=staff)
    page.goto(page.url.split("?")[0] + f"?lang={lang}")
    shoot(page, out, f"4-question-{lang}")
    page.get_by_label(t["reply_label"]).fill(reply)
    page.get_by_role("button", name=t["send_reply"]).click()
    page.get_by_role("status").wait_for()
    httpx.post(f"{base}/answer", json={"text": answer}, headers=staff)
    page.goto(page.url.split("?")[0] + f"?lang={lang}")
    shoot(page, out, f"5-answered-{lang}")
    page.get_by_role("button", name=t["confirm"]).click()
    page.get_by_role("status").wait_for()
    shoot(page, out, f"6-closed-{lang}", full=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with served() as server:
        staff = bearer(server.staff_token("kasubag", "supervisor"))
        with chromium() as browser:
            for lang in ("id", "en"):
                context = browser.new_context(**PHONE)
                walk(context.new_page(), server, staff, args.out, lang)
                context.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
