"""Slowing down password guessing, per client address first and per user name second.

The rules (docs/staff.md explains the reasoning):

- An attempt is *reserved* before its password is checked and counts against both budgets
  at once; a correct password releases it. Reserving happens on the event loop before any
  await, so a burst of 200 concurrent guesses cannot slip past while the first five are
  still being hashed: the sixth is refused at once.
- **Address**: `attempts` failures within `window` seconds, then the address is refused
  for `window` seconds; each further block doubles, up to `ADDRESS_MAX_BLOCK` (a day).
  IPv6 addresses count per /64, the block one household or host is given.
- **User name**: the same count, but its block is short and bounded — a quarter of the
  window, doubling to at most one window — so a stranger can hold a known operator out
  for minutes, never for long. A stranger's own address is blocked after `attempts`
  tries, so keeping a name locked takes a fresh address every few minutes. And an
  address the user signed in from before (their counter's PC) is not subject to the
  user-name limit at all: a stranger elsewhere cannot lock them out of their own desk.
- **Memory**: at most `max_keys` records per table, least recently seen evicted first.
  Every attempt, refused or not, marks its records as just seen, so the keys an attacker
  is hammering are the last to go; pushing their own record out would take `max_keys`
  fresh keys, and each fresh key costs a failed attempt from an address that has budget
  left — whoever has that many addresses gains nothing by a reset they don't already have.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

ADDRESS_MAX_BLOCK = 24 * 3600.0
KNOWN_ADDRESSES_PER_USER = 4


@dataclass
class _Record:
    failures: deque[float] = field(default_factory=deque)
    pending: int = 0
    """Attempts reserved and still being checked: they count as failures until released."""
    strikes: int = 0
    """How many blocks in a row; each makes the next one twice as long."""
    blocked_until: float = 0.0
    last_failure: float = 0.0


@dataclass(frozen=True)
class Attempt:
    address_key: str
    user_key: str
    user_limited: bool = True
    """False when the user name's limit does not apply (an address the user used before)."""
    refused: bool = False
    retry_after: int = 0
    """Whole seconds to wait when refused."""


def address_key(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is None:
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) else ip)


class LoginThrottle:
    def __init__(
        self,
        attempts: int,
        window_seconds: float,
        *,
        max_keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.attempts, self.window = attempts, window_seconds
        self.max_keys = max_keys
        self.clock = clock
        self._addresses: OrderedDict[str, _Record] = OrderedDict()
        self._users: OrderedDict[str, _Record] = OrderedDict()
        self._known: OrderedDict[str, tuple[str, ...]] = OrderedDict()

    def tracked(self) -> int:
        """Keys held in memory, all tables together (bounded by 3 × max_keys)."""
        return len(self._addresses) + len(self._users) + len(self._known)

    # --- the three steps of a sign-in ------------------------------------------------------

    def reserve(self, username: str, address: str) -> Attempt:
        """Take one attempt from both budgets, or say how long to wait. No await inside:
        the event loop runs it whole."""
        now = self.clock()
        akey, ukey = address_key(address), username.casefold()
        by_address = self._touch(self._addresses, akey, now, self.window, ADDRESS_MAX_BLOCK)
        wait = self._wait(by_address, now)
        if wait:
            # Refused by address first: the user name's record is not even touched, so a
            # blocked stranger adds nothing to the operator's count.
            return Attempt(akey, ukey, refused=True, retry_after=wait)
        by_user = None
        if akey not in self._known.get(ukey, ()):
            by_user = self._touch(self._users, ukey, now, self._user_base, self.window)
            wait = self._wait(by_user, now)
            if wait:
                return Attempt(akey, ukey, refused=True, retry_after=wait)
        by_address.pending += 1
        if by_user is not None:
            by_user.pending += 1
        return Attempt(akey, ukey, user_limited=by_user is not None)

    def failed(self, attempt: Attempt) -> None:
        now = self.clock()
        self._fail(self._addresses, attempt.address_key, now, self.window, ADDRESS_MAX_BLOCK)
        if attempt.user_limited:
            self._fail(self._users, attempt.user_key, now, self._user_base, self.window)

    def succeeded(self, attempt: Attempt) -> None:
        """The address's own failures stay (it may have been guessing other names); the
        user name starts afresh, and this address is now one the user is known at."""
        record = self._addresses.get(attempt.address_key)
        if record is not None and record.pending:
            record.pending -= 1
        user = attempt.user_key
        self._users.pop(user, None)
        known = tuple(a for a in self._known.pop(user, ()) if a != attempt.address_key)
        self._known[user] = (attempt.address_key, *known)[:KNOWN_ADDRESSES_PER_USER]
        self._evict(self._known)

    # --- bookkeeping ---------------------------------------------------------------------

    @property
    def _user_base(self) -> float:
        return self.window / 4

    def _touch(
        self, table: OrderedDict[str, _Record], key: str, now: float, base: float, cap: float
    ) -> _Record:
        record = table.get(key)
        if record is None:
            record = table[key] = _Record()
            self._evict(table)
        else:
            table.move_to_end(key)
        while record.failures and now - record.failures[0] > self.window:
            record.failures.popleft()
        if record.strikes and now - record.last_failure > cap + self.window:
            record.strikes = 0  # quiet for longer than the longest block: start over
        return record

    def _wait(self, record: _Record, now: float) -> int:
        if record.blocked_until > now:
            return max(1, math.ceil(record.blocked_until - now))
        if len(record.failures) + record.pending >= self.attempts:
            # The budget is held by checks still running; they end within a second.
            return 1
        return 0

    def _fail(
        self, table: OrderedDict[str, _Record], key: str, now: float, base: float, cap: float
    ) -> None:
        record = self._touch(table, key, now, base, cap)
        record.pending = max(0, record.pending - 1)
        record.failures.append(now)
        record.last_failure = now
        if len(record.failures) >= self.attempts:
            record.strikes += 1
            record.blocked_until = now + min(cap, base * 2 ** (record.strikes - 1))
            record.failures.clear()

    def _evict(self, table: OrderedDict[str, _Record] | OrderedDict[str, tuple[str, ...]]) -> None:
        while len(table) > self.max_keys:
            table.popitem(last=False)
