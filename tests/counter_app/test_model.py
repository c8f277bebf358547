"""The counter session model against a real server, without any window."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from pytestqt.qtbot import QtBot
from support import Server

from counter_app.actions import Action, allowed_actions
from counter_app.model import NOBODY_WAITING, CounterSession
from queue_client import Backoff, HallClient
from queue_core.counter import CounterStatus
from queue_core.ticket import Priority, TicketStatus

if TYPE_CHECKING:
    from conftest import Issue, OpenCounter, SignedIn

pytestmark = pytest.mark.e2e

WAIT_MS = 10_000
# A valid, made-up NIK (Kota Bandung, born 1 January 1950): never a real person.
ELDERLY_NIK = "3273010101500002"


def settled(session: CounterSession) -> Callable[[], bool]:
    """Ready and no read in flight: what the model says is final."""
    return lambda: session.ready and not session.syncing


# --- the state machine, as a table --------------------------------------------------------

OPEN, PAUSED, CLOSED = CounterStatus.OPEN, CounterStatus.PAUSED, CounterStatus.CLOSED
CALLED, SERVING = TicketStatus.CALLED, TicketStatus.SERVING
A = Action


@pytest.mark.parametrize(
    ("counter", "held", "expected"),
    [
        (CLOSED, None, {A.OPEN}),
        (OPEN, None, {A.CALL_NEXT, A.CALL_TICKET, A.PAUSE, A.CLOSE}),
        (OPEN, CALLED, {A.RECALL, A.START, A.NO_SHOW, A.TRANSFER, A.PAUSE}),
        (OPEN, SERVING, {A.FINISH, A.TRANSFER, A.PAUSE}),
        (PAUSED, None, {A.RESUME, A.CLOSE}),
        (PAUSED, SERVING, {A.FINISH, A.TRANSFER, A.RESUME}),
    ],
)
def test_allowed_actions_follow_the_state_machine(
    counter: CounterStatus, held: TicketStatus | None, expected: set[Action]
) -> None:
    assert allowed_actions(counter, held) == expected


def test_nothing_is_allowed_while_not_ready() -> None:
    assert allowed_actions(OPEN, None, ready=False) == frozenset()


def test_call_specific_needs_someone_waiting_and_requeue_a_no_show() -> None:
    assert A.CALL_TICKET not in allowed_actions(OPEN, None, has_waiting=False)
    assert A.REQUEUE in allowed_actions(OPEN, None, has_no_shows=True)


# --- against the server -------------------------------------------------------------------


def test_opening_a_closed_counter_opens_it_on_the_server(
    sign_in: SignedIn, open_counter: OpenCounter, staff: HallClient
) -> None:
    session = open_counter(sign_in("siti"), 2)

    assert session.status is OPEN
    assert {c.id: c.status for c in staff.counters()}[2] is OPEN
    assert session.allowed == {A.CALL_NEXT, A.PAUSE, A.CLOSE}  # nobody waits yet


def test_allowed_actions_follow_each_step_of_a_ticket(
    sign_in: SignedIn, open_counter: OpenCounter, issue: Issue, qtbot: QtBot
) -> None:
    ticket = issue("kk")
    session = open_counter(sign_in("siti"), 2)
    qtbot.waitUntil(lambda: [t.id for t in session.waiting] == [ticket.id], timeout=WAIT_MS)

    steps: list[tuple[Callable[[], bool], set[Action]]] = [
        (session.call_next, {A.RECALL, A.START, A.NO_SHOW, A.TRANSFER, A.PAUSE}),
        (session.start, {A.FINISH, A.TRANSFER, A.PAUSE}),
        (session.pause, {A.FINISH, A.TRANSFER, A.RESUME}),
        (session.resume, {A.FINISH, A.TRANSFER, A.PAUSE}),
        (session.finish, {A.CALL_NEXT, A.PAUSE, A.CLOSE}),
        (session.close, {A.OPEN}),
    ]
    for step, expected in steps:
        assert step()
        assert session.allowed == frozenset()  # nothing twice while the action is on its way
        qtbot.waitUntil(settled(session), timeout=WAIT_MS)
        assert session.allowed == expected, step


def test_an_action_the_state_does_not_allow_is_not_sent(
    sign_in: SignedIn, open_counter: OpenCounter
) -> None:
    session = open_counter(sign_in("siti"), 2)
    assert not session.start()
    assert session.busy is None


def test_the_waiting_list_is_the_order_call_next_takes(
    sign_in: SignedIn, open_counter: OpenCounter, issue: Issue, qtbot: QtBot
) -> None:
    # Counter 2 serves kk, ktp and akta; two priority citizens across two services.
    b1 = issue("kk")
    c1 = issue("akta")
    b2 = issue("kk", Priority.ELDERLY)
    c2 = issue("akta", Priority.PREGNANT)
    session = open_counter(sign_in("siti"), 2)
    qtbot.waitUntil(lambda: len(session.waiting) == 4, timeout=WAIT_MS)

    shown = [t.number for t in session.waiting]
    assert shown == [b2.number, c2.number, b1.number, c1.number]
    assert session.counts == {"kk": 2, "ktp": 0, "akta": 2}

    called = []
    for _ in shown:
        qtbot.waitUntil(settled(session), timeout=WAIT_MS)
        assert session.call_next()
        qtbot.waitUntil(lambda: session.current is not None and session.ready, timeout=WAIT_MS)
        assert session.current is not None
        called.append(session.current.number)
        assert session.no_show()
    assert called == shown


def test_the_side_panel_lists_what_the_server_then_calls_across_two_services(
    sign_in: SignedIn, open_counter: OpenCounter, issue: Issue, qtbot: QtBot
) -> None:
    from counter_app.waiting_table import NUMBER, WaitingTableModel

    # Loket 2 serves kk and akta; K = 2 priority calls in a row, then a regular of any
    # service. A merge of each service's own order on the client cannot know that.
    b_reg = issue("kk")
    c_reg = issue("akta")
    b_eld = issue("kk", Priority.ELDERLY)
    c_preg = issue("akta", Priority.PREGNANT)
    b_child = issue("kk", Priority.CHILD)
    session = open_counter(sign_in("siti"), 2)
    panel = WaitingTableModel(session)
    qtbot.waitUntil(lambda: settled(session)() and panel.rowCount() == 5, timeout=WAIT_MS)

    shown = [panel.data(panel.index(row, NUMBER)) for row in range(panel.rowCount())]
    assert shown == [t.number for t in (b_eld, c_preg, b_reg, b_child, c_reg)]
    called = []
    for _ in shown:
        qtbot.waitUntil(settled(session), timeout=WAIT_MS)
        # Before each call the panel's first row is the one the server is about to call.
        first = panel.data(panel.index(0, NUMBER))
        assert session.call_next()
        qtbot.waitUntil(lambda: session.current is not None and session.ready, timeout=WAIT_MS)
        assert session.current is not None and session.current.number == first
        called.append(first)
        assert session.no_show()
    assert called == shown


def test_a_burst_of_events_reads_the_queue_once_or_twice_not_each_time(
    sign_in: SignedIn, open_counter: OpenCounter, issue: Issue, qtbot: QtBot
) -> None:
    session = open_counter(sign_in("siti"), 2)
    qtbot.waitUntil(settled(session), timeout=WAIT_MS)
    before = session.queue_reads
    # Twenty tickets while the window is busy: their events arrive together, as in a rush.
    numbers = [issue("kk").number for _ in range(20)]
    qtbot.waitUntil(
        lambda: settled(session)() and [t.number for t in session.waiting] == numbers,
        timeout=WAIT_MS,
    )
    assert 1 <= session.queue_reads - before <= 2
    assert session.counts["kk"] == 20


def test_nobody_waiting_is_said_not_shown_as_an_error(
    sign_in: SignedIn, open_counter: OpenCounter, qtbot: QtBot
) -> None:
    session = open_counter(sign_in("siti"), 2)
    with qtbot.waitSignal(session.notice, timeout=WAIT_MS) as said:
        session.call_next()
    assert said.args == [NOBODY_WAITING]


def test_a_ticket_shows_number_service_priority_and_masked_nik(
    sign_in: SignedIn, open_counter: OpenCounter, issue: Issue, qtbot: QtBot
) -> None:
    issued = issue("ktp", Priority.ELDERLY, nik=ELDERLY_NIK)
    session = open_counter(sign_in("siti"), 2)
    qtbot.waitUntil(lambda: bool(session.waiting), timeout=WAIT_MS)
    session.call_next()
    qtbot.waitUntil(settled(session), timeout=WAIT_MS)

    current = session.current
    assert current is not None
    assert (current.number, current.service_id, current.priority) == (
        issued.number,
        "ktp",
        Priority.ELDERLY,
    )
    assert current.nik_masked == "************0002"
    session.recall()
    qtbot.waitUntil(lambda: session.current is not None and session.current.recalls == 1)


def test_another_operator_calling_shows_up_at_once(
    sign_in: SignedIn, open_counter: OpenCounter, issue: Issue, qtbot: QtBot
) -> None:
    first, second = issue("kk"), issue("kk")
    mine = open_counter(sign_in("siti"), 2)
    theirs = open_counter(sign_in("budi"), 1)  # counter 1 also serves kk
    qtbot.waitUntil(lambda: len(mine.waiting) == 2, timeout=WAIT_MS)

    theirs.call_next()
    qtbot.waitUntil(lambda: [t.id for t in mine.waiting] == [second.id], timeout=WAIT_MS)
    assert mine.current is None
    assert theirs.current is not None and theirs.current.id == first.id


def test_a_refusal_is_shown_in_indonesian_and_the_state_re_read(
    sign_in: SignedIn, open_counter: OpenCounter, issue: Issue, qtbot: QtBot, staff: HallClient
) -> None:
    ticket = issue("kk")
    session = open_counter(sign_in("siti"), 2)
    qtbot.waitUntil(lambda: bool(session.waiting), timeout=WAIT_MS)
    staff.open_counter(1)
    staff.call_ticket(1, ticket.id)  # a supervisor takes it first; the event may lag

    with qtbot.waitSignal(session.problem, timeout=WAIT_MS) as refused:
        assert session.call_ticket(ticket.id)
    assert refused.args == [f"Tiket {ticket.number} berstatus dipanggil; tidak dapat dipanggil."]
    qtbot.waitUntil(settled(session), timeout=WAIT_MS)
    assert session.waiting == [] and session.current is None


def test_todays_figures_and_again_after_a_restart_of_the_app(
    sign_in: SignedIn, open_counter: OpenCounter, issue: Issue, qtbot: QtBot
) -> None:
    for _ in range(3):
        issue("kk")
    workplace = sign_in("siti")
    session = open_counter(workplace, 2)
    qtbot.waitUntil(lambda: len(session.waiting) == 3, timeout=WAIT_MS)
    for step in ("call_next", "start", "finish", "call_next", "start", "finish", "call_next"):
        qtbot.waitUntil(settled(session), timeout=WAIT_MS)
        assert getattr(session, step)(), step
    qtbot.waitUntil(settled(session), timeout=WAIT_MS)
    session.no_show()
    qtbot.waitUntil(lambda: session.figures.no_shows == 1, timeout=WAIT_MS)

    figures = session.figures
    assert (figures.served, figures.timed, figures.called) == (2, 2, 3)
    assert figures.mean_service is not None and figures.mean_wait is not None
    session.shutdown()

    # Opened again (the app restarted): the same figures, read back from the server.
    again = open_counter(workplace, 2)
    qtbot.waitUntil(lambda: again.figures == figures, timeout=WAIT_MS)


def test_a_server_restart_disables_everything_then_shows_the_truth(
    server: Server, sign_in: SignedIn, open_counter: OpenCounter, issue: Issue, qtbot: QtBot
) -> None:
    issue("kk")  # Loket 1 takes this one while the app is down
    second = issue("kk")
    session = open_counter(sign_in("siti"), 2)
    other = sign_in("budi").client  # sessions live in the database: valid after a restart
    qtbot.waitUntil(lambda: len(session.waiting) == 2, timeout=WAIT_MS)

    server.kill()
    qtbot.waitUntil(lambda: not session.connected, timeout=WAIT_MS)
    assert session.allowed == frozenset()
    server.start()
    other.open_counter(1)  # another operator acts as soon as the server is back
    other.call_next(1)

    qtbot.waitUntil(lambda: settled(session)() and len(session.waiting) == 1, timeout=WAIT_MS)
    assert [t.id for t in session.waiting] == [second.id]
    assert A.CALL_NEXT in session.allowed


def test_the_models_need_no_widgets() -> None:
    """The session, sign-in and table models load without QtWidgets: testable headless."""
    import subprocess
    import sys

    probe = (
        "import sys, counter_app.model, counter_app.signin, counter_app.choice, "
        "counter_app.waiting_table; print('PySide6.QtWidgets' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "False"


def test_the_waiting_table_model_follows_the_session_without_a_view(
    sign_in: SignedIn, open_counter: OpenCounter, issue: Issue, qtbot: QtBot
) -> None:
    from PySide6.QtCore import Qt

    from counter_app.waiting_table import COLUMNS, WaitingTableModel

    regular, elderly = issue("kk"), issue("akta", Priority.ELDERLY)
    session = open_counter(sign_in("siti"), 2)
    table = WaitingTableModel(session)
    qtbot.waitUntil(lambda: table.rowCount() == 2, timeout=WAIT_MS)

    def row(r: int) -> list[str]:
        return [table.data(table.index(r, c)) for c in range(len(COLUMNS))]

    assert row(0)[:3] == ["1", elderly.number, "★ Lansia"]
    assert row(1)[:3] == ["2", regular.number, "umum"]
    assert table.data(table.index(0, 1), Qt.ItemDataRole.ToolTipRole) == "Akta Kelahiran"

    with qtbot.waitSignal(table.modelReset, timeout=WAIT_MS):
        session.call_next()
    qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=WAIT_MS)
    assert row(0)[1] == regular.number


def test_opening_while_the_server_is_down_retries_until_it_answers(
    server: Server, sign_in: SignedIn, qtbot: QtBot, staff: HallClient
) -> None:
    from counter_app.model import OPEN_UNREACHABLE

    workplace = sign_in("siti")
    server.kill()
    session = CounterSession(workplace, 2, live_backoff=Backoff(first=0.05, cap=0.3))
    try:
        with qtbot.waitSignal(session.problem, timeout=WAIT_MS) as said:
            session.open()
        assert said.args == [OPEN_UNREACHABLE]
        assert session.allowed == frozenset()
        server.start()
        qtbot.waitUntil(lambda: session.ready, timeout=WAIT_MS)
        assert {c.id: c.status for c in staff.counters()}[2] is OPEN
    finally:
        session.shutdown()
