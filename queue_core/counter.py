"""A counter (loket) through the day: closed → open ⇄ paused → closed.

A counter holds at most one called/serving ticket; only an open counter calls. The
priority streak lives here because fairness is per counter: each loket counts its own
priority calls in a row.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from queue_core import events as ev
from queue_core.errors import CounterBusy, CounterClosed, InvalidTransition


class CounterStatus(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    PAUSED = "paused"


@dataclass(frozen=True)
class CounterState:
    id: int
    name: str
    status: CounterStatus = CounterStatus.CLOSED
    operator_id: int | None = None
    """The staff user who opened it; only they (or a supervisor) work it."""
    priority_streak: int = 0
    """Priority-group calls in a row; reset by a regular call."""


Change = tuple[CounterState, list[ev.Event]]


def open_counter(counter: CounterState, operator_id: int, now: datetime) -> Change:
    """Open a closed counter, or resume a paused one."""
    if counter.status is CounterStatus.OPEN:
        raise InvalidTransition(f"{counter.name} sudah buka.", f"{counter.name} is already open.")
    keep = counter.operator_id if counter.status is CounterStatus.PAUSED else operator_id
    new = replace(counter, status=CounterStatus.OPEN, operator_id=keep or operator_id)
    return new, [
        ev.CounterOpened(at=now, counter_id=new.id, name=new.name, status=new.status.value)
    ]


def pause(counter: CounterState, now: datetime) -> Change:
    if counter.status is not CounterStatus.OPEN:
        raise InvalidTransition(
            f"{counter.name} tidak sedang buka; tidak dapat istirahat.",
            f"{counter.name} is not open; it cannot pause.",
        )
    new = replace(counter, status=CounterStatus.PAUSED)
    return new, [
        ev.CounterPaused(at=now, counter_id=new.id, name=new.name, status=new.status.value)
    ]


def close(counter: CounterState, holds_ticket: bool, now: datetime) -> Change:
    """Close for the day or the shift. A held ticket must be finished or handed on first,
    or a citizen would be left standing at a closed loket."""
    if counter.status is CounterStatus.CLOSED:
        raise InvalidTransition(
            f"{counter.name} sudah tutup.", f"{counter.name} is already closed."
        )
    if holds_ticket:
        raise CounterBusy(
            f"{counter.name} masih memegang tiket; selesaikan atau alihkan dulu.",
            f"{counter.name} still holds a ticket; finish or transfer it first.",
        )
    new = replace(counter, status=CounterStatus.CLOSED, operator_id=None, priority_streak=0)
    return new, [
        ev.CounterClosed(at=now, counter_id=new.id, name=new.name, status=new.status.value)
    ]


def require_can_call(counter: CounterState, holds_ticket: bool) -> None:
    if counter.status is not CounterStatus.OPEN:
        raise CounterClosed(
            f"{counter.name} belum buka; buka loket untuk memanggil.",
            f"{counter.name} is not open; open it to call.",
        )
    if holds_ticket:
        raise CounterBusy(
            f"{counter.name} masih melayani tiket; selesaikan dulu.",
            f"{counter.name} still holds a ticket; finish it first.",
        )
