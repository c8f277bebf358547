"""HallClient against a real `antre serve`: every call's round trip and error mapping."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from support import Server, antre

from queue_client import HallClient, TicketRequest
from queue_client import errors as e
from queue_core.counter import CounterStatus
from queue_core.ticket import Priority, TicketStatus

pytestmark = pytest.mark.e2e

ELDER_NIK = "3273011501550003"  # born 1955 in Kota Bandung
NIK = "3273014101900001"  # a woman born 1 Jan 1990


def test_login_signs_the_client_in_and_a_wrong_password_is_unauthorized(server: Server) -> None:
    password = "petugas-password-123"
    added = antre(
        "user", "add", "petugas", "--role", "operator", "--password-stdin", "--db", str(server.db),
        stdin=password + "\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    with HallClient(server.url) as client:
        with pytest.raises(e.Unauthorized) as refused:
            client.login("petugas", "not-the-password")
        assert (refused.value.status, refused.value.code) == (401, "unauthorized")
        assert refused.value.message and refused.value.message_en
        assert client.token is None

        session = client.login("petugas", password)
        assert session.role == "operator" and client.token == session.access_token
        assert session.expires_at > datetime.now(UTC)
        assert session.access_token not in repr(session)
        assert client.tickets() == []  # operator+ may list


def test_catalogue_and_health_need_no_token(server: Server) -> None:
    with HallClient(server.url) as client:
        hall = client.hall()
        assert hall.name == "MPP Uji Coba" and hall.timezone == "Asia/Jakarta"
        assert isinstance(hall.day, date)
        assert [a.id for a in hall.agencies] == ["dukcapil", "samsat"]
        assert hall.agencies[0].short == "Disdukcapil"

        services = {s.id: s for s in client.services()}
        assert set(services) == {"ktp", "kk", "akta", "pkb"}
        assert services["ktp"].nik_required and services["ktp"].requirements == ("Kartu Keluarga",)
        assert services["akta"].quota_per_day == 3 and services["akta"].remaining_today == 3
        assert services["kk"].open and services["kk"].waiting == 0

        counters = {c.id: c for c in client.counters()}
        assert counters[2].service_ids == ("kk", "ktp", "akta")
        assert counters[2].status is CounterStatus.CLOSED and counters[2].current is None

        health = client.health()
        assert (health.status, health.last_seq, health.day) == ("ok", 0, hall.day)


def test_issue_then_read_list_and_track(kiosk: HallClient, staff: HallClient) -> None:
    ticket = kiosk.issue_ticket(TicketRequest("kk", nik=ELDER_NIK))
    assert ticket.number == "B001" and ticket.status is TicketStatus.WAITING
    assert ticket.priority is Priority.REGULAR and ticket.elderly_suggested
    assert ticket.nik_masked == "*" * 12 + ELDER_NIK[-4:] and ELDER_NIK not in repr(ticket)
    assert ticket.position == 0 and ticket.eta_minutes is not None
    assert ticket.tracking_url.endswith("/t/" + ticket.tracking_token)
    assert ticket.tracking_token not in repr(ticket)

    elderly = kiosk.issue_ticket(TicketRequest("pkb", priority=Priority.ELDERLY))
    assert elderly.priority is Priority.ELDERLY and not elderly.elderly_suggested

    assert staff.ticket(ticket.id) == replace(ticket, elderly_suggested=False)
    assert [t.id for t in staff.tickets()] == [ticket.id, elderly.id]
    assert [t.id for t in staff.tickets(service_id="pkb")] == [elderly.id]
    assert staff.tickets(status=TicketStatus.CALLED) == []

    with HallClient(kiosk.server_url) as phone:
        tracked = phone.track(ticket.tracking_token)
    assert (tracked.number, tracked.status, tracked.position) == ("B001", TicketStatus.WAITING, 0)
    assert tracked.service_name == "Kartu Keluarga" and tracked.counter_name is None
    with pytest.raises(e.NotFound):
        kiosk.track("x" * 32)


def test_a_counter_shift_call_recall_serve_no_show_requeue_transfer(
    kiosk: HallClient, staff: HallClient
) -> None:
    assert staff.open_counter(1).status is CounterStatus.OPEN
    assert staff.call_next(1) is None  # 204: nobody waits

    first, second, third = (kiosk.issue_ticket(TicketRequest("kk")) for _ in range(3))
    called = staff.call_next(1)
    assert called is not None and called.id == first.id
    assert called.status is TicketStatus.CALLED and called.counter_id == 1
    assert called.called_at is not None
    assert staff.counters()[0].current is not None
    assert staff.recall(first.id).recalls == 1
    assert staff.start(first.id).status is TicketStatus.SERVING
    assert staff.finish(first.id, note="selesai, berkas lengkap").status is TicketStatus.DONE

    assert staff.call_ticket(1, third.id).id == third.id  # out of order
    assert staff.no_show(third.id).status is TicketStatus.NO_SHOW
    assert staff.requeue(third.id).status is TicketStatus.WAITING

    assert staff.call_next(1).id == second.id  # type: ignore[union-attr]
    moved = staff.transfer(second.id, "akta", counter_id=2)
    assert (moved.service_id, moved.status, moved.number) == ("akta", TicketStatus.WAITING, "B002")

    assert staff.cancel(third.id).status is TicketStatus.CANCELLED
    assert staff.pause_counter(1).status is CounterStatus.PAUSED
    assert staff.close_counter(1).status is CounterStatus.CLOSED


def test_the_counter_queue_is_read_in_call_next_order(kiosk: HallClient, staff: HallClient) -> None:
    regular = kiosk.issue_ticket(TicketRequest("kk"))
    elder = kiosk.issue_ticket(TicketRequest("kk", priority=Priority.ELDERLY))
    queue = staff.counter_queue(1, limit=1)
    assert queue.counter_id == 1 and queue.waiting == 2 and queue.per_service["kk"] == 2
    assert [t.id for t in queue.tickets] == [elder.id]  # the limit, not the count
    assert queue.last_seq >= 2
    assert [t.id for t in staff.counter_queue(1).tickets] == [elder.id, regular.id]
    with pytest.raises(e.NotFound):
        staff.counter_queue(77)


def test_server_refusals_become_typed_errors(kiosk: HallClient, staff: HallClient) -> None:
    waiting = kiosk.issue_ticket(TicketRequest("kk"))
    with pytest.raises(e.InvalidTransition) as refused:
        staff.finish(waiting.id)
    assert (refused.value.status, refused.value.code) == (409, e.INVALID_TRANSITION)
    assert refused.value.message  # Indonesian, for the screen

    with pytest.raises(e.CounterClosed):
        staff.call_next(1)
    staff.open_counter(1)
    staff.call_next(1)
    with pytest.raises(e.CounterBusy):
        staff.call_next(1)

    with pytest.raises(e.Forbidden) as forbidden:
        kiosk.tickets()  # a kiosk issues; it does not read the queue
    assert forbidden.value.status == 403
    with HallClient(staff.server_url) as anonymous, pytest.raises(e.Unauthorized):
        anonymous.tickets()
    with HallClient(staff.server_url, "not-a-token") as stranger, pytest.raises(e.Unauthorized):
        stranger.ticket(waiting.id)
    with pytest.raises(e.NotFound) as missing:
        staff.ticket(987654)
    assert missing.value.status == 404

    with pytest.raises(e.ValidationFailed) as invalid:
        kiosk.issue_ticket(TicketRequest("ktp"))  # a NIK is required there
    assert invalid.value.status == 422
    with pytest.raises(e.InvalidNik):
        kiosk.issue_ticket(TicketRequest("kk", nik="3273013201900001"))  # day 32
    with pytest.raises(e.ValidationFailed):
        staff.events(limit=5000)

    request = TicketRequest("kk")
    kiosk.issue_ticket(request)
    with pytest.raises(e.IdempotencyConflict):
        kiosk.issue_ticket(TicketRequest("pkb", idempotency_key=request.idempotency_key))

    for _ in range(3):
        kiosk.issue_ticket(TicketRequest("akta"))
    with pytest.raises(e.QuotaExhausted):
        kiosk.issue_ticket(TicketRequest("akta"))

    kiosk.issue_ticket(TicketRequest("pkb", nik=NIK))
    kiosk.issue_ticket(TicketRequest("kk", nik=NIK))
    with pytest.raises(e.NikLimitReached):
        kiosk.issue_ticket(TicketRequest("pkb", nik=NIK))


def test_announcement_and_the_event_log_page(kiosk: HallClient, staff: HallClient) -> None:
    kiosk.issue_ticket(TicketRequest("kk"))
    announced = staff.announce("Loket 3 istirahat sampai pukul 13.00")
    assert (announced.seq, announced.type) == (2, "hall.announcement")
    assert announced.data == {"text": "Loket 3 istirahat sampai pukul 13.00"}

    page = staff.events(since=0, limit=1)
    assert [ev.seq for ev in page.events] == [1] and page.last_seq == 2
    issued = page.events[0]
    assert issued.type == "ticket.issued" and issued.data["number"] == "B001"
    assert issued.at.tzinfo is not None
    assert staff.events(since=2).events == ()


def test_unreachable_says_whether_the_request_could_have_arrived() -> None:
    import socket

    from support import free_port

    # Refused: not a byte left, so the server cannot have acted on it.
    refused_port = free_port()
    with (
        HallClient(f"http://127.0.0.1:{refused_port}", timeout=0.5) as client,
        pytest.raises(e.Unreachable) as refused,
    ):
        client.hall()
    assert refused.value.never_sent is True
    # Accepted, then silence (a frozen server): the request may have run.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        with (
            HallClient(f"http://127.0.0.1:{silent.getsockname()[1]}", timeout=0.3) as client,
            pytest.raises(e.Unreachable) as unanswered,
        ):
            client.hall()
    assert unanswered.value.never_sent is False
