"""The audit log: staff changes are recorded with before/after, the admin reads them, and
the hash chain names the first entry an attacker with the file edited or removed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from inprocess import HallClient
from support import antre


def changes(hall: HallClient) -> None:
    """Four audited changes: a user added, changed, a device added, an announcement."""
    assert (
        hall.post(
            "/api/v1/users", json={"name": "siti", "password": "kata-sandi-1", "role": "operator"}
        ).status_code
        == 201
    )
    assert (
        hall.client.patch(
            "/api/v1/users/siti", headers=hall.headers("admin"), json={"role": "supervisor"}
        ).status_code
        == 200
    )
    assert hall.post("/api/v1/devices", json={"name": "tv-1", "role": "display"}).status_code == 201
    assert (
        hall.post("/api/v1/announcements", "supervisor", json={"text": "Istirahat"}).status_code
        == 201
    )


def test_staff_changes_are_in_the_audit_log_with_before_and_after(hall: HallClient) -> None:
    changes(hall)
    page = hall.get("/api/v1/audit").json()
    actions = [(e["actor"], e["action"], e["target"]) for e in page["items"]]
    assert actions == [
        ("user:admin", "user.add", "user:siti"),
        ("user:admin", "user.change", "user:siti"),
        ("user:admin", "device.add", "device:tv-1"),
        ("user:supervisor", "announcement.post", actions[3][2]),
    ]
    changed = page["items"][1]
    assert changed["before"]["role"] == "operator" and changed["after"]["role"] == "supervisor"
    assert "password" not in str(page) and "token" not in str(page)
    assert hall.get("/api/v1/audit", "supervisor").status_code == 403
    assert hall.get("/api/v1/audit?from=2000-01-01&to=2000-01-02").json()["items"] == []
    first = hall.get("/api/v1/audit?limit=2").json()
    rest = hall.get(f"/api/v1/audit?limit=2&after={first['next']}").json()
    assert [e["action"] for e in first["items"] + rest["items"]] == [a for _, a, _ in actions]


def test_the_audit_log_refuses_updates_and_deletes(hall: HallClient) -> None:
    changes(hall)
    conn = sqlite3.connect(hall.db)
    for sql in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        try:
            conn.execute(sql)
            raise AssertionError(f"{sql} was allowed")
        except sqlite3.IntegrityError as exc:
            assert "append-only" in str(exc)
    conn.close()


def tampered(db: Path, sql: str) -> None:
    """An attacker with the file: drop the triggers, change the rows."""
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER audit_log_append_only_update")
    conn.execute("DROP TRIGGER audit_log_append_only_delete")
    conn.execute(sql)
    conn.commit()
    conn.close()


def test_verify_passes_an_untouched_chain(hall: HallClient) -> None:
    changes(hall)
    done = antre("audit", "verify", "--db", str(hall.db))
    assert done.returncode == 0, done.stderr
    assert "4 entries" in done.stdout


def test_verify_names_the_first_edited_entry(hall: HallClient) -> None:
    changes(hall)
    tampered(
        hall.db, "UPDATE audit_log SET after = replace(after, 'supervisor', 'admin') WHERE seq = 2"
    )
    done = antre("audit", "verify", "--db", str(hall.db))
    assert done.returncode == 1
    assert "broken at entry 2" in done.stderr and "edited" in done.stderr


def test_verify_names_the_entry_after_a_deleted_one(hall: HallClient) -> None:
    changes(hall)
    tampered(hall.db, "DELETE FROM audit_log WHERE seq = 2")
    done = antre("audit", "verify", "--db", str(hall.db))
    assert done.returncode == 1 and "broken at entry 3" in done.stderr


def test_verify_catches_a_deleted_entry_even_when_the_rest_are_renumbered(
    hall: HallClient,
) -> None:
    changes(hall)
    tampered(
        hall.db,
        "DELETE FROM audit_log WHERE seq = 2",
    )
    tampered_more = sqlite3.connect(hall.db)
    tampered_more.execute("UPDATE audit_log SET seq = seq - 1 WHERE seq > 2")
    tampered_more.commit()
    tampered_more.close()
    done = antre("audit", "verify", "--db", str(hall.db))
    assert done.returncode == 1 and "broken at entry 2" in done.stderr


def test_opening_and_closing_a_counter_is_audited(hall: HallClient) -> None:
    assert hall.post("/api/v1/counters/1/open", "operator").status_code == 200
    assert hall.post("/api/v1/counters/1/close", "operator").status_code == 200
    items = hall.get("/api/v1/audit").json()["items"]
    assert [(e["actor"], e["action"], e["target"]) for e in items] == [
        ("user:operator", "counter.open", "counter:1"),
        ("user:operator", "counter.close", "counter:1"),
    ]
    assert items[0]["before"]["status"] == "closed" and items[0]["after"]["status"] == "open"
