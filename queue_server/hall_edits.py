"""The console's changes to the hall document, one entry at a time (docs/hall-admin.md).

Each builds an `Edit` for `hall_config.change`: it changes the document in place and
returns what the audit entry shows before and after. Entries are found by their `id`
(holidays by `date`); every other key is the hall file's business, so a key added to the
hall file tomorrow can be changed here today. Whether the result is a hall is judged
afterwards, as a whole, by the hall file's own validation.
"""

from __future__ import annotations

import copy
from typing import Any

from queue_core.errors import NotFound, ValidationFailed
from queue_server.hall_config import Document, Edit

WHAT = {
    "services": ("Layanan", "Service"),
    "agencies": ("Instansi", "Agency"),
    "counters": ("Loket", "Counter"),
    "holidays": ("Hari libur", "Holiday"),
}


def _entries(document: Document, key: str) -> list[Any]:
    entries = document.setdefault(key, [])
    if not isinstance(entries, list):
        raise ValidationFailed(
            f"[[{key}]] di konfigurasi mal bukan daftar tabel.",
            f"[[{key}]] in the hall configuration is not an array of tables.",
        )
    return entries


def _index(document: Document, key: str, ident: object, field: str = "id") -> int:
    for i, entry in enumerate(_entries(document, key)):
        if isinstance(entry, dict) and str(entry.get(field)) == str(ident):
            return i
    word, word_en = WHAT[key]
    raise NotFound(
        f"{word} {ident} tidak ada di mal ini.", f"{word_en} {ident} is not in this hall."
    )


def replace_document(new: Document) -> Edit:
    def edit(document: Document) -> tuple[Any, Any]:
        before = copy.deepcopy(document)
        document.clear()
        document.update(copy.deepcopy(new))
        return before, new

    return edit


def _merge(table: dict[str, Any], changes: dict[str, Any]) -> None:
    """A JSON merge patch of one level: a key set to null is taken out (a quota removed
    means no limit), any other value replaces the key's."""
    for key, value in changes.items():
        if value is None:
            table.pop(key, None)
        else:
            table[key] = copy.deepcopy(value)


def patch_table(key: str, changes: dict[str, Any]) -> Edit:
    """A top-level table, e.g. [hall]."""

    def edit(document: Document) -> tuple[Any, Any]:
        table = document.setdefault(key, {})
        if not isinstance(table, dict):
            raise ValidationFailed(
                f"[{key}] di konfigurasi mal bukan tabel.",
                f"[{key}] in the hall configuration is not a table.",
            )
        before = copy.deepcopy(table)
        _merge(table, changes)
        return before, copy.deepcopy(table)

    return edit


def patch_entry(key: str, ident: object, changes: dict[str, Any]) -> Edit:
    def edit(document: Document) -> tuple[Any, Any]:
        entry = _entries(document, key)[_index(document, key, ident)]
        if "id" in changes and str(changes["id"]) != str(ident):
            raise ValidationFailed(
                "id tidak dapat diubah; tambahkan entri baru lalu hapus yang lama.",
                "The id cannot change; add a new entry and remove the old one.",
            )
        before = copy.deepcopy(entry)
        _merge(entry, changes)
        return before, copy.deepcopy(entry)

    return edit


def add_entry(key: str, entry: dict[str, Any]) -> Edit:
    """Appended as given: a second entry with the same id is refused by the hall file's
    rule ("id … is used twice")."""

    def edit(document: Document) -> tuple[Any, Any]:
        _entries(document, key).append(copy.deepcopy(entry))
        return None, entry

    return edit


def add_service(entry: dict[str, Any], counters: list[int]) -> Edit:
    """A new service, added to the services of `counters` at once (every service needs a
    counter, and a counter may list only services that exist)."""

    def edit(document: Document) -> tuple[Any, Any]:
        _entries(document, "services").append(copy.deepcopy(entry))
        for ident in counters:
            counter = _entries(document, "counters")[_index(document, "counters", ident)]
            served = counter.setdefault("services", [])
            if isinstance(served, list) and entry.get("id") not in served:
                served.append(entry.get("id"))
        return None, {**entry, "counters": counters}

    return edit


def remove_entry(key: str, ident: object, field: str = "id") -> Edit:
    """Taken out. A service removed is also taken off the counters that served it; a
    counter left with none is refused by the hall file's rule."""

    def edit(document: Document) -> tuple[Any, Any]:
        entries = _entries(document, key)
        before = entries.pop(_index(document, key, ident, field))
        if key == "services":
            for counter in document.get("counters", []):
                if isinstance(counter, dict) and isinstance(counter.get("services"), list):
                    counter["services"] = [s for s in counter["services"] if s != ident]
        return before, None

    return edit


def edit_session(
    service_id: str, index: int | None, session: dict[str, Any] | None, was: tuple[str, str]
) -> Edit:
    """One of a service's `[[services.sessions]]`: added (`index` None), changed, or taken
    out (`session` None). `index` counts from 1, as the hall file's messages do ("session
    #2"); `was` is the start and end the form showed, so a form read before someone else
    changed the sessions is refused instead of changing another session than the one seen."""

    def edit(document: Document) -> tuple[Any, Any]:
        entry = _entries(document, "services")[_index(document, "services", service_id)]
        before = copy.deepcopy(entry)
        sessions = entry.setdefault("sessions", [])
        if not isinstance(sessions, list):
            raise ValidationFailed(
                f"sessions layanan {service_id} bukan daftar tabel.",
                f"The sessions of service {service_id} are not an array of tables.",
            )
        if index is None:
            sessions.append(copy.deepcopy(session))
            return before, copy.deepcopy(entry)
        found = sessions[index - 1] if 1 <= index <= len(sessions) else None
        if not isinstance(found, dict) or (found.get("start"), found.get("end")) != was:
            raise NotFound(
                f"Sesi #{index} layanan {service_id} sudah berubah; muat ulang halaman.",
                f"Session #{index} of service {service_id} has changed; reload the page.",
            )
        if session is None:
            sessions.pop(index - 1)
        else:
            sessions[index - 1] = copy.deepcopy(session)
        return before, copy.deepcopy(entry)

    return edit
