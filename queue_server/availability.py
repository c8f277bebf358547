"""Places left per day and slot, for the booking pages: a read model with a cache.

Phones ask for a service's days over and over while a slot is being chosen; the answer
only changes when a booking changes (a `booking.*` event), the hall day turns, or a slot
passes its lead time. So each answer is kept, encoded, until one of those happens: the
version (bumped by the writer's events, on the event loop), the day in the key, and
`valid_until` (the next moment a slot stops being bookable) decide.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from queue_core import booking as rules
from queue_core.events import compact_json
from queue_core.hall import Hall, Service
from queue_server.store import booking as booking_rows

MAX_ENTRIES = 2048


class Availability:
    def __init__(
        self, reader: sqlite3.Connection, hall: Hall, clock: Callable[[], datetime]
    ) -> None:
        self.reader, self.hall, self.clock = reader, hall, clock
        self.version = 0
        self._cache: dict[tuple[Any, ...], tuple[datetime, bytes]] = {}

    def changed(self, events: list[dict[str, Any]]) -> None:
        """A writer subscriber: any booking event makes every kept answer stale."""
        if any(e["type"].startswith("booking.") for e in events):
            self.version += 1
            self._cache.clear()

    def use_hall(self, hall: Hall) -> None:
        """The hall changed (hall.changed): every kept answer may be stale."""
        self.hall = hall
        self.version += 1
        self._cache.clear()

    def _kept(
        self, key: tuple[Any, ...], now: datetime, build: Callable[[], tuple[datetime, Any]]
    ) -> bytes:
        found = self._cache.get(key)
        if found is not None and now < found[0]:
            return found[1]
        valid_until, answer = build()
        body = compact_json(answer).encode()
        if len(self._cache) >= MAX_ENTRIES:
            self._cache.clear()
        self._cache[key] = (valid_until, body)
        return body

    def _ahead(
        self, service: Service, day: date, now: datetime
    ) -> tuple[list[rules.Slot], datetime]:
        """The day's slots still bookable, and when the first of them stops being so."""
        plan = service.booking
        assert plan is not None
        lead = timedelta(minutes=plan.lead_minutes)
        ahead, until = [], datetime.max.replace(tzinfo=now.tzinfo)
        for slot in rules.slots_of_day(plan, self.hall.calendar, day):
            cutoff = rules.starts_at(day, slot.start, self.hall.timezone) - lead
            if now <= cutoff:
                ahead.append(slot)
                until = min(until, cutoff)
        return ahead, until

    def days(self, service: Service, today: date) -> bytes:
        now = self.clock()
        key = ("days", service.id, today, self.version)
        return self._kept(key, now, lambda: self._days(service, today, now))

    def _days(self, service: Service, today: date, now: datetime) -> tuple[datetime, Any]:
        plan = service.booking
        assert plan is not None
        window = rules.window(plan, today)
        taken = booking_rows.taken_by_slot(self.reader, service.id, window[0], window[-1])
        result, valid_until = [], datetime.max.replace(tzinfo=now.tzinfo)
        for day in window:
            reason = self.hall.calendar.closed_reason(day)
            remaining = 0
            if reason is None:
                ahead, until = self._ahead(service, day, now)
                valid_until = min(valid_until, until)
                remaining = sum(
                    max(0, s.capacity - taken.get((day.isoformat(), s.label), 0)) for s in ahead
                )
                reason = "no_sessions" if not ahead else ("full" if remaining == 0 else None)
            result.append(
                {
                    "date": day.isoformat(),
                    "open": reason is None,
                    "reason": reason,
                    "remaining": remaining,
                }
            )
        return valid_until, result

    def slots(self, service: Service, day: date, today: date) -> bytes:
        now = self.clock()
        key = ("slots", service.id, day, today, self.version)
        return self._kept(key, now, lambda: self._slots(service, day, today, now))

    def _slots(
        self, service: Service, day: date, today: date, now: datetime
    ) -> tuple[datetime, Any]:
        plan = service.booking
        assert plan is not None
        if not today <= day <= today + timedelta(days=plan.days_ahead):
            return datetime.max.replace(tzinfo=now.tzinfo), []
        taken = booking_rows.taken_by_slot(self.reader, service.id, day, day)
        ahead, until = self._ahead(service, day, now)
        answer = [
            {
                "start": s.label,
                "end": rules.hhmm(s.end),
                "capacity": s.capacity,
                "remaining": max(0, s.capacity - taken.get((day.isoformat(), s.label), 0)),
            }
            for s in ahead
        ]
        return until, answer
