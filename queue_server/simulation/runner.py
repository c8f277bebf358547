"""`antre simulate`: a hall day played straight on the real writer and store.

Every step is a real action run by the real `Writer` on a real SQLite file, stamped by the
engine's virtual clock, so the figures are what the server would produce on such a day."""

from __future__ import annotations

import random
import tempfile
import time as wall
from collections import Counter as Tally
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from rich.console import Console

from queue_core.errors import DomainError, NikLimitReached, QuotaExhausted, ServiceClosed
from queue_core.eta import display_range
from queue_core.hall import Hall
from queue_core.numbering import zone
from queue_server import actions, booking_actions
from queue_server.runtime import ensure_database
from queue_server.settings import Settings
from queue_server.simulation.engine import Called, HallDay, Ticketed
from queue_server.simulation.model import Visitor, next_weekday, plan_day, weekday_for
from queue_server.simulation.report import (
    SimulationResult,
    day_progress,
    figures,
    hhmm,
    print_figures,
)
from queue_server.store import counters as counter_rows
from queue_server.store import staff
from queue_server.store import tickets as ticket_rows
from queue_server.store.staff import Principal
from queue_server.writer import Writer

SIM_USER = "simulasi"
"""The supervisor the simulation acts as: a user row nobody can sign in as."""


class StoreDriver:
    """Runs each step as a real action on the writer, in this thread."""

    REFUSED = (ServiceClosed, QuotaExhausted, NikLimitReached)

    def __init__(self, writer: Writer) -> None:
        self.writer = writer
        self.actor = Principal("user", 0, SIM_USER, "supervisor")
        self.actions = 0

    def sign_in(self) -> None:
        """Become the simulation's supervisor (a real user row: counters reference it)."""
        self.actor = self.writer.run(_supervisor)

    def open(self, counter_id: int) -> None:
        self.actions += 1
        self.writer.run(actions.open_counter, counter_id, self.actor)

    def pause(self, counter_id: int) -> None:
        self.actions += 1
        self.writer.run(actions.pause_counter, counter_id, self.actor)

    def close(self, counter_id: int) -> None:
        self.actions += 1
        self.writer.run(actions.close_counter, counter_id, self.actor)

    def issue(self, visitor: Visitor) -> Ticketed | str:
        self.actions += 1
        if visitor.booking_code is not None and visitor.nik is not None:
            check_in = booking_actions.CheckIn(visitor.booking_code, nik_last4=visitor.nik[-4:])
            try:
                issued = self.writer.run(booking_actions.check_in, check_in)
            except DomainError as exc:
                return exc.code
            t = issued.record.ticket
            return Ticketed(t.id, t.number, issued.record.eta_at_issue)
        request = actions.IssueRequest(visitor.service_id, visitor.priority, nik=visitor.nik)
        try:
            issued = self.writer.run(actions.issue_ticket, request)
        except self.REFUSED as exc:
            return exc.code
        t = issued.record.ticket
        low, high = display_range(issued.eta) if issued.eta else (None, None)
        return Ticketed(t.id, t.number, issued.record.eta_at_issue, low, high)

    def call_next(self, counter_id: int) -> Called | None:
        self.actions += 1
        record = self.writer.run(actions.call_next, counter_id, self.actor)
        if record is None:
            return None
        return Called(record.ticket.id, record.ticket.number, record.ticket.service_id)

    def step(self, ticket_id: int, step: str) -> None:
        self.actions += 1
        self.writer.run(actions.ticket_step, ticket_id, step, self.actor, None)

    def transfer(self, ticket_id: int, service_id: str) -> None:
        self.actions += 1
        self.writer.run(actions.transfer, ticket_id, service_id, None, self.actor)


def _supervisor(tx: actions.Tx) -> Principal:
    found = staff.user_for_login(tx.conn, SIM_USER)
    if found is not None:
        return found[0]
    # "!" is no argon2 hash: nobody can sign in as the simulation's supervisor.
    user_id = staff.add_user(tx.conn, SIM_USER, "!", "supervisor", tx.now)
    return Principal("user", user_id, SIM_USER, "supervisor")


def _book_the_evening_before(
    writer: Writer, hall: Hall, day: date, visitors: list[Visitor], before: list[datetime]
) -> None:
    """Booked visitors book on the evening before, through the real booking action; one
    who finds the slot full comes as a walk-in."""
    booked = [v for v in visitors if v.booked]
    if not booked:
        return
    evening = datetime.combine(day - timedelta(days=1), time(19, 0), zone(hall.timezone))
    before.append(evening.astimezone(UTC))
    try:
        for v in booked:
            assert v.slot_at is not None and v.nik is not None
            start = f"{int(v.slot_at // 3600):02d}:{int(v.slot_at % 3600 // 60):02d}"
            request = booking_actions.BookingRequest(v.service_id, day, start, v.nik)
            try:
                v.booking_code = writer.run(booking_actions.create_booking, request).row.code
            except DomainError:
                v.booked, v.booked_no_show, v.slot_at = False, False, None
    finally:
        before.clear()


class Pacer:
    """Holds simulated time to wall time × speed (speed 0: no holding)."""

    def __init__(self, start: float, speed: float) -> None:
        self.start, self.speed = start, speed
        self.wall_start = wall.monotonic()

    def __call__(self, t: float) -> None:
        if self.speed > 0:
            delay = self.wall_start + (t - self.start) / self.speed - wall.monotonic()
            if delay > 0:
                wall.sleep(delay)


@contextmanager
def _database(db: Path | None) -> Iterator[Path]:
    if db is not None:
        yield Path(db)
        return
    with tempfile.TemporaryDirectory(prefix="antre-sim-") as tmp:
        yield Path(tmp) / "simulation.db"


def run_simulation(
    hall: Hall,
    *,
    visitors: int,
    counters: int,
    speed: float = 0.0,
    seed: int = 1,
    db: Path | None = None,
    console: Console | None = None,
    show: bool = True,
    booked_share: float = 0.0,
    booking_no_show: float = 0.0,
    skew: float = 0.0,
    load: float | None = None,
    day: date | None = None,
) -> SimulationResult:
    """Play one hall day through the real writer and store; print and return the figures.

    `db` keeps the day in that file (a file that already holds days gets the next working
    day); by default a temporary file is used and removed. `day` plays that date instead
    (after the file's last day: `antre demo` lays a month of history before today)."""
    console = console or Console()
    began = wall.monotonic()
    with _database(db) as path:
        keys = ensure_database(Settings(db=path, durable=False))
        engine: HallDay | None = None
        before: list[datetime] = []
        """Set while bookings are made on the evening before the day."""
        writer = Writer(
            path,
            hall,
            keys,
            lambda: before[0] if before else engine.now,  # type: ignore[union-attr]
            durable=False,
        )
        try:
            if day is None:
                day = weekday_for(seed)
                if writer.day and date.fromisoformat(writer.day) >= day:
                    day = next_weekday(date.fromisoformat(writer.day))
            plan = plan_day(
                hall,
                visitors=visitors,
                counters=counters,
                seed=seed,
                day=day,
                booked_share=booked_share,
                booking_no_show=booking_no_show,
                skew=skew,
                load=load,
            )
            _book_the_evening_before(writer, hall, plan.day, plan.visitors, before)
            driver = StoreDriver(writer)
            pace = Pacer(plan.opens, speed) if speed > 0 else None
            engine = HallDay(hall, plan, driver, pace=pace, rng=random.Random(seed + 1))
            driver.sign_in()
            for counter in plan.desks:
                state = counter_rows.get(writer.conn, counter.id)
                if state is not None and state.status.value != "closed":
                    driver.close(counter.id)  # left open by an interrupted earlier run
            interrupted = False
            with day_progress(console, engine, show) as on_event:
                try:
                    engine.run(on_event=on_event)
                except KeyboardInterrupt:
                    interrupted = True
            statuses = Tally(r.ticket.status.value for r in ticket_rows.of_day(writer.conn, day))
            writer.run(booking_actions.expire_due)
        finally:
            writer.stop()
        result = figures(
            engine,
            dict(statuses),
            seed=seed,
            actions=driver.actions,
            wall_seconds=wall.monotonic() - began,
        )
    if db is not None:
        result = SimulationResult(**{**result.__dict__, "db": Path(db)})
    if show:
        print_figures(console, result)
    if interrupted:
        console.print(f"[yellow]Interrupted at {hhmm(engine.t)}; the figures cover the day so far.")
        raise KeyboardInterrupt
    return result
