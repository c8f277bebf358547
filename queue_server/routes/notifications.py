"""Notifications for staff: the outbox's state, and a test message through the channels.

`GET /api/v1/notifications?status=` (supervisor+) shows each message's state (`pending`,
`sent`, `failed`), its attempts and last error, with the address masked. `POST
/api/v1/notifications/test` (supervisor+) queues a test message to an address, so the
hall's IT person can check the hall file's channels from the console.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from queue_server.actions import Tx
from queue_server.deps import Runtime, Supervisor
from queue_server.notify import Contact, texts
from queue_server.notify.contacts import mask
from queue_server.openapi import answers
from queue_server.runtime import HallRuntime
from queue_server.store import notify as rows
from queue_server.store.notify import OutboxRow

router = APIRouter(prefix="/api/v1/notifications", tags=["notifications"])

EMAIL = r"^[^@\s]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})+$"
PHONE = r"^\+?[0-9]{8,15}$"
Status = Literal["pending", "sent", "failed"]


class Notification(BaseModel):
    id: int
    kind: str
    """`booking.confirmed`, `booking.reminder`, `booking.cancelled`, `test`."""
    ref: str
    """What it is about (a booking's id)."""
    channel: str
    """The hall file's channel name (`email`, `whatsapp`, …)."""
    to: str | None
    """The address, masked; null once the contact was deleted or cannot be read."""
    status: Status
    attempts: int
    send_after: str
    next_attempt_at: str
    last_error: str | None
    created_at: str
    sent_at: str | None


class NotificationPage(BaseModel):
    items: list[Notification]
    next: str | None
    """Pass as `after` for the following page (older messages); null on the last one."""


class TestMessage(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"anyOf": [{"required": ["email"]}, {"required": ["phone"]}]},
    )
    email: str = Field(default="", pattern=EMAIL, max_length=254)
    phone: str = Field(default="", pattern=PHONE)
    lang: Literal["id", "en"] = "id"


def _shown(runtime: HallRuntime, message: OutboxRow) -> Notification:
    channel = runtime.notify.outbox.config.channel(message.channel)
    field = channel.takes if channel is not None else "phone"
    sealed = rows.contact(runtime.reader, message.contact_id)
    to = None if sealed is None else runtime.notify.outbox.box.open(field, getattr(sealed, field))
    return Notification(
        id=message.id,
        kind=message.kind,
        ref=message.ref,
        channel=message.channel,
        to=mask(field, to),
        status=message.status,
        attempts=message.attempts,
        send_after=message.send_after,
        next_attempt_at=message.next_attempt_at,
        last_error=message.last_error,
        created_at=message.created_at,
        sent_at=message.sent_at,
    )


@router.get("", responses=answers(NotificationPage))
async def list_notifications(
    runtime: Runtime,
    caller: Supervisor,
    status: Status | None = None,
    after: Annotated[str, Query(max_length=20, pattern=r"^[0-9]*$")] = "",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> NotificationPage:
    """Newest first, a page at a time."""
    found = rows.messages(runtime.reader, status, int(after or 0), limit + 1)
    more = len(found) > limit
    found = found[:limit]
    return NotificationPage(
        items=[_shown(runtime, m) for m in found],
        next=str(found[-1].id) if more and found else None,
    )


@router.post("/test", status_code=201, responses=answers(NotificationPage, status=201))
async def send_test(body: TestMessage, runtime: Runtime, caller: Supervisor) -> NotificationPage:
    """A test message to `email` and/or `phone` through every channel that can reach it
    (none when the hall file has no channel for it). The contact is kept `contact_days`."""
    outbox = runtime.notify.outbox
    text, text_en = texts.test_message(runtime.hall.name)

    def queue(tx: Tx) -> list[int]:
        contact_id = outbox.add_contact(
            tx, Contact(phone=body.phone or None, email=body.email or None), tx.day
        )
        if contact_id is None:
            return []
        return outbox.enqueue(
            tx, "test", f"test-{contact_id}", contact_id, text, text_en, tx.now, body.lang
        )

    ids = await runtime.writer(queue)
    runtime.notify.sender.wake()
    queued = [m for m in (rows.message(runtime.reader, i) for i in ids) if m is not None]
    return NotificationPage(items=[_shown(runtime, m) for m in queued], next=None)
