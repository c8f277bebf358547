"""A served visit whose dossier is opened and moved on, for the tests of pickup, tracking
and the boards (the pickup test hall, tests/halls/pickup.toml)."""

from __future__ import annotations

import sqlite3
from typing import Any

from inprocess import HallClient


def dossier_of_visit(hall: HallClient, *steps: str) -> dict[str, Any]:
    """A "kk" visit served at Loket 1 by a Disdukcapil operator, its dossier opened and
    taken through `steps`; the visit's tracking token under "_token"."""
    hall.token("dk", "operator")
    conn = sqlite3.connect(hall.db)
    with conn:
        conn.execute("UPDATE users SET agency_id = 'dukcapil' WHERE username = 'dk'")
    conn.close()
    ticket = hall.issue("kk")
    hall.post("/api/v1/counters/1/open", "dk").raise_for_status()
    hall.post("/api/v1/counters/1/call", "dk", json={"ticket_id": ticket["id"]}).raise_for_status()
    hall.post(f"/api/v1/tickets/{ticket['id']}/start", "dk").raise_for_status()
    hall.post(f"/api/v1/tickets/{ticket['id']}/finish", "dk").raise_for_status()
    hall.post("/api/v1/counters/1/close", "dk").raise_for_status()
    reply = hall.post(f"/api/v1/tickets/{ticket['id']}/dossier", "dk", json={"title": "KK"})
    assert reply.status_code == 201, reply.text
    dossier = dict(reply.json())
    for step in steps:
        hall.post(f"/api/v1/dossiers/{dossier['id']}/{step}", "dk").raise_for_status()
    return dossier | {"_token": ticket["tracking_token"], "_number": ticket["number"]}
