"""Render PNG screenshots of the console's hall administration into docs/screens/: the
hall page (running text, days, hours and anti-calo rules, services with the add form,
agencies, counters), a service's page with its booking and sessions, a session refused
by the hall file's parser, and the page that asks before a counter is removed, refusing
an open counter. At 1366×768 and 1920×1080.

    .venv/bin/python scripts/render_console_hall_screens.py [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

# The package first: web_screens puts tests/ on sys.path, whose tests/queue_server/
# folder would otherwise stand in for parts of it.
from queue_server import auth
from queue_server.store import connect, staff

sys.path.insert(0, str(Path(__file__).resolve().parent))  # web_screens, the floor part
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # inprocess

import httpx
from inprocess import FakeClock
from render_console_floor_screens import (
    NINE_WIB,
    PASSWORD,
    SIZES,
    hall_in_process,
    shoot,
    signed_in,
)
from web_screens import OUT, chromium

SERVICE = "ktp-el"  # the sample hall's service with two booking sessions
COUNTER = 1


def seed_admin(db: Path, now: datetime) -> None:
    conn = connect(db).conn
    try:
        staff.add_user(conn, "kepala", auth.hash_password(PASSWORD), "admin", now)
    finally:
        conn.close()


def open_counter(url: str) -> None:
    """Loket 1 open, so the page that asks before removing it shows the guard's refusal."""
    with httpx.Client(base_url=url, timeout=30) as http:
        login = http.post("/api/v1/auth/login", json={"username": "kepala", "password": PASSWORD})
        token = login.json()["access_token"]
        opened = http.post(
            f"/api/v1/counters/{COUNTER}/open", headers={"Authorization": f"Bearer {token}"}
        )
        opened.raise_for_status()


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    clock = FakeClock(NINE_WIB)
    with tempfile.TemporaryDirectory(prefix="antre-screens-") as tmp:
        folder = Path(tmp)
        with hall_in_process(folder, clock) as url, chromium() as browser:
            seed_admin(folder / "antre.db", datetime.now(UTC))
            open_counter(url)
            for width, height in SIZES:
                size = f"{width}x{height}"
                context, page = signed_in(browser, url, width, height, "/admin/hall")
                shoot(page, args.out, f"hall-{size}")
                for section in ("settings", "services", "agencies", "counters"):
                    page.goto(f"{url}/admin/hall")
                    page.evaluate(f"document.getElementById('{section}-h').scrollIntoView()")
                    shoot(page, args.out, f"hall-{section}-{size}")
                page.goto(f"{url}/admin/hall#add-service-h")
                shoot(page, args.out, f"hall-add-service-{size}")
                service = f"{url}/admin/hall/services/{SERVICE}"
                page.goto(service)
                shoot(page, args.out, f"hall-service-{size}")
                page.goto(f"{service}#booking-h")
                shoot(page, args.out, f"hall-service-booking-{size}")
                # A session ending before it starts: the parser's message on its form.
                row = page.locator('tr[data-session="2"]')
                row.locator("input[name=start]").fill("14:00")
                row.locator("input[name=end]").fill("13:00")
                row.get_by_role("button", name="Simpan").click()
                page.locator("tr[data-session='2'] .error").wait_for()
                page.locator("tr[data-session='2']").scroll_into_view_if_needed()
                shoot(page, args.out, f"hall-session-refused-{size}")
                page.goto(f"{service}?lang=en#booking-h")
                shoot(page, args.out, f"hall-service-booking-{size}-en")
                page.goto(f"{url}/admin/hall/counters/{COUNTER}/remove?lang=id")
                shoot(page, args.out, f"hall-remove-ask-{size}")
                page.get_by_role("button", name="Ya, hapus").click()
                page.locator(".error").wait_for()
                shoot(page, args.out, f"hall-remove-refused-{size}")
                context.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
