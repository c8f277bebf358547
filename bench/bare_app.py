"""The bare FastAPI baseline of bench/track_lookup.py: what the framework alone costs.

It answers the same path as the tracking endpoint with a fixed dict of the same fields,
and runs under uvicorn with the options `antre serve` uses (uvloop and httptools are
picked automatically when installed, as they are for antre), so the difference between
the two is the cost of Antre's own work: middleware, the request log, the lookup.

Run: python bench/bare_app.py --port N
"""

from __future__ import annotations

import argparse
from typing import Any

import uvicorn
from fastapi import FastAPI

TRACK = {
    "number": "B017",
    "service_name": "Kartu Keluarga",
    "service_name_en": "Family card",
    "status": "waiting",
    "position": 3,
    "eta_minutes": 24,
    "counter_name": None,
    "called_at": None,
    "updated_at": "2025-01-06T01:02:03+00:00",
}


DAYS = [
    {"date": f"2026-12-{d:02d}", "open": True, "reason": None, "remaining": 32} for d in range(1, 9)
]
"""The booking window's days, the shape bench/booking_days.py asks Antre for."""


def create_app() -> FastAPI:
    # Telemetry off, as in antre: a FastAPI default that only costs per request here,
    # and leaving it on would flatter the ratio.
    app = FastAPI(telemetry={"tracing": False, "metrics": False, "logs": False})

    @app.get("/api/v1/health")
    async def health() -> dict[str, Any]:
        return {"status": "ok"}

    @app.get("/api/v1/track/{token}")
    async def track(token: str) -> dict[str, Any]:
        return dict(TRACK)

    @app.get("/api/v1/services/{service_id}/days")
    async def days(service_id: str) -> list[dict[str, Any]]:
        return [dict(d) for d in DAYS]

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    # The same uvicorn options as `antre serve` (queue_server/cli/serve.py).
    uvicorn.run(
        create_app(),
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
        access_log=False,
        ws_ping_interval=20,
        ws_ping_timeout=20,
        timeout_graceful_shutdown=3,
    )


if __name__ == "__main__":
    main()
