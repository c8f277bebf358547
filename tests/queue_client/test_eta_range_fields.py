"""Clients read the added ETA range and tell a wide one from a narrow one."""

from __future__ import annotations

from kiosk_app.words import say
from queue_client.models import wide


def test_only_a_range_wider_than_six_minutes_is_shown_as_a_range() -> None:
    assert wide(15, 40) and not wide(2, 8) and not wide(None, None)
    assert say("eta_range_long", "id", lo=15, hi=40) == "Perkiraan waktu tunggu 15–40 menit"
