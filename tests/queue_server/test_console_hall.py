"""The console's hall pages (/admin/hall…): each form is the REST route's change (checked
by the hall file's rules, audited, announced, live), and a refused change shows the hall
file's message on the form and changes nothing (docs/hall-admin.md)."""

from __future__ import annotations

import html
from typing import Any

import pytest
from inprocess import HallClient

from queue_server.console.session import COOKIE, csrf_for


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


# --- adding and removing services and counters ------------------------------------------

NEW_SERVICE = {
    "id": "paspor",
    "agency": "dukcapil",
    "name": "Rekomendasi Paspor",
    "name_en": "Passport recommendation",
    "prefix": "E",
    "minutes": "7",
    "quota": "5",
    "counter-2": "1",
}


def test_a_service_added_on_the_hall_page_is_offered_served_and_audited(
    hall: HallClient,
) -> None:
    as_console(hall)
    added = submit(hall, "/admin/hall", "/admin/hall/services", **NEW_SERVICE)

    assert added.status_code == 303, added.text
    paspor = service(hall, "paspor")
    assert (paspor["prefix"], paspor["quota_per_day"]) == ("E", 5)
    counters = {c["id"]: c for c in hall.get("/api/v1/counters", None).json()}
    assert "paspor" in counters[2]["service_ids"] and "paspor" not in counters[1]["service_ids"]
    entry = hall.get("/api/v1/audit").json()["items"][-1]
    assert (entry["action"], entry["target"]) == ("hall.service.add", "service:paspor")


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"agency": "imigrasi"}, "service #5 (paspor): agency 'imigrasi' is not defined"),
        ({"prefix": "A"}, "prefix 'A' is already used by service 'ktp'"),
        ({"counter-2": "", "counter-3": "1"}, "belongs to agency 'dukcapil', not 'samsat'"),
    ],
)
def test_a_bad_new_service_shows_the_hall_files_message_and_changes_nothing(
    hall: HallClient, bad: dict[str, str], message: str
) -> None:
    as_console(hall)
    before = version(hall)
    fields = {k: v for k, v in {**NEW_SERVICE, **bad}.items() if v}

    refused = submit(hall, "/admin/hall", "/admin/hall/services", **fields)

    assert refused.status_code == 422, refused.text
    assert message in html.unescape(refused.text)
    assert 'value="Rekomendasi Paspor"' in refused.text  # what was typed stays on the form
    assert version(hall) == before
    assert "paspor" not in {s["id"] for s in hall.get("/api/v1/services", None).json()}


def test_a_service_is_not_removed_while_a_ticket_waits_and_is_removed_after(
    hall: HallClient,
) -> None:
    as_console(hall)
    ticket = hall.issue("akta")
    page = "/admin/hall/services/akta/remove"
    asked = hall.client.get(page)
    assert asked.status_code == 200 and "Hapus layanan akta?" in asked.text
    before = version(hall)

    refused = submit(hall, page, page)

    assert refused.status_code == 409, refused.text
    assert "Masih ada antrean menunggu untuk layanan ini hari ini." in refused.text
    assert version(hall) == before and service(hall, "akta")

    assert hall.post("/api/v1/counters/2/open").status_code == 200
    called = hall.post("/api/v1/counters/2/call-next")
    assert called.status_code == 200 and called.json()["id"] == ticket["id"]
    removed = submit(hall, page, page)
    assert removed.status_code == 303, removed.text
    assert "akta" not in {s["id"] for s in hall.get("/api/v1/services", None).json()}
    counters = {c["id"]: c for c in hall.get("/api/v1/counters", None).json()}
    assert counters[2]["service_ids"] == ["kk", "ktp"]
    entry = hall.get("/api/v1/audit").json()["items"][-1]
    assert (entry["action"], entry["target"]) == ("hall.service.remove", "service:akta")


def test_an_open_counter_is_not_removed_and_a_closed_one_is(hall: HallClient) -> None:
    as_console(hall)
    assert hall.post("/api/v1/counters/4/open").status_code == 200
    page = "/admin/hall/counters/4/remove"
    assert "Hapus loket 4?" in hall.client.get(page).text
    before = version(hall)

    refused = submit(hall, page, page)

    assert refused.status_code == 409, refused.text
    assert "Loket ini masih buka; tutup dulu sebelum dihapus." in refused.text
    assert version(hall) == before

    assert hall.post("/api/v1/counters/4/close").status_code == 200
    removed = submit(hall, page, page)
    assert removed.status_code == 303, removed.text
    assert 4 not in {c["id"] for c in hall.get("/api/v1/counters", None).json()}
    entry = hall.get("/api/v1/audit").json()["items"][-1]
    assert (entry["action"], entry["target"]) == ("hall.counter.remove", "counter:4")


# --- a service's booking and sessions ----------------------------------------------------

SESSION = {f"wd-{d}": "1" for d in ("mon", "tue", "wed", "thu", "fri")}
TUESDAY = "2026-12-01"  # the test clock is Monday 30 November 2026, 09:00 in Jakarta


def places_on(hall: HallClient, service_id: str, day: str) -> int:
    days = hall.get(f"/api/v1/services/{service_id}/days", None).json()
    return int(next(d["remaining"] for d in days if d["date"] == day))


def test_sessions_edited_added_and_removed_change_the_places_to_book(hall: HallClient) -> None:
    as_console(hall)
    page = "/admin/hall/services/kk"
    assert places_on(hall, "kk", TUESDAY) == 8 * 4  # 08:00-12:00, half-hour slots of 4
    was = {"was_start": "08:00", "was_end": "12:00"}
    fields = {**SESSION, "start": "08:00", "end": "12:00", "slot_minutes": "30"}

    edited = submit(hall, page, f"{page}/sessions/1", **was, **fields, capacity="2")
    assert edited.status_code == 303, edited.text
    assert places_on(hall, "kk", TUESDAY) == 8 * 2

    added = submit(hall, page, f"{page}/sessions", **{**fields, "start": "13:00",
                   "end": "14:00", "capacity": "3"})  # fmt: skip
    assert added.status_code == 303, added.text
    assert places_on(hall, "kk", TUESDAY) == 8 * 2 + 2 * 3
    assert 'data-session="2"' in hall.client.get(page).text

    removed = submit(hall, page, f"{page}/sessions/2/remove", was_start="13:00", was_end="14:00")
    assert removed.status_code == 303, removed.text
    assert places_on(hall, "kk", TUESDAY) == 8 * 2
    entry = hall.get("/api/v1/audit").json()["items"][-1]
    assert (entry["action"], entry["target"]) == ("hall.service.change", "service:kk")


def test_a_session_ending_before_it_starts_shows_the_parsers_message_and_changes_nothing(
    hall: HallClient,
) -> None:
    as_console(hall)
    page = "/admin/hall/services/kk"
    before = version(hall)

    refused = submit(hall, page, f"{page}/sessions/1", was_start="08:00", was_end="12:00",
                     **SESSION, start="12:00", end="08:00", slot_minutes="30",
                     capacity="9")  # fmt: skip

    assert refused.status_code == 422, refused.text
    shown = html.unescape(refused.text)
    assert "service #2 (kk) session #1: end is not after start" in shown
    assert 'value="9"' in refused.text  # what was typed stays on the form
    assert version(hall) == before and places_on(hall, "kk", TUESDAY) == 32


def test_a_session_form_read_before_another_change_is_refused(hall: HallClient) -> None:
    as_console(hall)
    page = "/admin/hall/services/kk"
    before = version(hall)
    stale = submit(hall, page, f"{page}/sessions/1/remove", was_start="09:00", was_end="12:00")
    assert stale.status_code == 404, stale.text
    assert "Sesi #1 layanan kk sudah berubah" in stale.text
    assert version(hall) == before


def test_booking_is_turned_off_and_on_again_with_a_first_session(hall: HallClient) -> None:
    as_console(hall)
    page = "/admin/hall/services/kk"
    before = version(hall)
    unconfirmed = submit(hall, page, f"{page}/booking/off")
    assert unconfirmed.status_code == 422
    assert "Centang kotak konfirmasi" in unconfirmed.text and version(hall) == before
    off = submit(hall, page, f"{page}/booking/off", confirm="1")
    assert off.status_code == 303, off.text
    stored = next(s for s in hall.get("/api/v1/hall/config").json()["document"]["services"]
                  if s["id"] == "kk")  # fmt: skip
    assert "booking" not in stored and "sessions" not in stored
    assert "Aktifkan booking" in hall.client.get(page).text

    too_far = {"days_ahead": "99", "lead_minutes": "60", "checkin_before": "30",
               "checkin_after": "15", **SESSION, "start": "08:00", "end": "10:00",
               "slot_minutes": "30", "capacity": "2"}  # fmt: skip
    refused = submit(hall, page, f"{page}/booking", **too_far)
    assert refused.status_code == 422
    assert "service #2 (kk) booking: days_ahead 99 is out of range" in html.unescape(refused.text)

    on = submit(hall, page, f"{page}/booking", **{**too_far, "days_ahead": "7"})
    assert on.status_code == 303, on.text
    assert places_on(hall, "kk", TUESDAY) == 4 * 2


# --- the hall's days, hours and anti-calo rules ------------------------------------------


def test_the_settings_form_changes_the_anti_calo_rules_and_refuses_a_bad_time(
    hall: HallClient,
) -> None:
    as_console(hall)
    rules = {"section": "settings", **{f"day-{d}": "1" for d in ("mon", "tue", "wed", "thu",
             "fri", "sat")}, "opens": "07:30", "closes": "16:00", "booking_limit_per_nik": "3",
             "no_show_strikes": "2", "strike_days": "30", "suspend_days": "7"}  # fmt: skip
    saved = submit(hall, "/admin/hall", "/admin/hall/settings", **rules)
    assert saved.status_code == 303, saved.text
    table = hall.get("/api/v1/hall/config").json()["document"]["hall"]
    assert table["days"] == ["mon", "tue", "wed", "thu", "fri", "sat"]
    assert (table["booking_limit_per_nik"], table["suspend_days"]) == (3, 7)
    assert table["running_text"] == "Selamat datang di MPP Uji Coba"  # not in this form
    entry = hall.get("/api/v1/audit").json()["items"][-1]
    assert entry["action"] == "hall.settings.change"

    before = version(hall)
    refused = submit(hall, "/admin/hall", "/admin/hall/settings", **{**rules, "opens": "25:00"})
    assert refused.status_code == 422
    assert "[hall]: opens '25:00' is not a time" in html.unescape(refused.text)
    assert version(hall) == before


# --- who may change -----------------------------------------------------------------------

NEW_ROUTES = [
    ("/admin/hall/services", NEW_SERVICE),
    ("/admin/hall/services/akta/remove", {}),
    ("/admin/hall/counters/4/remove", {}),
    ("/admin/hall/services/kk/booking", {"days_ahead": "3"}),
    ("/admin/hall/services/kk/booking/off", {"confirm": "1"}),
    (
        "/admin/hall/services/kk/sessions",
        {**SESSION, "start": "13:00", "end": "14:00", "slot_minutes": "30", "capacity": "1"},
    ),
    (
        "/admin/hall/services/kk/sessions/1",
        {
            "was_start": "08:00",
            "was_end": "12:00",
            **SESSION,
            "start": "08:00",
            "end": "12:00",
            "slot_minutes": "30",
            "capacity": "1",
        },
    ),
    ("/admin/hall/services/kk/sessions/1/remove", {"was_start": "08:00", "was_end": "12:00"}),
    ("/admin/hall/settings", {"section": "settings", "booking_limit_per_nik": "9"}),
]


def test_a_supervisors_change_to_the_hall_is_refused_and_changes_nothing(
    hall: HallClient,
) -> None:
    before = version(hall)
    token = hall.token("sari", "supervisor")
    hall.client.cookies.clear()
    hall.client.cookies.set(COOKIE, token)
    for action, fields in NEW_ROUTES:
        # A well-formed form with the supervisor's own CSRF field: refused for the role.
        page = hall.client.post(action, data={"csrf": csrf_for(token), **fields},
                                follow_redirects=False)  # fmt: skip
        assert page.status_code == 403, (action, page.text)
        assert "bukan untuk peran Anda" in page.text
    assert version(hall) == before
