"""Printing to a network printer that is really listening on 127.0.0.1, in every mood."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from support import wait_until

from printer import Outcome, Timeouts, layout_ticket, print_ticket, render_escpos
from printer.sample import sample_content

Decode = Callable[[bytes], Any]
Printer = Callable[..., Any]  # conftest.FakePrinter factory
QUICK = Timeouts(connect=0.5, status=0.3, total=1.5)
"""Short limits keep the failure tests fast; the bounds they check are the same."""


def test_a_ticket_goes_to_the_printer_and_its_status_comes_back(
    fake_printer: Printer, decode: Decode
) -> None:
    printer = fake_printer("online")
    layout = layout_ticket(sample_content())
    result = print_ticket(layout, printer.url)
    assert result.outcome is Outcome.PRINTED and result.ok
    assert result.status is not None and result.status.online and not result.status.paper_out
    job = render_escpos(layout)
    assert result.sent == len(job)
    wait_until(lambda: printer.jobs_done == 1, timeout=5, what="the printer to finish")
    received = decode(printer.data())
    # Before the job: DLE EOT 1-4; then the job itself; then the status round again.
    assert received.commands[:4] == [f"status query {n}" for n in (1, 2, 3, 4)]
    assert received.commands[-4:] == [f"status query {n}" for n in (1, 2, 3, 4)]
    assert job in printer.data()
    assert "A017" in received.texts() and "cut partial" in received.commands
    assert result.message_id == "Tiket Anda sudah dicetak. Silakan ambil."


def test_paper_near_its_end_still_prints_and_warns(fake_printer: Printer) -> None:
    result = print_ticket(layout_ticket(sample_content()), fake_printer("near_end").url)
    assert result.ok and result.paper_near_end


@pytest.mark.parametrize(
    ("condition", "outcome", "message"),
    [
        ("paper_out", Outcome.PAPER_OUT, "Mohon maaf, kertas printer habis."),
        ("cover_open", Outcome.COVER_OPEN, "Mohon maaf, penutup printer terbuka."),
        ("cutter_jam", Outcome.PRINTER_ERROR, "Mohon maaf, printer sedang bermasalah."),
    ],
)
def test_a_printer_in_trouble_gets_no_ticket_and_the_kiosk_gets_the_reason(
    fake_printer: Printer, condition: str, outcome: Outcome, message: str
) -> None:
    printer = fake_printer(condition)
    result = print_ticket(layout_ticket(sample_content()), printer.url)
    assert result.outcome is outcome and not result.ok and result.sent == 0
    assert result.message_id.startswith(message)
    assert "Nomor Anda tetap berlaku" in result.message_id
    assert "Your number is still valid" in result.message_en
    assert "the ticket was not sent" in result.detail
    wait_until(lambda: printer.jobs_done == 1, timeout=5, what="the connection to close")
    # Only the status round reached it: the ticket would otherwise come out later,
    # into the next citizen's hands, once staff fix the printer.
    assert printer.data() == b"\x10\x04\x01\x10\x04\x02\x10\x04\x03\x10\x04\x04"


def test_a_refused_connection_is_unreachable(closed_port: str) -> None:
    result = print_ticket(layout_ticket(sample_content()), closed_port, QUICK)
    assert result.outcome is Outcome.UNREACHABLE
    assert "refused the connection" in result.detail
    assert result.message_en.startswith("Sorry, the printer is not connected.")


def test_a_printer_that_never_accepts_times_out_at_the_connect_limit(
    unanswered_port: str,
) -> None:
    started = time.monotonic()
    result = print_ticket(layout_ticket(sample_content()), unanswered_port, QUICK)
    assert result.outcome is Outcome.TIMEOUT
    assert "did not accept a connection" in result.detail
    assert time.monotonic() - started < QUICK.connect + 1.0


def test_a_printer_that_stops_reading_fails_within_the_deadline(fake_printer: Printer) -> None:
    printer = fake_printer(behaviour="stall")
    started = time.monotonic()
    result = print_ticket(layout_ticket(sample_content()), printer.url, QUICK)
    elapsed = time.monotonic() - started
    assert result.outcome is Outcome.TIMEOUT and "stopped reading" in result.detail
    assert 0 < result.sent < len(render_escpos(layout_ticket(sample_content())))
    assert QUICK.total - 0.1 < elapsed < QUICK.total + 1.0


def test_a_printer_that_never_answers_status_still_gets_the_ticket(
    fake_printer: Printer,
) -> None:
    printer = fake_printer(behaviour="silent")
    layout = layout_ticket(sample_content())
    result = print_ticket(layout, printer.url, QUICK)
    assert result.ok and result.status is None
    assert "status not reported" in result.detail
    wait_until(lambda: render_escpos(layout) in printer.data(), timeout=5, what="the job")


def test_status_required_refuses_a_printer_that_never_answers(fake_printer: Printer) -> None:
    printer = fake_printer(behaviour="silent")
    result = print_ticket(layout_ticket(sample_content()), f"{printer.url}?status=required", QUICK)
    assert result.outcome is Outcome.TIMEOUT and result.sent == 0


def test_status_off_sends_no_queries(fake_printer: Printer) -> None:
    printer = fake_printer("paper_out")  # it would say so, if asked
    layout = layout_ticket(sample_content())
    result = print_ticket(layout, f"{printer.url}?status=off", QUICK)
    assert result.ok
    wait_until(lambda: printer.jobs_done == 1, timeout=5, what="the job")
    assert printer.data() == render_escpos(layout)


def test_a_printer_that_goes_mute_after_taking_the_job_is_a_timeout(
    fake_printer: Printer,
) -> None:
    result = print_ticket(
        layout_ticket(sample_content()), fake_printer(behaviour="mute_after_job").url, QUICK
    )
    assert result.outcome is Outcome.TIMEOUT and "may not have printed" in result.detail


def test_a_printer_that_hangs_up_mid_job_is_unreachable(fake_printer: Printer) -> None:
    result = print_ticket(
        layout_ticket(sample_content()), fake_printer(behaviour="hang_up").url, QUICK
    )
    assert result.outcome is Outcome.UNREACHABLE


def test_each_print_is_its_own_connection(fake_printer: Printer) -> None:
    printer = fake_printer("online")
    for number in ("A001", "A002"):
        assert print_ticket(layout_ticket(sample_content(number=number)), printer.url).ok
    wait_until(lambda: printer.jobs_done == 2, timeout=5, what="two jobs")
