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
    before = server.log.read_text().count("\n")
    answer = httpx.get(f"{server.url}/api/v1/track/{FORGED}?q=%0D%0A%1B")
    assert answer.status_code == 404

    def new_lines() -> list[str] | None:
        lines = server.log.read_text().splitlines()[before:]
        return lines if any("antre.access" in line for line in lines) else None

    lines = wait_until(new_lines, what="the request's log line")
    assert len(lines) == 1, lines
    assert "/fake" in lines[0] and lines[0].endswith("ms")
    assert "\x1b" not in server.log.read_text()
