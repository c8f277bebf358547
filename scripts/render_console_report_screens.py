"""Render PNG screenshots of the console's reading and case-work pages into docs/screens/.

Simulates a month of the sample hall (`antre simulate --days 22`, with bookings) into a
throwaway database, adds a supervisor, files three complaints (one made late by moving
its deadline back: the server's clock cannot be moved), opens a dossier, marks one
booking as hit by a closed day, then signs in through the console's form in headless
Chromium and photographs Reports, SKM, the complaints inbox, a case page, dossiers and
bookings at 1366×768 and 1920×1080 (the whole page, so nothing is cut).

    .venv/bin/python scripts/render_console_report_screens.py [--out DIR] [--days N]

Needs Debian's chromium (`apt-get install chromium`) and the `playwright` package.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # web_screens

from support import SAMPLE_HALL, Server, antre, bearer
from web_screens import OUT, ROOT, chromium

PASSWORD = "kepala-password-123"
SIZES = ((1366, 768), (1920, 1080))
COMPLAINTS = (
    (
        "pengaduan",
        "Antrean KTP-el hari Senin lama sekali, loket 3 kosong sejak pukul 10.00. "
        "Mohon ditambah petugas.",
        "dukcapil",
    ),
    ("aspirasi", "Mohon disediakan kursi prioritas untuk lansia di dekat loket Samsat.", "samsat"),
    ("informasi", "Syarat perpanjangan SIM apa saja? <b>Terima kasih</b>", None),
)


def seed(db: Path, days: int) -> None:
    run = antre(
        "simulate", "--days", str(days), "--visitors", "260", "--counters", "10",
        "--booked-share", "0.15", "--seed", "1", "--hall", str(SAMPLE_HALL), "--db", str(db),
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    for name, role in (("kepala", "supervisor"), ("petugas-dpm", "operator")):
        made = antre(
            "user", "add", name, "--role", role, "--password-stdin", "--db", str(db),
            stdin=f"{PASSWORD}\n",
        )  # fmt: skip
        assert made.returncode == 0, made.stderr


SUGGESTIONS = (
    "Tambah kursi di ruang tunggu lantai 2.",
    "Petugas loket Samsat ramah dan cepat, terima kasih.",
    "Layar antrean di dekat pintu masuk kurang terlihat dari jauh.",
)


def surveys(db: Path) -> None:
    """Staged SKM answers for about a fifth of the month's visits (the simulation does not
    rate its visits, and the survey's seven-day window has long closed on them)."""
    import random
    from datetime import date

    from queue_core.hall import load_hall
    from queue_core.survey import UNSUR
    from queue_server.store import survey as survey_rows

    pick = random.Random(7)
    conn = sqlite3.connect(db)
    with conn:
        done = conn.execute(
            "SELECT t.id, t.day, t.service_id, t.counter_id FROM tickets t WHERE t.status = 'done'"
        ).fetchall()
        agency = {s.id: s.agency_id for s in load_hall(SAMPLE_HALL).services}
        for n, (ticket, day, service, counter) in enumerate(pick.sample(done, len(done) // 5)):
            answers = {u: pick.choices((1, 2, 3, 4), (1, 4, 40, 30))[0] for u in UNSUR}
            survey_rows.record(
                conn,
                ticket,
                survey_rows.Response(
                    date.fromisoformat(day), agency.get(service, ""), service, counter, "phone",
                    answers, {}, SUGGESTIONS[n % 3] if n % 25 == 0 else None,
                ),
            )  # fmt: skip
    conn.close()


def stage(server: Server, db: Path) -> tuple[int, str, str, tuple[str, str]]:
    """Complaints (the first made late), a dossier, an affected booking; the period."""
    login = httpx.post(
        f"{server.url}/api/v1/auth/login", json={"username": "kepala", "password": PASSWORD}
    )
    staff = bearer(login.json()["access_token"])
    ids = []
    for kind, text, agency in COMPLAINTS:
        body = {
            "kind": kind,
            "text": text,
            "contact": {"name": "Siti Rahma", "phone": "081234567890"},
        }
        if agency:
            body["agency_id"] = agency
        filed = httpx.post(f"{server.url}/api/v1/complaints", json=body).json()
        items = httpx.get(f"{server.url}/api/v1/complaints", headers=staff).json()["items"]
        ids.append(next(c["id"] for c in items if c["reference"] == filed["reference"]))
    httpx.post(
        f"{server.url}/api/v1/complaints/{ids[1]}/verify",
        json={"agency_id": "samsat"},
        headers=staff,
    )
    conn = sqlite3.connect(db)
    with conn:  # staged: the first case's deadline passed three days ago
        conn.execute(
            "UPDATE complaints SET due_at = '2026-01-02T09:00:00+00:00' WHERE id = ?", (ids[0],)
        )
        conn.execute("UPDATE users SET agency_id = 'dpmptsp' WHERE username = 'petugas-dpm'")
        conn.execute(
            "UPDATE bookings SET affected = 1 WHERE id IN (SELECT id FROM bookings"
            " ORDER BY id LIMIT 2)"
        )
        pbg = conn.execute(
            "SELECT id FROM tickets WHERE service_id = 'pbg' AND status = 'done' ORDER BY id LIMIT 3"
        ).fetchall()
        booked = conn.execute("SELECT day, service_id FROM bookings ORDER BY id LIMIT 1").fetchone()
        days = conn.execute("SELECT min(day), max(day) FROM tickets").fetchone()
    conn.close()
    operator = httpx.post(
        f"{server.url}/api/v1/auth/login", json={"username": "petugas-dpm", "password": PASSWORD}
    ).json()["access_token"]
    for (ticket,) in pbg:
        httpx.post(
            f"{server.url}/api/v1/tickets/{ticket}/dossier",
            json={"title": "PBG rumah tinggal 2 lantai"},
            headers=bearer(operator),
        )
    print("period", days, "booking day", booked)
    return ids[0], days[0], days[1], booked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--days", type=int, default=22)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="antre-console-screens-") as tmp:
        db = Path(tmp) / "antre.db"
        seed(db, args.days)
        surveys(db)
        server = Server(db, hall=SAMPLE_HALL).start()
        try:
            late, first, last, booked = stage(server, db)
            month = last[:7]
            pages = {
                "reports": f"/admin/reports?from={month}-01&to={last}&group_by=service",
                "skm": f"/admin/skm?from={first}&to={last}",
                "complaints": "/admin/complaints",
                "case": f"/admin/complaints/{late}",
                "dossiers": "/admin/dossiers",
                "bookings": f"/admin/bookings?day={booked[0]}",
            }
            with chromium() as browser:
                for width, height in SIZES:
                    context = browser.new_context(viewport={"width": width, "height": height})
                    page = context.new_page()
                    page.goto(f"{server.url}/admin/login")
                    page.get_by_label("Nama pengguna").fill("kepala")
                    page.get_by_label("Kata sandi").fill(PASSWORD)
                    page.get_by_role("button", name="Masuk").click()
                    page.wait_for_url(lambda url: url.endswith("/admin"))
                    for name, path in pages.items():
                        page.goto(f"{server.url}{path}")
                        for full in (False, True):
                            suffix = "-full" if full else ""
                            out = args.out / f"console-{name}-{width}x{height}{suffix}.png"
                            page.screenshot(path=str(out), full_page=full)
                            print(out.relative_to(ROOT) if out.is_relative_to(ROOT) else out)
                    context.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
