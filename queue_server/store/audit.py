"""The audit log's rows and its hash chain (docs/reports.md, "The audit log")."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any

GENESIS = "0" * 64
"""The prev_hash of the first entry."""


def entry_hash(
    prev_hash: str,
    seq: int,
    at: str,
    actor: str,
    action: str,
    target: str,
    before: str | None,
    after: str | None,
) -> str:
    """SHA-256 over the previous hash and every column, as one canonical JSON array: the
    seq is inside, so renumbering rows breaks the chain too."""
    body = json.dumps(
        [prev_hash, seq, at, actor, action, target, before, after],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode()).hexdigest()


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def append(
    conn: sqlite3.Connection,
    at: str,
    actor: str,
    action: str,
    target: str,
    before: Any,
    after: Any,
) -> int:
    """Add an entry inside the caller's (the writer's) transaction; the chain's tail is
    read in the same transaction, so two entries never claim the same predecessor."""
    row = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (int(row[0]) + 1, str(row[1])) if row else (1, GENESIS)
    b, a = _json(before), _json(after)
    digest = entry_hash(prev, seq, at, actor, action, target, b, a)
    conn.execute(
        "INSERT INTO audit_log (seq, at, actor, action, target, before, after, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, at, actor, action, target, b, a, prev, digest),
    )
    return seq


def page(
    conn: sqlite3.Connection, first: str, last: str, after: int, limit: int
) -> list[dict[str, Any]]:
    """Entries with first <= at < last (ISO strings), oldest first, after seq `after`."""
    rows = conn.execute(
        "SELECT seq, at, actor, action, target, before, after FROM audit_log"
        " WHERE at >= ? AND at < ? AND seq > ? ORDER BY seq LIMIT ?",
        (first, last, after, limit),
    )
    return [
        {
            "seq": s,
            "at": at,
            "actor": actor,
            "action": action,
            "target": target,
            "before": None if b is None else json.loads(b),
            "after": None if a is None else json.loads(a),
        }
        for s, at, actor, action, target, b, a in rows
    ]


def first_broken(conn: sqlite3.Connection) -> tuple[int, str] | None:
    """Walk the chain: the first entry that does not follow from its predecessor (seq and
    the reason), or None when the whole chain holds."""
    prev_seq, prev_hash = 0, GENESIS
    rows = conn.execute(
        "SELECT seq, at, actor, action, target, before, after, prev_hash, hash"
        " FROM audit_log ORDER BY seq"
    )
    for seq, at, actor, action, target, b, a, stored_prev, stored in rows:
        if seq != prev_seq + 1:
            return seq, f"entries {prev_seq + 1}–{seq - 1} are missing"
        if stored_prev != prev_hash:
            return (
                seq,
                "its prev_hash is not the previous entry's hash (an entry was removed or changed)",
            )
        if entry_hash(stored_prev, seq, at, actor, action, target, b, a) != stored:
            return seq, "its content does not match its hash (the entry was edited)"
        prev_seq, prev_hash = seq, stored
    return None


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def search(
    conn: sqlite3.Connection,
    first: str,
    last: str,
    actor: str,
    text: str,
    before_seq: int,
    limit: int,
) -> list[dict[str, Any]]:
    """The console's view: entries with first <= at < last whose actor contains `actor`
    and whose action or target contains `text` (case-insensitive, both may be empty),
    newest first, below seq `before_seq` (0: from the newest)."""
    rows = conn.execute(
        "SELECT seq, at, actor, action, target, before, after FROM audit_log"
        " WHERE at >= ? AND at < ? AND (? = 0 OR seq < ?)"
        " AND instr(lower(actor), lower(?)) > 0"
        " AND (instr(lower(action), lower(?)) > 0 OR instr(lower(target), lower(?)) > 0)"
        " ORDER BY seq DESC LIMIT ?",
        (first, last, before_seq, before_seq, actor, text, text, limit),
    )
    return [
        {
            "seq": s,
            "at": at,
            "actor": actor_,
            "action": action,
            "target": target,
            "before": None if b is None else json.loads(b),
            "after": None if a is None else json.loads(a),
        }
        for s, at, actor_, action, target, b, a in rows
    ]
