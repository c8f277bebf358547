"""End to end against a real `antre serve` process: concurrency, crash, replay, logs."""

from __future__ import annotations

import asyncio
import json
import threading
from collections import Counter
from pathlib import Path

import httpx
import pytest
import websockets
from support import Server, bearer, wait_until

pytestmark = pytest.mark.e2e

NIK = "3273014101900001"


def test_fifty_concurrent_kiosks_get_consecutive_numbers(server: Server) -> None:
    kiosk = bearer(server.device_token("kiosk-1", "kiosk"))

    async def issue_all() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=50)
        async with httpx.AsyncClient(
            base_url=server.url, headers=kiosk, limits=limits, timeout=30
        ) as client:
            return await asyncio.gather(
                *(
                    client.post(
                        "/api/v1/tickets",
                        json={"service_id": "kk"},
                        headers={"Idempotency-Key": f"k{i}"},
                    )
                    for i in range(50)
                )
            )

    replies = asyncio.run(issue_all())
    assert [r.status_code for r in replies] == [201] * 50
    numbers = sorted(r.json()["number"] for r in replies)
    assert numbers == [f"B{i:03d}" for i in range(1, 51)]


def test_killed_server_keeps_every_acknowledged_ticket(tmp_path: Path) -> None:
    server = Server(tmp_path / "antre.db").start()
    kiosk = bearer(server.device_token("kiosk-1", "kiosk"))
    acknowledged: list[dict] = []
    lock = threading.Lock()
    stop = threading.Event()

    def kiosk_loop(n: int) -> None:
        with httpx.Client(base_url=server.url, headers=kiosk, timeout=5) as client:
            i = 0
            while not stop.is_set():
                i += 1
                service = ("kk", "pkb")[i % 2]
                try:
                    reply = client.post(
                        "/api/v1/tickets",
                        json={"service_id": service},
                        headers={"Idempotency-Key": f"c{n}-{i}"},
                    )
                except httpx.HTTPError:
                    return  # the server died under us: this request never got a 2xx
                if reply.status_code in (200, 201):
                    with lock:
                        acknowledged.append(reply.json())

    threads = [threading.Thread(target=kiosk_loop, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    wait_until(lambda: len(acknowledged) >= 150, timeout=60, what="150 acknowledged tickets")
    server.kill()  # mid-stream: requests are in flight
    stop.set()
    for t in threads:
        t.join(timeout=10)

    server.start()  # same database, a new process
    admin = bearer(server.staff_token())
    stored = {t["id"]: t for t in httpx.get(f"{server.url}/api/v1/tickets", headers=admin).json()}
    for ticket in acknowledged:
        assert ticket["id"] in stored, f"acknowledged ticket {ticket['number']} was lost"
        assert stored[ticket["id"]]["number"] == ticket["number"]
    numbers = [t["number"] for t in stored.values()]
    assert len(numbers) == len(set(numbers)), "duplicate numbers after restart"
    for prefix in ("B", "D"):
        running = sorted(int(n[1:]) for n in numbers if n.startswith(prefix))
        assert running == list(range(1, len(running) + 1)), f"gap in {prefix} numbers"
    after = httpx.post(
        f"{server.url}/api/v1/tickets", json={"service_id": "kk"}, headers=kiosk
    ).json()
    assert int(after["number"][1:]) == 1 + max(int(n[1:]) for n in numbers if n.startswith("B"))

    seqs, since = [], 0
    while True:
        page = httpx.get(
            f"{server.url}/api/v1/events", params={"since": since, "limit": 1000}, headers=admin
        ).json()
        if not page["events"]:
            break
        seqs += [e["seq"] for e in page["events"]]
        since = seqs[-1]
    assert seqs == list(range(1, len(seqs) + 1)), "event seq has a gap"
    issued = Counter(
        e["data"]["ticket_id"]
        for e in _all_events(server.url, admin)
        if e["type"] == "ticket.issued"
    )
    assert all(issued[t["id"]] == 1 for t in acknowledged)
    server.stop()


def _all_events(url: str, headers: dict) -> list[dict]:
    return httpx.get(
        f"{url}/api/v1/events", params={"since": 0, "limit": 1000}, headers=headers
    ).json()["events"]


def test_websocket_client_resumes_with_since_and_misses_nothing(server: Server) -> None:
    display = server.device_token("board-1", "display")
    kiosk = bearer(server.device_token("kiosk-1", "kiosk"))

    def issue(n: int) -> None:
        for _ in range(n):
            assert (
                httpx.post(
                    f"{server.url}/api/v1/tickets", json={"service_id": "kk"}, headers=kiosk
                ).status_code
                == 201
            )

    async def scenario() -> list[int]:
        ws_base = server.url.replace("http", "ws") + "/api/v1/events/ws"
        received: list[int] = []
        async with websockets.connect(f"{ws_base}?since=0&token={display}") as ws:
            await asyncio.to_thread(issue, 3)
            for _ in range(3):
                received.append(json.loads(await asyncio.wait_for(ws.recv(), 10))["seq"])
        await asyncio.to_thread(issue, 5)  # while the board is disconnected
        async with websockets.connect(f"{ws_base}?since={received[-1]}&token={display}") as ws:
            for _ in range(5):
                received.append(json.loads(await asyncio.wait_for(ws.recv(), 10))["seq"])
            await asyncio.to_thread(issue, 2)
            for _ in range(2):
                received.append(json.loads(await asyncio.wait_for(ws.recv(), 10))["seq"])
            with pytest.raises(TimeoutError):  # and nothing twice
                await asyncio.wait_for(ws.recv(), 0.3)
        return received

    assert asyncio.run(scenario()) == list(range(1, 11))


def test_request_log_has_one_line_per_request_and_no_secrets(server: Server) -> None:
    kiosk_token = server.device_token("kiosk-1", "kiosk")
    display_token = server.device_token("board-1", "display")
    ticket = httpx.post(
        f"{server.url}/api/v1/tickets",
        json={"service_id": "ktp", "nik": NIK},
        headers=bearer(kiosk_token),
    ).json()
    httpx.get(f"{server.url}/api/v1/track/{ticket['tracking_token']}")
    httpx.get(f"{server.url}/api/v1/events", params={"token": display_token})

    async def listen() -> None:
        url = server.url.replace("http", "ws") + f"/api/v1/events/ws?since=0&token={display_token}"
        async with websockets.connect(url) as ws:
            await asyncio.wait_for(ws.recv(), 10)

    asyncio.run(listen())

    def log_with_ws_line() -> str | None:
        text = server.log.read_text()
        return text if "/api/v1/events/ws" in text else None

    log = wait_until(log_with_ws_line, what="the WebSocket's log line")
    assert "POST /api/v1/tickets 201" in log
    for secret in (NIK, kiosk_token, display_token, ticket["tracking_token"]):
        assert secret not in log
    assert "token=***" in log and "Traceback" not in log


def test_two_counters_racing_for_one_queue_never_share_a_ticket(server: Server) -> None:
    kiosk = bearer(server.device_token("kiosk-1", "kiosk"))
    for _ in range(40):
        assert (
            httpx.post(
                f"{server.url}/api/v1/tickets", json={"service_id": "kk"}, headers=kiosk
            ).status_code
            == 201
        )
    operators = {
        1: bearer(server.staff_token("ani", "operator")),
        2: bearer(server.staff_token("budi", "operator")),
    }
    for counter, headers in operators.items():
        assert (
            httpx.post(f"{server.url}/api/v1/counters/{counter}/open", headers=headers).status_code
            == 200
        )
    served: dict[int, list[str]] = {1: [], 2: []}
    start = threading.Barrier(2)

    def work(counter: int) -> None:
        headers = operators[counter]
        with httpx.Client(base_url=server.url, headers=headers, timeout=10) as client:
            start.wait()
            while True:
                reply = client.post(f"/api/v1/counters/{counter}/call-next")
                if reply.status_code == 204:
                    return
                assert reply.status_code == 200, reply.text
                ticket = reply.json()
                served[counter].append(ticket["number"])
                assert client.post(f"/api/v1/tickets/{ticket['id']}/start").status_code == 200
                assert client.post(f"/api/v1/tickets/{ticket['id']}/finish").status_code == 200

    threads = [threading.Thread(target=work, args=(c,)) for c in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    everything = served[1] + served[2]
    assert sorted(everything) == [f"B{i:03d}" for i in range(1, 41)], (
        "a ticket was called twice or never"
    )
    assert served[1] and served[2], "both counters took part in the race"


@pytest.mark.parametrize(("role", "status"), [(None, 401), ("kiosk-ok", None), ("bad", 401)])
def test_websocket_handshake_says_why_it_was_refused(
    server: Server, role: str | None, status: int | None
) -> None:
    token = {"kiosk-ok": server.device_token("kiosk-1", "kiosk"), "bad": "x" * 40, None: ""}[role]
    url = (
        server.url.replace("http", "ws")
        + "/api/v1/events/ws?since=0"
        + (f"&token={token}" if token else "")
    )

    async def connect() -> int | None:
        try:
            async with websockets.connect(url):
                return None
        except websockets.exceptions.InvalidStatus as exc:
            body = json.loads(exc.response.body or b"{}")
            assert body["error"]["code"] == "unauthorized"
            return int(exc.response.status_code)

    assert asyncio.run(connect()) == status
    if status is not None:  # the access log line is written just after the answer
        line = f"WS /api/v1/events/ws?since=0{'&token=***' if token else ''} {status}"
        wait_until(lambda: line in server.log.read_text(), what="the refusal's log line")
