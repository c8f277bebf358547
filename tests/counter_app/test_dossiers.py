"""The counter's dossier parts: the Berkas view's order and words (pure), opening a
dossier safely repeated, and the list following changes made elsewhere (a real server)."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import TYPE_CHECKING

import httpx
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from support import Server, antre, bearer

from counter_app import words
from counter_app.dossier_desk import in_order, open_for_ticket, refusal, steps_for
from counter_app.dossier_table import due_text
from counter_app.signin import Workplace
from counter_app.views.counter_page import CounterPage
from queue_client import HallClient, TicketRequest
from queue_client.dossiers import Dossier, DossierStatus, DossierStep
from queue_client.errors import Forbidden, InvalidTransition

if TYPE_CHECKING:
    from conftest import Issue, OpenCounter, SignedIn

S = DossierStatus
WAIT_MS = 10_000
PASSWORD = "rahasia-loket-123"


def dossier(ref: str, status: S, due: date | None, overdue: bool = False) -> Dossier:
    return Dossier(1, ref, 1, "kk", "dukcapil", status, due, overdue)


def test_overdue_first_then_by_due_date_and_paused_ones_last() -> None:
    shown = in_order(
        [
            dossier("BRK-4", S.NEEDS_COMPLETION, None),
            dossier("BRK-3", S.READY, date(2026, 12, 9)),
            dossier("BRK-2", S.IN_PROCESS, date(2026, 12, 2), overdue=True),
            dossier("BRK-1", S.RECEIVED, date(2026, 12, 8)),
            dossier("BRK-0", S.RECEIVED, date(2026, 12, 1), overdue=True),
        ]
    )
    assert [d.reference for d in shown] == ["BRK-0", "BRK-2", "BRK-1", "BRK-3", "BRK-4"]


def test_overdue_and_paused_are_said_in_words_not_by_colour_alone() -> None:
    late = dossier("BRK-1", S.IN_PROCESS, date(2026, 12, 7), overdue=True)
    assert due_text(late) == "⚠ TERLAMBAT · Sen 7 Des 2026"
    assert due_text(dossier("BRK-2", S.NEEDS_COMPLETION, None)) == "jeda (menunggu kelengkapan)"
    words.use("en")
    assert due_text(late) == "⚠ OVERDUE · Mon 7 Dec 2026"


def test_the_keys_offered_are_the_steps_the_server_accepts() -> None:
    assert steps_for(S.RECEIVED) == (DossierStep.PROCESS, DossierStep.REJECT)
    assert steps_for(S.IN_PROCESS) == (DossierStep.NEED, DossierStep.READY, DossierStep.REJECT)
    assert steps_for(S.NEEDS_COMPLETION) == (DossierStep.RESUME, DossierStep.REJECT)
    assert steps_for(S.READY) == (DossierStep.COLLECT, DossierStep.REJECT)
    assert steps_for(S.COLLECTED) == steps_for(S.REJECTED) == ()


def test_a_refused_step_says_why_and_what_to_do_next() -> None:
    moved = InvalidTransition(409, "invalid_transition", "Langkah ditolak.", "Step refused.")
    assert refusal(moved).startswith("Langkah ditolak. Keadaan berkas berubah di tempat lain")
    foreign = Forbidden(403, "forbidden", "Tidak boleh.", "Not allowed.")
    assert "bukan milik instansi Anda" in refusal(foreign)
    words.use("en")
    assert refusal(moved).startswith("Step refused. The dossier changed elsewhere")


def agency_workplace(server: Server, name: str, agency: str) -> Workplace:
    added = antre(
        "user", "add", name, "--role", "operator", "--agency", agency,
        "--password-stdin", "--db", str(server.db), stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    client = HallClient(server.url)
    session = client.login(name, PASSWORD)
    services, counters = tuple(client.services()), tuple(client.counters())
    return Workplace(client, name, session.role, client.hall(), services, counters, agency)


def done_ticket(server: Server, admin: dict[str, str]) -> int:
    with HallClient(server.url, server.device_token("kiosk-t", "kiosk")) as kiosk:
        ticket = kiosk.issue_ticket(TicketRequest("kk"))
    url = server.url
    httpx.post(f"{url}/api/v1/counters/2/open", headers=admin).raise_for_status()
    httpx.post(
        f"{url}/api/v1/counters/2/call", json={"ticket_id": ticket.id}, headers=admin
    ).raise_for_status()
    for step in ("start", "finish"):
        httpx.post(f"{url}/api/v1/tickets/{ticket.id}/{step}", headers=admin).raise_for_status()
    return ticket.id


def test_opening_again_for_the_same_ticket_gives_the_one_dossier(server: Server) -> None:
    """What a repeat after a lost answer meets: the server refuses a second dossier (409)
    and the client returns the one the first try opened."""
    admin = bearer(server.staff_token())
    ticket_id = done_ticket(server, admin)
    workplace = agency_workplace(server, "siti", "dukcapil")
    try:
        first = open_for_ticket(workplace.client, ticket_id, "KK", "dukcapil")
        again = open_for_ticket(workplace.client, ticket_id, "KK", "dukcapil")
    finally:
        workplace.client.close()
    assert again.id == first.id and again.reference == first.reference
    listed = httpx.get(f"{server.url}/api/v1/dossiers", headers=admin).json()["items"]
    assert [d["id"] for d in listed] == [first.id]


def test_the_list_follows_a_step_taken_elsewhere_by_its_event(
    qtbot: QtBot, server: Server, open_counter: OpenCounter
) -> None:
    admin = bearer(server.staff_token())
    workplace = agency_workplace(server, "siti", "dukcapil")
    try:
        session = open_counter(workplace, 1)
        desk = session.dossiers
        qtbot.waitUntil(lambda: desk.loaded and desk.settled, timeout=WAIT_MS)
        assert desk.items == []
        ticket_id = done_ticket(server, admin)
        opened = httpx.post(
            f"{server.url}/api/v1/tickets/{ticket_id}/dossier", json={}, headers=admin
        ).json()
        # The refresh timer is a minute: only the dossier.changed event brings these.
        qtbot.waitUntil(lambda: [d.id for d in desk.items] == [opened["id"]], timeout=WAIT_MS)
        httpx.post(
            f"{server.url}/api/v1/dossiers/{opened['id']}/process", headers=admin
        ).raise_for_status()
        qtbot.waitUntil(
            lambda: desk.items[0].status is S.IN_PROCESS and desk.settled, timeout=WAIT_MS
        )
    finally:
        workplace.client.close()


def test_a_dossier_that_did_not_open_at_selesai_opens_once_with_f11(
    qtbot: QtBot,
    server: Server,
    sign_in: SignedIn,
    issue: Issue,
    open_counter: OpenCounter,
) -> None:
    """The ticket is finished whatever happens to its dossier; a refused dossier is said,
    and F11 (nobody being served) tries it again: one dossier in the end."""
    workplace = sign_in("tono")  # an operator without an agency: opening is refused
    ticket = issue("kk")
    session = open_counter(workplace, 1)
    page = CounterPage(session)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=WAIT_MS)  # the F-keys are its shortcuts

    def press(key: Qt.Key) -> None:
        qtbot.waitUntil(lambda: session.ready and not session.syncing, timeout=WAIT_MS)
        qtbot.keyClick(page, key)
        qtbot.waitUntil(lambda: session.ready and not session.syncing, timeout=WAIT_MS)

    for key in (Qt.Key.Key_F1, Qt.Key.Key_F3, Qt.Key.Key_F11, Qt.Key.Key_F4):
        press(key)
    assert (session.figures.served, session.current) == (1, None)  # finished
    qtbot.waitUntil(lambda: page.message.isVisible(), timeout=WAIT_MS)
    assert f"{ticket.number} selesai, tetapi berkasnya belum dibuka" in page.message.text()
    assert page.dossier_row.retry.isVisible() and not page.dossier_row.opened.isVisible()

    conn = sqlite3.connect(server.db)  # a supervisor puts tono in Disdukcapil
    with conn:
        conn.execute("UPDATE users SET agency_id = 'dukcapil' WHERE username = 'tono'")
    conn.close()
    press(Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: page.dossier_row.opened.isVisible(), timeout=WAIT_MS)
    assert session.unopened_dossier is None and not page.dossier_row.retry.isVisible()
    admin = bearer(server.staff_token())
    listed = httpx.get(f"{server.url}/api/v1/dossiers", headers=admin).json()["items"]
    assert [d["ticket_id"] for d in listed] == [ticket.id]
    assert listed[0]["reference"] in page.dossier_row.opened.text()
