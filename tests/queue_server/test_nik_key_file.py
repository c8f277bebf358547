"""The NIK key lives in its own file, never in the database (docs/privacy.md)."""

from __future__ import annotations

import hashlib
import hmac
import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest
from inprocess import FakeClock, HallClient
from support import antre

from queue_server.nik_keys import BOOKING, DAILY_LIMIT, derive_key
from queue_server.runtime import ensure_database
from queue_server.settings import Settings
from queue_server.store import connect
from queue_server.store.database import migrations

NIK = "3273014101900001"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def take(hall: HallClient, service: str, kiosk: str = "kiosk") -> int:
    body = {"service_id": service, "nik": NIK}
    reply = hall.client.post("/api/v1/tickets", json=body, headers=hall.headers(kiosk, "kiosk"))
    return reply.status_code


def test_first_start_makes_a_private_key_file_and_keeps_the_key_out_of_the_database(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "antre.db"
    with HallClient(db, clock) as hall:
        assert take(hall, "ktp") == 201
    key_file = tmp_path / "antre.db.key"
    assert mode(key_file) == 0o600
    key = key_file.read_text().strip()
    assert len(key) == 64
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT key FROM hall_meta").fetchall() == [("day",)]
    conn.close()
    for path in tmp_path.glob("antre.db*"):
        if path != key_file:
            assert key.encode() not in path.read_bytes(), path.name


def test_a_restart_reads_the_same_key_so_the_days_limit_still_counts(
    tmp_path: Path, clock: FakeClock
) -> None:
    with HallClient(tmp_path / "antre.db", clock) as hall:
        assert (take(hall, "ktp"), take(hall, "kk")) == (201, 201)
    with HallClient(tmp_path / "antre.db", clock) as hall:
        assert take(hall, "pkb", kiosk="kiosk-after-restart") == 409


def test_a_key_file_in_a_missing_folder_gets_a_private_folder(tmp_path: Path) -> None:
    key_file = tmp_path / "keys" / "antre" / "nik.key"
    ensure_database(Settings(db=tmp_path / "antre.db", secret_file=key_file))
    assert mode(key_file) == 0o600 and mode(key_file.parent) == 0o700
    assert not (tmp_path / "antre.db.key").exists()


def test_serve_refuses_a_key_file_others_can_read_and_says_chmod_600(tmp_path: Path) -> None:
    key_file = tmp_path / "nik.key"
    key_file.write_text("k" * 64 + "\n")
    key_file.chmod(0o640)
    reply = antre("serve", "--db", str(tmp_path / "h.db"), env={"ANTRE_SECRET_FILE": str(key_file)})
    assert reply.returncode == 1
    assert f"Fix: chmod 600 {key_file}" in reply.stderr and "\n" not in reply.stderr.strip()
    assert key_file.read_text() == "k" * 64 + "\n"  # left as it was


def test_serve_refuses_a_short_key(tmp_path: Path) -> None:
    key_file = tmp_path / "nik.key"
    key_file.write_text("too-short\n")
    key_file.chmod(0o600)
    reply = antre("serve", "--db", str(tmp_path / "h.db"), env={"ANTRE_SECRET_FILE": str(key_file)})
    assert reply.returncode == 1 and "too short" in reply.stderr


def _hkdf_sha256(master: bytes, info: bytes) -> bytes:
    """RFC 5869 with no salt and 32 bytes out, written out with the standard library."""
    prk = hmac.new(b"\0" * 32, master, hashlib.sha256).digest()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()


def test_derived_keys_are_the_documented_hkdf_one_per_purpose_and_period() -> None:
    master = b"m" * 64
    day = derive_key(master, DAILY_LIMIT, "2026-11-30")
    assert day == _hkdf_sha256(master, b"antre/nik/ticket-day/2026-11-30")
    assert len(day) == 32 and day == derive_key(master, DAILY_LIMIT, "2026-11-30")
    others = {
        derive_key(master, DAILY_LIMIT, "2026-12-01"),
        derive_key(master, BOOKING, "2026-11-30"),
        derive_key(b"n" * 64, DAILY_LIMIT, "2026-11-30"),
    }
    assert day not in others and len(others) == 3
    with pytest.raises(ValueError, match="purpose"):
        derive_key(master, "ticket/day", "2026-11-30")


def _old_database(db: Path, secret: str, today: date) -> list[str]:
    """A database as versions before the key file left it: the key in hall_meta, raw
    HMACs under it, ticket rows rewritten through the day (no secure_delete then, so
    older copies of each row sit in the pages' free space). Returns the HMACs."""
    database = connect(db)
    database.conn.execute("PRAGMA secure_delete = OFF")
    migrations.apply(database, stop_before="m005_privacy_retire_stored_key")
    conn = database.conn
    conn.execute("INSERT INTO hall_meta VALUES ('secret', ?), ('day', ?)", (secret, str(today)))
    digests = []
    for i, day in enumerate([date(2026, 11, 27), today] * 10, 1):
        nik = f"32730141019{i:05d}"
        digest = hmac.new(secret.encode(), nik.encode(), hashlib.sha256).hexdigest()
        digests.append(digest)
        conn.execute(
            "INSERT INTO tickets (day, service_id, prefix, running, status, priority, issued_at,"
            " queued_at, tracking_token, nik_hmac, nik_masked, updated_at) VALUES"
            " (?, 'kk', 'B', ?, 'waiting', 'regular', 'x', 'x', ?, ?, ?, 'x')",
            (str(day), i, f"token-{i}", digest, "*" * 12 + nik[-4:]),
        )
        conn.execute("INSERT INTO idempotency VALUES (?, ?, ?, ?)", (str(day), f"k{i}", digest, i))
    for status in ("called", "serving", "done"):
        conn.execute("UPDATE tickets SET status = ?, note = ?", (status, status * 20))
    conn.close()
    return digests


def test_an_old_database_with_its_key_inside_is_scrubbed_of_it_at_start(tmp_path: Path) -> None:
    db, old_key, today = (
        tmp_path / "antre.db",
        "o" * 20 + "ld-key-kept-in-the-database",
        date(2026, 11, 30),
    )
    digests = _old_database(db, old_key, today)
    assert old_key.encode() in db.read_bytes()

    ensure_database(Settings(db=db))

    new_key = (tmp_path / "antre.db.key").read_text().strip()
    assert new_key != old_key  # retired, not moved: it sits in every earlier backup
    for path in tmp_path.glob("antre.db*"):
        data = path.read_bytes()
        assert old_key.encode() not in data, path.name
        assert [d for d in digests if d.encode() in data] == [], path.name
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT day, nik_hmac, nik_masked IS NOT NULL FROM tickets").fetchall()
    assert {r[1] for r in rows} == {None}
    assert {(r[0], r[2]) for r in rows} == {("2026-11-27", 0), ("2026-11-30", 1)}
    assert conn.execute("SELECT count(*) FROM idempotency").fetchone() == (0,)
    assert conn.execute("SELECT key FROM hall_meta").fetchall() == [("day",)]
    conn.close()
