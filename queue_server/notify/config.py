"""The hall file's notification settings: `[[notify]]` channels, `remind`, `contact_days`.

Read from the same TOML file as the hall, by this package, so the hall model stays about
the hall. Bad entries fail at start with the file, the entry and the fix, like the rest of
the hall file. Secrets never live here: an SMTP password comes from
`ANTRE_SMTP_PASSWORD_FILE` (or `ANTRE_SMTP_PASSWORD`), see docs/notify.md.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from queue_core.errors import ConfigError

DEFAULT_REMIND = ("-1d 16:00", "-60m")
DEFAULT_CONTACT_DAYS = 30
_DAY_BEFORE = re.compile(r"^-(\d{1,2})d (\d{2}):(\d{2})$")
_BEFORE = re.compile(r"^-(\d{1,4})([mh])$")


@dataclass(frozen=True)
class Channel:
    name: str
    """As sent in a webhook's `channel` and shown to staff (`email`, `whatsapp`, …)."""
    kind: str
    """`smtp` (to an email address) or `webhook` (to a phone number)."""
    url: str
    """For a webhook, the http(s) URL posted to; for smtp, the smtp:// URL as written."""
    host: str = ""
    port: int = 0
    user: str | None = None
    sender: str = ""
    """The From address of emails."""
    tls: str = "starttls"
    """smtp: `starttls` (when the server offers it), `tls` (smtps://, implicit) or `none`."""

    @property
    def takes(self) -> str:
        """Which contact field this channel sends to."""
        return "email" if self.kind == "smtp" else "phone"


@dataclass(frozen=True)
class Reminder:
    """When to remind before a booking: `days` before at local `at`, or `minutes` before."""

    spec: str
    days: int = 0
    at: time | None = None
    minutes: int = 0

    def when(self, start: datetime, timezone: str) -> datetime:
        """The moment of this reminder for a booking starting at `start` (aware)."""
        if self.at is not None:
            local = start.astimezone(ZoneInfo(timezone))
            day: date = local.date() - timedelta(days=self.days)
            return datetime.combine(day, self.at, tzinfo=ZoneInfo(timezone))
        return start - timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class NotifyConfig:
    channels: tuple[Channel, ...] = ()
    remind: tuple[Reminder, ...] = ()
    contact_days: int = DEFAULT_CONTACT_DAYS

    def channel(self, name: str) -> Channel | None:
        return next((c for c in self.channels if c.name == name), None)


def load_notify(path: str | Path) -> NotifyConfig:
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return NotifyConfig(remind=_reminders(list(DEFAULT_REMIND), str(path)))
    return parse_notify(raw, str(path))


def parse_notify(raw: Mapping[str, Any], source: str = "<hall>") -> NotifyConfig:
    hall = raw.get("hall", {}) if isinstance(raw.get("hall"), dict) else {}
    remind = hall.get("remind", list(DEFAULT_REMIND))
    if not isinstance(remind, list) or not all(isinstance(r, str) for r in remind):
        raise ConfigError(
            f"{source}: [hall] remind must be a list of texts. "
            'Fix: e.g. remind = ["-1d 16:00", "-60m"]'
        )
    days = hall.get("contact_days", DEFAULT_CONTACT_DAYS)
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 366:
        raise ConfigError(
            f"{source}: [hall] contact_days must be a whole number of days from 1 to 366. "
            "Fix: e.g. contact_days = 30"
        )
    entries = raw.get("notify", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{source}: notify must be [[notify]] entries. Fix: use [[notify]]")
    channels: list[Channel] = []
    for index, entry in enumerate(entries, 1):
        channel = _channel(entry, f"{source}: [[notify]] #{index}")
        if any(c.name == channel.name for c in channels):
            raise ConfigError(
                f"{source}: [[notify]] #{index}: the name {channel.name!r} is used twice. "
                'Fix: give each channel its own name = "…"'
            )
        channels.append(channel)
    return NotifyConfig(tuple(channels), _reminders(remind, source), days)


def _reminders(specs: list[str], source: str) -> tuple[Reminder, ...]:
    out = []
    for spec in specs:
        if m := _DAY_BEFORE.match(spec):
            hours, minutes = int(m[2]), int(m[3])
            if hours > 23 or minutes > 59:
                raise _bad_reminder(source, spec)
            out.append(Reminder(spec, days=int(m[1]), at=time(hours, minutes)))
        elif m := _BEFORE.match(spec):
            amount = int(m[1]) * (60 if m[2] == "h" else 1)
            out.append(Reminder(spec, minutes=amount))
        else:
            raise _bad_reminder(source, spec)
    return tuple(out)


def _bad_reminder(source: str, spec: str) -> ConfigError:
    return ConfigError(
        f"{source}: [hall] remind: {spec!r} is not a reminder time. Fix: write "
        '"-1d 16:00" (the day before at 16:00), "-60m" or "-2h" (before the booked time)'
    )


def _channel(entry: Any, where: str) -> Channel:
    if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
        raise ConfigError(f'{where}: url is missing. Fix: url = "smtp://user@host:587"')
    url: str = entry["url"]
    if "password" in entry or "token" in entry:
        raise ConfigError(
            f"{where}: secrets do not belong in the hall file. Fix: remove it and set "
            "ANTRE_SMTP_PASSWORD_FILE (docs/notify.md)"
        )
    parts = urlsplit(url)
    if parts.password is not None:
        raise ConfigError(
            f"{where}: the url holds a password. Fix: write smtp://user@host:port and put "
            "the password in the file named by ANTRE_SMTP_PASSWORD_FILE"
        )
    if parts.scheme in ("smtp", "smtps"):
        if not parts.hostname:
            raise ConfigError(f"{where}: no host in {url!r}. Fix: smtp://user@host:587")
        tls = "tls" if parts.scheme == "smtps" else str(entry.get("tls", "starttls"))
        if tls not in ("starttls", "tls", "none"):
            raise ConfigError(f'{where}: tls must be "starttls", "tls" or "none"')
        port = parts.port or (465 if parts.scheme == "smtps" else 587)
        user = parts.username or None
        sender = str(entry.get("from") or (f"{user}@{parts.hostname}" if user else ""))
        if "@" not in sender:
            raise ConfigError(f'{where}: no From address. Fix: from = "antrean@mpp.example.go.id"')
        return Channel(
            name=str(entry.get("name", "email")),
            kind="smtp",
            url=url,
            host=parts.hostname,
            port=port,
            user=user,
            sender=sender,
            tls=tls,
        )
    if parts.scheme in ("webhook+https", "webhook+http"):
        target = url.removeprefix("webhook+")
        if not urlsplit(target).hostname:
            raise ConfigError(f"{where}: no host in {url!r}. Fix: webhook+https://host/path")
        return Channel(name=str(entry.get("name", "webhook")), kind="webhook", url=target)
    raise ConfigError(
        f"{where}: {url!r} is not a channel Antre knows. Fix: use smtp://user@host:port, "
        "smtps://…, webhook+https://… or webhook+http://…"
    )
