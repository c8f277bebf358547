"""The stored hall configuration: one row, its TOML text and versions (docs/hall-admin.md)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class StoredHall:
    version: int
    document: str
    """The hall document as TOML text, exactly what `antre hall export` prints."""
    announced: int
    """The newest version a `hall.changed` event went out for."""
    updated_at: str


def current(conn: sqlite3.Connection) -> StoredHall | None:
    row = conn.execute(
        "SELECT version, document, announced, updated_at FROM hall_config WHERE id = 1"
    ).fetchone()
    return None if row is None else StoredHall(int(row[0]), str(row[1]), int(row[2]), row[3])


def version(conn: sqlite3.Connection) -> int:
    """The stored version (0 before the first start): the running server's one cheap poll."""
    row = conn.execute("SELECT version FROM hall_config WHERE id = 1").fetchone()
    return 0 if row is None else int(row[0])


def save(conn: sqlite3.Connection, document: str, version: int, at: str, *, announced: int) -> None:
    conn.execute(
        "INSERT INTO hall_config (id, version, document, announced, updated_at)"
        " VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version,"
        " document = excluded.document, announced = excluded.announced,"
        " updated_at = excluded.updated_at",
        (version, document, announced, at),
    )


def mark_announced(conn: sqlite3.Connection, version: int) -> None:
    conn.execute("UPDATE hall_config SET announced = ? WHERE id = 1", (version,))
