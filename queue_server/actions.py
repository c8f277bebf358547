"""What the hall can be asked to do: one function per action, run by the writer inside a
transaction. Each reads what it needs, asks queue_core what happens, and stores the new
state and its events together. A DomainError undoes the whole action.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from queue_core import counter as counter_sm
from queue_core import ticket as ticket_sm
from queue_core.dispatch import choose_next, position_on_arrival
from queue_core.errors import (
    IdempotencyConflict,
    NikLimitReached,
    NotFound,
    QuotaExhausted,
    ServiceClosed,
    ValidationFailed,
)
from queue_core.eta import Estimate
from queue_core.events import Event, HallAnnouncement
from queue_core.hall import Hall, Service
from queue_core.nik import age_on, normalize_nik, parse_nik
from queue_core.numbering import hall_day, local_time
from queue_core.ticket import Priority, Ticket, TicketStatus
from queue_server import queue_view
from queue_server.errors import Forbidden, forbidden_role, not_your_counter
from queue_server.nik_keys import NikKeys
from queue_server.store import booking as booking_rows
from queue_server.store import counters as counter_rows
from queue_server.store import events as event_log
from queue_server.store import meta, retention, staff
from queue_server.store import notify as notify_rows
from queue_server.store import tickets as ticket_rows
from queue_server.store.staff import Principal
from queue_server.store.tickets import TicketRecord

SUPERVISORS = frozenset({"admin", "supervisor"})


@dataclass
class Tx:
    """One action's view of the hall inside the writer's transaction."""

    conn: sqlite3.Connection
    hall: Hall
    now: datetime
    keys: NikKeys
    memo: dict[Any, Any] = field(default_factory=dict)
    """Per-batch cache of slow-changing ETA inputs (open counters, mean minutes); an
    action that changes them clears it."""
    days: dict[Any, Any] = field(default_factory=dict)
    """The writer's cache of what holds for a whole hall day (the ETA's history prior)."""
    published: list[dict[str, Any]] = field(default_factory=list)

    day: date = field(init=False)

    def __post_init__(self) -> None:
        self.day = hall_day(self.now, self.hall.timezone)

    def emit(self, events: list[Event]) -> None:
        for event in events:
            self.published.append(event_log.append(self.conn, event))


@dataclass(frozen=True)
class IssueRequest:
    service_id: str
    priority: Priority = Priority.REGULAR
    nik: str | None = field(default=None, repr=False)
    booking_code: str | None = None
    lang: str = "id"
    idempotency_key: str | None = None


@dataclass(frozen=True)
class Issued:
    record: TicketRecord
    created: bool
    position: int | None = None
    """Computed in the transaction, for the kiosk's "N orang di depan Anda"."""
    elderly_by_nik: bool = False
    eta: Estimate | None = None
    """The wait and its range as computed in the transaction (eta_at_issue is its minutes)."""


def _service(tx: Tx, service_id: str) -> Service:
    service = tx.hall.service(service_id)
    if service is None:
        raise ValidationFailed(
            f"Layanan {service_id!r} tidak ada di mal ini.",
            f"There is no service {service_id!r} in this hall.",
        )
    return service


def _walk_ins(tx: Tx, service: Service) -> int:
    """Tickets of the day counted against the walk-in quota: booked arrivals have their
    own capacity (sessions), so the people who come in person are never shut out."""
    issued = ticket_rows.issued_count(tx.conn, tx.day, service.prefix)
    if service.booking is None:
        return issued
    return issued - booking_rows.checked_in_count(tx.conn, service.id, tx.day)


def _body_hash(request: IssueRequest, nik_digest: str | None) -> str:
    body = {
        "service_id": request.service_id,
        "priority": request.priority.value,
        "nik": nik_digest,
        "booking_code": request.booking_code,
        "lang": request.lang,
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def issue_ticket(tx: Tx, request: IssueRequest) -> Issued:
    service = _service(tx, request.service_id)
    info = parse_nik(request.nik, tx.day) if request.nik is not None else None
    # Keyed by the hall day: the digest links this NIK's tickets of today only, and is
    # purged with the day (roll_day).
    digest = None if request.nik is None else tx.keys.for_day(tx.day, normalize_nik(request.nik))
    body_hash = _body_hash(request, digest)
    if request.idempotency_key is not None:
        seen = ticket_rows.idempotent_ticket(tx.conn, tx.day, request.idempotency_key)
        if seen is not None:
            if seen[0] != body_hash:
                raise IdempotencyConflict(
                    "Kunci Idempotency-Key ini sudah dipakai untuk permintaan lain.",
                    "This Idempotency-Key was already used for a different request.",
                )
            record = ticket_rows.get(tx.conn, seen[1])
            assert record is not None
            return Issued(record, created=False)

    clock = local_time(tx.now, tx.hall.timezone)
    if not tx.hall.is_open(service, clock):
        raise ServiceClosed(
            f"Mohon maaf, layanan {service.name} buka pukul "
            f"{service.opens:%H.%M}–{service.closes:%H.%M}. Silakan datang kembali pada jam itu.",
            f"Sorry, {service.name_en} is open {service.opens:%H:%M}–{service.closes:%H:%M}. "
            "Please come back within those hours.",
        )
    if request.booking_code is not None:
        raise ValidationFailed(
            "Mohon maaf, kode pemesanan tidak dikenal. Silakan tanyakan petugas.",
            "Sorry, this booking code is not known. Please ask the staff.",
        )
    if request.priority is Priority.APPOINTMENT:
        raise ValidationFailed(
            "Mohon maaf, antrean janji temu hanya untuk kode pemesanan. Silakan pilih antrean lain.",
            "Sorry, the appointment queue needs a booking code. Please choose another queue.",
        )
    if service.nik_required and digest is None:
        raise ValidationFailed(
            f"Mohon maaf, layanan {service.name} memerlukan NIK. Silakan masukkan NIK Anda.",
            f"Sorry, {service.name_en} needs your NIK. Please enter your NIK.",
        )
    if (
        digest is not None
        and ticket_rows.nik_count(tx.conn, tx.day, digest) >= tx.hall.nik_daily_limit
    ):
        raise NikLimitReached(
            f"Mohon maaf, NIK ini sudah mengambil {tx.hall.nik_daily_limit} nomor antrean hari "
            "ini. Silakan datang kembali besok atau tanyakan petugas.",
            f"Sorry, this NIK already took {tx.hall.nik_daily_limit} queue numbers today. "
            "Please come back tomorrow or ask the staff.",
        )
    if service.quota is not None and _walk_ins(tx, service) >= service.quota:
        raise QuotaExhausted(
            f"Mohon maaf, kuota layanan {service.name} hari ini sudah habis. "
            "Silakan datang kembali besok.",
            f"Sorry, today's numbers for {service.name_en} are used up. Please come back tomorrow.",
        )

    issued = place_ticket(
        tx, service, request.priority, info.masked if info else None, digest, request.lang
    )
    if request.idempotency_key is not None:
        ticket_rows.remember_key(
            tx.conn, tx.day, request.idempotency_key, body_hash, issued.record.ticket.id
        )
    elderly = info is not None and age_on(info, tx.day) >= 60
    return Issued(
        issued.record,
        created=True,
        position=issued.position,
        elderly_by_nik=elderly,
        eta=issued.eta,
    )


def place_ticket(
    tx: Tx,
    service: Service,
    priority: Priority,
    nik_masked: str | None,
    digest: str | None,
    lang: str,
    appointment_at: datetime | None = None,
) -> Issued:
    """Number, place and store a new waiting ticket with its event (rules checked by the
    caller: a walk-in's in `issue_ticket`, a booking's check-in in booking_actions)."""
    lanes = ticket_rows.lane_counts(tx.conn, tx.day, service.id, tx.now)
    is_priority = priority in ticket_sm.PRIORITY_GROUPS
    position = position_on_arrival(**lanes, is_priority=is_priority, k=tx.hall.priority_streak)
    eta = queue_view.eta_for(
        tx.conn,
        tx.hall,
        tx.day,
        service,
        position,
        lambda other: ticket_rows.waiting_count(tx.conn, tx.day, other, priority_only=is_priority),
        tx.memo,
        is_priority=is_priority,
        days=tx.days,
        now=tx.now,
        appointment_at=appointment_at,
    )
    running = ticket_rows.next_running(tx.conn, tx.day, service.prefix)
    draft = Ticket(
        id=0,
        day=tx.day,
        service_id=service.id,
        prefix=service.prefix,
        running=running,
        status=TicketStatus.WAITING,
        priority=priority,
        issued_at=tx.now,
        queued_at=tx.now,
        appointment_at=appointment_at,
    )
    record = TicketRecord(
        ticket=draft,
        tracking_token=secrets.token_urlsafe(24),
        nik_masked=nik_masked,
        lang=lang,
        eta_at_issue=eta.minutes,
    )
    ticket = ticket_rows.insert(tx.conn, record, digest, tx.now)
    _, events = ticket_sm.issued(ticket)
    tx.emit(events)
    stored = TicketRecord(
        ticket, record.tracking_token, record.nik_masked, record.lang, None, eta.minutes
    )
    return Issued(stored, created=True, position=position, eta=eta)


# --- counters ---------------------------------------------------------------------------


def _counter(tx: Tx, counter_id: int) -> counter_sm.CounterState:
    state = counter_rows.get(tx.conn, counter_id) if tx.hall.counter(counter_id) else None
    if state is None:
        raise NotFound(f"Loket {counter_id} tidak ada.", f"There is no counter {counter_id}.")
    return state


def _may_work(state: counter_sm.CounterState, actor: Principal) -> None:
    if actor.role in SUPERVISORS:
        return
    if actor.role != "operator":
        raise forbidden_role()
    # A closed counter belongs to nobody: the state machine answers (counter_closed).
    if state.operator_id is not None and state.operator_id != actor.id:
        raise not_your_counter()


def open_counter(tx: Tx, counter_id: int, actor: Principal) -> counter_sm.CounterState:
    state = _counter(tx, counter_id)
    config = tx.hall.counter(counter_id)
    if (
        actor.role == "operator"
        and actor.agency_id is not None
        and config is not None
        and config.agency_id != actor.agency_id
    ):
        raise Forbidden(
            f"{config.name} bukan loket instansi Anda.",
            f"{config.name} is not a counter of your agency.",
        )
    if state.status is counter_sm.CounterStatus.PAUSED:
        _may_work(state, actor)
    tx.memo.clear()
    new, events = counter_sm.open_counter(state, actor.id, tx.now)
    counter_rows.save(tx.conn, new, tx.now)
    tx.emit(events)
    return new


def pause_counter(tx: Tx, counter_id: int, actor: Principal) -> counter_sm.CounterState:
    state = _counter(tx, counter_id)
    _may_work(state, actor)
    tx.memo.clear()
    new, events = counter_sm.pause(state, tx.now)
    counter_rows.save(tx.conn, new, tx.now)
    tx.emit(events)
    return new


def close_counter(tx: Tx, counter_id: int, actor: Principal) -> counter_sm.CounterState:
    state = _counter(tx, counter_id)
    if state.status is not counter_sm.CounterStatus.CLOSED:
        _may_work(state, actor)
    held = ticket_rows.held_by(tx.conn, counter_id, tx.day) is not None
    tx.memo.clear()
    new, events = counter_sm.close(state, held, tx.now)
    counter_rows.save(tx.conn, new, tx.now)
    tx.emit(events)
    return new


def _commit_call(
    tx: Tx, state: counter_sm.CounterState, ticket: Ticket, streak: int
) -> TicketRecord:
    called, events = ticket_sm.call(ticket, state.id, tx.now)
    ticket_rows.save(tx.conn, called, tx.now)
    counter_rows.save(
        tx.conn, counter_sm.CounterState(**{**state.__dict__, "priority_streak": streak}), tx.now
    )
    tx.emit(events)
    record = ticket_rows.get(tx.conn, called.id)
    assert record is not None
    return record


def call_next(tx: Tx, counter_id: int, actor: Principal) -> TicketRecord | None:
    state = _counter(tx, counter_id)
    _may_work(state, actor)
    counter_sm.require_can_call(state, ticket_rows.held_by(tx.conn, counter_id, tx.day) is not None)
    config = tx.hall.counter(counter_id)
    assert config is not None
    services = list(config.service_ids)
    ticket, streak = choose_next(
        ticket_rows.lane_heads(tx.conn, tx.day, counter_id, services, tx.now),
        counter_id=counter_id,
        services=services,
        now=tx.now,
        streak=state.priority_streak,
        k=tx.hall.priority_streak,
        max_wait_minutes={s: tx.hall.service(s).max_wait_minutes for s in services},  # type: ignore[union-attr]
    )
    if ticket is None:
        return None
    return _commit_call(tx, state, ticket, streak)


def _ticket(tx: Tx, ticket_id: int) -> TicketRecord:
    record = ticket_rows.get(tx.conn, ticket_id)
    if record is None:
        raise NotFound(
            f"Tidak ada tiket dengan id {ticket_id}.", f"There is no ticket with id {ticket_id}."
        )
    return record


def call_ticket(tx: Tx, counter_id: int, ticket_id: int, actor: Principal) -> TicketRecord:
    """Call one waiting ticket out of order (an operator's judgement call)."""
    state = _counter(tx, counter_id)
    _may_work(state, actor)
    counter_sm.require_can_call(state, ticket_rows.held_by(tx.conn, counter_id, tx.day) is not None)
    ticket = _ticket(tx, ticket_id).ticket
    config = tx.hall.counter(counter_id)
    assert config is not None
    if ticket.service_id not in config.service_ids:
        raise ValidationFailed(
            f"Tiket {ticket.number} bukan untuk layanan {config.name}.",
            f"Ticket {ticket.number} is not for a service of {config.name}.",
        )
    streak = state.priority_streak + 1 if ticket.is_priority else 0
    return _commit_call(tx, state, ticket, streak)


def _authorize_ticket(tx: Tx, ticket: Ticket, actor: Principal) -> None:
    """A held ticket belongs to whoever works its counter; a waiting or no-show ticket to
    anyone working a counter of its service. Supervisors may act on any ticket."""
    if actor.role in SUPERVISORS:
        return
    if actor.role != "operator":
        raise forbidden_role()
    states = counter_rows.all_states(tx.conn)
    holder = states.get(ticket.counter_id) if ticket.counter_id is not None else None
    if ticket.status in ticket_sm.HELD:
        if holder is not None and holder.operator_id == actor.id:
            return
        raise not_your_counter()
    if holder is not None and holder.operator_id == actor.id:
        return
    if any(
        states.get(c.id) is not None and states[c.id].operator_id == actor.id
        for c in tx.hall.counters_serving(ticket.service_id)
    ):
        return
    raise not_your_counter()


_STEPS = {
    "recall": ticket_sm.recall,
    "start": ticket_sm.start,
    "finish": ticket_sm.finish,
    "no_show": ticket_sm.no_show,
    "requeue": ticket_sm.requeue,
    "cancel": ticket_sm.cancel,
}


def ticket_step(
    tx: Tx, ticket_id: int, step: str, actor: Principal, note: str | None = None
) -> TicketRecord:
    """recall · start · finish · no_show · requeue · cancel on one ticket."""
    ticket = _ticket(tx, ticket_id).ticket
    _authorize_ticket(tx, ticket, actor)
    if step == "finish":
        tx.memo.clear()  # a finished ticket teaches the mean service time
    new, events = _STEPS[step](ticket, tx.now)
    ticket_rows.save(tx.conn, new, tx.now, note=note if step == "finish" else None)
    tx.emit(events)
    return _ticket(tx, ticket_id)


def transfer(
    tx: Tx, ticket_id: int, service_id: str, counter_id: int | None, actor: Principal
) -> TicketRecord:
    ticket = _ticket(tx, ticket_id).ticket
    _authorize_ticket(tx, ticket, actor)
    service = _service(tx, service_id)
    if counter_id is not None:
        target = tx.hall.counter(counter_id)
        if target is None or service.id not in target.service_ids:
            raise ValidationFailed(
                f"Loket {counter_id} tidak melayani {service.name}.",
                f"Counter {counter_id} does not serve {service.name_en}.",
            )
    new, events = ticket_sm.transfer(ticket, service.id, counter_id, tx.now)
    ticket_rows.save(tx.conn, new, tx.now)
    tx.emit(events)
    return _ticket(tx, ticket_id)


# --- the hall ---------------------------------------------------------------------------


def roll_day(tx: Tx) -> int:
    """Expire what earlier hall days left waiting or called, and forget their NIK links;
    returns how many expired."""
    leftovers = ticket_rows.leftovers(tx.conn, tx.day)
    for ticket in leftovers:
        new, events = ticket_sm.expire(ticket, tx.now)
        ticket_rows.save(tx.conn, new, tx.now)
        tx.emit(events)
    for state in counter_rows.all_states(tx.conn).values():
        if state.priority_streak:
            counter_rows.save(
                tx.conn, counter_sm.CounterState(**{**state.__dict__, "priority_streak": 0}), tx.now
            )
    retention.purge_day_links(tx.conn, tx.day)
    booking_rows.purge(tx.conn, tx.day)
    notify_rows.purge_contacts(tx.conn, tx.day)  # contact_days after what they belong to
    meta.put(tx.conn, "day", tx.day.isoformat())
    return len(leftovers)


def announce(tx: Tx, text: str) -> dict[str, Any]:
    tx.emit([HallAnnouncement(at=tx.now, text=text)])
    return tx.published[-1]


def start_session(tx: Tx, user_id: int, token_hash: str, lifetime: timedelta) -> datetime:
    staff.drop_expired_sessions(tx.conn, tx.now)
    expires = tx.now + lifetime
    staff.add_session(tx.conn, token_hash, user_id, expires)
    return expires


def tick(tx: Tx) -> None:
    """Nothing: running it makes the writer roll the hall day if it changed."""
