"""The summary's pure figures: percentiles, rounding, and groups that add up to the totals."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from typing import NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from queue_core import report
from queue_core.report import (
    GROUPS,
    TicketCell,
    last_ms_within,
    minutes1,
    percentile,
    summarize,
)

seconds = st.floats(min_value=0, max_value=6 * 3600, allow_nan=False)


@given(st.lists(seconds, min_size=2, max_size=60), st.integers(min_value=1, max_value=99))
def test_percentile_interpolates_between_closest_ranks(values: list[float], q: int) -> None:
    expected = statistics.quantiles(values, n=100, method="inclusive")[q - 1]
    assert abs(percentile(values, q / 100) - expected) < 1e-6  # type: ignore[operator]


def test_minutes_round_half_away_from_zero() -> None:
    assert (minutes1(3), minutes1(9), minutes1(87), minutes1(None)) == (0.1, 0.2, 1.5, None)


class Ticket(NamedTuple):
    day: str
    service_id: str
    agency_id: str
    counter_id: int | None
    operator: str | None
    hour: int
    status: str
    wait_ms: int | None
    service_ms: int | None


millis = st.integers(min_value=0, max_value=6 * 3600 * 1000)
tickets = st.builds(
    Ticket,
    day=st.sampled_from(["2026-01-05", "2026-01-06"]),
    service_id=st.sampled_from(["ktp", "kk", "pkb"]),
    agency_id=st.sampled_from(["dukcapil", "samsat"]),
    counter_id=st.one_of(st.none(), st.integers(1, 3)),
    operator=st.one_of(st.none(), st.sampled_from(["sari", "budi"])),
    hour=st.integers(8, 15),
    status=st.sampled_from(["done", "no_show", "cancelled", "expired", "waiting"]),
    wait_ms=st.one_of(st.none(), millis),
    service_ms=st.one_of(st.none(), millis),
)


def cells(visits: list[Ticket], group_by: str) -> list[TicketCell]:
    """What the store's GROUP BY hands over: the tickets per (group, service)."""
    by: dict[tuple[str | None, str], list[Ticket]] = defaultdict(list)
    for t in visits:
        raw = {"agency": t.agency_id, "service": t.service_id, "day": t.day}.get(group_by)
        if group_by == "counter":
            raw = None if t.counter_id is None else str(t.counter_id)
        elif group_by == "operator":
            raw = t.operator
        elif group_by == "hour":
            raw = f"{t.hour:02d}"
        by[(raw, t.service_id)].append(t)
    return [
        TicketCell(
            key,
            service,
            len(ts),
            *(sum(t.status == s for t in ts) for s in ("done", "no_show", "cancelled", "expired")),
            sorted(t.wait_ms for t in ts if t.wait_ms is not None),
            sorted(t.service_ms for t in ts if t.service_ms is not None),
        )
        for (key, service), ts in by.items()
    ]


@given(st.lists(tickets, max_size=40), st.sampled_from(GROUPS))
def test_groups_add_up_to_the_totals_and_totals_do_not_depend_on_grouping(
    visits: list[Ticket], group_by: str
) -> None:
    summary = summarize(cells(visits, group_by), [], group_by, lambda s: 30.0, str)
    whole = summarize(cells(visits, "day"), [], "day", lambda s: 30.0, str)["totals"]
    assert summary["totals"] == whole
    for field in ("issued", "served", "no_show", "cancelled", "expired"):
        assert sum(r[field] for r in summary["rows"]) <= whole[field]
        if group_by in ("agency", "service", "day", "hour"):
            assert sum(r[field] for r in summary["rows"]) == whole[field]
    assert whole["issued"] == len(visits)


@given(st.lists(st.tuples(st.sampled_from(["ktp", "kk"]), millis), max_size=60))
def test_within_target_counts_each_wait_against_its_own_services_target(
    waits: list[tuple[str, int]],
) -> None:
    targets = {"ktp": 20.0, "kk": 30.0}
    visits = [Ticket("2026-01-05", s, "dukcapil", 1, "sari", 9, "done", w, None) for s, w in waits]
    got = summarize(cells(visits, "day"), [], "day", targets.__getitem__, str)["totals"]
    within = sum(w / 1000 <= targets[s] * 60 for s, w in waits)
    want = math.floor(within / len(waits) * 1000 + 0.5) / 10 if waits else None
    assert got["within_target_pct"] == want


@given(st.floats(min_value=0, max_value=500, allow_nan=False))
def test_the_last_wait_within_a_target_is_the_last_whole_millisecond_not_above_it(
    minutes: float,
) -> None:
    limit = last_ms_within(minutes * 60)
    assert limit / 1000 <= minutes * 60 < (limit + 1) / 1000


@pytest.mark.parametrize("merge_above", [report._Runs.MANY, 3])
@given(
    st.lists(st.lists(millis, min_size=1, max_size=8), min_size=1, max_size=100),
    st.booleans(),
)
def test_totals_pick_the_same_percentiles_by_bisection_and_by_merging(
    merge_above: int, runs: list[list[int]], one_key: bool
) -> None:
    """Up to 4,096 cells the totals bisect the cells' sorted waits; beyond, they merge them:
    both must give the percentiles of all the waits together."""
    cells = [
        TicketCell("k" if one_key else str(i), "ktp", len(r), len(r), 0, 0, 0, sorted(r), sorted(r))
        for i, r in enumerate(runs)
    ]
    usual, report._Runs.MANY = report._Runs.MANY, merge_above
    try:
        totals = summarize(cells, [], "day", lambda s: 30.0, str)["totals"]
    finally:
        report._Runs.MANY = usual
    seconds = [v / 1000 for r in runs for v in r]
    assert totals["wait_p50"] == minutes1(percentile(seconds, 0.5))
    assert totals["wait_p90"] == minutes1(percentile(seconds, 0.9))
    assert totals["service_p90"] == minutes1(percentile(seconds, 0.9))
    assert totals["wait_mean"] == minutes1(
        sum(r for run in runs for r in run) / 1000 / len(seconds)
    )
