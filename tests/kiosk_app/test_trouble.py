"""Leaving the trouble screen never orphans a number nor loses one.

Two ways the server can be away: killed (connections refused: no try can have reached
it, so nothing was issued) and stopped (SIGSTOP: the kernel still accepts the connection
and the request waits in its buffer; on SIGCONT the server reads and commits it, but the
kiosk's try has long timed out — the number exists and nobody knows it).
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest
from pytestqt.qtbot import QtBot
from support import Server

from kiosk_app.flow import KioskFlow, Screen, Timing
from queue_client import HallClient

if TYPE_CHECKING:
    from conftest import FakePrinter, MakeFlow

WAIT_MS = 15_000


def numbers(server: Server, service_id: str) -> list[str]:
    with HallClient(server.url, server.staff_token()) as staff:
        return [t.number for t in staff.tickets(service_id=service_id)]


@contextmanager
def stopped(server: Server) -> Iterator[None]:
    assert server.proc is not None
    os.kill(server.proc.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(server.proc.pid, signal.SIGCONT)


def leave(qtbot: QtBot, flow: KioskFlow, how: str) -> None:
    if how == "cancel":
        flow.cancel_trouble()
    # "idle": nobody touches the screen; trouble_idle passes.
    qtbot.waitUntil(lambda: flow.screen is Screen.ATTRACT, timeout=WAIT_MS)


@pytest.mark.parametrize("how", ["cancel", "idle"])
def test_a_number_committed_while_the_answer_was_lost_is_printed_after_the_citizen_left(
    qtbot: QtBot,
    make_flow: MakeFlow,
    server: Server,
    kiosk_token: str,
    fake_printer: FakePrinter,
    quick: Timing,
    how: str,
) -> None:
    staff_token = server.staff_token()  # before the stop: signing in needs the server
    with HallClient(server.url, kiosk_token, timeout=0.5) as impatient:
        timing = replace(quick, trouble_idle=1.0 if how == "idle" else 60.0)
        flow = make_flow(client=impatient, timing=timing)
        flow.begin()
        flow.choose_service("kk")
        with stopped(server):
            flow.take_number()
            qtbot.waitUntil(lambda: flow.screen is Screen.TROUBLE, timeout=WAIT_MS)
            # The request went out and no answer came: it may have been committed.
            qtbot.waitUntil(lambda: flow.outcome_unknown, timeout=WAIT_MS)
            leave(qtbot, flow, how)
            assert flow.pending_requests == 1 and flow.ticket is None
        # The server reads what waited in its buffer, commits it; the kept request,
        # sent again with its key, gets that very ticket and the kiosk prints it.
        qtbot.waitUntil(lambda: flow.settled_numbers == ["B001"], timeout=WAIT_MS)
        qtbot.waitUntil(lambda: b"B001" in bytes(fake_printer.received), timeout=WAIT_MS)
        assert b"gangguan" in bytes(fake_printer.received)  # the footer says why
        assert flow.pending_requests == 0
    with HallClient(server.url, staff_token) as staff:
        assert [t.number for t in staff.tickets(service_id="kk")] == ["B001"]


def test_cancelling_when_no_try_reached_the_server_leaves_no_ticket(
    qtbot: QtBot, flow: KioskFlow, server: Server
) -> None:
    flow.begin()
    flow.choose_service("kk")
    server.kill()
    flow.take_number()
    qtbot.waitUntil(lambda: flow.trouble_attempts >= 2, timeout=WAIT_MS)
    assert not flow.outcome_unknown  # refused connections: nothing was sent
    flow.cancel_trouble()
    assert flow.screen is Screen.ATTRACT and flow.pending_requests == 0
    server.start()
    # The next citizen gets B001: nothing was issued for the one who left.
    flow.begin()
    flow.choose_service("kk")
    flow.take_number()
    qtbot.waitUntil(lambda: flow.screen is Screen.RESULT, timeout=WAIT_MS)
    assert flow.ticket is not None and flow.ticket.number == "B001"
    assert numbers(server, "kk") == ["B001"]


def test_the_trouble_screen_says_a_number_may_exist_instead_of_a_plain_cancel(
    qtbot: QtBot, make_flow: MakeFlow, server: Server, kiosk_token: str
) -> None:
    with HallClient(server.url, kiosk_token, timeout=0.5) as impatient:
        flow = make_flow(client=impatient)
        flow.begin()
        flow.choose_service("kk")
        with stopped(server):
            flow.take_number()
            qtbot.waitUntil(lambda: flow.outcome_unknown, timeout=WAIT_MS)
            assert flow.screen is Screen.TROUBLE
        # Back: the visit's own retries get the number; the citizen who waited has it.
        qtbot.waitUntil(lambda: flow.screen is Screen.RESULT, timeout=WAIT_MS)
        assert flow.ticket is not None and flow.ticket.number == "B001"
        assert flow.settled_numbers == []


def test_a_kept_request_answered_twice_is_settled_and_printed_once(
    qtbot: QtBot, client: HallClient, quick: Timing
) -> None:
    # Both the kept request's own retry and the visit's last try can get through after
    # an outage; whichever answer comes second must not print the ticket again.
    from kiosk_app.pending import PendingIssues
    from queue_client import TicketRequest
    from queue_client.qt_jobs import Runner

    request = TicketRequest("kk")
    ticket = client.issue_ticket(request)
    settled: list[str] = []
    with HallClient("http://127.0.0.1:9", timeout=0.2) as unreachable:
        runner = Runner()
        pending = PendingIssues(unreachable, runner, quick)
        pending.settled.connect(lambda t: settled.append(t.number))
        pending.keep(request)  # its retries go nowhere: only `answered` can settle it
        assert pending.answered(request, ticket) is True
        assert pending.answered(request, ticket) is True  # the second answer: ours, done
        assert pending.answered(TicketRequest("kk"), ticket) is False  # never kept
        pending.close()
        qtbot.waitUntil(lambda: runner.pending == 0, timeout=WAIT_MS)
    assert settled == ["B001"] and len(pending) == 0
