"""The console's hall pages (/admin/hall…): each form is the REST route's change (checked
by the hall file's rules, audited, announced, live), and a refused change shows the hall
file's message on the form and changes nothing (docs/hall-admin.md)."""

from __future__ import annotations

import html
from typing import Any

from inprocess import HallClient

from queue_server.console.session import COOKIE


def as_console(hall: HallClient) -> None:
    hall.client.cookies.clear()
    hall.client.cookies.set(COOKIE, hall.token("admin", "admin"))


def submit(hall: HallClient, page: str, action: str, **fields: str) -> Any:
    """Post a console form as a browser would: the CSRF field read off the page."""
    text = hall.client.get(page).text
    csrf = text.split('name="csrf" value="')[1].split('"')[0]
    return hall.client.post(action, data={"csrf": csrf, **fields}, follow_redirects=False)


def service(hall: HallClient, service_id: str) -> dict[str, Any]:
    return dict(next(s for s in hall.get("/api/v1/services", None).json() if s["id"] == service_id))


def version(hall: HallClient) -> int:
    return int(hall.get("/api/v1/hall/config").json()["version"])


SERVICE_FORM = {
    "name": "Akta Kelahiran",
    "name_en": "Birth certificate",
    "requirements": "Surat keterangan lahir\nKK orang tua",
    "minutes": "6",
    "quota": "12",
    "opens": "08:00",
    "closes": "12:00",
    "target_wait_minutes": "20",
    "max_wait_minutes": "30",
    "dossier_days": "",
}


def test_the_service_form_changes_quota_hours_and_requirements_live(hall: HallClient) -> None:
    as_console(hall)
    page = "/admin/hall/services/akta"
    assert 'value="3"' in hall.client.get(page).text  # the stored quota

    saved = submit(hall, page, page, **SERVICE_FORM)

    assert saved.status_code == 303, saved.text
    akta = service(hall, "akta")
    assert akta["quota_per_day"] == 12
    assert akta["requirements"] == ["Surat keterangan lahir", "KK orang tua"]
    config = hall.get("/api/v1/hall/config").json()["document"]
    stored = next(s for s in config["services"] if s["id"] == "akta")
    assert stored["hours"] == ["08:00", "12:00"] and stored["target_wait_minutes"] == 20
    entry = hall.get("/api/v1/audit").json()["items"][-1]
    assert (entry["action"], entry["target"]) == ("hall.service.change", "service:akta")
    events = hall.get("/api/v1/events?since=0").json()["events"]
    assert events[-1]["type"] == "hall.changed"


def test_a_bad_service_form_shows_the_hall_files_message_and_changes_nothing(
    hall: HallClient,
) -> None:
    as_console(hall)
    page = "/admin/hall/services/akta"
    before = version(hall)

    refused = submit(hall, page, page, **{**SERVICE_FORM, "minutes": "enam", "quota": "0"})

    assert refused.status_code == 422
    shown = html.unescape(refused.text)
    assert "hall configuration: service #3 (akta): 'minutes' must be a int/float" in shown
    assert 'value="enam"' in refused.text  # what was typed stays on the form
    assert version(hall) == before and service(hall, "akta")["quota_per_day"] == 3


def test_holidays_are_added_and_removed_and_a_counter_renamed(hall: HallClient) -> None:
    as_console(hall)
    added = submit(hall, "/admin/hall", "/admin/hall/holidays", date="2026-12-24", name="Cuti")
    assert added.status_code == 303, added.text
    holidays = hall.get("/api/v1/hall", None).json()["holidays"]
    assert {"date": "2026-12-24", "name": "Cuti"} in holidays
    assert 'data-holiday="2026-12-24"' in hall.client.get("/admin/hall").text

    removed = submit(hall, "/admin/hall", "/admin/hall/holidays/2026-12-24/remove")
    assert removed.status_code == 303
    assert hall.get("/api/v1/hall", None).json()["holidays"] == []

    renamed = submit(
        hall, "/admin/hall", "/admin/hall/counters/4", name="Samsat 4", zone="B", services="pkb"
    )
    assert renamed.status_code == 303, renamed.text
    counters = {c["id"]: c for c in hall.get("/api/v1/counters", None).json()}
    assert counters[4]["name"] == "Samsat 4"

    wrong = submit(
        hall, "/admin/hall", "/admin/hall/counters/4", name="Samsat 9", zone="B", services="pkb"
    )
    assert wrong.status_code == 422
    assert "does not end with the loket number 4" in html.unescape(wrong.text)


def test_a_supervisor_sees_no_hall_page(hall: HallClient) -> None:
    hall.client.cookies.clear()
    hall.client.cookies.set(COOKIE, hall.token("sari", "supervisor"))
    assert hall.client.get("/admin/hall").status_code == 403


def test_an_agency_is_added_and_renamed_and_a_counter_added_from_the_hall_page(
    hall: HallClient,
) -> None:
    as_console(hall)
    page = "/admin/hall"
    added = submit(hall, page, "/admin/hall/agencies", id="bpn", name="Kantor Pertanahan",
                   short="BPN")  # fmt: skip
    assert added.status_code == 303, added.text
    renamed = submit(hall, page, "/admin/hall/agencies/bpn", name="Kantor Pertanahan Kota",
                     short="ATR/BPN")  # fmt: skip
    assert renamed.status_code == 303, renamed.text
    agencies = {a["id"]: a for a in hall.get("/api/v1/hall", None).json()["agencies"]}
    assert agencies["bpn"]["name"] == "Kantor Pertanahan Kota"
    counter = submit(hall, page, "/admin/hall/counters", id="9", name="Loket 9",
                     agency="dukcapil", services="kk, akta")  # fmt: skip
    assert counter.status_code == 303, counter.text
    counters = {c["id"]: c for c in hall.get("/api/v1/counters", None).json()}
    assert counters[9]["name"] == "Loket 9"
    actions = [e["action"] for e in hall.get("/api/v1/audit").json()["items"][-3:]]
    assert actions == ["hall.agency.add", "hall.agency.change", "hall.counter.add"]


def test_a_counter_for_an_unknown_service_is_refused_with_the_hall_files_message(
    hall: HallClient,
) -> None:
    as_console(hall)
    before = version(hall)
    refused = submit(hall, "/admin/hall", "/admin/hall/counters", id="9", agency="dukcapil",
                     services="nope")  # fmt: skip
    assert refused.status_code == 422, refused.text
    assert "hall configuration: counter" in html.unescape(refused.text)
    assert "nope" in html.unescape(refused.text)
    assert version(hall) == before
    assert 9 not in {c["id"] for c in hall.get("/api/v1/counters", None).json()}
