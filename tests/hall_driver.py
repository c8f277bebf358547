"""The test hall driven through its REST API, as the boards' tests need it: a kiosk that
issues, an admin at the counters, a display token, and the event log as the truth."""

from __future__ import annotations

from typing import Any

import httpx
from support import Server, bearer


class HallDriver:
    def __init__(self, server: Server) -> None:
        self.server = server
        self.kiosk = bearer(server.device_token("kiosk-1", "kiosk"))
        self.admin = bearer(server.staff_token())
        self.display = server.device_token("layar-lobi", "display")

    def board_url(self, **params: str) -> str:
        query = "&".join(f"{k}={v}" for k, v in {"token": self.display, **params}.items())
        return f"{self.server.url}/display?{query}"

    def post(self, path: str, **kw: Any) -> dict[str, Any]:
        """As the admin; the answer's JSON (empty for 204)."""
        r = httpx.post(f"{self.server.url}{path}", headers=self.admin, **kw)
        assert r.status_code in (200, 201, 204), r.text
        return dict(r.json()) if r.content else {}

    def issue(self, service: str = "kk") -> dict[str, Any]:
        r = httpx.post(
            f"{self.server.url}/api/v1/tickets", json={"service_id": service}, headers=self.kiosk
        )
        assert r.status_code == 201, r.text
        return dict(r.json())

    def open(self, *counters: int) -> None:
        for counter in counters:
            self.post(f"/api/v1/counters/{counter}/open")

    def call_next(self, counter: int) -> dict[str, Any]:
        return self.post(f"/api/v1/counters/{counter}/call-next")

    def head(self) -> int:
        return int(httpx.get(f"{self.server.url}/api/v1/health").json()["last_seq"])

    def calls_since(self, seq: int) -> list[dict[str, Any]]:
        """The calls in the hall's event log after `seq`, in order: the truth to compare to."""
        r = httpx.get(
            f"{self.server.url}/api/v1/events",
            params={"since": seq, "limit": 1000},
            headers=self.admin,
        )
        return [
            {"seq": e["seq"], "number": e["data"]["number"], "counter_id": e["data"]["counter_id"]}
            for e in r.json()["events"]
            if e["type"] in ("ticket.called", "ticket.recalled")
        ]
