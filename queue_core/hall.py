"""Hall configuration: the model and its validation.

A hall is configured by one TOML file. Bad configuration must fail at start with a message
that names the file, the entry and the fix, because the person reading it is the hall's IT
person at 7:45 in the morning, not a developer.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any

from queue_core.booking import BookingPlan, BookingRules
from queue_core.calendar import Calendar
from queue_core.complaint import Clock as ComplaintClock
from queue_core.complaint import parse_clock
from queue_core.errors import ConfigError

TIMEZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PREFIX = re.compile(r"^[A-Z]{1,2}$")
_NAME_NUMBER = re.compile(r"(\d+)\s*$")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
DEFAULT_MEDIA_SECONDS = 8.0
MEDIA_SECONDS = (1, 3600)
"""How long each board picture stays: the bounds of `antre display --media-seconds`."""


@dataclass(frozen=True)
class Agency:
    id: str
    name: str
    short: str


@dataclass(frozen=True)
class Service:
    id: str
    agency_id: str
    prefix: str
    name: str
    name_en: str
    requirements: tuple[str, ...]
    minutes: float
    quota: int | None
    opens: time
    closes: time
    nik_required: bool
    max_wait_minutes: float
    booking: BookingPlan | None = None
    """Its booking plan (queue_core/hall_booking.py), None when it takes no bookings."""
    dossier_days: int | None = None
    """Working days to finish what the citizen leaves (a dossier, queue_core/dossier.py);
    None when the service opens no dossiers."""
    target_wait_minutes: float = 30.0
    """The wait the reports measure against (`within_target_pct`, docs/reports.md)."""
    pickup: bool = False
    """The agency's pickup (pengambilan berkas) line: a citizen whose dossier is ready
    takes its ticket by scanning the visit's QR at the kiosk (docs/dossiers.md), so
    collecting does not wait behind new applications. At most one per agency."""


@dataclass(frozen=True)
class Counter:
    id: int
    name: str
    agency_id: str
    service_ids: tuple[str, ...]
    zone: str


@dataclass(frozen=True)
class Hall:
    name: str
    timezone: str
    opens: time
    closes: time
    priority_streak: int
    nik_daily_limit: int
    max_wait_minutes: float
    running_text: str
    agencies: tuple[Agency, ...]
    services: tuple[Service, ...]
    counters: tuple[Counter, ...]
    running_text_en: str = ""
    """The running text in English, for screens shown in English ("" when the hall has
    none: they then show a plain welcome rather than the Indonesian text)."""
    logo: Path | None = None
    """The hall's logo for the boards' header, resolved against the hall file's folder.
    Whether it exists is judged when it is served: a missing file means no logo."""
    media_dir: Path | None = None
    """A folder of pictures the boards show in turn (read when served: it may be empty,
    or appear later)."""
    media_seconds: float = DEFAULT_MEDIA_SECONDS
    calendar: Calendar = field(default_factory=Calendar)
    booking_rules: BookingRules = field(default_factory=BookingRules)
    complaint_clock: ComplaintClock = field(default_factory=ComplaintClock)
    _service_index: dict[str, Service] = field(default_factory=dict, repr=False, compare=False)
    _counter_index: dict[int, Counter] = field(default_factory=dict, repr=False, compare=False)
    _serving: dict[str, tuple[Counter, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self._service_index.update({s.id: s for s in self.services})
        self._counter_index.update({c.id: c for c in self.counters})
        for s in self.services:
            self._serving[s.id] = tuple(c for c in self.counters if s.id in c.service_ids)

    def service(self, service_id: str) -> Service | None:
        return self._service_index.get(service_id)

    def counter(self, counter_id: int) -> Counter | None:
        return self._counter_index.get(counter_id)

    def is_open(self, service: Service, clock: time) -> bool:
        """Whether the service takes tickets at this local time ("24:00" closes at midnight)."""
        return service.opens <= clock and (clock < service.closes or service.closes == time.max)

    def counters_serving(self, service_id: str) -> tuple[Counter, ...]:
        return self._serving.get(service_id, ())

    def pickup_service(self, agency_id: str) -> Service | None:
        """The agency's pickup line (`pickup = true`), None when it has none."""
        return next((s for s in self.services if s.pickup and s.agency_id == agency_id), None)


class _Reader:
    """Reads one table of the file and words every complaint the same way."""

    def __init__(self, source: str, entry: str, table: Mapping[str, Any]) -> None:
        self.source, self.entry, self.table = source, entry, table

    def fail(self, problem: str, fix: str) -> ConfigError:
        return ConfigError(f"{self.source}: {self.entry}: {problem}. Fix: {fix}")

    def get(
        self, key: str, kind: type | tuple[type, ...], default: Any = ..., fix: str = ""
    ) -> Any:
        if key not in self.table:
            if default is ...:
                raise self.fail(f"'{key}' is missing", fix or f"add {key} = ... to this entry")
            return default
        value = self.table[key]
        # bool is an int in Python; a quota of `true` is a mistake, not 1.
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            raise self.fail(f"'{key}' must not be true/false", fix or f"give {key} a proper value")
        if not isinstance(value, kind):
            names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            raise self.fail(
                f"'{key}' must be a {names}, not {value!r}", fix or f"write {key} as a {names}"
            )
        return value

    def text(self, key: str, default: Any = ...) -> str:
        value = self.get(key, str, default)
        if value is not default and not value.strip():
            raise self.fail(f"'{key}' is empty", f"write the {key}")
        return str(value)

    def clock(self, value: Any, what: str) -> time:
        if not isinstance(value, str) or not _HHMM.match(value):
            raise self.fail(f"{what} {value!r} is not a time", 'write it as "HH:MM", e.g. "08:00"')
        if value == "24:00":
            return time.max
        hours, minutes = value.split(":")
        return time(int(hours), int(minutes))


def load_hall(path: str | Path) -> Hall:
    """Read and validate a hall file; raise ConfigError naming file, entry and fix."""
    path = Path(path)
    return hall_from_document(read_hall_document(path), str(path), base=path.parent)


def read_hall_document(path: str | Path) -> dict[str, Any]:
    """The hall file as the TOML document it holds (not yet validated)."""
    path = Path(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: file not found. Fix: pass --hall with an existing file"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}). Fix: correct the syntax") from None


def hall_from_document(
    document: Mapping[str, Any], source_name: str, base: Path | None = None
) -> Hall:
    """The hall a document describes, validated: the one check for a hall file, an import
    and a change made in the console, so all three give the same message."""
    return parse_hall(document, source=source_name, base=base)


def parse_hall(raw: Mapping[str, Any], source: str = "<hall>", base: Path | None = None) -> Hall:
    """Validate a parsed hall file; relative `logo` and `media_dir` are taken from `base`
    (the hall file's folder), or as they are without it."""
    top = _Reader(
        source, "[hall]", raw.get("hall", {}) if isinstance(raw.get("hall"), dict) else {}
    )
    if "hall" not in raw:
        raise top.fail("the [hall] table is missing", "add [hall] with name and timezone")
    name = top.text("name")
    timezone = top.text("timezone")
    if timezone not in TIMEZONES:
        raise top.fail(
            f"timezone {timezone!r} is not an Indonesian hall zone",
            f"use one of {', '.join(TIMEZONES)}",
        )
    opens = top.clock(top.get("opens", str, "08:00"), "opens")
    closes = top.clock(top.get("closes", str, "16:00"), "closes")
    if closes <= opens:
        raise top.fail("closes is not after opens", "make closes later than opens")
    streak = top.get("priority_streak", int, 2)
    limit = top.get("nik_daily_limit", int, 2)
    max_wait = top.get("max_wait_minutes", (int, float), 90)
    if streak < 1 or limit < 1 or max_wait <= 0:
        raise top.fail(
            "priority_streak, nik_daily_limit and max_wait_minutes must be positive",
            "use numbers of 1 or more",
        )

    running_text = str(top.get("running_text", str, ""))
    running_text_en = top.text("running_text_en", "")
    if running_text_en and not running_text:
        raise top.fail(
            "running_text_en is set but running_text is not",
            "add running_text (Indonesian comes first) or remove running_text_en",
        )

    logo, media_dir, media_seconds = _board_pictures(top, base)
    from queue_core import hall_booking  # it reads with _Reader, defined above

    calendar = hall_booking.parse_calendar(top, raw, source)
    booking_rules = hall_booking.parse_rules(top)
    complaint_clock = parse_clock(top.table.get("complaints"), source)

    agencies = _agencies(raw, source)
    agency_ids = {a.id for a in agencies}
    services = _services(raw, source, agency_ids, opens, closes, float(max_wait))
    counters = _counters(raw, source, {s.id: s for s in services})
    served = {sid for c in counters for sid in c.service_ids}
    for service in services:
        if service.id not in served:
            raise ConfigError(
                f"{source}: service {service.id!r}: no counter serves it. "
                f"Fix: add {service.id!r} to the services of a counter of agency {service.agency_id!r}"
            )
    return Hall(
        name=name,
        timezone=timezone,
        opens=opens,
        closes=closes,
        priority_streak=streak,
        nik_daily_limit=limit,
        max_wait_minutes=float(max_wait),
        running_text=running_text,
        running_text_en=running_text_en,
        logo=logo,
        media_dir=media_dir,
        media_seconds=media_seconds,
        calendar=calendar,
        booking_rules=booking_rules,
        complaint_clock=complaint_clock,
        agencies=agencies,
        services=services,
        counters=counters,
    )


def _board_pictures(top: _Reader, base: Path | None) -> tuple[Path | None, Path | None, float]:
    """The boards' logo, picture folder and seconds per picture. Only their form is checked
    here: the files may come later, and a board without them simply shows none."""
    logo_text = top.text("logo", "")
    if logo_text and not logo_text.lower().endswith(LOGO_SUFFIXES):
        raise top.fail(
            f"logo {logo_text!r} is not a PNG, JPEG or SVG file",
            'name a .png, .jpg or .svg file, e.g. logo = "logo.svg"',
        )
    media_text = top.text("media_dir", "")
    low, high = MEDIA_SECONDS
    seconds = top.get("media_seconds", (int, float), None)
    if seconds is not None:
        if not media_text:
            raise top.fail(
                "media_seconds is set but media_dir is not",
                'add media_dir = "folder of pictures" or remove media_seconds',
            )
        if not low <= seconds <= high:
            raise top.fail(
                f"media_seconds {seconds!r} is out of range",
                f"use seconds from {low} to {high}, e.g. media_seconds = 8",
            )

    def place(text: str) -> Path | None:
        if not text:
            return None
        return base / text if base is not None else Path(text)

    return (
        place(logo_text),
        place(media_text),
        float(DEFAULT_MEDIA_SECONDS if seconds is None else seconds),
    )


def _entries(raw: Mapping[str, Any], key: str, source: str) -> list[Mapping[str, Any]]:
    entries = raw.get(key, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ConfigError(
            f"{source}: [[{key}]] must be an array of tables. Fix: write each as [[{key}]]"
        )
    if not entries:
        raise ConfigError(f"{source}: no [[{key}]] entries. Fix: add at least one [[{key}]]")
    return entries


def _slug(reader: _Reader, seen: set[str]) -> str:
    ident = reader.text("id")
    if not _SLUG.match(ident):
        raise reader.fail(f"id {ident!r} is not a slug", "use lowercase letters, digits and '-'")
    if ident in seen:
        raise reader.fail(f"id {ident!r} is used twice", "give every entry its own id")
    seen.add(ident)
    return ident


def _agencies(raw: Mapping[str, Any], source: str) -> tuple[Agency, ...]:
    seen: set[str] = set()
    result = []
    for i, entry in enumerate(_entries(raw, "agencies", source), 1):
        reader = _Reader(source, f"agency #{i} ({entry.get('id', '?')})", entry)
        ident = _slug(reader, seen)
        name = reader.text("name")
        result.append(Agency(ident, name, reader.text("short", name)))
    return tuple(result)


def _services(
    raw: Mapping[str, Any],
    source: str,
    agencies: set[str],
    opens: time,
    closes: time,
    max_wait: float,
) -> tuple[Service, ...]:
    from queue_core import hall_booking

    seen: set[str] = set()
    prefixes: dict[str, str] = {}
    pickups: dict[str, str] = {}
    result = []
    for i, entry in enumerate(_entries(raw, "services", source), 1):
        reader = _Reader(source, f"service #{i} ({entry.get('id', '?')})", entry)
        ident = _slug(reader, seen)
        agency = reader.text("agency")
        if agency not in agencies:
            raise reader.fail(
                f"agency {agency!r} is not defined", "add it under [[agencies]] or fix the id"
            )
        prefix = reader.text("prefix")
        if not _PREFIX.match(prefix):
            raise reader.fail(
                f"prefix {prefix!r} is not 1-2 capital letters", 'use e.g. prefix = "A"'
            )
        if prefix in prefixes:
            raise reader.fail(
                f"prefix {prefix!r} is already used by service {prefixes[prefix]!r}",
                "give every service its own prefix",
            )
        if "I" in prefix or "O" in prefix:
            # On a board or a thermal ticket "I001" reads as 1001 and "O12" as 012.
            raise reader.fail(
                f"prefix {prefix!r} has I or O, which citizens read as 1 or 0",
                "choose other letters (two letters are fine, e.g. PK)",
            )
        prefixes[prefix] = ident
        requirements = reader.get("requirements", list, [])
        if not all(isinstance(r, str) and r.strip() for r in requirements):
            raise reader.fail(
                "requirements must be a list of non-empty texts", 'write requirements = ["..."]'
            )
        minutes = reader.get(
            "minutes", (int, float), fix="add minutes = typical minutes at the counter"
        )
        if minutes <= 0:
            raise reader.fail(
                "minutes must be positive", "use the typical minutes at the counter, e.g. 10"
            )
        quota = reader.get("quota", int, None)
        if quota is not None and quota < 1:
            raise reader.fail("quota must be 1 or more", "remove quota for no limit")
        hours = reader.get("hours", list, None)
        s_opens, s_closes = opens, closes
        if hours is not None:
            if len(hours) != 2:
                raise reader.fail("hours must be two times", 'write hours = ["08:00", "14:00"]')
            s_opens, s_closes = reader.clock(hours[0], "hours"), reader.clock(hours[1], "hours")
            if s_closes <= s_opens:
                raise reader.fail("hours end before they begin", "make the second time later")
        wait = reader.get("max_wait_minutes", (int, float), max_wait)
        if wait <= 0:
            raise reader.fail("max_wait_minutes must be positive", "use minutes, e.g. 60")
        dossier_days = reader.get("dossier_days", int, None)
        if dossier_days is not None and not 1 <= dossier_days <= 365:
            raise reader.fail(
                f"dossier_days must be from 1 to 365 working days, not {dossier_days}",
                "e.g. dossier_days = 14, or remove it when the service opens no dossiers",
            )
        target = reader.get("target_wait_minutes", (int, float), 30)
        if target <= 0:
            raise reader.fail("target_wait_minutes must be positive", "use minutes, e.g. 30")
        pickup = bool(reader.get("pickup", bool, False))
        booking = hall_booking.parse_plan(reader, entry, s_opens, s_closes)
        if pickup:
            _check_pickup(reader, agency, pickups, dossier_days, booking)
        result.append(
            Service(
                id=ident,
                agency_id=agency,
                prefix=prefix,
                name=reader.text("name"),
                name_en=reader.text("name_en"),
                requirements=tuple(requirements),
                minutes=float(minutes),
                quota=quota,
                opens=s_opens,
                closes=s_closes,
                nik_required=bool(reader.get("nik_required", bool, False)),
                max_wait_minutes=float(wait),
                booking=booking,
                dossier_days=dossier_days,
                target_wait_minutes=float(target),
                pickup=pickup,
            )
        )
    return tuple(result)


def _check_pickup(
    reader: _Reader,
    agency: str,
    pickups: dict[str, str],
    dossier_days: int | None,
    booking: object,
) -> None:
    """A pickup line is where ready dossiers are collected: one per agency (the kiosk
    must know which line a ready dossier goes to), and it neither opens dossiers nor
    takes bookings (nobody books a time to collect what is not ready yet)."""
    ident = reader.table.get("id")
    if agency in pickups:
        raise reader.fail(
            f"agency {agency!r} already has a pickup service ({pickups[agency]!r})",
            "keep pickup = true on one service of each agency",
        )
    if dossier_days is not None or booking is not None:
        raise reader.fail(
            "a pickup service cannot also have dossier_days or booking",
            "remove them from this service, or remove pickup = true",
        )
    pickups[agency] = str(ident)


def _counters(
    raw: Mapping[str, Any], source: str, services: dict[str, Service]
) -> tuple[Counter, ...]:
    seen: set[int] = set()
    result = []
    for i, entry in enumerate(_entries(raw, "counters", source), 1):
        reader = _Reader(source, f"counter #{i} ({entry.get('id', '?')})", entry)
        ident = reader.get("id", int, fix="give the counter its loket number, e.g. id = 3")
        if ident < 1 or ident in seen:
            raise reader.fail(
                f"id {ident} is below 1 or used twice", "give every counter its own loket number"
            )
        seen.add(ident)
        agency = reader.text("agency")
        service_ids = reader.get("services", list)
        if not service_ids:
            raise reader.fail("services is empty", "list the service ids this counter serves")
        for sid in service_ids:
            service = services.get(sid) if isinstance(sid, str) else None
            if service is None:
                raise reader.fail(f"service {sid!r} is not defined", "use an id from [[services]]")
            if service.agency_id != agency:
                raise reader.fail(
                    f"service {sid!r} belongs to agency {service.agency_id!r}, not {agency!r}",
                    "a counter serves only its own agency's services",
                )
        name = reader.text("name", f"Loket {ident}")
        shown = _NAME_NUMBER.search(name)
        # The voice says "loket" and the id; the board shows the name. A name with another
        # number ("Loket 12" for id 3) would send the citizen to the wrong counter, and one
        # with none leaves the voice saying a number nobody sees.
        if shown is None or int(shown.group(1)) != ident:
            raise reader.fail(
                f"name {name!r} does not end with the loket number {ident}",
                f'the board shows the name and the voice says the id: name = "Loket {ident}"',
            )
        result.append(
            Counter(
                id=ident,
                name=name,
                agency_id=agency,
                service_ids=tuple(service_ids),
                zone=reader.text("zone", "main"),
            )
        )
    return tuple(result)
