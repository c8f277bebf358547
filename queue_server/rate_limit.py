"""Requests per client address per minute, for anonymous public writes (bookings).

A fixed one-minute window per address (IPv6 per /64, as login_throttle does): cheap, in
memory, and enough to stop one phone or script from sweeping a day's slots. Kiosks and
staff are not limited here: they have tokens and sit behind one hall address.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable

from queue_server.errors import RateLimited
from queue_server.login_throttle import address_key


class PerAddressLimit:
    def __init__(
        self,
        per_minute: int,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        self.per_minute, self.clock, self.max_keys = per_minute, clock, max_keys
        self._windows: OrderedDict[str, tuple[float, int]] = OrderedDict()

    def check(self, address: str) -> None:
        """Count one request from `address`; raise RateLimited over the limit."""
        now = self.clock()
        key = address_key(address)
        started, count = self._windows.pop(key, (now, 0))
        if now - started >= 60:
            started, count = now, 0
        count += 1
        self._windows[key] = (started, count)
        if len(self._windows) > self.max_keys:
            self._windows.popitem(last=False)
        if count > self.per_minute:
            raise RateLimited(
                "Mohon maaf, terlalu banyak permintaan dari alamat ini. Silakan coba lagi"
                " sebentar lagi.",
                "Sorry, too many requests from this address. Please try again shortly.",
                retry_after=math.ceil(60 - (now - started)),
            )
