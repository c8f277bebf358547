"""A whole visit through KioskFlow, with no window, against a real `antre serve`."""

from __future__ import annotations

import datetime
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot
from support import SMALL_HALL, Server

from kiosk_app.flow import KioskFlow, Screen, Timing
from printer import Outcome
from queue_client import HallClient, TicketRequest
from queue_core.ticket import Priority

if TYPE_CHECKING:
    from conftest import FakePrinter, MakeFlow

WAIT_MS = 15_000
NIK_ADULT = "3273014501900002"  # Bandung, a woman born 5 January 1990
NIK_ELDERLY = "3273011501550003"  # born 15 January 1955: over 60 on any day from 2015


def take_a_number(flow: KioskFlow, service_id: str) -> None:
    """Tap to start, choose the service, and take a number (the information screen's button)."""
    flow.begin()
    flow.choose_service(service_id)
    flow.take_number()


def staff_client(server: Server) -> HallClient:
    return HallClient(server.url, server.staff_token())


def hall_with_closed_service(tmp_path: Path, hours: tuple[str, str]) -> Path:
    extra = f"""
[[services]]
id = "skck"
agency = "samsat"
prefix = "E"
name = "Legalisir"
name_en = "Legalisation"
requirements = ["Dokumen asli"]
minutes = 5
hours = ["{hours[0]}", "{hours[1]}"]
"""
    path = tmp_path / "closed.toml"
    # Loket 3 (Samsat) serves it too: a hall file refuses a service nobody serves.
    base = SMALL_HALL.read_text().replace('services = ["pkb"]', 'services = ["pkb", "skck"]', 1)
    path.write_text(base + extra)
    return path


def reach(qtbot: QtBot, flow: KioskFlow, screen: Screen) -> None:
    qtbot.waitUntil(lambda: flow.screen is screen, timeout=WAIT_MS)


def type_nik(flow: KioskFlow, nik: str) -> None:
    for digit in nik:
        flow.press_digit(digit)


def nik_anywhere(obj: object, nik: str, seen: set[int] | None = None) -> bool:
    """Whether the string appears in the object's attributes, however deep."""
    seen = seen if seen is not None else set()
    if id(obj) in seen:
        return False
    seen.add(id(obj))
    if isinstance(obj, str):
        return nik in obj
    if isinstance(obj, dict):
        return any(nik_anywhere(v, nik, seen) for v in obj.values())
    if isinstance(obj, list | tuple | set):
        return any(nik_anywhere(v, nik, seen) for v in obj)
    attributes = getattr(obj, "__dict__", None)
    if attributes is None and hasattr(type(obj), "__dataclass_fields__"):
        attributes = {f: getattr(obj, f) for f in type(obj).__dataclass_fields__}
    return bool(attributes) and nik_anywhere(attributes, nik, seen)


def test_walk_in_gets_a_printed_number_in_three_taps(
    qtbot: QtBot, flow: KioskFlow, fake_printer: FakePrinter
) -> None:
    flow.begin()  # tap 1: the attract screen
    assert flow.screen is Screen.SERVICE  # four services: no agency step
    assert {t.service.id for t in flow.tiles()} == {"ktp", "kk", "akta", "pkb"}
    flow.choose_service("kk")  # tap 2
    assert flow.screen is Screen.INFO
    assert flow.service is not None and flow.service.requirements == ("KK lama",)
    flow.take_number()  # tap 3
    reach(qtbot, flow, Screen.RESULT)
    assert flow.ticket is not None and flow.ticket.number == "B001"
    assert flow.ticket.priority is Priority.REGULAR
    qtbot.waitUntil(lambda: flow.print_result is not None, timeout=WAIT_MS)
    assert flow.print_result is not None and flow.print_result.outcome is Outcome.PRINTED
    assert b"B001" in bytes(fake_printer.received)


def test_the_running_text_follows_the_language(flow: KioskFlow) -> None:
    assert flow.running_text() == "Selamat datang di MPP Uji Coba"
    flow.toggle_language()
    assert flow.running_text() == "Welcome to the MPP test hall"  # the hall file's English
    assert flow.hall is not None
    flow.hall = replace(flow.hall, running_text_en="")
    # No English in the hall file: a plain welcome, never Indonesian under an English screen.
    assert flow.running_text() == "Welcome to MPP Uji Coba"


def test_result_returns_to_the_attract_screen_by_itself(
    qtbot: QtBot, make_flow: MakeFlow, quick: Timing
) -> None:
    flow = make_flow(timing=replace(quick, result=0.2))
    take_a_number(flow, "pkb")
    reach(qtbot, flow, Screen.RESULT)
    reach(qtbot, flow, Screen.ATTRACT)
    assert flow.ticket is None and flow.service is None


def test_service_tiles_show_waiting_and_eta(
    qtbot: QtBot, flow: KioskFlow, client: HallClient
) -> None:
    client.issue_ticket(TicketRequest("pkb"))
    client.issue_ticket(TicketRequest("pkb"))
    flow.begin()  # refreshes the catalogue
    qtbot.waitUntil(
        lambda: next(t for t in flow.tiles() if t.service.id == "pkb").service.waiting == 2,
        timeout=WAIT_MS,
    )
    tile = next(t for t in flow.tiles() if t.service.id == "pkb")
    # The wait as one figure when narrow, as a range when wide (docs/eta.md).
    assert re.fullmatch(r"2 orang menunggu · (sekitar \d+|\d+–\d+) menit", tile.status("id"))
    assert re.fullmatch(r"2 people waiting · (about \d+|\d+–\d+) min", tile.status("en"))


def test_nik_by_keypad_checks_each_part_live_and_keeps_only_the_masked_form(
    qtbot: QtBot, flow: KioskFlow
) -> None:
    flow.begin()
    flow.choose_service("ktp")  # NIK required
    flow.take_number()
    assert flow.screen is Screen.NIK
    type_nik(flow, "99")
    problem = flow.nik_problem()
    assert problem is not None and problem.reason == "unknown_province"
    assert "provinsi" in problem.detail and problem.message.startswith("Mohon maaf, NIK")
    flow.clear_digits()
    type_nik(flow, "327301" + "3213")  # day 32: no such date, known after 12 digits
    assert flow.nik_problem() is None  # 10 digits: the date is not complete yet
    type_nik(flow, "90")
    problem = flow.nik_problem()
    assert problem is not None and problem.reason == "impossible_birth_date"
    assert not flow.can_confirm_nik()
    flow.clear_digits()
    type_nik(flow, NIK_ADULT + "9")  # the 17th digit is refused
    assert flow.keypad.count == 16 and flow.can_confirm_nik()
    flow.confirm_nik()
    assert flow.screen is Screen.PRIORITY
    assert flow.nik_masked == "************0002"
    assert flow.priority is Priority.REGULAR and not flow.elderly_suggested
    assert flow.keypad.count == 0
    # After the entry step the NIK lives only in the request about to be sent.
    shown = {k: v for k, v in vars(flow).items() if k != "_draft"}
    assert not nik_anywhere(shown, NIK_ADULT)
    assert NIK_ADULT not in repr(flow._draft)
    flow.confirm()
    reach(qtbot, flow, Screen.RESULT)
    assert flow.ticket is not None and flow.ticket.number.startswith("A")
    assert flow.ticket.nik_masked == "************0002"
    assert not flow.holds_nik() and not nik_anywhere(vars(flow), NIK_ADULT)


def test_a_nik_service_without_a_nik_asks_for_one(flow: KioskFlow) -> None:
    take_a_number(flow, "ktp")
    assert flow.screen is Screen.NIK
    flow.confirm_nik()  # nothing typed: nothing happens
    assert flow.screen is Screen.NIK


def test_a_nik_of_someone_over_60_preselects_the_elderly_priority(
    qtbot: QtBot, flow: KioskFlow
) -> None:
    flow.begin()
    flow.choose_service("kk")
    flow.use_nik()  # optional NIK for a service that does not need it
    type_nik(flow, NIK_ELDERLY)
    flow.confirm_nik()
    assert flow.screen is Screen.PRIORITY
    assert flow.elderly_suggested and flow.nik_age is not None and flow.nik_age >= 60
    assert flow.priority is Priority.ELDERLY
    flow.confirm()
    reach(qtbot, flow, Screen.RESULT)
    assert flow.ticket is not None and flow.ticket.priority is Priority.ELDERLY
    assert flow.ticket.elderly_suggested


def test_the_elderly_suggestion_may_be_declined(qtbot: QtBot, flow: KioskFlow) -> None:
    flow.begin()
    flow.choose_service("kk")
    flow.use_nik()
    type_nik(flow, NIK_ELDERLY)
    flow.confirm_nik()
    flow.choose_priority(Priority.REGULAR)
    flow.confirm()
    reach(qtbot, flow, Screen.RESULT)
    assert flow.ticket is not None and flow.ticket.priority is Priority.REGULAR


def test_a_priority_without_nik(qtbot: QtBot, flow: KioskFlow) -> None:
    flow.begin()
    flow.choose_service("pkb")
    flow.ask_priority()
    flow.choose_priority(Priority.PREGNANT)
    flow.confirm()
    reach(qtbot, flow, Screen.RESULT)
    assert flow.ticket is not None and flow.ticket.priority is Priority.PREGNANT


def test_idle_timeout_clears_the_digits_typed(
    qtbot: QtBot, make_flow: MakeFlow, quick: Timing
) -> None:
    flow = make_flow(timing=replace(quick, idle=0.3))
    take_a_number(flow, "ktp")
    type_nik(flow, "327301")
    assert flow.keypad.count == 6
    reach(qtbot, flow, Screen.ATTRACT)
    assert flow.keypad.count == 0 and not flow.holds_nik() and flow.service is None


def test_idle_timeout_forgets_a_confirmed_nik(
    qtbot: QtBot, make_flow: MakeFlow, quick: Timing
) -> None:
    flow = make_flow(timing=replace(quick, idle=0.3))
    take_a_number(flow, "ktp")
    type_nik(flow, NIK_ADULT)
    flow.confirm_nik()
    assert flow.holds_nik()
    reach(qtbot, flow, Screen.ATTRACT)
    assert not flow.holds_nik() and flow.nik_masked is None
    assert not nik_anywhere(vars(flow), NIK_ADULT)


def test_exhausted_quota_shows_the_service_disabled_with_the_reason(
    qtbot: QtBot, flow: KioskFlow, client: HallClient
) -> None:
    for _ in range(3):
        client.issue_ticket(TicketRequest("akta"))
    flow.begin()
    qtbot.waitUntil(
        lambda: not next(t for t in flow.tiles() if t.service.id == "akta").enabled,
        timeout=WAIT_MS,
    )
    tile = next(t for t in flow.tiles() if t.service.id == "akta")
    assert tile.reason == "quota"
    assert tile.status("id") == "Kuota hari ini habis"
    flow.choose_service("akta")
    assert flow.screen is Screen.SERVICE  # a disabled tile does nothing


def test_quota_used_up_while_choosing_is_explained(
    qtbot: QtBot, flow: KioskFlow, client: HallClient
) -> None:
    flow.begin()
    flow.choose_service("akta")  # still open when listed
    for _ in range(3):
        client.issue_ticket(TicketRequest("akta"))
    flow.take_number()
    reach(qtbot, flow, Screen.NOTICE)
    assert flow.notice is not None and flow.notice[0]
    assert not flow.holds_nik()


def test_a_closed_service_is_shown_disabled_with_its_hours(
    qtbot: QtBot, tmp_path: Path, quick: Timing
) -> None:
    now = datetime.datetime.now(ZoneInfo("Asia/Jakarta")).time()
    # Hours already over today (or, just after midnight, not begun yet).
    hours = ("00:00", "00:01") if now >= datetime.time(0, 2) else ("23:58", "23:59")
    server = Server(tmp_path / "closed.db", hall_with_closed_service(tmp_path, hours)).start()
    try:
        token = server.device_token("kiosk-1", "kiosk")
        with HallClient(server.url, token) as client:
            flow = KioskFlow(client, timing=quick)
            flow.start()
            qtbot.waitUntil(lambda: bool(flow.services), timeout=WAIT_MS)
            flow.begin()
            tile = next(t for t in flow.tiles() if t.service.id == "skck")
            assert not tile.enabled and tile.reason == "closed"
            dotted = [h.replace(":", ".") for h in hours]  # PUEBI: "pukul 08.00" in text
            assert tile.status_lines("id") == ["Tutup", f"Buka pukul {dotted[0]}–{dotted[1]}"]
            assert tile.status_lines("en") == ["Closed", f"Open {hours[0]}–{hours[1]}"]
            flow.choose_service("skck")
            assert flow.screen is Screen.SERVICE
            flow.close()
    finally:
        server.stop()


class RecordingClient(HallClient):
    """The real client, noting the Idempotency-Key of every try."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.keys: list[str] = []

    def issue_ticket(self, request: TicketRequest):  # type: ignore[no-untyped-def]
        self.keys.append(request.idempotency_key)
        return super().issue_ticket(request)


def test_server_down_then_back_gives_exactly_one_ticket(
    qtbot: QtBot, server: Server, kiosk_token: str, make_flow: MakeFlow
) -> None:
    with RecordingClient(server.url, kiosk_token, timeout=1.0) as recording:
        flow = make_flow(client=recording)
        flow.begin()
        flow.choose_service("kk")
        server.kill()
        flow.take_number()
        reach(qtbot, flow, Screen.TROUBLE)
        qtbot.waitUntil(lambda: flow.trouble_attempts >= 3, timeout=WAIT_MS)
        server.start()
        reach(qtbot, flow, Screen.RESULT)
        assert flow.ticket is not None and flow.ticket.number == "B001"
        assert len(recording.keys) >= 2 and len(set(recording.keys)) == 1
    with staff_client(server) as staff:
        assert [t.number for t in staff.tickets(service_id="kk")] == ["B001"]


def test_printer_down_still_shows_the_ticket_and_its_qr(
    qtbot: QtBot, make_flow: MakeFlow, closed_port: str
) -> None:
    flow = make_flow(printer=closed_port)
    take_a_number(flow, "kk")
    reach(qtbot, flow, Screen.RESULT)
    qtbot.waitUntil(lambda: flow.print_result is not None, timeout=WAIT_MS)
    assert flow.print_result is not None
    assert flow.print_result.outcome is Outcome.UNREACHABLE
    assert "Nomor Anda tetap berlaku" in flow.print_result.message_id
    assert flow.ticket is not None and flow.ticket.tracking_url
    assert flow.screen is Screen.RESULT


def test_counts_read_naturally_in_both_languages() -> None:
    from kiosk_app.words import say

    assert say("waiting", "en", n=1) == "1 person waiting"
    assert say("waiting", "en", n=2) == "2 people waiting"
    assert say("ahead", "en", n=1) == "1 person ahead of you"
    assert say("waiting", "id", n=1) == "1 orang menunggu"  # "orang" has no plural form


def test_a_number_printed_after_an_outage_stays_named_through_the_next_visits(
    flow: KioskFlow,
) -> None:
    # The attract screen names it for Timing.settled_notice, whoever comes next: a
    # visit ending must not wipe the list its timer clears.
    flow.settled_numbers.append("B007")
    flow.begin()
    flow.go_home()
    assert flow.settled_numbers == ["B007"]
    flow._settled_timer.timeout.emit()  # the notice's time is up
    assert flow.settled_numbers == []
