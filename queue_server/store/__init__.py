"""The store: every line of SQL in Antre lives in this package."""

from queue_server.store.database import connect, migrate
from queue_server.store.tickets import TicketRecord

__all__ = ["TicketRecord", "connect", "migrate"]
