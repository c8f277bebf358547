"""LiveStream: every event exactly once, in order, across replays, gaps, cuts and crashes."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import pytest
from support import Server, free_port, wait_until

from queue_client import Backoff, ConnectionState, Event, HallClient, LiveStream, TicketRequest

if TYPE_CHECKING:
    from conftest import Device, Relay

pytestmark = pytest.mark.e2e

FAST = Backoff(first=0.05, cap=0.2)
S = ConnectionState


class Watcher:
    """What a screen would see: the events it applied and the states it went through."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.events: list[Event] = []
        self.states: list[tuple[ConnectionState, str]] = []

    def on_event(self, event: Event) -> None:
        with self._lock:
            self.events.append(event)

    def on_state(self, state: ConnectionState, detail: str) -> None:
        with self._lock:
            self.states.append((state, detail))

    @property
    def seqs(self) -> list[int]:
        with self._lock:
            return [e.seq for e in self.events]

    @property
    def state_names(self) -> list[ConnectionState]:
        with self._lock:
            return [state for state, _ in self.states]

    def has(self, *seqs: int) -> bool:
        return self.seqs == list(seqs)

    def stream(self, url: str, token: str, **options: object) -> LiveStream:
        return LiveStream(
            url,
            token,
            self.on_event,
            on_state=self.on_state,
            backoff=options.pop("backoff", FAST),  # type: ignore[arg-type]
            **options,  # type: ignore[arg-type]
        )


def issue(kiosk: HallClient, n: int) -> None:
    for _ in range(n):
        kiosk.issue_ticket(TicketRequest("kk"))


def test_replays_from_since_then_goes_live(
    server: Server, kiosk: HallClient, device: Device
) -> None:
    issue(kiosk, 3)
    board = Watcher()
    with board.stream(server.url, device("board", "display"), since=1) as stream:
        wait_until(lambda: board.has(2, 3), what="the replay of 2 and 3")
        issue(kiosk, 1)
        wait_until(lambda: board.has(2, 3, 4), what="the live event 4")
        assert stream.last_seq == 4 and stream.state is S.CONNECTED
    assert [e.type for e in board.events] == ["ticket.issued"] * 3
    assert board.events[0].data["number"] == "B002"
    assert board.state_names == [S.CONNECTING, S.CONNECTED, S.STOPPED]
    assert not stream.running


def test_resumes_after_the_server_is_killed_and_restarted(
    server: Server, kiosk: HallClient, device: Device
) -> None:
    board = Watcher()
    # A retry every 2 s, longer than a restart takes: the events issued right after the
    # restart are missed by the socket and must come back through the replay.
    with board.stream(server.url, device("board", "display"), backoff=Backoff(2, 2, jitter=0)):
        issue(kiosk, 2)
        wait_until(lambda: board.has(1, 2), what="events 1 and 2")
        server.kill()
        wait_until(lambda: S.RECONNECTING in board.state_names, what="reconnecting")
        server.start()
        issue(kiosk, 3)
        wait_until(lambda: board.has(1, 2, 3, 4, 5), what="events 3–5 after the restart")
        issue(kiosk, 1)
        wait_until(lambda: board.has(1, 2, 3, 4, 5, 6), what="the live event 6")
    assert board.state_names == [S.CONNECTING, S.CONNECTED, S.RECONNECTING, S.CONNECTED, S.STOPPED]


def test_a_gap_is_filled_from_the_event_log(
    server: Server, relay: Relay, kiosk: HallClient, device: Device
) -> None:
    issue(kiosk, 4)
    relay.drop = {2, 3}
    relay.start()
    board = Watcher()
    with board.stream(relay.url, device("board", "display")):
        wait_until(lambda: board.has(1, 2, 3, 4), what="1–4 with the gap filled")
        issue(kiosk, 1)
        wait_until(lambda: board.has(1, 2, 3, 4, 5), what="the live event 5")
    assert len(relay.paths) == 1, "filled over HTTP, not by reconnecting"
    assert relay.pages == ["/api/v1/events?since=1&limit=2"]


def test_a_kiosk_fills_a_gap_over_http_with_its_own_token(
    server: Server, relay: Relay, kiosk: HallClient, device: Device
) -> None:
    # Kiosks may page the event log (docs/api.md), so they repair a gap like a board
    # does: over HTTP, without dropping the socket.
    issue(kiosk, 4)
    relay.drop = {3}
    relay.start()
    screen = Watcher()
    with screen.stream(relay.url, device("kiosk-2", "kiosk")):
        wait_until(lambda: screen.has(1, 2, 3, 4), what="1–4 with the gap filled")
    assert relay.paths == ["/api/v1/events/ws?since=0"]


def test_duplicates_are_applied_once(
    server: Server, relay: Relay, kiosk: HallClient, device: Device
) -> None:
    issue(kiosk, 3)
    relay.duplicate = {1, 3}
    relay.start()
    board = Watcher()
    with board.stream(relay.url, device("board", "display")):
        wait_until(lambda: board.has(1, 2, 3), what="1–3")
        issue(kiosk, 1)
        wait_until(lambda: board.has(1, 2, 3, 4), what="the live event 4, once")


def test_too_far_behind_resumes_from_the_last_applied_seq(
    server: Server, relay: Relay, kiosk: HallClient, device: Device
) -> None:
    issue(kiosk, 4)
    relay.cut_after = 2  # then close 4008, as the server does to a client that lags
    relay.start()
    board = Watcher()
    with board.stream(relay.url, device("board", "display")):
        wait_until(lambda: board.has(1, 2, 3, 4), what="1–4 after resuming")
    assert relay.paths == ["/api/v1/events/ws?since=0", "/api/v1/events/ws?since=2"]
    assert (S.RECONNECTING, "closed by the server (4008)") in board.states


def test_a_refused_token_stops_the_stream_and_says_why(
    server: Server, kiosk: HallClient, device: Device
) -> None:
    issue(kiosk, 1)
    board = Watcher()
    stream = board.stream(server.url, "not-a-token").start()
    wait_until(lambda: not stream.running, what="the stream to give up")
    assert board.states == [(S.CONNECTING, ""), (S.AUTH_FAILED, "unauthorized")]
    assert stream.state is S.AUTH_FAILED and board.seqs == []

    stream.token = device("board", "display")  # signed in again
    stream.start()
    try:
        wait_until(lambda: board.has(1), what="event 1 with the new token")
    finally:
        stream.stop()


@pytest.mark.parametrize(("code", "reason"), [(4401, "unauthorized"), (4403, "forbidden")])
def test_an_auth_close_code_stops_the_stream(
    server: Server, relay: Relay, kiosk: HallClient, code: int, reason: str, device: Device
) -> None:
    issue(kiosk, 2)
    relay.cut_after, relay.cut_code = 1, code
    relay.start()
    board = Watcher()
    stream = board.stream(relay.url, device("board", "display")).start()
    wait_until(lambda: not stream.running, what="the stream to give up")
    assert board.seqs == [1]
    assert board.states[-1] == (S.AUTH_FAILED, reason) and len(relay.paths) == 1


@pytest.mark.parametrize("connected", [False, True])
def test_stop_ends_the_thread_promptly(server: Server, connected: bool, device: Device) -> None:
    board = Watcher()
    url = server.url if connected else f"http://127.0.0.1:{free_port()}"
    stream = board.stream(url, device("board", "display"), backoff=Backoff(5, 5))
    stream.start()
    wait_until(
        lambda: stream.state is (S.CONNECTED if connected else S.RECONNECTING), what="the state"
    )
    stream.stop(timeout=2)
    assert not stream.running and board.state_names[-1] is S.STOPPED
