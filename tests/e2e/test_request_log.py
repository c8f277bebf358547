"""The request log of a real `antre serve` cannot be forged from outside."""

from __future__ import annotations

import httpx
import pytest
from support import Server, wait_until

pytestmark = pytest.mark.e2e

FORGED = "%0A2026-01-01%2000:00:00,000%20antre.access%201.2.3.4%20GET%20/fake%20200%1B[2J"


def test_a_path_with_a_newline_or_an_escape_byte_leaves_one_escaped_line(
    server: Server,
) -> None:
    answer = httpx.get(f"{server.url}/api/v1/track/{FORGED}?q=%0D%0A%1B")
    assert answer.status_code == 404

    def track_lines() -> list[str] | None:
        lines = server.log.read_text().splitlines()
        return [line for line in lines if "/api/v1/track/" in line or "/fake" in line] or None

    lines = wait_until(track_lines, what="the request's log line")
    assert len(lines) == 1, lines
    assert "/fake" in lines[0] and lines[0].endswith("ms")
    log = server.log.read_text()
    assert not any(line.startswith("2026-01-01") for line in log.splitlines()), log
    assert "\x1b" not in log and "\r" not in log
