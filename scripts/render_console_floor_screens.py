"""Render PNG screenshots of the hall manager's console into docs/screens/.

The sample hall runs in this process with a clock the script moves (as the in-process
tests do), so the floor can show a morning forty minutes on: queues past their target and
a counter paused for half an hour, the alerts a manager must not miss. Then the audit
log, users and devices after a few admin changes (the hall's configuration:
render_console_hall_screens.py). At 1366×768 and 1920×1080.

    .venv/bin/python scripts/render_console_floor_screens.py [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import uvicorn
from playwright.sync_api import Browser, BrowserContext, Page

# The package first: web_screens puts tests/ on sys.path, whose tests/queue_server/
# folder would otherwise stand in for parts of it.
from queue_server import auth
from queue_server.app import create_app
from queue_server.settings import Settings, sample_hall
from queue_server.store import connect, staff

sys.path.insert(0, str(Path(__file__).resolve().parent))  # web_screens
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # inprocess

from inprocess import FakeClock
from support import free_port
from web_screens import OUT, ROOT, chromium

SIZES = ((1366, 768), (1920, 1080))
PASSWORD = "kepala-mal-2026"
NINE_WIB = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # a Monday, 09:00 in Jakarta


@contextmanager
def hall_in_process(folder: Path, clock: FakeClock) -> Iterator[str]:
    app = create_app(Settings(db=folder / "antre.db", hall=sample_hall()), clock=clock)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if server.started:
            break
        threading.Event().wait(0.05)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def seed_people(db: Path, counters: int, now: datetime) -> tuple[str, dict[int, str]]:
    """The admin (who signs in through the form), a kiosk, one operator per counter."""
    conn = connect(db).conn
    try:
        staff.add_user(conn, "kepala", auth.hash_password(PASSWORD), "admin", now)
        kiosk = auth.new_token()
        staff.add_device(conn, "kios-lobi-1", "kiosk", auth.hash_token(kiosk), now)
        operators = {}
        for n in range(1, counters + 1):
            user = staff.add_user(conn, f"petugas-{n}", "!", "operator", now)
            token = auth.new_token()
            staff.add_session(
                conn, auth.hash_token(token), user, datetime.now(UTC) + timedelta(days=1)
            )
            operators[n] = token
    finally:
        conn.close()
    return kiosk, operators


def morning(url: str, clock: FakeClock, kiosk: str, operators: dict[int, str]) -> str:
    """A busy first forty minutes; returns an admin REST token for the admin changes."""
    http = httpx.Client(base_url=url, timeout=30)

    def as_(token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    services = [s for s in http.get("/api/v1/services").json() if not s["nik_required"]]
    counters = http.get("/api/v1/counters").json()
    # Two queues whose counters nobody opened this morning: their first tickets wait past
    # the target. The other counters open and keep their queues moving.
    late = [services[6]["id"], services[12]["id"]]
    for service in late * 2:
        clock.advance(seconds=40)
        http.post("/api/v1/tickets", headers=as_(kiosk), json={"service_id": service})
    working = [c["id"] for c in counters if not set(c["service_ids"]) & set(late)][:14]
    for n in working:
        http.post(f"/api/v1/counters/{n}/open", headers=as_(operators[n])).raise_for_status()
    paused = working[4]
    http.post(f"/api/v1/counters/{paused}/pause", headers=as_(operators[paused]))
    clock.advance(minutes=36)
    moving = [s["id"] for s in services if s["id"] not in late][:10]
    for i in range(40):
        clock.advance(seconds=15)
        service = moving[i % len(moving)]
        http.post("/api/v1/tickets", headers=as_(kiosk), json={"service_id": service})
    for n in working:
        http.post(f"/api/v1/counters/{n}/call-next", headers=as_(operators[n]))
    admin = http.post("/api/v1/auth/login", json={"username": "kepala", "password": PASSWORD})
    token = admin.json()["access_token"]
    for name, role, agency in (
        ("dewi.samsat", "supervisor", "samsat"),
        ("budi", "operator", None),
        ("rina.kepala", "supervisor", None),
    ):
        http.post(
            "/api/v1/users",
            headers=as_(token),
            json={"name": name, "password": "sandi-awal-123", "role": role, "agency_id": agency},
        )
    http.patch("/api/v1/users/budi", headers=as_(token), json={"role": "supervisor"})
    http.patch("/api/v1/users/budi", headers=as_(token), json={"disabled": True})
    for name, role in (("papan-lobi", "display"), ("kios-lantai-2", "kiosk")):
        http.post("/api/v1/devices", headers=as_(token), json={"name": name, "role": role})
    http.post("/api/v1/devices/kios-lantai-2/revoke", headers=as_(token))
    http.post(
        "/api/v1/announcements",
        headers=as_(token),
        json={"text": "Layanan Samsat istirahat pukul 12.00–13.00"},
    )
    http.close()
    return str(token)


def signed_in(
    browser: Browser, url: str, width: int, height: int, start: str
) -> tuple[BrowserContext, Page]:
    """A browser window of this size, signed in as the admin through the form, at `start`."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
    page = context.new_page()
    page.goto(f"{url}/admin/login?next={start}")
    page.fill("#username", "kepala")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{start}")
    return context, page


def shoot(page: Page, out: Path, name: str, full: bool = False) -> None:
    path = out / f"console-{name}.png"
    page.screenshot(path=str(path), full_page=full)
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    clock = FakeClock(NINE_WIB)
    with tempfile.TemporaryDirectory(prefix="antre-screens-") as tmp:
        folder = Path(tmp)
        with hall_in_process(folder, clock) as url, chromium() as browser:
            kiosk, operators = seed_people(folder / "antre.db", 27, clock())
            morning(url, clock, kiosk, operators)
            for width, height in SIZES:
                size = f"{width}x{height}"
                context, page = signed_in(browser, url, width, height, "/admin/floor")
                page.locator("#floor-link[data-state=live]").wait_for()
                shoot(page, args.out, f"floor-{size}")
                if width == 1366:
                    shoot(page, args.out, f"floor-{size}-full", full=True)
                for section in ("audit", "users", "devices"):
                    page.goto(f"{url}/admin/{section}")
                    shoot(page, args.out, f"{section}-{size}")
                page.fill("input[name=name]", f"papan-lantai-{width}")
                page.select_option("select[name=role]", "display")
                page.get_by_role("button", name="Tambah dan tampilkan tokennya").click()
                page.locator(".token-box").wait_for()
                shoot(page, args.out, f"devices-new-token-{size}")
                page.goto(f"{url}/admin/floor?lang=en")
                page.locator("#floor-link[data-state=live]").wait_for()
                shoot(page, args.out, f"floor-{size}-en")
                page.goto(f"{url}/admin?lang=id")
                context.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
