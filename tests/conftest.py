from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support import Server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A real `antre serve` process on a fresh database (the small test hall)."""
    srv = Server(tmp_path / "antre.db").start()
    try:
        yield srv
    finally:
        srv.stop()
