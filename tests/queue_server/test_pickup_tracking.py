"""A pickup ticket's own tracking (its JSON and its /t/ page) names the dossier it
collects (docs/dossiers.md, "Pickup"); any other ticket's says nothing of one.

The pickup test hall (tests/halls/pickup.toml): "kk" opens dossiers, Disdukcapil's
pickup line "ambil-berkas" (prefix P) is served at Loket 5.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dossier_visit import dossier_of_visit
from inprocess import FakeClock, HallClient
from support import ROOT

PICKUP_HALL = ROOT / "tests" / "halls" / "pickup.toml"


@pytest.fixture
def hall(tmp_path: Path, clock: FakeClock) -> Iterator[HallClient]:
    with HallClient(tmp_path / "antre.db", clock, hall=PICKUP_HALL) as client:
        yield client


def ready_visit(hall: HallClient) -> tuple[str, str]:
    """A finished "kk" visit whose dossier is ready: (its tracking token, the reference)."""
    dossier = dossier_of_visit(hall, "process", "ready")
    return dossier["_token"], dossier["reference"]


def pickup_ticket(hall: HallClient, visit_token: str) -> dict[str, Any]:
    reply = hall.post("/api/v1/tickets", "kiosk", json={"tracking_token": visit_token})
    assert reply.status_code == 201, reply.text
    return dict(reply.json())


def test_the_pickup_tickets_track_names_its_dossier(hall: HallClient) -> None:
    visit, reference = ready_visit(hall)
    ticket = pickup_ticket(hall, visit)
    track = hall.get(f"/api/v1/track/{ticket['tracking_token']}", None).json()
    assert track["number"] == "P001"
    assert track["dossier_reference"] == reference
    # Called at Loket 5, the page still says what it is for.
    hall.post("/api/v1/counters/5/open", "operator").raise_for_status()
    hall.post("/api/v1/counters/5/call-next", "operator").raise_for_status()
    called = hall.get(f"/api/v1/track/{ticket['tracking_token']}", None).json()
    assert (called["status"], called["dossier_reference"]) == ("called", reference)


def test_other_tickets_name_no_dossier_to_collect(hall: HallClient) -> None:
    visit, _ = ready_visit(hall)
    walk_in = hall.issue("akta")
    assert (
        hall.get(f"/api/v1/track/{walk_in['tracking_token']}", None).json()["dossier_reference"]
        is None
    )
    # The visit that left the dossier follows it under `dossier`, not as a pickup.
    assert hall.get(f"/api/v1/track/{visit}", None).json()["dossier_reference"] is None


def test_the_pickup_tickets_page_says_which_dossier_to_collect(hall: HallClient) -> None:
    visit, reference = ready_visit(hall)
    ticket = pickup_ticket(hall, visit)
    page = hall.client.get(f"/t/{ticket['tracking_token']}")
    assert page.status_code == 200
    # Server-rendered, so it is there before (and without) JavaScript.
    assert f'<strong class="ref" id="pickup-ref-code">{reference}</strong>' in page.text
    assert 'id="pickup-ref" hidden' not in page.text
    assert "Ambil berkas" in page.text
    other = hall.client.get(f"/t/{hall.issue('akta')['tracking_token']}")
    assert 'id="pickup-ref" hidden' in other.text
