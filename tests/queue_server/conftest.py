from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from inprocess import FakeClock, HallClient


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def hall(tmp_path: Path, clock: FakeClock) -> Iterator[HallClient]:
    """An in-process server on a fresh database, Monday 09:00 in Jakarta."""
    with HallClient(tmp_path / "antre.db", clock) as client:
        yield client
