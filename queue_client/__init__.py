"""What every desktop app uses to talk to the hall server.

- `HallClient`: the REST API as typed, blocking calls (rest.py);
- `LiveStream`: the live events, exactly once and in order across reconnects (live.py);
- `queue_client.qt.LiveEvents`: the same as Qt signals on the GUI thread (imports PySide6;
  nothing else here does).

See docs/client.md.
"""

from queue_client.backoff import Backoff, retry
from queue_client.errors import ApiError, ClientError, Unreachable
from queue_client.live import ConnectionState, LiveStream
from queue_client.models import (
    Counter,
    Event,
    Hall,
    Service,
    Ticket,
    TicketRequest,
    TrackInfo,
)
from queue_client.rest import HallClient

__all__ = [
    "ApiError",
    "Backoff",
    "ClientError",
    "ConnectionState",
    "Counter",
    "Event",
    "Hall",
    "HallClient",
    "LiveStream",
    "Service",
    "Ticket",
    "TicketRequest",
    "TrackInfo",
    "Unreachable",
    "retry",
]
