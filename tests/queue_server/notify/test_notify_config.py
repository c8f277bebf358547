"""The hall file's `[[notify]]`, `remind` and `contact_days`: good entries read, bad ones
refused at start with the fix, secrets refused in the file."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from queue_core.errors import ConfigError
from queue_server.notify.config import parse_notify


def test_channels_reminders_and_retention_are_read() -> None:
    config = parse_notify(
        {
            "hall": {"remind": ["-1d 16:00", "-2h"], "contact_days": 14},
            "notify": [
                {"url": "smtp://antrean@mail.example.go.id:2525"},
                {"url": "webhook+https://wa.example/send", "name": "whatsapp"},
            ],
        }
    )
    email, wa = config.channels
    assert (email.kind, email.host, email.port, email.sender) == (
        "smtp",
        "mail.example.go.id",
        2525,
        "antrean@mail.example.go.id",
    )
    assert (wa.kind, wa.url, wa.takes) == ("webhook", "https://wa.example/send", "phone")
    start = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # 10:00 WIB
    assert [r.when(start, "Asia/Jakarta").astimezone(UTC).hour for r in config.remind] == [9, 1]
    assert config.contact_days == 14


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ({"notify": [{"url": "smtp://u:secret@mail.example:587"}]}, "holds a password"),
        ({"notify": [{"url": "smtp://u@mail.example", "password": "x"}]}, "secrets do not"),
        ({"notify": [{"url": "ftp://mail.example"}]}, "not a channel"),
        ({"notify": [{"url": "smtp://mail.example"}]}, "no From address"),
        ({"hall": {"remind": ["besok"]}}, "not a reminder time"),
        ({"hall": {"contact_days": 0}}, "contact_days"),
        (
            {"notify": [{"url": "webhook+http://a.example"}, {"url": "webhook+http://b.example"}]},
            "used twice",
        ),
    ],
)
def test_a_bad_entry_is_refused_with_its_fix(raw: dict, words: str) -> None:
    with pytest.raises(ConfigError, match=words) as caught:
        parse_notify(raw, "hall.toml")
    assert "Fix:" in str(caught.value)
