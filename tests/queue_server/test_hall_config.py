"""The hall's configuration lives in the database after the first start; admins change it
over REST, validated by the hall file's own rules, audited, announced and applied live;
`antre hall export`/`import` round-trip it as TOML (docs/hall-admin.md)."""

from __future__ import annotations

import copy
import logging
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from inprocess import FakeClock, HallClient
from support import SAMPLE_HALL, SMALL_HALL

from queue_core.errors import ConfigError
from queue_core.hall import load_hall
from queue_server.cli import main as antre_main
from queue_server.store import audit as audit_rows
from queue_server.store import connect

Doc = dict[str, Any]


def config(hall: HallClient, admin: str = "admin") -> Doc:
    reply = hall.client.get("/api/v1/hall/config", headers=hall.headers(admin, "admin"))
    assert reply.status_code == 200, reply.text
    return dict(reply.json())


def send(hall: HallClient, method: str, path: str, body: Any = None) -> Any:
    return hall.client.request(method, path, json=body, headers=hall.headers("admin", "admin"))


def audit_count(hall: HallClient) -> int:
    conn = connect(hall.db, readonly=True).conn
    try:
        return audit_rows.count(conn)
    finally:
        conn.close()


def audit_entries(hall: HallClient) -> list[dict[str, Any]]:
    conn = connect(hall.db, readonly=True).conn
    try:
        return audit_rows.page(conn, "", "9999", 0, 1000)
    finally:
        conn.close()


def head(hall: HallClient) -> int:
    return int(hall.get("/api/v1/events?since=0&limit=1").json()["last_seq"])


def hall_changed_events(hall: HallClient) -> list[dict[str, Any]]:
    events = hall.get("/api/v1/events?since=0&limit=1000").json()["events"]
    return [e for e in events if e["type"] == "hall.changed"]


def file_message(tmp_path: Path, document: Doc) -> str:
    """What `antre serve --hall` says of this document written as a hall file, with the
    file's name as the console names it."""
    import tomli_w

    path = tmp_path / "bad-hall.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_hall(path)
    return str(error.value).replace(str(path), "hall configuration", 1)


# --- the first start and the later ones -----------------------------------------------------


def test_the_first_start_stores_the_hall_file_and_later_starts_keep_the_database(
    tmp_path: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "antre.db"
    with HallClient(db, clock) as hall:
        first = config(hall)
        assert first["version"] == 1
        assert first["document"] == tomllib.loads(SMALL_HALL.read_text(encoding="utf-8"))
        assert send(hall, "PATCH", "/api/v1/hall/services/akta", {"quota": 9}).status_code == 200
    # Started again with another hall file: the database wins, and one line says so.
    with caplog.at_level(logging.WARNING, "antre.hall"), HallClient(db, clock, SAMPLE_HALL) as hall:
        assert hall.get("/api/v1/hall", None).json()["name"] == "MPP Uji Coba"
        assert config(hall, "admin-2")["version"] == 2
        akta = next(s for s in hall.get("/api/v1/services", None).json() if s["id"] == "akta")
        assert akta["quota_per_day"] == 9
    ignored = [r.getMessage() for r in caplog.records if "is ignored" in r.getMessage()]
    assert len(ignored) == 1 and f"antre hall import {SAMPLE_HALL}" in ignored[0]


# --- every admin route: validated, audited, announced ---------------------------------------

Mutate = Callable[[Doc], None]


def _service(doc: Doc, ident: str) -> Doc:
    return next(s for s in doc["services"] if s["id"] == ident)


def _counter(doc: Doc, ident: int) -> Doc:
    return next(c for c in doc["counters"] if c["id"] == ident)


def _replaced(doc: Doc) -> None:
    _service(doc, "pkb")["prefix"] = "OK"


BAD: list[tuple[str, str, str, Any, Mutate]] = [
    # (name, method, path, body, the same change made to the document by hand)
    (
        "whole document",
        "PUT",
        "/api/v1/hall/config",
        None,  # built from the stored document in the test
        _replaced,
    ),
    (
        "hall settings",
        "PATCH",
        "/api/v1/hall/settings",
        {"timezone": "Europe/Paris"},
        lambda d: d["hall"].update(timezone="Europe/Paris"),
    ),
    (
        "service quota",
        "PATCH",
        "/api/v1/hall/services/akta",
        {"quota": 0},
        lambda d: _service(d, "akta").update(quota=0),
    ),
    (
        "service hours",
        "PATCH",
        "/api/v1/hall/services/pkb",
        {"hours": ["14:00", "08:00"]},
        lambda d: _service(d, "pkb").update(hours=["14:00", "08:00"]),
    ),
    (
        "new service of no agency",
        "POST",
        "/api/v1/hall/services",
        {"id": "sim", "agency": "polres", "prefix": "E", "name": "SIM", "name_en": "Licence"},
        lambda d: d["services"].append(
            {"id": "sim", "agency": "polres", "prefix": "E", "name": "SIM", "name_en": "Licence"}
        ),
    ),
    (
        "service no counter serves",
        "DELETE",
        "/api/v1/hall/services/pkb",
        None,
        lambda d: (
            d["services"].remove(_service(d, "pkb")),
            [c.update(services=[]) for c in d["counters"] if c["agency"] == "samsat"],
        ),
    ),
    (
        "agency name",
        "PATCH",
        "/api/v1/hall/agencies/samsat",
        {"name": " "},
        lambda d: d["agencies"][1].update(name=" "),
    ),
    (
        "new agency id",
        "POST",
        "/api/v1/hall/agencies",
        {"id": "Bad Id", "name": "Imigrasi"},
        lambda d: d["agencies"].append({"id": "Bad Id", "name": "Imigrasi"}),
    ),
    (
        "counter name",
        "PATCH",
        "/api/v1/hall/counters/3",
        {"name": "Loket 9"},
        lambda d: _counter(d, 3).update(name="Loket 9"),
    ),
    (
        "new counter of another agency's service",
        "POST",
        "/api/v1/hall/counters",
        {"id": 9, "agency": "samsat", "services": ["kk"], "name": "Loket 9"},
        lambda d: d["counters"].append(
            {"id": 9, "agency": "samsat", "services": ["kk"], "name": "Loket 9"}
        ),
    ),
    (
        "holiday date",
        "POST",
        "/api/v1/hall/holidays",
        {"date": "2026-13-01", "name": "Hari Uji"},
        lambda d: d.setdefault("holidays", []).append({"date": "2026-13-01", "name": "Hari Uji"}),
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "mutate"), [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_a_bad_change_answers_the_hall_files_message_and_changes_nothing(
    hall: HallClient, tmp_path: Path, method: str, path: str, body: Any, mutate: Mutate
) -> None:
    before = config(hall)
    seq, audited = head(hall), audit_count(hall)
    expected_doc = copy.deepcopy(before["document"])
    mutate(expected_doc)
    if body is None and method == "PUT":
        body = {"version": before["version"], "document": expected_doc}

    reply = send(hall, method, path, body)

    assert reply.status_code == 422, reply.text
    error = reply.json()["error"]
    assert error["code"] == "validation_error"
    assert error["message_en"] == file_message(tmp_path, expected_doc)
    assert (
        error["message"].endswith(error["message_en"]) and error["message"] != error["message_en"]
    )
    assert config(hall) == before
    assert audit_count(hall) == audited
    assert head(hall) == seq  # no hall.changed


GOOD: list[tuple[str, str, Any, str, str]] = [
    # (method, path, body, audit action, audit target)
    ("PATCH", "/api/v1/hall/settings", {"running_text": "Selamat pagi"}, "hall.settings.change", "hall"),
    ("PATCH", "/api/v1/hall/services/akta", {"quota": 7, "name": "Akta Lahir"}, "hall.service.change", "service:akta"),
    ("POST", "/api/v1/hall/services?counters=3&counters=4", {"id": "bbn", "agency": "samsat", "prefix": "E", "name": "Balik Nama", "name_en": "Transfer", "minutes": 12}, "hall.service.add", "service:bbn"),
    ("DELETE", "/api/v1/hall/services/akta", None, "hall.service.remove", "service:akta"),
    ("PATCH", "/api/v1/hall/agencies/samsat", {"short": "SAMSAT"}, "hall.agency.change", "agency:samsat"),
    ("POST", "/api/v1/hall/agencies", {"id": "imigrasi", "name": "Kantor Imigrasi"}, "hall.agency.add", "agency:imigrasi"),
    ("PATCH", "/api/v1/hall/counters/4", {"zone": "C"}, "hall.counter.change", "counter:4"),
    ("POST", "/api/v1/hall/counters", {"id": 5, "agency": "samsat", "services": ["pkb"]}, "hall.counter.add", "counter:5"),
    ("DELETE", "/api/v1/hall/counters/4", None, "hall.counter.remove", "counter:4"),
    ("POST", "/api/v1/hall/holidays", {"date": "2026-12-24", "name": "Cuti Bersama"}, "hall.holiday.add", "holiday:2026-12-24"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("method", "path", "body", "action", "target"), GOOD, ids=[g[3] for g in GOOD]
)
def test_a_change_is_stored_audited_and_announced(
    hall: HallClient, method: str, path: str, body: Any, action: str, target: str
) -> None:
    before = config(hall)
    audited = audit_count(hall)

    reply = send(hall, method, path, body)

    assert reply.status_code in (200, 201), reply.text
    after = reply.json()
    assert after["version"] == before["version"] + 1
    assert config(hall) == after
    entries = audit_entries(hall)
    assert len(entries) == audited + 1
    entry = entries[-1]
    assert (entry["actor"], entry["action"], entry["target"]) == ("user:admin", action, target)
    assert entry["before"] != entry["after"]
    if method == "PATCH":
        assert {k: entry["after"][k] for k in body} == body
    assert hall_changed_events(hall)[-1]["data"] == {"version": after["version"]}


def test_a_change_is_served_at_once(hall: HallClient) -> None:
    send(hall, "PATCH", "/api/v1/hall/services/akta", {"quota": 7, "name": "Akta Lahir"})
    send(hall, "POST", "/api/v1/hall/counters", {"id": 5, "agency": "samsat", "services": ["pkb"]})

    akta = next(s for s in hall.get("/api/v1/services", None).json() if s["id"] == "akta")
    assert (akta["name"], akta["quota_per_day"], akta["remaining_today"]) == ("Akta Lahir", 7, 7)
    assert 5 in [c["id"] for c in hall.get("/api/v1/counters", None).json()]
    opened = hall.post("/api/v1/counters/5/open", "supervisor")
    assert opened.status_code == 200, opened.text  # the writer knows the new counter too


def test_the_whole_document_is_replaced_only_on_the_version_it_was_read_at(
    hall: HallClient,
) -> None:
    read = config(hall)
    send(hall, "PATCH", "/api/v1/hall/services/akta", {"quota": 7})
    current = config(hall)
    audited, seq = audit_count(hall), head(hall)
    stale = copy.deepcopy(read["document"])
    stale["hall"]["name"] = "MPP Lain"

    reply = send(
        hall, "PUT", "/api/v1/hall/config", {"version": read["version"], "document": stale}
    )

    assert reply.status_code == 409 and reply.json()["error"]["code"] == "version_conflict"
    assert config(hall) == current and audit_count(hall) == audited and head(hall) == seq
    fresh = copy.deepcopy(current["document"])
    fresh["hall"]["name"] = "MPP Lain"
    reply = send(
        hall, "PUT", "/api/v1/hall/config", {"version": current["version"], "document": fresh}
    )
    assert reply.status_code == 200 and hall.get("/api/v1/hall", None).json()["name"] == "MPP Lain"


def test_unknown_entries_are_not_found_and_an_id_cannot_change(hall: HallClient) -> None:
    assert send(hall, "PATCH", "/api/v1/hall/services/nope", {"quota": 1}).status_code == 404
    assert send(hall, "DELETE", "/api/v1/hall/holidays/2026-01-01").status_code == 404
    reply = send(hall, "PATCH", "/api/v1/hall/services/kk", {"id": "kk2"})
    assert reply.status_code == 422
    assert config(hall)["version"] == 1


def test_a_quota_set_to_null_is_taken_out(hall: HallClient) -> None:
    after = send(hall, "PATCH", "/api/v1/hall/services/akta", {"quota": None}).json()
    assert "quota" not in _service(after["document"], "akta")
    akta = next(s for s in hall.get("/api/v1/services", None).json() if s["id"] == "akta")
    assert akta["quota_per_day"] is None


def test_a_service_with_tickets_waiting_or_an_open_counter_is_not_removed(
    hall: HallClient,
) -> None:
    hall.issue("pkb")
    assert send(hall, "DELETE", "/api/v1/hall/services/pkb").status_code == 409
    assert hall.post("/api/v1/counters/3/open", "supervisor").status_code == 200
    assert send(hall, "DELETE", "/api/v1/hall/counters/3").status_code == 409
    assert config(hall)["version"] == 1


def test_a_holiday_added_flags_the_bookings_on_that_day_and_removed_unflags_them(
    hall: HallClient,
) -> None:
    body = {"service_id": "kk", "date": "2026-12-03", "start": "08:00", "nik": "3171012501900003"}
    booking = hall.client.post("/api/v1/bookings", json=body)
    assert booking.status_code == 201, booking.text
    booking_id = booking.json()["id"]

    def affected() -> bool:
        items = hall.get("/api/v1/bookings", "supervisor").json()["items"]
        return bool(next(b for b in items if b["id"] == booking_id)["affected"])

    added = send(hall, "POST", "/api/v1/hall/holidays", {"date": "2026-12-03", "name": "Cuti"})
    assert added.status_code == 201
    assert affected()
    assert send(hall, "DELETE", "/api/v1/hall/holidays/2026-12-03").status_code == 200
    assert not affected()


# --- antre hall export / import -------------------------------------------------------------

EVERY_FEATURE = """
[hall]
name = "MPP Lengkap"
timezone = "Asia/Makassar"
opens = "07:30"
closes = "16:00"
days = ["mon", "tue", "wed", "thu", "fri", "sat"]
booking_limit_per_nik = 3
complaints = {verify_days = 2, answer_days = 5, confirm_days = 7}
running_text = "Selamat datang"
running_text_en = "Welcome"
logo = "logo.svg"
media_dir = "poster"
media_seconds = 6
remind = ["-1d 16:00", "-30m"]
contact_days = 20

[[holidays]]
date = 2026-12-25
name = "Hari Raya Natal"

[[holidays]]
date = "2026-12-24"
name = "Cuti Bersama Natal"

[[agencies]]
id = "dukcapil"
name = "Disdukcapil"

[[services]]
id = "kk"
agency = "dukcapil"
prefix = "B"
name = "Kartu Keluarga"
name_en = "Family card"
requirements = ["KK lama", "Surat nikah"]
minutes = 8.5
quota = 40
hours = ["08:00", "14:00"]
nik_required = true
max_wait_minutes = 45
target_wait_minutes = 20
dossier_days = 14
booking = {days_ahead = 7, lead_minutes = 60, checkin_before = 30, checkin_after = 15}
[[services.sessions]]
weekdays = ["mon", "tue"]
start = "08:00"
end = "12:00"
slot_minutes = 30
capacity = 4

[[counters]]
id = 1
name = "Loket 1"
agency = "dukcapil"
services = ["kk"]
zone = "A"
"""


def cli(*args: str) -> Any:
    return CliRunner().invoke(antre_main, list(args))


@pytest.mark.parametrize("which", ["sample", "every feature"])
def test_import_export_import_export_is_byte_stable(tmp_path: Path, which: str) -> None:
    if which == "sample":
        source = SAMPLE_HALL
    else:
        source = tmp_path / "lengkap.toml"
        source.write_text(EVERY_FEATURE, encoding="utf-8")
    db = tmp_path / "antre.db"
    assert cli("hall", "import", str(source), "--db", str(db)).exit_code == 0
    first = cli("hall", "export", "--db", str(db))
    assert first.exit_code == 0, first.output
    copy_path = tmp_path / "exported.toml"
    copy_path.write_text(first.output, encoding="utf-8")
    again = cli("hall", "import", str(copy_path), "--db", str(db))
    assert "unchanged" in again.output  # the same document: no new version
    # The export imported into another hall's database and exported again: same bytes.
    other = tmp_path / "other.db"
    assert cli("hall", "import", str(copy_path), "--db", str(other)).exit_code == 0
    second = cli("hall", "export", "--db", str(other))
    assert second.output.encode() == first.output.encode()
    # What was stored is what the file says (its relative paths taken from its folder).
    exported = tomllib.loads(first.output)
    original = tomllib.loads(source.read_text(encoding="utf-8"))
    if which == "every feature":
        assert exported["hall"].pop("logo") == str(tmp_path / "logo.svg")
        assert exported["hall"].pop("media_dir") == str(tmp_path / "poster")
        original["hall"].pop("logo"), original["hall"].pop("media_dir")
    assert exported == original
    assert load_hall(copy_path).name == load_hall(source).name


def test_importing_a_bad_file_says_what_the_server_would_and_changes_nothing(
    tmp_path: Path,
) -> None:
    db = tmp_path / "antre.db"
    assert cli("hall", "import", str(SMALL_HALL), "--db", str(db)).exit_code == 0
    stored = cli("hall", "export", "--db", str(db)).output
    bad = tmp_path / "bad.toml"
    bad.write_text(SMALL_HALL.read_text().replace('prefix = "D"', 'prefix = "A"'))
    with pytest.raises(ConfigError) as expected:
        load_hall(bad)

    result = cli("hall", "import", str(bad), "--db", str(db))

    assert result.exit_code == 1
    assert str(expected.value) in result.output
    assert cli("hall", "export", "--db", str(db)).output == stored
    conn = connect(db, readonly=True).conn
    try:
        assert audit_rows.count(conn) == 1  # the first import only
    finally:
        conn.close()


def test_an_import_is_audited_with_the_os_user(tmp_path: Path) -> None:
    db = tmp_path / "antre.db"
    assert cli("hall", "import", str(SMALL_HALL), "--db", str(db)).exit_code == 0
    conn = connect(db, readonly=True).conn
    try:
        (entry,) = audit_rows.page(conn, "", "9999", 0, 10)
    finally:
        conn.close()
    assert entry["actor"].startswith("cli:") and entry["action"] == "hall.import"
    assert entry["after"]["hall"]["name"] == "MPP Uji Coba"


def test_export_of_a_database_without_a_hall_fails_with_the_fix(tmp_path: Path) -> None:
    result = cli("hall", "export", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1 and "no database" in result.output


def test_a_user_is_tied_to_an_agency_of_the_stored_hall(tmp_path: Path) -> None:
    db = tmp_path / "antre.db"
    added = tmp_path / "pos.toml"
    added.write_text(
        SMALL_HALL.read_text(encoding="utf-8")
        + '\n[[agencies]]\nid = "kantor-pos"\nname = "Kantor Pos"\n',
        encoding="utf-8",
    )
    assert cli("hall", "import", str(added), "--db", str(db)).exit_code == 0

    result = CliRunner().invoke(
        antre_main,
        ["user", "add", "wati", "--role", "operator", "--agency", "kantor-pos", "--password-stdin", "--db", str(db)],
        input="kata-sandi-123\n",
    )  # fmt: skip

    assert result.exit_code == 0, result.output


def test_simulated_days_are_played_on_the_hall_the_database_holds(tmp_path: Path) -> None:
    """`antre simulate --db` on a hall edited in the console plays that hall, not the file;
    on a new file it stores --hall, so `antre serve` later shows the days with their hall."""
    edited = tmp_path / "edited.toml"
    text = SAMPLE_HALL.read_text(encoding="utf-8")
    edited.write_text(text.replace('prefix = "A"\n', 'prefix = "KT"\n', 1), encoding="utf-8")
    kept = tmp_path / "kept.db"
    assert cli("hall", "import", str(edited), "--db", str(kept)).exit_code == 0
    fresh = tmp_path / "fresh.db"
    for db, hall in ((kept, SAMPLE_HALL), (fresh, edited)):
        played = cli(
            "simulate", "--visitors", "80", "--counters", "6", "--hall", str(hall),
            "--db", str(db),
        )  # fmt: skip
        assert played.exit_code == 0, played.output
        conn = connect(db).conn
        prefixes = conn.execute(
            "SELECT DISTINCT prefix FROM tickets WHERE service_id = 'ktp-el'"
        ).fetchall()
        conn.close()
        assert [tuple(p) for p in prefixes] == [("KT",)]
    assert 'prefix = "KT"' in cli("hall", "export", "--db", str(fresh)).output
