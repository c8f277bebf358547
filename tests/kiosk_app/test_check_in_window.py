"""'Sudah booking?' outside the check-in window, at the real kiosk against a real
`antre serve` whose clock libfaketime moves: too early, the kiosk says from when check-in
opens; after `start + checkin_after`, that the time has passed and to take a regular
number. Nothing is printed either time."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from pytestqt.qtbot import QtBot
from support import SMALL_HALL, Server, faketime_env

from kiosk_app.flow import KioskFlow, Screen

if TYPE_CHECKING:
    from conftest import FakePrinter

NIK = "3273014101900001"
WAIT_MS = 15_000
JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def offset(tmp_path: Path) -> Path:
    return tmp_path / "faketime.txt"


@pytest.fixture
def server(tmp_path: Path, offset: Path) -> Iterator[Server]:
    """The small hall with `kk` bookable in hour-long slots around the clock, every day,
    check-in from 30 minutes before a slot to 15 minutes after its start (the contract's
    defaults); the server's clock follows `offset`."""
    text = SMALL_HALL.read_text(encoding="utf-8")
    text = text.replace(
        "[hall]\n", '[hall]\ndays = ["mon","tue","wed","thu","fri","sat","sun"]\n', 1
    )
    text = text.replace(
        "booking = {days_ahead = 7, lead_minutes = 60, checkin_before = 30, checkin_after = 15}",
        "booking = {days_ahead = 7, lead_minutes = 0, checkin_before = 30, checkin_after = 15}",
    )
    text = text.replace(
        'weekdays = ["mon", "tue", "wed", "thu", "fri"]\nstart = "08:00"\nend = "12:00"\nslot_minutes = 30',
        'weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\nstart = "00:00"\n'
        'end = "24:00"\nslot_minutes = 60',
    )
    assert "checkin_before = 30, checkin_after = 15" in text and 'start = "00:00"' in text
    hall = tmp_path / "hall.toml"
    hall.write_text(text, encoding="utf-8")
    env = {**os.environ, **faketime_env(offset)}
    running = Server(tmp_path / "antre.db", hall=hall, env=env).start()
    try:
        yield running
    finally:
        running.stop()


def book_later(server: Server) -> tuple[dict[str, Any], datetime]:
    """A booking for a slot starting at least two hours from now, and the slot's start."""
    base = f"{server.url}/api/v1/services/kk"
    soon = datetime.now(JAKARTA) + timedelta(hours=2)
    for day in (d["date"] for d in httpx.get(f"{base}/days").json() if d["open"]):
        for slot in httpx.get(f"{base}/slots", params={"date": day}).json():
            start = datetime.fromisoformat(f"{day}T{slot['start']}").replace(tzinfo=JAKARTA)
            if slot["remaining"] and start >= soon:
                answer = httpx.post(
                    f"{server.url}/api/v1/bookings",
                    json={"service_id": "kk", "date": day, "start": slot["start"], "nik": NIK},
                )
                assert answer.status_code == 201, answer.text
                return dict(answer.json()), start
    raise AssertionError("no open slot two hours ahead")


def check_in(qtbot: QtBot, flow: KioskFlow, code: str) -> tuple[str, str]:
    flow.have_booking()
    for key in code.replace("-", ""):
        flow.press_code_key(key)
    flow.confirm_code()
    for digit in NIK[-4:]:
        flow.press_booking_digit(digit)
    flow.confirm_booking_digits()
    qtbot.waitUntil(lambda: flow.screen is Screen.NOTICE, timeout=WAIT_MS)
    assert flow.notice is not None
    notice = flow.notice
    flow.back()
    return notice


def test_too_early_says_from_when_and_too_late_says_to_take_a_regular_number(
    qtbot: QtBot, server: Server, offset: Path, flow: KioskFlow, fake_printer: FakePrinter
) -> None:
    booking, start = book_later(server)
    opens = start - timedelta(minutes=30)

    said, said_en = check_in(qtbot, flow, booking["code"])
    assert said.startswith("Mohon maaf, check-in untuk pemesanan ini dibuka pukul")
    assert f"{opens:%H.%M}" in said and f"{opens:%d-%m-%Y}" in said
    assert f"{opens:%H:%M}" in said_en

    # The server's clock: one minute past the end of the check-in window.
    past = (start + timedelta(minutes=16)) - datetime.now(JAKARTA)
    offset.write_text(f"+{int(past.total_seconds())}s\n")
    said, said_en = check_in(qtbot, flow, booking["code"])
    assert said.startswith("Mohon maaf, waktu check-in pemesanan ini sudah lewat.")
    assert "regular queue number" in said_en
    assert fake_printer.jobs == 0 and flow.ticket is None
