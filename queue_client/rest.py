"""The hall server's REST API as typed, blocking calls (one method per route).

Blocking on purpose: a Qt app runs a call in a worker thread and gets a plain return
value or a plain exception, with no event loop to marry to Qt's. One `HallClient` may be
shared between threads (httpx.Client is thread-safe) and keeps connections alive.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any
from urllib.parse import quote

import httpx

from queue_client.backoff import Backoff, RetryHook, retry
from queue_client.dossiers import Dossier, DossierStatus, DossierStep, step_body
from queue_client.errors import Unreachable, raise_for_error
from queue_client.models import (
    Counter,
    CounterQueue,
    Event,
    EventPage,
    Hall,
    Health,
    Me,
    ReadyDossier,
    Service,
    Session,
    Ticket,
    TicketRequest,
    TrackInfo,
)
from queue_core.ticket import TicketStatus

API = "/api/v1"


class HallClient:
    """Talks to one hall server. `token` is a staff session's or a device's bearer token;
    `login()` sets it. The catalogue, tracking and health need none."""

    def __init__(
        self,
        server_url: str,
        token: str | None = None,
        *,
        timeout: float = 5.0,
        trust_env: bool = False,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        # trust_env=False: the hall server is on the LAN; a proxy set for the internet in
        # the environment must not sit between a kiosk and its server.
        self._http = httpx.Client(
            base_url=server_url.rstrip("/"),
            timeout=httpx.Timeout(timeout, connect=min(timeout, 3.0)),
            trust_env=trust_env,
            transport=transport,
        )
        self.token = token

    @property
    def server_url(self) -> str:
        return str(self._http.base_url).rstrip("/")

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HallClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        """One request; the parsed JSON answer, or None for 204."""
        sent = dict(headers or {})
        if self.token:
            sent["Authorization"] = f"Bearer {self.token}"
        try:
            response = self._http.request(
                method, API + path, json=json, params=params, headers=sent
            )
        except httpx.TransportError as exc:
            never_sent = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
            raise Unreachable(f"{method} {path}: {exc!r}", never_sent=never_sent) from exc
        raise_for_error(response)
        if response.status_code == 204:
            return None
        return response.json()

    # --- auth and catalogue -------------------------------------------------------

    def login(self, username: str, password: str) -> Session:
        """Sign a staff user in; from now on this client acts as them."""
        session = Session.from_json(
            self._call("POST", "/auth/login", json={"username": username, "password": password})
        )
        self.token = session.access_token
        return session

    def me(self) -> Me:
        """Who this client's token belongs to; `Unauthorized` when it is refused."""
        return Me.from_json(self._call("GET", "/auth/me"))

    def hall(self) -> Hall:
        return Hall.from_json(self._call("GET", "/hall"))

    def booking_code(self, manage_token: str) -> str:
        """The code of the booking behind a manage link (what a booking's QR holds)."""
        answer = self._call("GET", f"/bookings/by-token/{quote(manage_token, safe='')}")
        return str(answer["code"])

    def services(self) -> list[Service]:
        return [Service.from_json(s) for s in self._call("GET", "/services")]

    def counters(self) -> list[Counter]:
        return [Counter.from_json(c) for c in self._call("GET", "/counters")]

    def health(self) -> Health:
        return Health.from_json(self._call("GET", "/health"))

    def clock_offset(self) -> timedelta:
        """The server's clock minus this PC's, to measure waits on the server's time (the
        one every ticket is stamped with). Zero when the server does not say."""
        before = datetime.now(UTC)
        told = self.health().now
        if told is None:
            return timedelta(0)
        after = datetime.now(UTC)
        return told - (before + (after - before) / 2)

    def track(self, tracking_token: str) -> TrackInfo:
        return TrackInfo.from_json(self._call("GET", f"/track/{tracking_token}"))

    def display_logo(self) -> tuple[bytes, str] | None:
        """The hall's logo as the hall file names it (`GET /display/logo`): its bytes and
        content type, or None when the hall has none."""
        try:
            response = self._http.get("/display/logo")
        except httpx.TransportError as exc:
            raise Unreachable(f"GET /display/logo: {exc!r}") from exc
        if response.status_code == 404:
            return None
        raise_for_error(response)
        return response.content, response.headers.get("content-type", "")

    def ready_dossiers(self) -> list[ReadyDossier]:
        """Dossiers ready for collection, oldest first per agency (display, operator+)."""
        groups = self._call("GET", "/dossiers/ready")
        return [d for group in groups for d in ReadyDossier.from_group(group)]

    # --- tickets ------------------------------------------------------------------

    def issue_ticket(self, request: TicketRequest) -> Ticket:
        """One try. The request's Idempotency-Key goes with it, so trying the same
        `request` again can only return the ticket it already got."""
        return Ticket.from_json(
            self._call(
                "POST",
                "/tickets",
                json=request.body(),
                headers={"Idempotency-Key": request.idempotency_key},
            )
        )

    def issue_ticket_with_retry(
        self,
        request: TicketRequest,
        *,
        deadline: float = 30.0,
        backoff: Backoff | None = None,
        on_retry: RetryHook | None = None,
        cancel: threading.Event | None = None,
    ) -> Ticket:
        """Issue, repeating on no answer or 5xx with the same key until `deadline`
        seconds pass: a timeout after the server committed yields the same ticket, never
        a second number. Raises the last error when the deadline passes (keep `request`
        and call again later: the key still holds for the hall day)."""
        return retry(
            lambda: self.issue_ticket(request),
            deadline=deadline,
            backoff=backoff,
            on_retry=on_retry,
            cancel=cancel,
        )

    def tickets(
        self,
        *,
        status: TicketStatus | None = None,
        service_id: str | None = None,
        counter_id: int | None = None,
    ) -> list[Ticket]:
        """Today's tickets (hall day), optionally filtered."""
        params: dict[str, Any] = {}
        if status is not None:
            params["status"] = status.value
        if service_id is not None:
            params["service_id"] = service_id
        if counter_id is not None:
            params["counter_id"] = counter_id
        return [Ticket.from_json(t) for t in self._call("GET", "/tickets", params=params)]

    def counter_queue(self, counter_id: int, limit: int = 50) -> CounterQueue:
        """The waiting tickets `counter_id` may call, in the order call-next takes them."""
        return CounterQueue.from_json(
            self._call("GET", f"/counters/{counter_id}/queue", params={"limit": limit})
        )

    def ticket(self, ticket_id: int) -> Ticket:
        return Ticket.from_json(self._call("GET", f"/tickets/{ticket_id}"))

    def _step(self, ticket_id: int, step: str, body: Any = None) -> Ticket:
        return Ticket.from_json(self._call("POST", f"/tickets/{ticket_id}/{step}", json=body))

    def recall(self, ticket_id: int) -> Ticket:
        return self._step(ticket_id, "recall")

    def start(self, ticket_id: int) -> Ticket:
        return self._step(ticket_id, "start")

    def finish(self, ticket_id: int, note: str | None = None) -> Ticket:
        return self._step(ticket_id, "finish", {"note": note} if note is not None else None)

    def no_show(self, ticket_id: int) -> Ticket:
        return self._step(ticket_id, "no-show")

    def requeue(self, ticket_id: int) -> Ticket:
        return self._step(ticket_id, "requeue")

    def cancel(self, ticket_id: int) -> Ticket:
        return self._step(ticket_id, "cancel")

    def transfer(self, ticket_id: int, service_id: str, counter_id: int | None = None) -> Ticket:
        body: dict[str, Any] = {"service_id": service_id}
        if counter_id is not None:
            body["counter_id"] = counter_id
        return self._step(ticket_id, "transfer", body)

    # --- dossiers (docs/dossiers.md) ------------------------------------------------

    def open_dossier(
        self, ticket_id: int, title: str | None = None, note: str | None = None
    ) -> Dossier:
        """A dossier for a done ticket. The server opens at most one per ticket (a second
        try is 409), so repeating this on no answer cannot open two."""
        body = {k: v for k, v in (("title", title), ("note", note)) if v}
        return Dossier.from_json(self._call("POST", f"/tickets/{ticket_id}/dossier", json=body))

    def dossiers(
        self,
        *,
        status: DossierStatus | None = None,
        agency_id: str | None = None,
        limit: int = 200,
        cursor: str | None = None,
    ) -> tuple[list[Dossier], str | None]:
        """One page, newest first, and the next page's cursor (None: the last page)."""
        params: dict[str, Any] = {"limit": limit}
        if status is not None:
            params["status"] = status.value
        if agency_id is not None:
            params["agency_id"] = agency_id
        if cursor is not None:
            params["cursor"] = cursor
        answer = self._call("GET", "/dossiers", params=params)
        return [Dossier.from_json(d) for d in answer["items"]], answer.get("next")

    def dossier_step(self, dossier_id: int, step: DossierStep, note: str | None = None) -> Dossier:
        """One staff step; `note` is the reason of `reject` and the note of `need`/`ready`."""
        return Dossier.from_json(
            self._call("POST", f"/dossiers/{dossier_id}/{step.value}", json=step_body(step, note))
        )

    # --- counters -----------------------------------------------------------------

    def open_counter(self, counter_id: int) -> Counter:
        """Open, or resume after a pause."""
        return Counter.from_json(self._call("POST", f"/counters/{counter_id}/open"))

    def pause_counter(self, counter_id: int) -> Counter:
        return Counter.from_json(self._call("POST", f"/counters/{counter_id}/pause"))

    def close_counter(self, counter_id: int) -> Counter:
        return Counter.from_json(self._call("POST", f"/counters/{counter_id}/close"))

    def call_next(self, counter_id: int) -> Ticket | None:
        """The next ticket, now called; None when nobody waits."""
        answer = self._call("POST", f"/counters/{counter_id}/call-next")
        return Ticket.from_json(answer) if answer is not None else None

    def call_ticket(self, counter_id: int, ticket_id: int) -> Ticket:
        """Call a waiting ticket out of order."""
        return Ticket.from_json(
            self._call("POST", f"/counters/{counter_id}/call", json={"ticket_id": ticket_id})
        )

    # --- hall and events ----------------------------------------------------------

    def announce(self, text: str) -> Event:
        """A line for the boards' running text (supervisor+); the numbered event."""
        return Event.from_json(self._call("POST", "/announcements", json={"text": text}))

    def events(self, since: int = 0, limit: int = 100) -> EventPage:
        """Events with seq > since, oldest first, at most `limit` (1–1000)."""
        return EventPage.from_json(
            self._call("GET", "/events", params={"since": since, "limit": limit})
        )
