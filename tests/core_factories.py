"""Builders for core tests: tickets at given moments, without a database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from queue_core.ticket import Priority, Ticket, TicketStatus

T0 = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 09:00 in Jakarta, a Monday


def ticket(
    id: int,
    *,
    service: str = "ktp",
    minute: float = 0,
    priority: Priority = Priority.REGULAR,
    status: TicketStatus = TicketStatus.WAITING,
    target: int | None = None,
    appointment_minute: float | None = None,
    prefix: str = "A",
) -> Ticket:
    at = T0 + timedelta(minutes=minute)
    return Ticket(
        id=id,
        day=date(2026, 11, 30),
        service_id=service,
        prefix=prefix,
        running=id,
        status=status,
        priority=priority,
        issued_at=at,
        queued_at=at,
        target_counter_id=target,
        appointment_at=None
        if appointment_minute is None
        else T0 + timedelta(minutes=appointment_minute),
    )
