"""The simulated hall day: it drives the real writer and store, so these checks hold the
store to its invariants after a busy day, and the figures to what the store recorded."""

from __future__ import annotations

import dataclasses
import io
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

import pytest
from rich.console import Console
from support import SAMPLE_HALL, SMALL_HALL

from queue_core.hall import load_hall
from queue_server.simulation import SimulationResult, run_simulation
from queue_server.simulation.model import choose_counters, demand
from queue_server.store import connect
from queue_server.store import counters as counter_rows
from queue_server.store import events as event_log
from queue_server.store import tickets as ticket_rows

# What may follow what in a ticket's event log (domain.md, "Ticket life").
NEXT = {
    None: {"ticket.issued"},
    "ticket.issued": {"ticket.called", "ticket.cancelled", "ticket.expired"},
    "ticket.called": {
        "ticket.recalled",
        "ticket.serving",
        "ticket.no_show",
        "ticket.transferred",
        "ticket.expired",
    },
    "ticket.recalled": {"ticket.recalled", "ticket.serving", "ticket.no_show", "ticket.expired"},
    "ticket.serving": {"ticket.finished", "ticket.transferred"},
    "ticket.no_show": {"ticket.requeued"},
    "ticket.requeued": {"ticket.called", "ticket.cancelled", "ticket.expired"},
    "ticket.transferred": {"ticket.called", "ticket.cancelled", "ticket.expired"},
    "ticket.finished": set(),
}
FINAL_EVENT = {"done": "ticket.finished", "no_show": "ticket.no_show"}
VISITORS = {"small_day": 200, "sample_day": 400}


def simulate(tmp_path: Path, hall: Path, name: str = "day.db", **kwargs: int) -> SimulationResult:
    options = {"visitors": 200, "counters": 6, "seed": 3, **kwargs}
    console = Console(file=io.StringIO(), width=120)
    return run_simulation(
        load_hall(hall), speed=0, db=tmp_path / name, console=console, show=False, **options
    )


def stored_day(result: SimulationResult) -> tuple[list[ticket_rows.TicketRecord], list[dict]]:
    assert result.db is not None
    conn = connect(result.db, readonly=True).conn
    try:
        return ticket_rows.of_day(conn, result.day), event_log.since(conn, 0, 10**7)
    finally:
        conn.close()


@pytest.fixture(scope="module")
def small_day(tmp_path_factory: pytest.TempPathFactory) -> SimulationResult:
    return simulate(tmp_path_factory.mktemp("small"), SMALL_HALL)


@pytest.fixture(scope="module")
def sample_day(tmp_path_factory: pytest.TempPathFactory) -> SimulationResult:
    return simulate(tmp_path_factory.mktemp("sample"), SAMPLE_HALL, visitors=400, counters=20)


@pytest.mark.parametrize("day", ["small_day", "sample_day"])
def test_numbers_run_from_one_without_gaps_or_duplicates(
    day: str, request: pytest.FixtureRequest
) -> None:
    result = request.getfixturevalue(day)
    tickets, _ = stored_day(result)
    per_prefix = defaultdict(list)
    for record in tickets:
        per_prefix[record.ticket.prefix].append(record.ticket.running)
    assert per_prefix
    for prefix, numbers in per_prefix.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), prefix


@pytest.mark.parametrize("day", ["small_day", "sample_day"])
def test_event_log_has_no_gap_and_every_ticket_lives_a_legal_life(
    day: str, request: pytest.FixtureRequest
) -> None:
    result = request.getfixturevalue(day)
    tickets, events = stored_day(result)
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    lives: dict[int, list[dict]] = defaultdict(list)
    for event in events:
        if event["type"].startswith("ticket."):
            lives[event["data"]["ticket_id"]].append(event)
    assert set(lives) == {r.ticket.id for r in tickets}
    for record in tickets:
        life = lives[record.ticket.id]
        seqs = [e["seq"] for e in life]
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
        previous = None
        for event in life:
            assert event["type"] in NEXT[previous], (record.ticket.number, previous, event)
            assert event["data"]["number"] == record.ticket.number
            previous = event["type"]
        status = record.ticket.status.value
        if status in FINAL_EVENT:
            assert previous == FINAL_EVENT[status], record.ticket.number


@pytest.mark.parametrize("day", ["small_day", "sample_day"])
def test_every_ticket_ends_somewhere_and_the_figures_match_the_store(
    day: str, request: pytest.FixtureRequest
) -> None:
    result = request.getfixturevalue(day)
    tickets, events = stored_day(result)
    statuses = Counter(r.ticket.status.value for r in tickets)
    # At close every loket finished whom it held: nobody is left called or serving.
    assert set(statuses) <= {"done", "no_show", "waiting", "cancelled", "expired"}
    assert (
        statuses["done"]
        + statuses["no_show"]
        + statuses["waiting"]
        + statuses["cancelled"]
        + statuses["expired"]
        == result.issued
        == len(tickets)
    )
    assert result.statuses == dict(sorted(statuses.items()))
    assert result.served == statuses["done"] > 0
    assert result.left_waiting == statuses["waiting"]
    assert result.arrived == result.issued + sum(result.refused.values()) == VISITORS[day]
    kinds = Counter(e["type"] for e in events)
    assert result.no_shows == kinds["ticket.no_show"]
    assert result.requeued == kinds["ticket.requeued"]
    assert result.transfers == kinds["ticket.transferred"]
    assert result.served == kinds["ticket.finished"]
    assert sum(a.served for a in result.agencies) == result.served
    assert sum(a.issued for a in result.agencies) == result.issued


def test_a_day_has_no_shows_transfers_and_refusals(sample_day: SimulationResult) -> None:
    assert sample_day.no_shows > 0
    assert sample_day.transfers > 0
    assert sample_day.counters_open == 20


def test_quota_refusals_are_counted_not_errors(small_day: SimulationResult) -> None:
    tickets, _ = stored_day(small_day)
    # The small hall's birth certificates (prefix C) have a quota of 3 a day.
    assert sum(r.ticket.prefix == "C" for r in tickets) == 3
    assert small_day.refused.get("quota_exhausted", 0) > 0
    assert small_day.arrived == small_day.issued + sum(small_day.refused.values()) == 200


def test_more_counters_than_the_hall_has_are_capped(small_day: SimulationResult) -> None:
    assert small_day.counters_requested == 6
    assert small_day.counters_open == small_day.counters_configured == 4
    assert small_day.capped


def test_counters_close_at_the_end_and_breaks_last_half_an_hour(
    sample_day: SimulationResult,
) -> None:
    assert sample_day.db is not None
    conn = connect(sample_day.db, readonly=True).conn
    try:
        states = counter_rows.all_states(conn)
    finally:
        conn.close()
    assert {s.status.value for s in states.values()} == {"closed"}
    _, events = stored_day(sample_day)
    paused: dict[int, datetime] = {}
    breaks = []
    for e in events:
        cid = e["data"].get("counter_id")
        if e["type"] == "counter.paused":
            paused[cid] = datetime.fromisoformat(e["at"])
        elif e["type"] == "counter.opened" and cid in paused:
            breaks.append((datetime.fromisoformat(e["at"]) - paused.pop(cid)).total_seconds())
    assert breaks, "some counters take a break around noon"
    assert all(abs(b - 1800) < 1 for b in breaks)


def test_eta_error_is_measured_from_the_stored_day(sample_day: SimulationResult) -> None:
    """Recompute the ETA error from the store alone: the eta printed at issue against the
    time of the ticket's first call in the event log."""
    tickets, events = stored_day(sample_day)
    first_call: dict[int, datetime] = {}
    for e in events:
        if e["type"] == "ticket.called":
            first_call.setdefault(e["data"]["ticket_id"], datetime.fromisoformat(e["at"]))
    errors = [
        r.eta_at_issue - (first_call[r.ticket.id] - r.ticket.issued_at).total_seconds() / 60
        for r in tickets
        if r.ticket.id in first_call and r.eta_at_issue is not None
    ]
    assert len(errors) == sample_day.eta_count > 0
    mae = sum(abs(e) for e in errors) / len(errors)
    bias = sum(errors) / len(errors)
    assert sample_day.eta_mae == pytest.approx(mae, abs=0.01)
    assert sample_day.eta_bias == pytest.approx(bias, abs=0.01)
    assert sample_day.eta_mae > 0
    assert sample_day.wait_mean is not None and sample_day.wait_mean > 0
    within = 100 * sum(abs(e) <= 10 for e in errors) / len(errors)
    assert sample_day.eta_within_10 == pytest.approx(within, abs=0.5)


def test_the_same_seed_plays_the_same_day(tmp_path: Path) -> None:
    first = simulate(tmp_path, SAMPLE_HALL, "one.db", seed=11, visitors=150)
    second = simulate(tmp_path, SAMPLE_HALL, "two.db", seed=11, visitors=150)
    other = simulate(tmp_path, SAMPLE_HALL, "three.db", seed=12, visitors=150)

    def comparable(r: SimulationResult) -> SimulationResult:
        return dataclasses.replace(r, wall_seconds=0.0, db=None)

    assert comparable(first) == comparable(second)
    assert comparable(first) != comparable(other)


def test_a_database_that_holds_a_day_gets_the_next_working_day(tmp_path: Path) -> None:
    first = simulate(tmp_path, SMALL_HALL, visitors=40)
    second = simulate(tmp_path, SMALL_HALL, visitors=40)
    assert second.day > first.day and second.day.weekday() < 5
    tickets, _ = stored_day(second)
    assert len(tickets) == second.issued
    assert min(r.ticket.running for r in tickets) == 1


def test_few_counters_go_to_the_busiest_work_but_cover_every_service() -> None:
    hall = load_hall(SAMPLE_HALL)
    shares = demand(hall)
    assert sum(shares.values()) == pytest.approx(1.0)
    busiest = sorted(shares, key=shares.get, reverse=True)[:2]  # type: ignore[arg-type]
    assert {hall.service(s).agency_id for s in busiest} == {"dukcapil", "samsat"}  # type: ignore[union-attr]

    three = choose_counters(hall, 3, shares)
    assert {c.agency_id for c in three} <= {"dukcapil", "samsat"}

    covering = choose_counters(hall, 15, shares)
    assert {s for c in covering for s in c.service_ids} == {s.id for s in hall.services}

    twenty = choose_counters(hall, 20, shares)
    extra = Counter(c.agency_id for c in twenty) - Counter(c.agency_id for c in covering)
    assert set(extra) <= {"dukcapil", "samsat", "bpjs-kesehatan", "bank-bjb", "polres"}
    assert len(choose_counters(hall, 99, shares)) == len(hall.counters)


def test_the_summary_names_every_figure(tmp_path: Path) -> None:
    out = io.StringIO()
    run_simulation(
        load_hall(SMALL_HALL),
        visitors=60,
        counters=2,
        seed=5,
        db=tmp_path / "day.db",
        console=Console(file=out, width=160),
    )
    text = out.getvalue()
    for figure in (
        "Visitors arrived",
        "Tickets issued",
        "Refused",
        "Served",
        "No-shows",
        "Transfers",
        "Left waiting at close",
        "median",
        "p90",
        "ETA error",
        "MAE",
        "bias",
        "±5 min",
        "±10 min",
        "Wall time",
        "events/s",
        "Per agency",
    ):
        assert figure in text, figure


def test_a_day_with_bookings_reports_walk_in_and_booked_waits(tmp_path: Path) -> None:
    options = {"visitors": 600, "counters": 12, "seed": 1}
    console = Console(file=io.StringIO(), width=120)
    result = run_simulation(
        load_hall(SAMPLE_HALL),
        speed=0,
        db=tmp_path / "day.db",
        console=console,
        booked_share=0.5,
        booking_no_show=0.2,
        **options,
    )
    assert result.booked > 0 and 0 < result.booked_no_shows < result.booked
    assert result.booked_wait_mean is not None and result.walk_in_wait_mean is not None
    # A booking is an arrival time, served first once its slot begins.
    assert result.booked_wait_mean < result.walk_in_wait_mean
    assert "walk-in" in console.file.getvalue()  # type: ignore[attr-defined]
    conn = connect(tmp_path / "day.db", readonly=True).conn
    try:
        statuses = dict(conn.execute("SELECT status, count(*) FROM bookings GROUP BY status"))
    finally:
        conn.close()
    assert statuses.get("expired") == result.booked_no_shows
    assert statuses.get("checked_in", 0) + statuses["expired"] == result.booked
