"""The console's menu: one line per section, shown to the roles that may open it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    path: str
    id: str
    en: str
    about_id: str
    about_en: str
    admin_only: bool = False


SECTIONS: tuple[Section, ...] = (
    # Sections add themselves here as they are built (queue_server/console/__init__.py).
    Section(
        "/admin/floor",
        "Lantai layanan",
        "Live floor",
        "Loket dan antrean saat ini, dengan peringatan.",
        "Counters and queues now, with alerts.",
    ),
)


def sections_for(is_admin: bool) -> tuple[Section, ...]:
    return tuple(s for s in SECTIONS if is_admin or not s.admin_only)
