"""The tiles' waiting counts follow the hall live: ticket events, coalesced refetches."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pytestqt.qtbot import QtBot
from support import Server

from kiosk_app.flow import KioskFlow
from queue_client import HallClient, TicketRequest
from queue_client.models import Service

if TYPE_CHECKING:
    from conftest import MakeFlow

WAIT_MS = 15_000


def waiting(flow: KioskFlow, service_id: str) -> int:
    return next(t for t in flow.tiles() if t.service.id == service_id).service.waiting


class CountingClient(HallClient):
    """The real client, counting the kiosk's fetches of the service list."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fetches = 0

    def services(self) -> list[Service]:
        self.fetches += 1
        return super().services()


def test_a_ticket_from_another_kiosk_raises_the_count_on_the_tile(
    qtbot: QtBot, flow: KioskFlow, server: Server
) -> None:
    flow.begin()
    assert waiting(flow, "pkb") == 0
    other = server.device_token("kiosk-2", "kiosk")
    with HallClient(server.url, other) as second_kiosk:
        second_kiosk.issue_ticket(TicketRequest("pkb"))
    # No tap, no refresh by hand: the event alone brings the new figure.
    qtbot.waitUntil(lambda: waiting(flow, "pkb") == 1, timeout=WAIT_MS)
    assert next(t for t in flow.agencies() if t.id == "samsat").waiting == 1


def test_a_burst_of_tickets_costs_fewer_refetches_than_events(
    qtbot: QtBot, make_flow: MakeFlow, server: Server, kiosk_token: str
) -> None:
    with CountingClient(server.url, kiosk_token, timeout=2.0) as counting:
        flow = make_flow(client=counting)
        qtbot.waitUntil(lambda: counting.fetches >= 1, timeout=WAIT_MS)
        other = server.device_token("kiosk-2", "kiosk")
        with HallClient(server.url, other) as second_kiosk:
            for _ in range(12):
                second_kiosk.issue_ticket(TicketRequest("kk"))
        qtbot.waitUntil(lambda: waiting(flow, "kk") == 12, timeout=WAIT_MS)
        # One refetch per event would be twelve (after the first load) by now.
        assert counting.fetches - 1 < 12
