"""The hall's configuration in the database: seeded once from the hall file, then changed
by admins (console, REST, `antre hall import`) and swapped live (docs/hall-admin.md).

The canonical form is the hall TOML document itself (the table `tomllib` reads from the
hall file), stored as TOML text written by tomli-w. Nothing here lists the file's
fields: a document round-trips whatever it holds, and the one judge of it is
`queue_core.hall.hall_from_document` (plus the notification settings' own parser), so a
bad console change is refused with the very message a bad hall file gets at start.
"""

from __future__ import annotations

import copy
import logging
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, Protocol

import tomli_w

from queue_core.errors import ConfigError, DomainError, ValidationFailed
from queue_core.events import HallChanged, iso
from queue_core.hall import Hall, hall_from_document, read_hall_document
from queue_server import booking_actions
from queue_server.actions import Tx
from queue_server.notify.config import NotifyConfig, parse_notify
from queue_server.settings import Settings
from queue_server.store import audit as audit_rows
from queue_server.store import connect
from queue_server.store import counters as counter_rows
from queue_server.store import hall_config as rows

log = logging.getLogger("antre.hall")
SOURCE = "hall configuration"
"""How messages name a document that comes from the database or the console (a file's
messages name the file)."""
PATH_KEYS = ("logo", "media_dir")
"""[hall] entries that name files beside the hall file: made absolute when a file is
stored, so the stored document means the same wherever it is exported to."""
Document = dict[str, Any]


class VersionConflict(DomainError):
    """The change was made against a version that is no longer the stored one."""

    code = "version_conflict"
    status = 409


@dataclass(frozen=True)
class Changed:
    version: int
    document: Document
    """As JSON (dates as ISO text)."""


# --- the document ------------------------------------------------------------------------


def to_toml(document: Document, source: str = SOURCE) -> str:
    """The document's one text form (deterministic: the same document, the same bytes)."""
    try:
        return tomli_w.dumps(document)
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"{source}: it cannot be written as TOML ({exc}). Fix: use texts, numbers, "
            "true/false, dates, lists and tables only (null is not a TOML value: leave "
            "the key out)"
        ) from None


def from_toml(text: str) -> Document:
    return tomllib.loads(text)


def anchored(document: Document, base: Path) -> Document:
    """A copy whose relative [hall] logo and media_dir are taken from `base` (the hall
    file's folder), as the server has always read them."""
    result = copy.deepcopy(document)
    top = result.get("hall")
    if isinstance(top, dict):
        for key in PATH_KEYS:
            value = top.get(key)
            if isinstance(value, str) and value.strip() and not Path(value).is_absolute():
                top[key] = str(base.absolute() / value)
    return result


def validate(document: Document, source: str = SOURCE) -> tuple[Hall, NotifyConfig]:
    """The hall and notification settings the document describes, or ConfigError with
    the hall file's message. It must also survive being written as TOML."""
    hall = hall_from_document(document, source)
    notify = parse_notify(document, source)
    to_toml(document, source)
    return hall, notify


def refused(error: ConfigError) -> ValidationFailed:
    """A bad change as an API error: the hall file's message, untouched, in both fields
    (the Indonesian one says first what happened)."""
    return ValidationFailed(f"Perubahan ditolak, konfigurasi mal tidak sah: {error}", str(error))


def jsonable(value: Any) -> Any:
    """TOML's dates and times as ISO text, for JSON answers and audit entries."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def read_file(path: Path) -> Document:
    """A hall file's document with its paths anchored, validated (ConfigError naming the
    file otherwise)."""
    document = anchored(read_hall_document(path), path.parent)
    validate(document, str(path))
    return document


# --- start-up ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AtStart:
    hall: Hall
    notify: NotifyConfig
    version: int


def at_start(settings: Settings) -> AtStart:
    """The hall the server runs: the stored one, or on the first start the hall file
    (`--hall`, ANTRE_HALL, else the sample) stored as version 1. An explicit hall file
    that differs from the stored hall is ignored, with one line saying so."""
    database = connect(settings.db, durable=settings.durable)
    conn = database.conn
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            stored = rows.current(conn)
            if stored is None:
                document = read_file(settings.hall)
                hall, notify = validate(document, str(settings.hall))
                rows.save(conn, to_toml(document), 1, iso(datetime.now(UTC)), announced=1)
                conn.execute("COMMIT")
                log.info("hall configuration stored from %s (version 1)", settings.hall)
                return AtStart(hall, notify, 1)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()
    try:
        hall, notify = validate(from_toml(stored.document), f"{SOURCE} (version {stored.version})")
    except ConfigError as exc:  # stored by an older version with laxer rules, say
        raise ConfigError(
            f"{exc}. The hall lives in the database: `antre hall export > hall.toml`, "
            "correct it, then `antre hall import hall.toml`"
        ) from None
    if "hall" in settings.model_fields_set:
        _say_if_ignored(settings.hall, stored)
    return AtStart(hall, notify, stored.version)


def _say_if_ignored(path: Path, stored: rows.StoredHall) -> None:
    try:
        same = anchored(read_hall_document(path), path.parent) == from_toml(stored.document)
    except ConfigError:
        same = False
    if not same:
        log.warning(
            "hall file %s differs from the hall configuration in the database (version %d), "
            "which is the one used: the file is ignored. To use the file, run "
            "`antre hall import %s`",
            path,
            stored.version,
            path,
        )


# --- changes, in the writer's transaction ------------------------------------------------

Edit = Callable[[Document], tuple[Any, Any]]
"""Changes the document in place; returns what the audit entry shows as before and after."""


class HallHolder(Protocol):
    """What the writer action swaps: an object with a `hall` (the Writer)."""

    hall: Hall


def change(
    tx: Tx,
    holder: HallHolder,
    edit: Edit,
    *,
    actor: str,
    action: str,
    target: str,
    expected: int | None = None,
) -> Changed:
    """One admin change, whole in one transaction: the edit on the stored document, the
    check (a bad change raises ValidationFailed with the hall file's message and leaves
    everything as it was), the new version, its audit entry, `hall.changed`, and the
    writer's hall swapped for the next action."""
    stored = rows.current(tx.conn)
    assert stored is not None, "seeded at start"
    if expected is not None and expected != stored.version:
        raise VersionConflict(
            f"Konfigurasi mal sudah diubah (versi {stored.version}, bukan {expected}). "
            "Muat ulang lalu ulangi perubahan Anda.",
            f"The hall configuration has changed since you read it (now version "
            f"{stored.version}, not {expected}). Reload it and make your change again.",
        )
    document = from_toml(stored.document)
    before, after = edit(document)
    try:
        text = to_toml(document)
        # Read back from its text: what is checked is exactly what is stored.
        hall, _ = validate(from_toml(text))
    except ConfigError as exc:
        raise refused(exc) from None
    version = stored.version + 1
    rows.save(tx.conn, text, version, iso(tx.now), announced=stored.announced)
    audit_rows.append(
        tx.conn, iso(tx.now), actor, action, target, jsonable(before), jsonable(after)
    )
    swap(tx, holder, hall, version)
    return Changed(version, jsonable(from_toml(text)))


def announce_stored(tx: Tx, holder: HallHolder) -> int | None:
    """A version stored beside the server (`antre hall import` while it runs, or while it
    was stopped) and not yet announced: swap it in and announce it. None when there is
    nothing new."""
    stored = rows.current(tx.conn)
    if stored is None or stored.announced >= stored.version:
        return None
    hall, _ = validate(from_toml(stored.document), f"{SOURCE} (version {stored.version})")
    swap(tx, holder, hall, stored.version)
    return stored.version


def swap(tx: Tx, holder: HallHolder, hall: Hall, version: int) -> None:
    """Counters' rows for new counters, bookings flagged on days the new hall no longer
    opens (a holiday added), the event, and last the writer's hall (nothing after it can
    fail, so a refused change never leaves a half-swapped writer)."""
    counter_rows.sync_config(tx.conn, hall.counters)
    booking_actions.flag_affected(replace(tx, hall=hall))
    tx.emit([HallChanged(tx.now, version)])
    rows.mark_announced(tx.conn, version)
    tx.memo.clear()  # the batch's ETA inputs may come from the old hall
    tx.days.clear()
    holder.hall = hall


def stored_hall(conn: Any) -> Hall | None:
    """The hall stored in the database (None before the first start)."""
    stored = rows.current(conn)
    if stored is None:
        return None
    return validate(from_toml(stored.document), f"{SOURCE} (version {stored.version})")[0]


def stored_notify(conn: Any) -> NotifyConfig | None:
    """The notification settings of the stored document (None before the first start)."""
    stored = rows.current(conn)
    if stored is None:
        return None
    return validate(from_toml(stored.document))[1]
