"""Notifications: the durable outbox, its channels (SMTP, webhook) and encrypted contacts.

See docs/notify.md. `Notifier.build` is called by the runtime (never at import); actions
reach the outbox as `runtime.notify.outbox` passed in as an argument.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from queue_core.errors import ConfigError
from queue_server.nik_keys import NikKeys
from queue_server.notify.config import NotifyConfig, load_notify
from queue_server.notify.contacts import Contact, ContactBox
from queue_server.notify.outbox import Outbox
from queue_server.notify.sender import Sender, SenderSettings
from queue_server.settings import Settings
from queue_server.writer import Writer

__all__ = ["Contact", "Notifier", "NotifyConfig", "Outbox", "Sender"]


@dataclass
class Notifier:
    outbox: Outbox
    sender: Sender

    @classmethod
    def build(
        cls,
        settings: Settings,
        keys: NikKeys,
        reader: sqlite3.Connection,
        writer: Writer,
        clock: Callable[[], datetime],
        config: NotifyConfig | None = None,
    ) -> Notifier:
        config = config if config is not None else load_notify(settings.hall)
        outbox = Outbox(config, ContactBox(keys))
        sender = Sender(
            reader,
            writer,
            outbox,
            clock,
            SenderSettings(
                retry_seconds=settings.notify_retry_seconds,
                max_attempts=settings.notify_max_attempts,
                timeout=settings.notify_timeout_seconds,
                poll_seconds=settings.notify_poll_seconds,
                smtp_password=smtp_password(settings),
            ),
        )
        return cls(outbox, sender)


def smtp_password(settings: Settings) -> str | None:
    """From the file `ANTRE_SMTP_PASSWORD_FILE` (preferred: not in the process's
    environment), else `ANTRE_SMTP_PASSWORD`; never from the hall file."""
    if settings.smtp_password_file is not None:
        try:
            return settings.smtp_password_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(
                f"{settings.smtp_password_file}: cannot read the SMTP password file "
                f"({exc.strerror}). Fix: make it readable by the server's user"
            ) from None
    if settings.smtp_password is not None:
        return settings.smtp_password.get_secret_value()
    return None
