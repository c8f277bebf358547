"""Notifications against a real `antre serve`, a real SMTP server (aiosmtpd) and a real
HTTP webhook receiver, all on 127.0.0.1: messages arrive in both languages, a dead or hung
channel never holds the citizen's request, failed sends are retried until they go through
or their attempts run out, and contacts are unreadable in the database file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from notify_sinks import SmtpSink, WebhookSink, hall_with_channels
from support import Server, bearer, free_port, wait_until

pytestmark = pytest.mark.e2e

EMAIL = "siti.rahma@contoh.example"
PHONE = "081234567890"
QUICK_RETRIES = {"ANTRE_NOTIFY_RETRY_SECONDS": "0.2", "ANTRE_NOTIFY_POLL_SECONDS": "0.2"}


def serve(tmp_path: Path, smtp_port: int, webhook: WebhookSink, **env: str) -> Server:
    hall = hall_with_channels(tmp_path, smtp_port, webhook.url)
    return Server(tmp_path / "antre.db", hall=hall, env={**QUICK_RETRIES, **env}).start()


def notifications(server: Server, token: str, status: str | None = None) -> list[dict[str, Any]]:
    params = {"status": status} if status else {}
    answer = httpx.get(f"{server.url}/api/v1/notifications", params=params, headers=bearer(token))
    assert answer.status_code == 200, answer.text
    return list(answer.json()["items"])


def send_test(server: Server, token: str, **body: str) -> httpx.Response:
    return httpx.post(
        f"{server.url}/api/v1/notifications/test", json=body, headers=bearer(token), timeout=5
    )


def test_a_message_reaches_the_smtp_server_and_the_webhook_in_both_languages(
    tmp_path: Path,
) -> None:
    smtp, webhook = SmtpSink().start(), WebhookSink().start()
    server = serve(tmp_path, smtp.port, webhook)
    try:
        token = server.staff_token("sari", "supervisor")
        answer = send_test(server, token, email=EMAIL, phone=PHONE, lang="en")
        assert answer.status_code == 201, answer.text
        queued = answer.json()["items"]
        assert {m["channel"] for m in queued} == {"email", "whatsapp"}
        assert {m["to"] for m in queued} == {"s***@contoh.example", "********7890"}

        wait_until(lambda: smtp.messages and webhook.received, what="both deliveries")
        mail = smtp.messages[0]
        assert mail["To"] == EMAIL
        assert mail["From"] == "antrean@mpp-uji.example.go.id"
        body = mail.get_body().get_content()
        # English first (the citizen's language), Indonesian after.
        assert body.index("Test message from MPP Uji Coba") < body.index("Pesan uji dari")
        hook = webhook.received[0]
        assert hook["to"] == PHONE and hook["channel"] == "whatsapp" and hook["kind"] == "test"
        assert hook["text"].startswith("Pesan uji dari MPP Uji Coba")
        assert hook["text_en"].startswith("Test message from MPP Uji Coba")
        wait_until(lambda: len(notifications(server, token, "sent")) == 2, what="both sent")
    finally:
        server.stop()
        smtp.stop()
        webhook.stop()


def test_a_hung_or_dead_channel_never_holds_the_request_and_the_message_is_retried(
    tmp_path: Path,
) -> None:
    smtp_port = free_port()  # nothing listens there yet: the mail server is down
    webhook = WebhookSink().start()
    webhook.gate.clear()  # the gateway takes requests and hangs on them
    server = serve(tmp_path, smtp_port, webhook, ANTRE_NOTIFY_TIMEOUT_SECONDS="30")
    smtp = SmtpSink(smtp_port)
    try:
        token = server.staff_token("sari", "supervisor")
        assert send_test(server, token, email=EMAIL, phone=PHONE).status_code == 201
        webhook.waiting.wait(15)
        assert webhook.waiting.is_set(), "the sender never reached the gateway"
        # The gateway is holding the sender's request right now; a citizen's request that
        # queues a message still answers.
        assert send_test(server, token, phone="081299990000").status_code == 201
        assert not webhook.gate.is_set() and webhook.received == []

        wait_until(
            lambda: any(m["attempts"] >= 2 for m in notifications(server, token, "pending")),
            what="the dead mail server's message tried again",
        )
        webhook.status = 500  # the gateway answers, with an error
        webhook.gate.set()
        wait_until(lambda: webhook.attempts >= 3, what="the webhook retried")
        webhook.status = 200
        smtp.start()  # the mail server comes back
        wait_until(lambda: len(webhook.received) == 2, what="both webhooks delivered")
        wait_until(lambda: len(smtp.messages) == 1, what="the email delivered")
        sent = notifications(server, token, "sent")
        assert len(sent) == 3 and notifications(server, token, "pending") == []
        assert all(m["attempts"] >= 2 for m in sent if m["to"] != "********0000")
    finally:
        server.stop()
        smtp.stop()
        webhook.stop()


def test_a_message_is_failed_after_its_bounded_attempts(tmp_path: Path) -> None:
    webhook = WebhookSink().start()
    webhook.status = 500
    server = serve(tmp_path, free_port(), webhook, ANTRE_NOTIFY_MAX_ATTEMPTS="3")
    try:
        token = server.staff_token("sari", "supervisor")
        assert send_test(server, token, phone=PHONE).status_code == 201
        failed = wait_until(lambda: notifications(server, token, "failed"), what="failed")
        assert failed[0]["attempts"] == 3 and failed[0]["last_error"] == "HTTP 500"
        assert webhook.attempts == 3
        assert notifications(server, token, "pending") == []
    finally:
        server.stop()
        webhook.stop()


def test_contacts_are_unreadable_in_the_database_files(tmp_path: Path) -> None:
    smtp, webhook = SmtpSink().start(), WebhookSink().start()
    server = serve(tmp_path, smtp.port, webhook)
    try:
        token = server.staff_token("sari", "supervisor")
        assert send_test(server, token, email=EMAIL, phone=PHONE).status_code == 201
        wait_until(lambda: smtp.messages and webhook.received, what="deliveries")
        raw = b"".join(
            p.read_bytes() for p in tmp_path.glob("antre.db*") if not p.name.endswith(".key")
        )
        assert raw.count(b"MPP Uji Coba") > 0  # the files were read, texts are in them
        for secret in (EMAIL, PHONE, "siti.rahma", "1234567890"):
            assert secret.encode() not in raw
            assert secret.encode("utf-16-le") not in raw
    finally:
        server.stop()
        smtp.stop()
        webhook.stop()


def first_open_slot(server: Server, service: str) -> tuple[str, str]:
    days = httpx.get(f"{server.url}/api/v1/services/{service}/days").json()
    for day in (d["date"] for d in days if d["open"]):
        slots = httpx.get(
            f"{server.url}/api/v1/services/{service}/slots", params={"date": day}
        ).json()
        for slot in slots:
            if slot["remaining"]:
                return day, slot["start"]
    raise AssertionError(f"no open slot: {days}")


def test_a_booking_with_a_contact_is_confirmed_by_email_and_webhook_even_through_a_hung_gateway(
    tmp_path: Path,
) -> None:
    smtp, webhook = SmtpSink().start(), WebhookSink().start()
    webhook.gate.clear()
    server = serve(tmp_path, smtp.port, webhook, ANTRE_NOTIFY_TIMEOUT_SECONDS="30")
    try:
        day, start = first_open_slot(server, "kk")
        first = httpx.post(
            f"{server.url}/api/v1/bookings",
            json={
                "service_id": "kk",
                "date": day,
                "start": start,
                "nik": "3273014101900001",
                "phone": PHONE,
                "email": EMAIL,
                "lang": "id",
            },
        )
        assert first.status_code == 201, first.text
        webhook.waiting.wait(15)
        assert webhook.waiting.is_set()
        # The gateway holds the confirmation; the next citizen's booking still answers.
        second = httpx.post(
            f"{server.url}/api/v1/bookings",
            json={
                "service_id": "kk",
                "date": day,
                "start": start,
                "nik": "3174015508850002",
                "phone": "081299990000",
            },
            timeout=5,
        )
        assert second.status_code == 201, second.text
        assert webhook.received == []
        webhook.gate.set()
        wait_until(lambda: len(webhook.received) >= 2 and smtp.messages, what="confirmations")
        booking = first.json()
        hook = next(h for h in webhook.received if h["to"] == PHONE)
        assert hook["kind"] == "booking.confirmed" and hook["ref"] == f"booking:{booking['id']}"
        assert booking["code"] in hook["text"] and booking["manage_url"] in hook["text"]
        assert "Kode" in hook["text"] and "Code" in hook["text_en"]
        mail = smtp.messages[0]
        assert mail["To"] == EMAIL and booking["code"] in mail.get_body().get_content()
        assert "3273014101900001" not in str(webhook.received) + mail.as_string()

        token = booking["manage_url"].rsplit("/", 1)[1]
        cancelled = httpx.post(f"{server.url}/api/v1/bookings/by-token/{token}/cancel")
        assert cancelled.status_code == 200, cancelled.text
        wait_until(
            lambda: any(h["kind"] == "booking.cancelled" for h in webhook.received),
            what="the cancellation message",
        )
    finally:
        server.stop()
        smtp.stop()
        webhook.stop()
