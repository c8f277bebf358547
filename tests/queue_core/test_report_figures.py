"""The summary's pure figures: percentiles, rounding, and groups that add up to the totals."""

from __future__ import annotations

import statistics

from hypothesis import given
from hypothesis import strategies as st

from queue_core.report import GROUPS, TicketFact, minutes1, percentile, summarize

seconds = st.floats(min_value=0, max_value=6 * 3600, allow_nan=False)


@given(st.lists(seconds, min_size=2, max_size=60), st.integers(min_value=1, max_value=99))
def test_percentile_interpolates_between_closest_ranks(values: list[float], q: int) -> None:
    expected = statistics.quantiles(values, n=100, method="inclusive")[q - 1]
    assert abs(percentile(values, q / 100) - expected) < 1e-6  # type: ignore[operator]


def test_minutes_round_half_away_from_zero() -> None:
    assert (minutes1(3), minutes1(9), minutes1(87), minutes1(None)) == (0.1, 0.2, 1.5, None)


facts = st.builds(
    TicketFact,
    day=st.sampled_from(["2026-01-05", "2026-01-06"]),
    service_id=st.sampled_from(["ktp", "kk", "pkb"]),
    agency_id=st.sampled_from(["dukcapil", "samsat"]),
    counter_id=st.one_of(st.none(), st.integers(1, 3)),
    operator=st.one_of(st.none(), st.sampled_from(["sari", "budi"])),
    hour=st.integers(8, 15),
    status=st.sampled_from(["done", "no_show", "cancelled", "expired", "waiting"]),
    wait_s=st.one_of(st.none(), seconds),
    service_s=st.one_of(st.none(), seconds),
)


@given(st.lists(facts, max_size=40), st.sampled_from(GROUPS))
def test_groups_add_up_to_the_totals_and_totals_do_not_depend_on_grouping(
    tickets: list[TicketFact], group_by: str
) -> None:
    summary = summarize(tickets, [], group_by, lambda s: 30.0, str)
    whole = summarize(tickets, [], "day", lambda s: 30.0, str)["totals"]
    assert summary["totals"] == whole
    for field in ("issued", "served", "no_show", "cancelled", "expired"):
        assert sum(r[field] for r in summary["rows"]) <= whole[field]
        if group_by in ("agency", "service", "day", "hour"):
            assert sum(r[field] for r in summary["rows"]) == whole[field]
    assert whole["issued"] == len(tickets)
