"""The simulation's true service times are hidden from the server's ETA."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from queue_core.hall import load_hall
from queue_server.settings import sample_hall
from queue_server.simulation import run_simulation


def _issued(db: Path) -> tuple[list[tuple[str, int | None]], str]:
    conn = sqlite3.connect(db)
    first_finish = conn.execute("SELECT min(finished_at) FROM tickets").fetchone()[0]
    rows = conn.execute("SELECT issued_at, eta_at_issue FROM tickets ORDER BY id").fetchall()
    conn.close()
    return [(i, e) for i, e in rows], first_finish


def test_changing_the_true_service_times_changes_no_eta_until_a_ticket_finishes(
    tmp_path: Path,
) -> None:
    hall = load_hall(sample_hall())
    runs = {}
    for skew in (0.0, 0.8):
        db = tmp_path / f"skew-{skew}.db"
        run_simulation(hall, visitors=150, counters=27, seed=3, db=db, show=False, skew=skew)
        runs[skew] = _issued(db)
    (same_a, finish_a), (same_b, finish_b) = runs[0.0], runs[0.8]
    first = min(finish_a, finish_b)
    before_a = [e for i, e in same_a if i < first]
    before_b = [e for i, e in same_b if i < first]
    assert len(before_a) >= 5
    assert before_a == before_b  # the server saw the same inputs: the draw is not one
    # …and once tickets finish, the server learns the (different) truth.
    assert [e for _, e in same_a] != [e for _, e in same_b]
