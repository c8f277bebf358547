"""The console's users, devices, announcements and audit pages: each form makes the REST
route's change with its audit entry, and a refused change shows the REST answer's
message on the form and changes nothing."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from inprocess import HallClient

from queue_server.console.session import COOKIE
from queue_server.routes import console_audit


def as_console(hall: HallClient, name: str = "admin", role: str = "admin") -> None:
    hall.client.cookies.clear()
    hall.client.cookies.set(COOKIE, hall.token(name, role))


def submit(hall: HallClient, page: str, action: str, **fields: str) -> Any:
    """Post a console form as a browser would: the CSRF field read off the page."""
    text = hall.client.get(page).text
    csrf = text.split('name="csrf" value="')[1].split('"')[0]
    return hall.client.post(action, data={"csrf": csrf, **fields}, follow_redirects=False)


def audit(hall: HallClient) -> list[dict[str, Any]]:
    return list(hall.get("/api/v1/audit", "admin").json()["items"])


def users(hall: HallClient) -> dict[str, dict[str, Any]]:
    return {u["name"]: u for u in hall.get("/api/v1/users", "admin").json()["items"]}


def test_adding_a_user_on_the_form_is_the_rest_change_with_its_audit_entry(
    hall: HallClient,
) -> None:
    as_console(hall)
    added = submit(
        hall, "/admin/users", "/admin/users",
        name="dewi", password="kata-sandi-9", role="supervisor", agency_id="samsat",
    )  # fmt: skip
    assert added.status_code == 303, added.text
    assert users(hall)["dewi"] == {
        **users(hall)["dewi"],
        "role": "supervisor",
        "agency_id": "samsat",
    }
    last = audit(hall)[-1]
    assert (last["actor"], last["action"], last["target"]) == (
        "user:admin",
        "user.add",
        "user:dewi",
    )
    assert "password" not in str(last["after"]).lower()
    page = hall.client.get(added.headers["location"]).text
    assert "dewi" in page and "ditambahkan" in page


def test_a_refused_user_form_shows_the_rest_message_and_changes_nothing(
    hall: HallClient,
) -> None:
    as_console(hall)
    before = (users(hall), len(audit(hall)))
    bad = {"name": "dewi", "password": "pendek", "role": "operator"}
    rest = hall.post("/api/v1/users", "admin", json=bad)
    assert rest.status_code == 422
    page = submit(hall, "/admin/users", "/admin/users", **bad)
    assert page.status_code == 422
    assert rest.json()["error"]["message"] in page.text  # "Data tidak valid: password."
    assert 'value="dewi"' in page.text  # the form keeps what was typed (not the password)
    unknown = {"name": "dewi", "password": "kata-sandi-9", "role": "operator", "agency_id": "bpn"}
    rest = hall.post("/api/v1/users", "admin", json=unknown)
    page = submit(hall, "/admin/users", "/admin/users", **unknown)
    assert page.status_code == rest.status_code == 422
    assert rest.json()["error"]["message"] in page.text.replace("&#39;", "'")
    assert (users(hall), len(audit(hall))) == before


def test_disabling_enabling_and_role_changes_are_audited_and_the_last_admin_stays(
    hall: HallClient,
) -> None:
    as_console(hall)
    hall.token("budi", "operator")
    done = submit(hall, "/admin/users", "/admin/users/budi", do="disable")
    assert done.status_code == 303 and users(hall)["budi"]["disabled"] is True
    assert hall.client.get("/api/v1/auth/me", headers=hall.headers("budi")).status_code == 401
    submit(hall, "/admin/users", "/admin/users/budi", do="enable")
    assert users(hall)["budi"]["disabled"] is False
    submit(hall, "/admin/users", "/admin/users/budi", do="save", role="supervisor", agency_id="")
    assert users(hall)["budi"]["role"] == "supervisor"
    submit(hall, "/admin/users", "/admin/users/budi", do="password", password="baru-sekali-1")
    actions = [(e["action"], e["target"]) for e in audit(hall)]
    assert actions[-4:] == [
        ("user.change", "user:budi"),
        ("user.change", "user:budi"),
        ("user.change", "user:budi"),
        ("user.password", "user:budi"),
    ]
    assert audit(hall)[-2]["before"]["role"] == "operator"
    assert audit(hall)[-2]["after"]["role"] == "supervisor"
    count = len(audit(hall))
    refused = submit(hall, "/admin/users", "/admin/users/admin", do="disable")
    assert refused.status_code == 409
    assert "admin aktif terakhir" in refused.text
    assert users(hall)["admin"]["disabled"] is False and len(audit(hall)) == count


def test_a_new_device_token_is_shown_once_and_works_then_revoke_and_rotate(
    hall: HallClient,
) -> None:
    as_console(hall)
    made = submit(hall, "/admin/devices", "/admin/devices", name="kios-2", role="kiosk")
    assert made.status_code == 200
    assert "Hanya ditampilkan sekali ini" in made.text
    token = made.text.split('class="token"')[1].split(">")[1].split("<")[0].strip()
    me = hall.client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["name"] == "kios-2"
    assert token not in hall.client.get("/admin/devices").text  # once only
    assert (audit(hall)[-1]["action"], audit(hall)[-1]["target"]) == ("device.add", "device:kios-2")
    revoked = submit(hall, "/admin/devices", "/admin/devices/kios-2/revoke")
    assert revoked.status_code == 303
    me = hall.client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 401
    rotated = submit(hall, "/admin/devices", "/admin/devices/kios-2/rotate")
    fresh = rotated.text.split('class="token"')[1].split(">")[1].split("<")[0].strip()
    assert fresh != token
    me = hall.client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {fresh}"})
    assert me.status_code == 200
    assert [e["action"] for e in audit(hall)][-2:] == ["device.revoke", "device.rotate"]
    count = len(audit(hall))
    bad = submit(hall, "/admin/devices", "/admin/devices", name="kios 3!", role="kiosk")
    assert bad.status_code == 422 and "Data tidak valid: name." in bad.text
    missing = submit(hall, "/admin/devices", "/admin/devices/no-such/revoke")
    assert missing.status_code == 404 and "tidak ada" in missing.text
    assert len(audit(hall)) == count


def test_a_supervisor_sends_an_announcement_to_the_boards(hall: HallClient) -> None:
    as_console(hall, "supervisor", "supervisor")
    head = hall.get("/api/v1/events?since=0", "display").json()["last_seq"]
    sent = submit(
        hall, "/admin/announcements", "/admin/announcements", text="Loket 3 tutup pukul 12.00"
    )
    assert sent.status_code == 303
    events = hall.get(f"/api/v1/events?since={head}", "display").json()["events"]
    assert [(e["type"], e["data"]["text"]) for e in events] == [
        ("hall.announcement", "Loket 3 tutup pukul 12.00")
    ]
    entry = audit(hall)[-1]
    assert (entry["actor"], entry["action"]) == ("user:supervisor", "announcement.post")
    too_long = submit(hall, "/admin/announcements", "/admin/announcements", text="x" * 281)
    assert too_long.status_code == 422 and "Data tidak valid: text." in too_long.text
    after = hall.get(f"/api/v1/events?since={head}", "display").json()["events"]
    assert len(after) == 1


def test_the_audit_page_filters_shows_before_and_after_and_the_chain(hall: HallClient) -> None:
    as_console(hall)
    hall.token("budi", "operator")
    submit(hall, "/admin/users", "/admin/users/budi", do="save", role="supervisor", agency_id="")
    submit(hall, "/admin/devices", "/admin/devices", name="papan-1", role="display")
    page = hall.client.get("/admin/audit").text
    assert "Rantai hash terverifikasi" in page
    assert page.index("<td>device.add</td>") < page.index("<td>user.change</td>")  # newest first
    change = page.split("<td>user.change</td>")[1].split("</table>")[0]
    changed = [r for r in change.split("<tr") if 'class="changed"' in r]
    assert len(changed) == 1, changed  # only the role changed, and only it is marked
    assert ">role<" in changed[0] and "<td>operator</td><td>supervisor</td>" in changed[0]
    only = hall.client.get("/admin/audit?q=device").text
    assert "<td>device.add</td>" in only and "<td>user.change</td>" not in only
    nobody = hall.client.get("/admin/audit?actor=user:someone-else").text
    assert "Tidak ada entri yang cocok" in nobody
    later = hall.client.get("/admin/audit?from=2030-01-01").text
    assert "Tidak ada entri yang cocok" in later
    conn = sqlite3.connect(hall.db)
    conn.execute("DROP TRIGGER audit_log_append_only_update")
    conn.execute("UPDATE audit_log SET actor = 'user:nobody' WHERE seq = 1")
    conn.commit()
    conn.close()
    broken = hall.client.get("/admin/audit").text
    assert "RUSAK pada entri 1" in broken and "Rantai hash terverifikasi" not in broken


def test_the_audit_page_goes_back_a_page_at_a_time(
    hall: HallClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(console_audit, "PAGE", 2)
    as_console(hall)
    for name in ("papan-1", "papan-2", "papan-3"):
        submit(hall, "/admin/devices", "/admin/devices", name=name, role="display")
    first = hall.client.get("/admin/audit?q=device").text
    assert "device:papan-3" in first and "device:papan-2" in first
    assert "device:papan-1" not in first
    links = [h.split('"')[0] for h in first.split('href="/admin/audit?')[1:]]
    older = next(h for h in links if "before=" in h).replace("&amp;", "&")
    assert "q=device" in older  # the filter is kept
    second = hall.client.get(f"/admin/audit?{older}").text
    assert "device:papan-1" in second
    assert "device:papan-2" not in second and "device:papan-3" not in second  # no repeats
    assert "Entri lebih lama" not in second
