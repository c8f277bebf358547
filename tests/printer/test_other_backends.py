"""Serial, USB, device-file, preview and dummy printers; and failures that never raise."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from support import wait_until

import printer.job
from printer import Outcome, Paper, TicketOptions, Timeouts, layout_ticket, print_ticket
from printer import render_escpos as escpos
from printer.sample import SAMPLE_URL, sample_content

QUICK = Timeouts(connect=0.5, status=0.3, total=1.5)


def test_a_serial_printer_gets_the_ticket_and_answers_its_status(
    pty_printer: Callable[..., Any], decode: Callable[[bytes], Any]
) -> None:
    printer = pty_printer("online")
    layout = layout_ticket(sample_content())
    result = print_ticket(layout, printer.url(), QUICK)
    assert result.ok and result.status is not None and result.status.online
    job = escpos(layout)
    wait_until(lambda: job in printer.data(), timeout=5, what="the job on the serial line")
    assert "A017" in decode(printer.data()).texts()


def test_a_serial_printer_out_of_paper_gets_no_ticket(pty_printer: Callable[..., Any]) -> None:
    printer = pty_printer("paper_out")
    result = print_ticket(layout_ticket(sample_content()), printer.url(), QUICK)
    assert result.outcome is Outcome.PAPER_OUT and result.sent == 0


def test_a_serial_printer_that_stops_taking_data_fails_within_the_deadline(
    pty_printer: Callable[..., Any],
) -> None:
    printer = pty_printer(stall=True)
    started = time.monotonic()
    result = print_ticket(layout_ticket(sample_content()), printer.url(), QUICK)
    assert result.outcome is Outcome.TIMEOUT
    assert time.monotonic() - started < QUICK.total + 1.0


def test_a_missing_serial_port_is_unreachable() -> None:
    result = print_ticket(layout_ticket(sample_content()), "serial:///dev/ttyNOPE9", QUICK)
    assert result.outcome is Outcome.UNREACHABLE and "/dev/ttyNOPE9" in result.detail


def test_without_pyserial_the_outcome_names_the_extra_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "serial", None)  # import serial → ImportError
    result = print_ticket(layout_ticket(sample_content()), "serial:///dev/ttyUSB0", QUICK)
    assert result.outcome is Outcome.MISSING_DEPENDENCY
    assert "pip install 'antre[serial]'" in result.detail


def test_without_pyusb_the_outcome_names_the_extra_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "usb", None)
    monkeypatch.setitem(sys.modules, "usb.core", None)
    result = print_ticket(layout_ticket(sample_content()), "usb://04b8:0e15", QUICK)
    assert result.outcome is Outcome.MISSING_DEPENDENCY
    assert "pip install 'antre[usb]'" in result.detail
    assert result.message_id.startswith("Mohon maaf, printer belum diatur dengan benar.")


def test_a_device_file_gets_the_exact_job(tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    device.touch()  # as a capture file; a real /dev/usb/lp0 is a character device
    layout = layout_ticket(sample_content())
    result = print_ticket(layout, f"file://{device}", QUICK)
    assert result.ok and result.status is None
    assert device.read_bytes() == escpos(layout)


def test_a_character_device_that_answers_nothing_prints_without_waiting() -> None:
    started = time.monotonic()
    result = print_ticket(layout_ticket(sample_content()), "file:///dev/null")
    # /dev/null reads as end of file: no waiting out the status reply's window
    assert result.ok and time.monotonic() - started < Timeouts().status


def test_a_missing_device_file_is_unreachable_and_never_created(tmp_path: Path) -> None:
    device = tmp_path / "usb" / "lp1"
    result = print_ticket(layout_ticket(sample_content()), f"file://{device}", QUICK)
    assert result.outcome is Outcome.UNREACHABLE and "does not exist" in result.detail
    assert not device.exists()


def test_a_pipe_nobody_reads_fails_at_once_instead_of_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "printer.fifo"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = print_ticket(layout_ticket(sample_content()), f"file://{fifo}", QUICK)
    assert result.outcome is Outcome.UNREACHABLE and "no printer behind it" in result.detail
    assert time.monotonic() - started < QUICK.connect


def test_a_preview_printer_writes_the_png(tmp_path: Path, qr_text: Any) -> None:
    target = tmp_path / "ticket.png"
    layout = layout_ticket(sample_content(), TicketOptions(paper=Paper.MM80))
    result = print_ticket(layout, f"preview://{target}")
    assert result.ok and str(target) in result.detail
    with Image.open(target) as image:
        assert image.width == 576 and qr_text(image) == [SAMPLE_URL]


def test_a_preview_into_a_missing_folder_is_reported_not_raised(tmp_path: Path) -> None:
    result = print_ticket(layout_ticket(sample_content()), f"preview://{tmp_path}/no/t.png")
    assert result.outcome is Outcome.UNREACHABLE


def test_the_dummy_printer_takes_everything() -> None:
    layout = layout_ticket(sample_content())
    result = print_ticket(layout, "dummy://")
    assert result.ok and result.sent == len(escpos(layout))


def test_a_bad_url_is_a_configuration_outcome() -> None:
    result = print_ticket(layout_ticket(sample_content()), "lpt1")
    assert result.outcome is Outcome.BAD_CONFIG and "tcp://HOST[:9100]" in result.detail


def test_an_unexpected_error_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("a bug")

    monkeypatch.setattr(printer.job, "render_escpos", broken)
    result = print_ticket(layout_ticket(sample_content()), "dummy://")
    assert result.outcome is Outcome.PRINTER_ERROR and "a bug" in result.detail
