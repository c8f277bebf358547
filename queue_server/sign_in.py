"""Signing a staff user in with a password: one path for the REST login (the counter
client) and the console's sign-in form, so both share the throttle, the log line and the
session lifetime.

Login throttling (auth.LoginThrottle) reserves an attempt before the password is checked,
on the event loop and before any await: a burst of concurrent guesses cannot all slip in
while the first ones are still being hashed."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from starlette.concurrency import run_in_threadpool

from queue_server import accounts, actions, auth
from queue_server.errors import RateLimited, Unauthorized
from queue_server.runtime import HallRuntime
from queue_server.store import staff
from queue_server.store.staff import Principal

log = logging.getLogger("antre.auth")


@dataclass(frozen=True)
class SignedIn:
    token: str
    principal: Principal
    expires: datetime


def refused(wait: int) -> RateLimited:
    return RateLimited(
        f"Terlalu banyak percobaan masuk. Coba lagi dalam {wait} detik.",
        f"Too many sign-in attempts. Try again in {wait} seconds.",
        retry_after=wait,
    )


async def password_sign_in(
    runtime: HallRuntime, username: str, password: str, address: str
) -> SignedIn:
    """A new session for a user whose password matches; `Unauthorized` (the same answer
    whether the user exists or not) or `RateLimited` otherwise."""
    # Reserved here, before the first await: the attempt counts from now on, so requests
    # already in flight see it and are refused without reaching argon2.
    attempt = runtime.throttle.reserve(username, address)
    if attempt.refused:
        raise refused(attempt.retry_after)
    try:
        found = staff.user_for_login(runtime.reader, username)
        # argon2 takes tens of milliseconds on purpose; keep it off the event loop.
        ok = await run_in_threadpool(auth.check_password, found[1] if found else None, password)
    except BaseException:
        # A check that never finished (the client hung up) still counts: otherwise its
        # reservation would hold the budget forever, and hanging up would be free.
        runtime.throttle.failed(attempt)
        raise
    # One line per password check: the audit trail of sign-ins (and what the throttle's
    # test counts). The name is repr'd: it is the caller's text, it must not forge lines.
    outcome = "wrong" if not ok else "ok" if found and found[2] else "ok, but disabled"
    log.info("password checked for user %r from %s: %s", username, address, outcome)
    if found is None or not ok or not found[2]:
        runtime.throttle.failed(attempt)
        raise Unauthorized("Nama pengguna atau kata sandi salah.", "Wrong user name or password.")
    runtime.throttle.succeeded(attempt)
    principal = found[0]
    token = auth.new_token()
    lifetime = timedelta(hours=runtime.settings.session_hours)
    expires = await runtime.writer(
        actions.start_session, principal.id, auth.hash_token(token), lifetime
    )
    return SignedIn(token, principal, expires)


async def sign_out(runtime: HallRuntime, token: str) -> None:
    """End the session of `token`: it gets 401 from the next request on, and a WebSocket
    open with it is closed (4401)."""
    await runtime.writer(lambda tx: accounts.logout(tx.conn, tx.now, auth.hash_token(token)))
    runtime.credentials_changed()
