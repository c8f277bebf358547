"""Requests a citizen walked away from while their outcome was unknown.

A request that may have reached the server (it timed out, or the connection broke after
it was sent) may have been committed: a number may exist that nobody holds. Dropping the
request would leave that number orphaned — called at a counter, answered by nobody — and
the citizen, if still in the hall, without it. So the kiosk keeps the request and sends
it again, with its own Idempotency-Key and the very same body (the server refuses the
same key with another body, which is why a NIK, if given, stays inside it until then),
until the server answers. The answer settles it: a ticket (the one committed, or made now)
or a refusal (nothing issued). `settled` hands a ticket to the flow, which prints it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk_app.steps import Timing
from queue_client import HallClient, TicketRequest
from queue_client.errors import is_transient
from queue_client.models import Ticket
from queue_client.qt_jobs import Runner

log = logging.getLogger(__name__)


class PendingIssues(QObject):
    settled = Signal(object)
    """A ticket (queue_client Ticket) that exists for a request whose citizen left."""

    def __init__(
        self, client: HallClient, runner: Runner, timing: Timing, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._client, self._runner, self._timing = client, runner, timing
        self._requests: dict[str, TicketRequest] = {}
        self._trying: set[str] = set()
        self._settled_keys: set[str] = set()
        """Keys already settled: a late answer for one of them must not print it again."""
        self._closed = False

    def __len__(self) -> int:
        return len(self._requests)

    def keep(self, request: TicketRequest) -> None:
        log.warning(
            "a citizen left while ticket request %s for %s had no answer: kept to settle",
            request.idempotency_key,
            request.service_id,
        )
        self._requests[request.idempotency_key] = request
        self._try(request.idempotency_key)

    def answered(self, request: TicketRequest, ticket: Ticket) -> bool:
        """An answer for `request` that came some other way (the visit's own last try).
        True when the request is this object's: kept, and settled now or before. Both
        the kept request's retry and the visit's own last try may get through; the
        ticket is settled (printed) once, whichever answer comes second."""
        key = request.idempotency_key
        if key in self._settled_keys:
            return True
        if self._requests.pop(key, None) is None:
            return False
        self._settled_keys.add(key)
        self.settled.emit(ticket)
        return True

    def close(self) -> None:
        self._closed = True
        if self._requests:
            log.error(
                "closing with %d unsettled ticket request(s): a number may exist that "
                "nobody holds; staff can see today's tickets at a counter",
                len(self._requests),
            )

    def _try(self, key: str) -> None:
        request = self._requests.get(key)
        if request is None or key in self._trying or self._closed:
            return
        self._trying.add(key)
        timing = self._timing
        self._runner.run(
            lambda: self._client.issue_ticket_with_retry(
                request, deadline=timing.issue_deadline, backoff=timing.backoff
            ),
            lambda ticket: self._done(key, ticket),
            lambda error: self._failed(key, error),
        )

    def _done(self, key: str, ticket: Ticket) -> None:
        self._trying.discard(key)
        request = self._requests.get(key)
        if request is not None:
            self.answered(request, ticket)

    def _failed(self, key: str, error: BaseException) -> None:
        self._trying.discard(key)
        if key not in self._requests:
            return
        if is_transient(error):
            QTimer.singleShot(int(self._timing.retry_pause * 1000), self, lambda: self._try(key))
            return
        # The server heard it and refused (quota, NIK limit, closed): nothing was issued.
        del self._requests[key]
        log.warning("kept ticket request %s settled: refused (%s), no number", key, error)
