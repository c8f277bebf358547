"""Pickup tickets and the board's ready dossiers (SQL only; docs/dossiers.md, "Pickup")."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from queue_core.numbering import format_number

ACTIVE = ("waiting", "called", "serving")
"""A pickup ticket in one of these is still on its way to the counter: a second scan of
the same QR gives it again rather than a second number."""


def insert(conn: sqlite3.Connection, ticket_id: int, dossier_id: int, now: datetime) -> None:
    conn.execute(
        "INSERT INTO dossier_pickups (ticket_id, dossier_id, created_at) VALUES (?, ?, ?)",
        (ticket_id, dossier_id, now.isoformat()),
    )


def active_ticket(conn: sqlite3.Connection, dossier_id: int) -> int | None:
    """The dossier's pickup ticket still waiting, called or being served, if any."""
    marks = ", ".join("?" for _ in ACTIVE)
    found = conn.execute(
        "SELECT t.id FROM dossier_pickups p JOIN tickets t ON t.id = p.ticket_id"
        f" WHERE p.dossier_id = ? AND t.status IN ({marks}) ORDER BY t.id DESC LIMIT 1",
        (dossier_id, *ACTIVE),
    ).fetchone()
    return None if found is None else int(found[0])


def reference_of(conn: sqlite3.Connection, ticket_id: int) -> str | None:
    """The reference of the dossier a pickup ticket collects (None for any other ticket)."""
    found = conn.execute(
        "SELECT d.reference FROM dossier_pickups p JOIN dossiers d ON d.id = p.dossier_id"
        " WHERE p.ticket_id = ?",
        (ticket_id,),
    ).fetchone()
    return None if found is None else str(found[0])


@dataclass(frozen=True)
class ReadyRow:
    """A dossier ready for collection as the board shows it: what is printed on the
    citizen's own ticket of the visit (its number and day), and the reference."""

    agency_id: str
    reference: str
    number: str
    day: date


def ready(conn: sqlite3.Connection, limit: int) -> list[ReadyRow]:
    """Ready dossiers, oldest ready first (the longest waiting for their owner), at most
    `limit` (a board has room for a few dozen; the hall has no more on a normal day)."""
    found = conn.execute(
        "SELECT d.agency_id, d.reference, t.prefix, t.running, t.day"
        " FROM dossiers d JOIN tickets t ON t.id = d.ticket_id"
        " WHERE d.status = 'ready' ORDER BY d.updated_at, d.id LIMIT ?",
        (limit,),
    ).fetchall()
    return [
        ReadyRow(
            r["agency_id"],
            r["reference"],
            format_number(r["prefix"], r["running"]),
            date.fromisoformat(r["day"]),
        )
        for r in found
    ]
