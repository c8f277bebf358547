"""A running counter client follows an admin's change to the hall (hall.changed,
docs/hall-admin.md): its services, their names and its waiting list, without signing in
again."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
from pytestqt.qtbot import QtBot
from support import Server, bearer

if TYPE_CHECKING:
    from conftest import Issue, OpenCounter, SignedIn

WAIT_MS = 10_000


def test_a_service_added_to_the_counter_and_renamed_shows_with_its_waiting_tickets(
    qtbot: QtBot, server: Server, sign_in: SignedIn, open_counter: OpenCounter, issue: Issue
) -> None:
    session = open_counter(sign_in("budi"), 1)  # Loket 1: ktp and kk
    assert [s.id for s in session.services] == ["ktp", "kk"]
    waiting = issue("akta")
    admin = bearer(server.staff_token())

    changed = httpx.patch(
        f"{server.url}/api/v1/hall/counters/1",
        json={"services": ["ktp", "kk", "akta"]},
        headers=admin,
    )
    assert changed.status_code == 200, changed.text
    renamed = httpx.patch(
        f"{server.url}/api/v1/hall/services/akta", json={"name": "Akta Lahir"}, headers=admin
    )
    assert renamed.status_code == 200, renamed.text

    def follows() -> bool:
        names = {s.id: s.name for s in session.services}
        return names.get("akta") == "Akta Lahir" and waiting.id in {t.id for t in session.waiting}

    qtbot.waitUntil(follows, timeout=WAIT_MS)
