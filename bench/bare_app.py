"""The bare FastAPI baseline of bench/track_lookup.py: what the framework alone costs for
the same work.

It answers the tracking path the way a plain FastAPI endpoint would: one indexed read of
the ticket's row in the hall's own database (read-only, WAL, the same file Antre writes)
on every request, nothing cached, and the 9 fields of the tracking answer returned as a
dict for FastAPI to encode. It gets every server option `antre serve` gives itself
(queue_server/cli/serve.py and app.py): the same uvicorn options, no `server` header,
the same HTTP protocol (one socket write per answer, queue_server/http_writes.py), the
same garbage-collector thresholds and the start-up heap frozen. So the difference
between the two is Antre's own work: its middleware, its request log, and a position and
ETA worked out from the live queue (which the bare app does not compute: it returns
the row's stored figures), against Antre's cache of the answer until the next event.

Run: python bench/bare_app.py --port N --db HALL.db
"""

from __future__ import annotations

import argparse
import gc
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI, HTTPException
from queue_server.http_writes import GatheredHttp

_ROW = (
    "SELECT prefix, running, service_id, status, eta_at_issue, counter_id, called_at,"
    " updated_at FROM tickets WHERE tracking_token = ?"
)


DAYS = [
    {"date": f"2026-12-{d:02d}", "open": True, "reason": None, "remaining": 32} for d in range(1, 9)
]
"""The booking window's days, the shape bench/booking_days.py asks Antre for."""


def create_app(db: Path) -> FastAPI:
    # The same read-only connection settings as Antre's reader (store/database.py).
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA query_only = ON")

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        gc.collect()
        gc.freeze()  # as antre's lifespan does
        yield
        conn.close()

    # Telemetry off, as in antre: a FastAPI default that only costs per request here,
    # and leaving it on would flatter the ratio.
    app = FastAPI(lifespan=lifespan, telemetry={"tracing": False, "metrics": False, "logs": False})

    @app.get("/api/v1/health")
    async def health() -> dict[str, Any]:
        return {"status": "ok"}

    @app.get("/api/v1/track/{token}")
    async def track(token: str) -> dict[str, Any]:
        row = conn.execute(_ROW, (token,)).fetchone()
        if row is None:
            raise HTTPException(status_code=404)
        prefix, running, service_id, status, eta, counter_id, called_at, updated_at = row
        return {
            "number": f"{prefix}{running:03d}",
            "service_name": service_id,
            "service_name_en": service_id,
            "status": status,
            "position": None,
            "eta_minutes": eta,
            "counter_name": None if counter_id is None else f"Loket {counter_id}",
            "called_at": called_at,
            "updated_at": updated_at,
        }

    @app.get("/api/v1/services/{service_id}/days")
    async def days(service_id: str) -> list[dict[str, Any]]:
        return [dict(d) for d in DAYS]

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--db", type=Path, required=True, help="the hall database to read")
    args = parser.parse_args()
    app = create_app(args.db)
    gc.set_threshold(50_000, 20, 100)  # as `antre serve`
    # The same uvicorn options as `antre serve` (queue_server/cli/serve.py).
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
        access_log=False,
        ws_ping_interval=20,
        ws_ping_timeout=20,
        ws_per_message_deflate=False,
        server_header=False,
        timeout_graceful_shutdown=3,
        http=GatheredHttp,
    )


if __name__ == "__main__":
    main()
