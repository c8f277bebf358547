"""`record`: the one way a person's change enters the audit log, in the change's own
transaction (so a change and its entry commit or roll back together)."""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from typing import Any

from queue_core.events import iso
from queue_server.actions import Tx
from queue_server.store import audit as audit_rows
from queue_server.store.staff import Principal


def actor_name(principal: Principal) -> str:
    """ "user:NAME" or "device:NAME": who did it, readable without a join."""
    return f"{principal.kind}:{principal.name}"


def _plain(value: Any) -> Any:
    if value is not None and is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    return value


def record(tx: Tx, actor: Principal, action: str, target: str, before: Any, after: Any) -> None:
    """Append `{at, actor, action, target, before, after}`. before/after are what the
    change replaced and left (records or dicts; never a secret: no password or token
    hashes, no NIK)."""
    audit_rows.append(
        tx.conn, iso(tx.now), actor_name(actor), action, target, _plain(before), _plain(after)
    )
