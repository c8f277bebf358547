"""Sending one message through one channel. Every send has a timeout: a dead gateway costs
the sender task a few seconds, never a citizen's request (those never wait on a send).

SMTP uses the standard library's `smtplib` in a worker thread: it is the reference
implementation, speaks STARTTLS and AUTH, and a hall sends a few hundred emails a day, so
an async SMTP library (one more dependency) would buy nothing. Webhooks use `httpx`, which
the server already depends on, with its async client on the event loop.
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import httpx

from queue_server.notify.config import Channel
from queue_server.store.notify import OutboxRow

SUBJECTS = {
    "booking.confirmed": ("Booking antrean Anda", "Your queue booking"),
    "booking.reminder": ("Pengingat booking antrean", "Queue booking reminder"),
    "booking.cancelled": ("Booking antrean dibatalkan", "Queue booking cancelled"),
}


class SendFailed(Exception):
    """The channel did not take the message; the reason is kept (without the address)."""


def bodies(message: OutboxRow) -> tuple[str, str]:
    """The citizen's language first, the other one after."""
    if message.lang == "en":
        return message.text_en, message.text
    return message.text, message.text_en


async def send(
    channel: Channel,
    to: str,
    message: OutboxRow,
    *,
    client: httpx.AsyncClient,
    password: str | None,
    timeout: float,
) -> None:
    try:
        if channel.kind == "smtp":
            await asyncio.wait_for(
                asyncio.to_thread(_send_email, channel, to, message, password, timeout),
                timeout * 3,  # connect, STARTTLS and DATA each have `timeout`
            )
        else:
            await _post(channel, to, message, client, timeout)
    except SendFailed:
        raise
    except (TimeoutError, httpx.TimeoutException):
        raise SendFailed("timeout") from None
    except (OSError, smtplib.SMTPException, httpx.HTTPError) as exc:
        raise SendFailed(f"{type(exc).__name__}: {exc}".replace(to, "<to>")) from None


async def _post(
    channel: Channel, to: str, message: OutboxRow, client: httpx.AsyncClient, timeout: float
) -> None:
    answer = await client.post(
        channel.url,
        json={
            "to": to,
            "channel": channel.name,
            "text": message.text,
            "text_en": message.text_en,
            "kind": message.kind,
            "ref": message.ref,
        },
        timeout=timeout,
    )
    if not answer.is_success:
        raise SendFailed(f"HTTP {answer.status_code}")


def _send_email(
    channel: Channel, to: str, message: OutboxRow, password: str | None, timeout: float
) -> None:
    subject_id, subject_en = SUBJECTS.get(message.kind, ("Antrean", "Queue"))
    first, second = bodies(message)
    email = EmailMessage()
    email["From"] = channel.sender
    email["To"] = to
    email["Subject"] = (
        f"{subject_en} / {subject_id}" if message.lang == "en" else f"{subject_id} / {subject_en}"
    )
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain=channel.sender.partition("@")[2] or None)
    email.set_content(f"{first}\n\n---\n\n{second}\n")
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if channel.tls == "tls":
        smtp = smtplib.SMTP_SSL(channel.host, channel.port, timeout=timeout, context=context)
    else:
        smtp = smtplib.SMTP(channel.host, channel.port, timeout=timeout)
    with smtp:
        smtp.ehlo()
        if channel.tls == "starttls" and smtp.has_extn("starttls"):
            smtp.starttls(context=context)
            smtp.ehlo()
        if channel.user and password:
            smtp.login(channel.user, password)
        smtp.send_message(email)
