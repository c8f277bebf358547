"""Retries never cost a citizen a second number: same key, bounded by a deadline."""

from __future__ import annotations

import random
import threading
import time
from typing import TYPE_CHECKING, Any, Literal

import httpx
import pytest
from support import Server, free_port

from queue_client import Backoff, HallClient, TicketRequest, Unreachable, retry
from queue_client import errors as e

if TYPE_CHECKING:
    from conftest import Device, LossyProxy

FAST = Backoff(first=0.05, cap=0.2)

TICKET = {
    "id": 7,
    "number": "B007",
    "service_id": "kk",
    "status": "waiting",
    "priority": "regular",
    "issued_at": "2026-03-02T02:00:00.000+00:00",
    "called_at": None,
    "counter_id": None,
    "recalls": 0,
    "position": 3,
    "eta_minutes": 20,
    "tracking_token": "t" * 32,
    "tracking_url": "http://hall/t/" + "t" * 32,
    "nik_masked": None,
    "elderly_suggested": False,
}


@pytest.mark.e2e
@pytest.mark.parametrize("how", ["hold", "cut"])
def test_an_answer_lost_after_commit_is_retried_into_the_same_ticket(
    server: Server,
    proxy: LossyProxy,
    staff: HallClient,
    how: Literal["hold", "cut"],
    device: Device,
) -> None:
    retried: list[Exception] = []
    # "hold": the server committed and answered, the kiosk times out waiting.
    # "cut": the connection drops between the server's answer and the kiosk.
    with HallClient(proxy.url, device("kiosk-1", "kiosk"), timeout=0.5) as kiosk:
        proxy.lose_next_answer(how)
        ticket = kiosk.issue_ticket_with_retry(
            TicketRequest("kk"),
            deadline=10,
            backoff=FAST,
            on_retry=lambda attempt, error, delay: retried.append(error),
        )
    assert proxy.lost == 1
    assert len(retried) == 1 and isinstance(retried[0], Unreachable)
    assert [t.id for t in staff.tickets()] == [ticket.id]
    assert ticket.number == "B001"
    assert [ev.type for ev in staff.events().events] == ["ticket.issued"]


def test_retry_gives_up_at_the_deadline_when_nobody_answers() -> None:
    retried: list[int] = []
    started = time.monotonic()
    with (
        HallClient(f"http://127.0.0.1:{free_port()}", "token") as kiosk,
        pytest.raises(Unreachable),
    ):
        kiosk.issue_ticket_with_retry(
            TicketRequest("kk"),
            deadline=0.5,
            backoff=FAST,
            on_retry=lambda attempt, error, delay: retried.append(attempt),
        )
    assert 0.5 <= time.monotonic() - started < 3
    assert len(retried) >= 2 and retried == list(range(1, len(retried) + 1))


def mock_server(answers: list[httpx.Response], seen: list[httpx.Request]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answers.pop(0)

    return httpx.MockTransport(handle)


def test_a_5xx_is_retried_with_the_same_key_and_body() -> None:
    seen: list[httpx.Request] = []
    answers = [
        httpx.Response(502, text="<html>Bad Gateway</html>"),
        httpx.Response(503),
        httpx.Response(201, json=TICKET),
    ]
    request = TicketRequest("kk", nik="3273014101900001")
    with HallClient("http://hall", "k", transport=mock_server(answers, seen)) as kiosk:
        ticket = kiosk.issue_ticket_with_retry(request, deadline=5, backoff=FAST)
    assert ticket.number == "B007"
    assert {r.headers["Idempotency-Key"] for r in seen} == {request.idempotency_key}
    assert len({r.content for r in seen}) == 1 and len(seen) == 3
    assert "3273014101900001" not in repr(request)


def test_a_refusal_is_never_repeated() -> None:
    seen: list[httpx.Request] = []
    body = {"error": {"code": "service_closed", "message": "Tutup.", "message_en": "Closed."}}
    answers = [httpx.Response(409, json=body)]
    with (
        HallClient("http://hall", "k", transport=mock_server(answers, seen)) as kiosk,
        pytest.raises(e.ServiceClosed) as refused,
    ):
        kiosk.issue_ticket_with_retry(TicketRequest("kk"), deadline=5, backoff=FAST)
    assert len(seen) == 1
    assert (refused.value.message, refused.value.message_en) == ("Tutup.", "Closed.")


def test_cancel_ends_the_wait_at_once() -> None:
    cancel = threading.Event()

    def down() -> Any:
        raise Unreachable("no route")

    started = time.monotonic()
    with pytest.raises(Unreachable):
        retry(
            down,
            deadline=30,
            backoff=Backoff(first=10, cap=10),
            on_retry=lambda attempt, error, delay: cancel.set(),
            cancel=cancel,
        )
    assert time.monotonic() - started < 1


def test_backoff_grows_to_its_cap_with_jitter_and_starts_over_after_reset() -> None:
    delays = Backoff(first=0.2, cap=5.0, jitter=0.5).delays(random.Random(1))
    got = [delays.next() for _ in range(8)]
    for value, base in zip(got, [0.2, 0.4, 0.8, 1.6, 3.2, 5.0, 5.0, 5.0], strict=True):
        assert base * 0.5 <= value <= base
    assert len(set(got[5:])) == 3  # jittered, not lock-step
    delays.reset()
    assert delays.next() <= 0.2


@pytest.mark.parametrize(
    ("status", "body", "kind", "code"),
    [
        (409, {"error": {"code": "counter_busy", "message": "m", "message_en": "m"}},
         e.CounterBusy, "counter_busy"),
        (409, {"error": {"code": "new_in_v2", "message": "m", "message_en": "m"}},
         e.ApiError, "new_in_v2"),
        (502, None, e.ServerError, "internal_error"),
        (500, {"error": {"code": "internal_error", "message": "m", "message_en": "m"}},
         e.ServerError, "internal_error"),
        (418, ["not", "ours"], e.ApiError, "http_418"),
    ],
)  # fmt: skip
def test_error_bodies_map_to_typed_errors_even_when_foreign(
    status: int, body: Any, kind: type[e.ApiError], code: str
) -> None:
    error = e.api_error(status, body)
    assert type(error) is kind and (error.status, error.code) == (status, code)
    assert error.message and error.message_en
    assert e.is_transient(error) == (status >= 500)
