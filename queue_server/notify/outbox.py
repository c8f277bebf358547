"""The durable outbox: messages stored in the same transaction as the change that causes
them, so a booking is never committed without its confirmation (nor a confirmation sent
for a booking that rolled back). Sending happens after commit (sender.py).

Called from the writer's actions with their `Tx`; the one `Outbox` of a runtime holds the
hall file's channels and the contact key.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from queue_server.actions import Tx
from queue_server.notify import texts
from queue_server.notify.config import NotifyConfig
from queue_server.notify.contacts import Contact, ContactBox
from queue_server.store import notify as rows

BOOKING_KINDS = ("booking.confirmed", "booking.reminder", "booking.cancelled")
REMINDER = "booking.reminder"


class Outbox:
    def __init__(self, config: NotifyConfig, box: ContactBox) -> None:
        self.config, self.box = config, box

    # --- contacts ----------------------------------------------------------------------

    def add_contact(
        self, tx: Tx, contact: Contact, belongs_to: date, ref: str | None = None
    ) -> int | None:
        """Store a contact (encrypted) that is deleted `contact_days` after `belongs_to`
        (the booking's date, the visit's, the day a case closed), findable by `ref`
        (`booking:12`). None when it is empty."""
        if not (contact.name or contact.phone or contact.email):
            return None
        return rows.add_contact(
            tx.conn,
            self.box.seal("name", contact.name),
            self.box.seal("phone", contact.phone),
            self.box.seal("email", contact.email),
            self.keep_until(belongs_to),
            tx.now,
            ref,
        )

    def contact_of(self, tx: Tx, ref: str) -> int | None:
        return rows.contact_of(tx.conn, ref)

    def keep_until(self, belongs_to: date) -> date:
        return belongs_to + timedelta(days=self.config.contact_days)

    def contact_belongs_to(self, tx: Tx, contact_id: int, day: date) -> None:
        """The booking moved, or the case closed: the retention counts from `day`."""
        rows.keep_contact_until(tx.conn, contact_id, self.keep_until(day))

    def contact(self, tx: Tx, contact_id: int) -> Contact | None:
        sealed = rows.contact(tx.conn, contact_id)
        if sealed is None:
            return None
        return Contact(
            self.box.open("name", sealed.name),
            self.box.open("phone", sealed.phone),
            self.box.open("email", sealed.email),
        )

    # --- messages ----------------------------------------------------------------------

    def enqueue(
        self,
        tx: Tx,
        kind: str,
        ref: str,
        to_contact_id: int,
        text: str,
        text_en: str,
        send_after: datetime | None = None,
        lang: str = "id",
    ) -> list[int]:
        """One pending message per channel that can reach the contact (email channels
        need its email, webhook channels its phone); none when no channel can."""
        sealed = rows.contact(tx.conn, to_contact_id)
        if sealed is None:
            return []
        has = {"email": sealed.email is not None, "phone": sealed.phone is not None}
        return [
            rows.enqueue(
                tx.conn,
                kind=kind,
                ref=ref,
                contact_id=to_contact_id,
                channel=channel.name,
                text=text,
                text_en=text_en,
                lang=lang,
                send_after=send_after or tx.now,
                now=tx.now,
            )
            for channel in self.config.channels
            if has[channel.takes]
        ]

    # --- bookings ----------------------------------------------------------------------

    def booking_created(
        self,
        tx: Tx,
        ref: str,
        contact_id: int | None,
        facts: texts.BookingFacts,
        start_at: datetime,
        lang: str = "id",
    ) -> None:
        """The confirmation now and a reminder at each `remind` time still ahead."""
        if contact_id is None:
            return
        self._confirm(tx, ref, contact_id, facts, start_at, lang)

    def booking_moved(
        self,
        tx: Tx,
        ref: str,
        contact_id: int | None,
        facts: texts.BookingFacts,
        start_at: datetime,
        lang: str = "id",
    ) -> None:
        """Reminders follow the new time; the contact is kept from the new date."""
        rows.drop_pending(tx.conn, ref, (REMINDER,))
        if contact_id is None:
            return
        self.contact_belongs_to(tx, contact_id, facts.day)
        self._confirm(tx, ref, contact_id, facts, start_at, lang)

    def booking_cancelled(
        self,
        tx: Tx,
        ref: str,
        contact_id: int | None,
        facts: texts.BookingFacts,
        lang: str = "id",
    ) -> None:
        rows.drop_pending(tx.conn, ref, (REMINDER,))
        if contact_id is not None:
            text, text_en = texts.cancelled(facts)
            self.enqueue(tx, "booking.cancelled", ref, contact_id, text, text_en, tx.now, lang)

    def booking_ended(self, tx: Tx, ref: str) -> None:
        """Checked in or expired: no reminder is due any more."""
        rows.drop_pending(tx.conn, ref, (REMINDER,))

    def _confirm(
        self,
        tx: Tx,
        ref: str,
        contact_id: int,
        facts: texts.BookingFacts,
        start_at: datetime,
        lang: str,
    ) -> None:
        """The confirmation now and a reminder at each `remind` time still ahead."""
        text, text_en = texts.confirmation(facts)
        self.enqueue(tx, "booking.confirmed", ref, contact_id, text, text_en, tx.now, lang)
        self._schedule_reminders(tx, ref, contact_id, facts, start_at, lang)

    def _schedule_reminders(
        self,
        tx: Tx,
        ref: str,
        contact_id: int,
        facts: texts.BookingFacts,
        start_at: datetime,
        lang: str,
    ) -> None:
        text, text_en = texts.reminder(facts)
        for reminder in self.config.remind:
            at = reminder.when(start_at, tx.hall.timezone)
            if tx.now < at < start_at:  # a reminder already past is not sent late
                self.enqueue(tx, REMINDER, ref, contact_id, text, text_en, at, lang)
