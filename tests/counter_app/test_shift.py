"""The counter app's window driven by keys and clicks, against a real server: a whole
shift, two counters competing for one queue, and a server restart mid-shift."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from support import Server

from counter_app.actions import Action
from counter_app.model import CounterSession
from counter_app.remembered import Remembered
from counter_app.signin import SignIn, Workplace
from counter_app.views.counter_page import CounterPage
from counter_app.views.dialogs import TicketPicker, TransferDialog
from counter_app.views.window import CounterWindow
from queue_client import Backoff, HallClient
from queue_core.counter import CounterStatus
from queue_core.ticket import TicketStatus

if TYPE_CHECKING:
    from conftest import AddUser, Issue, SignedIn

pytestmark = pytest.mark.e2e

WAIT_MS = 10_000
FAST = Backoff(first=0.05, cap=0.3)
PASSWORD = "rahasia-loket-123"


def settled(session: CounterSession) -> Callable[[], bool]:
    return lambda: session.ready and not session.syncing


@pytest.fixture
def window(qtbot: QtBot, remembered: Remembered) -> Iterator[CounterWindow]:
    def session_for(workplace: Workplace, counter_id: int, parent: QObject) -> CounterSession:
        return CounterSession(workplace, counter_id, live_backoff=FAST, parent=parent)

    win = CounterWindow(SignIn(remembered), session_for)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    yield win
    win.shutdown()


def sign_in_and_open(
    qtbot: QtBot,
    window: CounterWindow,
    server: Server,
    name: str,
    counter_id: int,
    meanwhile: Callable[[], object] | None = None,
) -> CounterPage:
    """Sign in, choose the counter, open it; `meanwhile` runs while the chooser is up."""
    page = window.signin_page
    page.server.clear()
    qtbot.keyClicks(page.server, server.url)
    page.username.clear()
    qtbot.keyClicks(page.username, name)
    qtbot.keyClicks(page.password, PASSWORD)
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.chooser is not None, timeout=WAIT_MS)
    assert window.chooser is not None
    if meanwhile is not None:
        meanwhile()
    window.chooser.select(counter_id)
    qtbot.mouseClick(window.chooser.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session is not None and window.session.ready, timeout=WAIT_MS)
    assert window.counter is not None
    return window.counter


def press(qtbot: QtBot, page: CounterPage, key: Qt.Key) -> None:
    """One key, as an operator hits it, then wait until the screen shows the result."""
    qtbot.waitUntil(settled(page.session), timeout=WAIT_MS)
    qtbot.keyClick(page.window(), key)
    qtbot.waitUntil(settled(page.session), timeout=WAIT_MS)


def dialog(qtbot: QtBot, page: CounterPage) -> QDialog:
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible(), timeout=WAIT_MS)
    assert page.dialog is not None
    return page.dialog


def test_a_whole_shift_by_keyboard(
    qtbot: QtBot,
    window: CounterWindow,
    server: Server,
    add_operator: AddUser,
    issue: Issue,
    staff: HallClient,
) -> None:
    add_operator("siti")
    t1, t2, t3, t4, t5 = (issue("kk") for _ in range(5))
    page = sign_in_and_open(qtbot, window, server, "siti", 2)
    session = page.session
    qtbot.waitUntil(lambda: len(session.waiting) == 5, timeout=WAIT_MS)
    assert {c.id: c.status for c in staff.counters()}[2] is CounterStatus.OPEN

    def status(ticket_id: int) -> TicketStatus:
        return staff.ticket(ticket_id).status

    press(qtbot, page, Qt.Key.Key_F1)  # Panggil Berikutnya
    assert status(t1.id) is TicketStatus.CALLED and staff.ticket(t1.id).counter_id == 2
    assert page.card.number.text() == t1.number
    press(qtbot, page, Qt.Key.Key_F2)  # Panggil Ulang
    assert staff.ticket(t1.id).recalls == 1
    assert page.card.recalls.value.text() == "1 kali"
    press(qtbot, page, Qt.Key.Key_F3)  # Mulai Layani
    assert status(t1.id) is TicketStatus.SERVING
    qtbot.keyClicks(page.note, "berkas lengkap")
    press(qtbot, page, Qt.Key.Key_F4)  # Selesai, with the note
    assert status(t1.id) is TicketStatus.DONE
    assert page.note.text() == ""

    press(qtbot, page, Qt.Key.Key_F1)
    assert status(t2.id) is TicketStatus.CALLED
    press(qtbot, page, Qt.Key.Key_F5)  # Tidak Hadir
    assert status(t2.id) is TicketStatus.NO_SHOW
    assert page.side.no_shows.value.text() == "1"

    press(qtbot, page, Qt.Key.Key_F10)  # Hadir Kembali: pick the no-show, Enter
    picker = dialog(qtbot, page)
    assert isinstance(picker, TicketPicker) and picker.ticket_id == t2.id
    qtbot.keyClick(picker.tickets, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: status(t2.id) is TicketStatus.WAITING, timeout=WAIT_MS)
    qtbot.waitUntil(settled(session), timeout=WAIT_MS)
    assert [t.id for t in session.waiting] == [t3.id, t4.id, t5.id, t2.id]  # at the back

    press(qtbot, page, Qt.Key.Key_F1)
    assert status(t3.id) is TicketStatus.CALLED
    press(qtbot, page, Qt.Key.Key_F6)  # Alihkan: to KTP-el at Loket 1
    transfer = dialog(qtbot, page)
    assert isinstance(transfer, TransferDialog)
    transfer.choose("ktp", 1)
    qtbot.keyClick(transfer.services, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: staff.ticket(t3.id).service_id == "ktp", timeout=WAIT_MS)
    assert status(t3.id) is TicketStatus.WAITING
    qtbot.waitUntil(settled(session), timeout=WAIT_MS)
    assert session.current is None

    press(qtbot, page, Qt.Key.Key_F7)  # Panggil Nomor Tertentu: t5, out of order
    picker = dialog(qtbot, page)
    assert isinstance(picker, TicketPicker)
    picker.choose(t5.id)
    qtbot.keyClick(picker.tickets, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: status(t5.id) is TicketStatus.CALLED, timeout=WAIT_MS)
    assert status(t4.id) is TicketStatus.WAITING
    press(qtbot, page, Qt.Key.Key_F3)
    press(qtbot, page, Qt.Key.Key_F4)
    assert status(t5.id) is TicketStatus.DONE

    press(qtbot, page, Qt.Key.Key_F8)  # Istirahat
    assert {c.id: c.status for c in staff.counters()}[2] is CounterStatus.PAUSED
    assert page.pad.button(Action.RESUME).caption.text() == "Lanjut"
    assert not page.pad.button(Action.CALL_NEXT).isEnabled()
    # Lanjut, by mouse this time.
    qtbot.mouseClick(page.pad.button(Action.RESUME), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: session.status is CounterStatus.OPEN and settled(session)())
    assert {c.id: c.status for c in staff.counters()}[2] is CounterStatus.OPEN

    press(qtbot, page, Qt.Key.Key_F9)  # Tutup
    assert {c.id: c.status for c in staff.counters()}[2] is CounterStatus.CLOSED
    assert page.pad.button(Action.OPEN).isEnabled()
    assert page.header.sign_out.isEnabled()
    figures = session.figures
    assert (figures.served, figures.no_shows, figures.timed) == (2, 0, 2)


def test_keys_the_state_does_not_allow_do_nothing(
    qtbot: QtBot, window: CounterWindow, server: Server, add_operator: AddUser, staff: HallClient
) -> None:
    add_operator("siti")
    page = sign_in_and_open(qtbot, window, server, "siti", 2)
    for key in (Qt.Key.Key_F2, Qt.Key.Key_F3, Qt.Key.Key_F4, Qt.Key.Key_F5, Qt.Key.Key_F6):
        qtbot.keyClick(page.window(), key)
        assert page.session.busy is None and page.dialog is None
    assert staff.tickets() == []


def test_the_app_remembers_the_server_and_the_last_counter(
    qtbot: QtBot,
    window: CounterWindow,
    server: Server,
    add_operator: AddUser,
    remembered: Remembered,
) -> None:
    add_operator("siti")
    page = sign_in_and_open(qtbot, window, server, "siti", 3)
    assert (remembered.server_url, remembered.username, remembered.last_counter) == (
        server.url,
        "siti",
        3,
    )
    qtbot.keyClick(page.window(), Qt.Key.Key_F9)  # close, then sign out
    qtbot.waitUntil(lambda: page.header.sign_out.isEnabled(), timeout=WAIT_MS)
    qtbot.mouseClick(page.header.sign_out, Qt.MouseButton.LeftButton)

    again = CounterWindow(SignIn(remembered))
    qtbot.addWidget(again)
    assert again.signin_page.server.text() == server.url
    assert again.signin_page.username.text() == "siti"
    qtbot.keyClicks(again.signin_page.password, PASSWORD)
    qtbot.keyClick(again.signin_page.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: again.chooser is not None, timeout=WAIT_MS)
    assert again.chooser is not None
    item = again.chooser.tree.currentItem()
    assert item is not None and item.text(0).strip() == "Loket 3"
    again.shutdown()


def test_a_wrong_password_is_said_in_indonesian(
    qtbot: QtBot, window: CounterWindow, server: Server, add_operator: AddUser
) -> None:
    add_operator("siti")
    page = window.signin_page
    qtbot.keyClicks(page.server, server.url)
    qtbot.keyClicks(page.username, "siti")
    qtbot.keyClicks(page.password, "salah-sekali")
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.error.isVisible(), timeout=WAIT_MS)
    assert page.error.text() == "Nama pengguna atau kata sandi salah."
    assert window.chooser is None


def test_another_operators_counter_refuses_with_their_words(
    qtbot: QtBot,
    window: CounterWindow,
    server: Server,
    add_operator: AddUser,
    sign_in: SignedIn,
    issue: Issue,
) -> None:
    issue("kk")
    add_operator("siti")
    # Budi opens loket 2 while Siti's chooser still shows it free (the chooser greys a
    # counter it knows someone holds: tests/counter_app/test_chooser.py).
    page = sign_in_and_open(
        qtbot, window, server, "siti", 2, meanwhile=lambda: sign_in("budi").client.open_counter(2)
    )
    qtbot.waitUntil(lambda: bool(page.session.waiting), timeout=WAIT_MS)

    press(qtbot, page, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: page.message.isVisible(), timeout=WAIT_MS)
    assert page.message.text() == "Loket ini dibuka oleh petugas lain."
    assert page.session.current is None


# --- two counters, one queue --------------------------------------------------------------


@pytest.fixture
def open_page(qtbot: QtBot) -> Iterator[Callable[..., CounterPage]]:
    pages: list[CounterPage] = []

    def opened(workplace: Workplace, counter_id: int, backoff: Backoff = FAST) -> CounterPage:
        session = CounterSession(workplace, counter_id, live_backoff=backoff)
        page = CounterPage(session)
        qtbot.addWidget(page)
        page.resize(1366, 768)
        page.show()
        pages.append(page)
        session.open()
        qtbot.waitUntil(settled(session), timeout=WAIT_MS)
        return page

    yield opened
    for page in pages:
        page.session.shutdown()


def test_two_counters_competing_for_one_queue_never_get_the_same_ticket(
    qtbot: QtBot, sign_in: SignedIn, open_page: Callable[..., CounterPage], issue: Issue
) -> None:
    tickets = [issue("kk") for _ in range(10)]
    one = open_page(sign_in("ani"), 1)  # Loket 1 and Loket 2 both serve kk
    two = open_page(sign_in("budi"), 2)
    qtbot.waitUntil(lambda: len(one.session.waiting) == len(two.session.waiting) == 10)

    called: dict[int, list[int]] = {1: [], 2: []}
    for _ in range(5):
        for page in (one, two):
            qtbot.waitUntil(settled(page.session), timeout=WAIT_MS)
        # Both press F1 at the same moment: both requests are in flight together.
        for page in (one, two):
            qtbot.mouseClick(page.pad.button(Action.CALL_NEXT), Qt.MouseButton.LeftButton)
        for page in (one, two):
            qtbot.waitUntil(
                lambda p=page: settled(p.session)() and p.session.current is not None,
                timeout=WAIT_MS,
            )
        assert one.session.current is not None and two.session.current is not None
        assert one.session.current.id != two.session.current.id
        for counter, page in ((1, one), (2, two)):
            assert page.session.current is not None
            called[counter].append(page.session.current.id)
            qtbot.mouseClick(page.pad.button(Action.NO_SHOW), Qt.MouseButton.LeftButton)

    everyone = called[1] + called[2]
    assert sorted(everyone) == sorted(t.id for t in tickets)  # each called exactly once
    for page in (one, two):
        qtbot.waitUntil(lambda p=page: settled(p.session)() and not p.session.waiting)


# --- the server goes away mid-shift -------------------------------------------------------


def test_a_server_restart_mid_shift_then_the_truth_without_restarting_the_app(
    qtbot: QtBot,
    server: Server,
    sign_in: SignedIn,
    open_page: Callable[..., CounterPage],
    issue: Issue,
    staff: HallClient,
) -> None:
    first, second, third = issue("kk"), issue("kk"), issue("kk")
    # Reconnect attempts ~0.5 s apart: the other operator acts while this app is still out.
    page = open_page(sign_in("siti"), 2, Backoff(first=0.5, cap=0.5))
    session = page.session
    qtbot.mouseClick(page.pad.button(Action.CALL_NEXT), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: settled(session)() and session.current is not None)
    assert page.card.number.text() == first.number

    server.kill()
    qtbot.waitUntil(lambda: page.banner.isVisible() and page.banner.down, timeout=WAIT_MS)
    assert not any(page.pad.button(a).isEnabled() for a in Action)
    assert page.header.connection.text() == "● Terputus"

    server.start()
    # While the app is still reconnecting: a supervisor marks its citizen a no-show, and
    # another counter takes the next one.
    staff.no_show(first.id)
    staff.open_counter(1)
    staff.call_next(1)

    qtbot.waitUntil(lambda: settled(session)() and not page.banner.isVisible(), timeout=WAIT_MS)
    assert session.current is None
    assert page.card.idle.text() == "Tidak ada nomor aktif"
    assert [t.id for t in session.waiting] == [third.id]
    assert second.id not in {t.id for t in session.waiting}
    assert page.pad.button(Action.CALL_NEXT).isEnabled()
    assert session.figures.no_shows == 1

    # And it works on: the next call is the one the server gives.
    qtbot.mouseClick(page.pad.button(Action.CALL_NEXT), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: settled(session)() and session.current is not None)
    assert session.current is not None and session.current.id == third.id
    assert staff.ticket(third.id).counter_id == 2


def test_english_changes_the_keys_and_messages_and_survives_a_restart(
    qtbot: QtBot,
    window: CounterWindow,
    server: Server,
    add_operator: AddUser,
    remembered: Remembered,
) -> None:
    from counter_app import words

    add_operator("siti")
    signin = window.signin_page
    assert signin.submit.text() == "Masuk (Enter)"
    qtbot.mouseClick(signin.language.buttons["en"], Qt.MouseButton.LeftButton)
    assert signin.submit.text() == "Sign in (Enter)"

    # A refusal comes in the server's English words (the error body carries both).
    qtbot.keyClicks(signin.server, server.url)
    qtbot.keyClicks(signin.username, "siti")
    qtbot.keyClicks(signin.password, "salah-sekali")
    qtbot.keyClick(signin.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: signin.error.isVisible(), timeout=WAIT_MS)
    assert signin.error.text() == "Wrong user name or password."

    page = sign_in_and_open(qtbot, window, server, "siti", 2)
    f1 = page.pad.button(Action.CALL_NEXT)
    assert f1.caption.text() == "Call Next" and f1.key_badge.text() == "F1"
    qtbot.mouseClick(page.header.language.buttons["id"], Qt.MouseButton.LeftButton)
    assert f1.caption.text() == "Panggil Berikutnya"
    assert page.side.figures_title.text() == "Hari ini di Loket 2"
    qtbot.mouseClick(page.header.language.buttons["en"], Qt.MouseButton.LeftButton)
    assert f1.caption.text() == "Call Next"
    assert page.side.figures_title.text() == "Today at Loket 2"
    window.shutdown()

    # A new process starts in Indonesian until it reads what the PC remembered.
    words.use("id")
    again = CounterWindow(SignIn(remembered))
    qtbot.addWidget(again)
    assert again.signin_page.submit.text() == "Sign in (Enter)"
    assert again.signin_page.language.buttons["en"].isChecked()
    again.shutdown()
