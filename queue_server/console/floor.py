"""The live floor: every counter and every queue of the hall now, and what needs a manager.

The figures are the queue view's own (waiting and ETA exactly as `GET /api/v1/services`
gives them, counters as `GET /api/v1/counters` for staff); the floor adds only what a
manager watches for: how long each counter has been in its state, how long the oldest
ticket of each queue has waited against the service's `target_wait_minutes`, and the
alerts (docs/console.md, "Live floor").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from queue_core.events import iso
from queue_core.hall import Counter, Hall
from queue_core.numbering import hall_day
from queue_server.runtime import HallRuntime
from queue_server.store import floor as floor_rows

SNAPSHOT_SECONDS = 1
"""A floor is recomputed after every event, and otherwise at most this often: fifty
consoles woken by the same call share one snapshot."""


class CounterClock:
    """When each counter last opened, paused or closed, kept up to date from the event
    log a page at a time (only the events after the last one it read)."""

    def __init__(self) -> None:
        self._day: object = None
        self._read_to = 0
        self.since: dict[int, datetime] = {}

    def update(self, runtime: HallRuntime, now: datetime) -> None:
        hall = runtime.hall
        day = hall_day(now, hall.timezone)
        if day != self._day:
            # A new hall day: the day's first state change is where time in state starts
            # (a counter untouched today has been closed since before the hall opened).
            start = datetime.combine(day, time(), ZoneInfo(hall.timezone))
            self._day, self.since = day, {}
            self._read_to = floor_rows.first_seq_from(runtime.reader, iso(start)) - 1
        for seq, counter_id, _, at in floor_rows.counter_changes(runtime.reader, self._read_to):
            self.since[counter_id] = datetime.fromisoformat(at)
            self._read_to = seq


@dataclass(frozen=True)
class Snapshot:
    seq: int
    data: dict[str, Any]


def _mine(counter: Counter, hall: Hall, agency: str | None) -> bool:
    if agency is None:
        return True
    if counter.agency_id is not None:
        return counter.agency_id == agency
    return any(
        (s := hall.service(sid)) is not None and s.agency_id == agency
        for sid in counter.service_ids
    )


def _minutes(seconds: float) -> int:
    return max(0, int(seconds // 60))


class Floor:
    """The floor of one hall server; snapshots cached per event head and time step."""

    def __init__(self, runtime: HallRuntime) -> None:
        self.runtime = runtime
        self.clock = CounterClock()
        self._cache: dict[tuple[int, int, str | None], Snapshot] = {}
        self.messages: dict[tuple[int, str, str | None, str], tuple[str, str]] = {}
        """(seq, at, agency, language) → (rendered live part, socket message)."""

    @property
    def pause_alert_minutes(self) -> float:
        return self.runtime.settings.floor_pause_alert_minutes

    def snapshot(self, agency: str | None) -> Snapshot:
        runtime = self.runtime
        now = runtime.clock()
        head = runtime.writer.head
        key = (head, int(now.timestamp()) // SNAPSHOT_SECONDS, agency)
        hit = self._cache.get(key)
        if hit is None:
            if len(self._cache) > 64:
                self._cache.clear()
            hit = self._cache[key] = Snapshot(head, self._build(agency, now, head))
        return hit

    def _build(self, agency: str | None, now: datetime, head: int) -> dict[str, Any]:
        runtime = self.runtime
        hall, view = runtime.hall, runtime.view
        self.clock.update(runtime, now)
        pause_limit = self.pause_alert_minutes * 60
        counters = []
        by_id = {c.id: c for c in hall.counters}
        for row in view.counters_json(for_staff=True):
            config = by_id.get(row["id"])
            if config is None or not _mine(config, hall, agency):
                continue
            since = self.clock.since.get(row["id"])
            seconds = (now - since).total_seconds() if since else None
            current = row["current"]
            counters.append(
                {
                    "id": row["id"],
                    "name": row["name"],
                    "agency_id": row["agency_id"],
                    "zone": row["zone"],
                    "status": row["status"],
                    "operator": row.get("opened_by"),
                    "current": current["number"] if current else None,
                    "current_status": current["status"] if current else None,
                    "since": iso(since) if since else None,
                    "minutes_in_state": None if seconds is None else _minutes(seconds),
                    "long_pause": row["status"] == "paused"
                    and seconds is not None
                    and seconds > pause_limit,
                }
            )
        queues = []
        for row in view.services_json():
            if agency is not None and row["agency_id"] != agency:
                continue
            service = hall.service(row["id"])
            target = service.target_wait_minutes if service else 30.0
            oldest = view.oldest_waiting(row["id"])
            waited = (now - oldest).total_seconds() if oldest else None
            queues.append(
                {
                    "id": row["id"],
                    "name": row["name"],
                    "name_en": row["name_en"],
                    "agency_id": row["agency_id"],
                    "prefix": row["prefix"],
                    "waiting": row["waiting"],
                    "oldest_since": iso(oldest) if oldest else None,
                    "oldest_wait_minutes": None if waited is None else _minutes(waited),
                    "target_wait_minutes": target,
                    "late": waited is not None and waited > target * 60,
                    "eta_minutes": row["eta_minutes"],
                    "eta_low": row["eta_low"],
                    "eta_high": row["eta_high"],
                    "eta_text": row["eta_text"],
                }
            )
        # A counter paused long first (someone can act on it now), then the queues that
        # waited longest past their target.
        alerts: list[dict[str, Any]] = [
            {
                "kind": "long_pause",
                "id": c["id"],
                "minutes": c["minutes_in_state"],
                "limit": self.pause_alert_minutes,
            }
            for c in sorted(counters, key=lambda c: -(c["minutes_in_state"] or 0))
            if c["long_pause"]
        ] + [
            {
                "kind": "late_queue",
                "id": q["id"],
                "minutes": q["oldest_wait_minutes"],
                "limit": q["target_wait_minutes"],
            }
            for q in sorted(queues, key=lambda q: -(q["oldest_wait_minutes"] or 0))
            if q["late"]
        ]
        return {
            "seq": head,
            "at": iso(now),
            "agency_id": agency,
            "pause_alert_minutes": self.pause_alert_minutes,
            "counters": counters,
            "queues": queues,
            "alerts": alerts,
        }


def floor_of(runtime: HallRuntime) -> Floor:
    """The server's one Floor, made on first use (a console nobody opens costs nothing)."""
    floor = getattr(runtime, "_console_floor", None)
    if floor is None:
        floor = Floor(runtime)
        runtime._console_floor = floor  # type: ignore[attr-defined]
    return floor
