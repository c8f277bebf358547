"""A complaint put on hold and then answered reaches the citizen who left a contact,
through the outbox, at a real webhook receiver and a real SMTP server, from a real
`antre serve`; a citizen who left none gets nothing, and an anonymous one stores none."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from notify_sinks import SmtpSink, WebhookSink, hall_with_channels
from support import Server, bearer, wait_until

pytestmark = [pytest.mark.e2e]

QUICK = {"ANTRE_NOTIFY_RETRY_SECONDS": "0.2", "ANTRE_NOTIFY_POLL_SECONDS": "0.2"}


def test_hold_and_answer_reach_the_citizen_by_webhook_and_email(tmp_path: Path) -> None:
    smtp, webhook = SmtpSink().start(), WebhookSink().start()
    hall = hall_with_channels(tmp_path, smtp.port, webhook.url)
    server = Server(tmp_path / "antre.db", hall=hall, env=QUICK).start()
    try:
        staff = bearer(server.staff_token("kasubag", "supervisor"))
        contact = {"phone": "081234567890", "email": "siti@contoh.example"}
        filed = httpx.post(
            f"{server.url}/api/v1/complaints",
            json={"kind": "pengaduan", "text": "Loket 3 kosong sejak pagi.", "contact": contact},
        ).json()
        for body in (
            {"kind": "aspirasi", "text": "Tambah kursi di ruang tunggu."},
            {
                "kind": "aspirasi",
                "text": "Tambah kipas angin.",
                "anonymous": True,
                "contact": contact,
            },
        ):
            assert httpx.post(f"{server.url}/api/v1/complaints", json=body).status_code == 201
        items = httpx.get(f"{server.url}/api/v1/complaints", headers=staff).json()["items"]
        ids = {c["reference"]: c["id"] for c in items}
        for cid in ids.values():
            base = f"{server.url}/api/v1/complaints/{cid}"
            httpx.post(f"{base}/verify", json={"agency_id": "dukcapil"}, headers=staff)
            httpx.post(f"{base}/hold", json={"question": "Jam berapa?"}, headers=staff)
        wait_until(lambda: len(webhook.received) >= 1 and len(smtp.messages) >= 1, what="hold")
        token = filed["manage_url"].rsplit("/c/", 1)[1]
        httpx.post(f"{server.url}/api/v1/complaints/track/{token}/reply", json={"text": "09.00"})
        base = f"{server.url}/api/v1/complaints/{ids[filed['reference']]}"
        httpx.post(f"{base}/answer", json={"text": "Sudah ditambah petugas."}, headers=staff)
        wait_until(lambda: len(webhook.received) >= 2 and len(smtp.messages) >= 2, what="answer")
        kinds = [hook["kind"] for hook in webhook.received]
        assert kinds == ["complaint.hold", "complaint.answer"]
        answered = webhook.received[1]
        assert answered["to"] == contact["phone"]
        assert filed["reference"] in answered["text"] and filed["manage_url"] in answered["text"]
        assert filed["manage_url"] in answered["text_en"]
        assert "Sudah ditambah petugas" not in answered["text"]  # the answer stays behind the link
        assert smtp.messages[1]["To"] == contact["email"]
        # Only the one case with a contact was told anything (no contact; anonymous).
        assert len(webhook.received) == 2 and len(smtp.messages) == 2
    finally:
        server.stop()
        smtp.stop()
        webhook.stop()
