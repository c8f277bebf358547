"""A hall with more agencies (or an agency with more services) than one screen holds:
pages of tiles, turned with big Next / Previous buttons, against a real `antre serve`
with the big hall (tests/kiosk_app/big_hall.py: 32 agencies, Disdukcapil 16th with 18
services, Samsat with 8)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from kiosk_app.flow import KioskFlow, Screen, Timing
from kiosk_app.paging import AGENCIES, Capacity, Pager
from kiosk_app.views.style import kiosk_style
from kiosk_app.views.window import KioskWindow
from printer import Outcome

if TYPE_CHECKING:
    from conftest import FakePrinter, MakeFlow

WAIT_MS = 15_000
BIG = "dukcapil"
WALK_IN = "dukcapil-legalisasi"  # the 10th of its 18 services: on their second page


def agencies_page_by_page(flow: KioskFlow) -> list[list[str]]:
    pages = [[a.id for a in flow.agency_page().items]]
    while flow.agency_page().has_next:
        flow.turn_page(1)
        pages.append([a.id for a in flow.agency_page().items])
    return pages


def tap(qtbot: QtBot, window: KioskWindow, text: str) -> None:
    found = [b for b in window.findChildren(QPushButton) if b.isVisible() and b.text() == text]
    assert found, f"no button {text!r}"
    qtbot.mouseClick(found[0], Qt.MouseButton.LeftButton)


def shown_texts(window: KioskWindow) -> list[str]:
    return [w.text() for w in window.findChildren(QLabel) if w.isVisible() and w.text()]


# --- the pages, without a server ----------------------------------------------------


def test_up_to_a_screenful_stays_on_one_page_without_page_buttons() -> None:
    pager = Pager({True: Capacity(whole=14, paged=12), False: Capacity(whole=16, paged=12)})
    shown = pager.page(list(range(14)), portrait=True)
    assert (shown.number, shown.count, shown.paged) == (1, 1, False)
    assert shown.items == tuple(range(14)) and shown.size == 14


def test_more_than_a_screenful_goes_in_pages_in_the_given_order() -> None:
    pager = Pager(AGENCIES)
    items = list(range(32))
    seen = []
    for _ in range(5):  # more turns than pages: Next on the last page stays there
        seen.append(pager.page(items, portrait=True))
        pager.turn(1, items, portrait=True)
    assert [p.number for p in seen] == [1, 2, 3, 3, 3]
    assert [i for p in seen[:3] for i in p.items] == items
    assert all(p.size == seen[0].size and p.count == 3 for p in seen)


def test_a_page_past_the_end_after_the_list_shrank_shows_the_last_one() -> None:
    pager = Pager(AGENCIES)
    pager.index = 2
    shown = pager.page(list(range(20)), portrait=False)
    assert (shown.number, shown.count, shown.has_next, shown.has_previous) == (2, 2, False, True)
    pager.turn(-1, list(range(20)), portrait=False)
    assert pager.page(list(range(20)), portrait=False).number == 1


# --- a visit in a big hall ------------------------------------------------------------


@pytest.mark.parametrize("portrait", [True, False], ids=["portrait", "landscape"])
def test_every_agency_is_reachable_page_by_page_in_the_hall_files_order(
    big_flow: KioskFlow, portrait: bool
) -> None:
    big_flow.portrait = portrait
    big_flow.begin()
    assert big_flow.screen is Screen.AGENCY
    pages = agencies_page_by_page(big_flow)
    assert big_flow.hall is not None
    assert [a for page in pages for a in page] == [a.id for a in big_flow.hall.agencies]
    assert len(pages) == 3 and big_flow.agency_page().number == 3
    big_flow.turn_page(1)  # Next on the last page: still the last page
    assert big_flow.agency_page().number == 3
    big_flow.turn_page(-1)
    big_flow.turn_page(-1)
    big_flow.turn_page(-1)  # Previous on the first page: still the first
    assert big_flow.agency_page().number == 1
    assert big_flow.agency_page().items[0].id == big_flow.hall.agencies[0].id


def test_tapping_next_and_previous_turns_the_page(qtbot: QtBot, big_flow: KioskFlow) -> None:
    window = KioskWindow(big_flow)
    window.setStyleSheet(kiosk_style())
    qtbot.addWidget(window)
    window.resize(1080, 1920)
    window.show()
    tap(qtbot, window, "Ambil nomor antrean")
    assert "Halaman 1 dari 3" in shown_texts(window)
    first = big_flow.agency_page().items
    tap(qtbot, window, "Berikutnya ▶")
    assert big_flow.agency_page().number == 2 and "Halaman 2 dari 3" in shown_texts(window)
    assert big_flow.agency_page().items[0] not in first
    assert "Disdukcapil" in shown_texts(window)  # the 16th agency's tile is on screen
    tap(qtbot, window, "English")
    tap(qtbot, window, "◀ Previous")
    assert big_flow.agency_page().items == first and "Page 1 of 3" in shown_texts(window)


def test_back_from_the_services_returns_to_the_agency_page_the_citizen_was_on(
    big_flow: KioskFlow,
) -> None:
    big_flow.begin()
    big_flow.turn_page(1)
    big_flow.choose_agency(BIG)
    assert big_flow.screen is Screen.SERVICE and big_flow.service_page().number == 1
    big_flow.turn_page(1)
    big_flow.choose_service(WALK_IN)
    big_flow.back()  # from the service's information: its page of services
    assert big_flow.screen is Screen.SERVICE and big_flow.service_page().number == 2
    big_flow.back()
    assert big_flow.screen is Screen.AGENCY and big_flow.agency_page().number == 2
    big_flow.choose_agency("samsat")  # another agency's services start on their first page
    assert big_flow.service_page().number == 1


def test_the_attract_screen_starts_the_next_citizen_on_the_first_page(
    qtbot: QtBot, make_big_flow: MakeFlow
) -> None:
    flow = make_big_flow(timing=Timing(idle=0.3, issue_deadline=1.0, catalogue_retry=0.2))
    flow.begin()
    flow.turn_page(1)
    flow.choose_agency(BIG)
    flow.turn_page(1)
    # The citizen walks away: the idle timeout still ends the visit on a paged screen.
    qtbot.waitUntil(lambda: flow.screen is Screen.ATTRACT, timeout=WAIT_MS)
    flow.begin()
    assert flow.agency_page().number == 1
    flow.choose_agency(BIG)
    assert flow.service_page().number == 1
    flow.turn_page(1)
    flow.back()
    flow.back()  # Kembali from the first agency page: the attract screen
    assert flow.screen is Screen.ATTRACT
    flow.begin()
    assert flow.agency_page().number == 1


def test_a_walk_in_through_the_second_pages_gets_a_ticket(
    qtbot: QtBot, big_flow: KioskFlow, fake_printer: FakePrinter
) -> None:
    big_flow.begin()
    big_flow.turn_page(1)
    assert BIG in [a.id for a in big_flow.agency_page().items]
    big_flow.choose_agency(BIG)
    big_flow.turn_page(1)
    assert WALK_IN in [t.service.id for t in big_flow.service_page().items]
    big_flow.choose_service(WALK_IN)
    big_flow.take_number()
    qtbot.waitUntil(lambda: big_flow.screen is Screen.RESULT, timeout=WAIT_MS)
    assert big_flow.ticket is not None and big_flow.ticket.service_id == WALK_IN
    qtbot.waitUntil(lambda: big_flow.print_result is not None, timeout=WAIT_MS)
    assert big_flow.print_result is not None and big_flow.print_result.outcome is Outcome.PRINTED
    assert big_flow.ticket.number.encode() in bytes(fake_printer.received)
