"""The ETA estimator on hand-built queues (queue_core.eta)."""

from __future__ import annotations

import ast
from pathlib import Path

from queue_core.eta import (
    DAY_MINUTES,
    UNKNOWN,
    Backlog,
    Estimate,
    Learned,
    display_range,
    estimate,
    for_appointment,
    learn,
    robust_mean,
    words,
)

ROOT = Path(__file__).resolve().parents[2]


def test_a_few_outliers_do_not_swing_the_learned_minutes() -> None:
    steady = [10.0] * 12 + [9.0, 11.0] * 4
    with_outliers = [*steady, 90.0, 120.0]
    plain_mean = sum(with_outliers) / len(with_outliers)
    assert plain_mean > 15
    assert robust_mean(10.0, with_outliers) < 12


def test_a_learned_slow_service_lengthens_the_wait() -> None:
    configured = learn(5.0, [])
    slow = learn(5.0, [12.0, 13.0, 11.0, 12.5, 12.0, 11.5, 12.0, 13.0, 12.0, 12.0])
    assert slow.minutes > 10
    assert estimate(6, 1, slow).minutes > 1.6 * estimate(6, 1, configured).minutes  # type: ignore[operator]


def test_history_of_the_same_weekday_is_the_prior() -> None:
    assert learn(5.0, [], [9.0] * 40).minutes == 9.0
    assert learn(5.0, [], [9.0] * 3).minutes == 6.0  # too little history: configured + walk


def test_shared_counters_count_the_other_service_only_up_to_the_counters_shared() -> None:
    me = Learned(5.0)
    alone = estimate(4, 2, me).minutes
    # A heavy other service at one of our two counters can hold that counter, not both.
    capped = estimate(4, 2, me, [Backlog(ahead=20, minutes=15.0, share=1.0, counters=1)]).minutes
    pooled = estimate(4, 2, me, [Backlog(ahead=20, minutes=15.0, share=1.0, counters=2)]).minutes
    assert alone is not None and capped is not None and pooled is not None
    assert alone < capped < pooled
    # With one counter free of the other service, our 4.5 calls take about 4.5 × 5.3 min.
    assert capped <= 4.5 * 5.3 + 1


def test_another_services_own_counters_drain_its_backlog_so_ours_take_less_of_it() -> None:
    """Counter 10 serves savings accounts and payments; counter 11 payments only. A
    savings ticket with 3 ahead (8 min each) behind 10 earlier payments (4 min each):
    counter 11 takes payments all along, so counter 10 does half of all the earlier
    work, not all of its own plus half of the payments (the share-based guess)."""
    me = Learned(8.0)
    payments = Backlog(ahead=10, minutes=4.0, share=0.5, counters=1, outside=1.0)
    own = 3.5 * (8.0 + 0.3)
    earlier = 10 * (4.0 + 0.3)
    assert estimate(3, 1, me, [payments]).minutes == round((own + earlier) / 2)
    # Few payments: counter 11 clears them alone, counter 10 only does ours.
    few = Backlog(ahead=1, minutes=4.0, share=0.5, counters=1, outside=1.0)
    assert estimate(3, 1, me, [few]).minutes == round(own)
    # Nobody else serves payments: counter 10 does them all before us.
    alone = Backlog(ahead=10, minutes=4.0, share=1.0, counters=1, outside=0.0)
    assert estimate(3, 1, me, [alone]).minutes == round(own + earlier)


def test_a_shorter_maximum_wait_lets_the_other_services_later_tickets_pass() -> None:
    """Dispatch calls the overdue first: at a counter shared with a 30-minute service, a
    90-minute service's ticket waiting an hour is passed by the other's later tickets
    once they are past 30 minutes, and only while it is not overdue itself."""
    me = Learned(10.0)
    quick = Backlog(ahead=0, minutes=4.0, share=1.0, counters=1, outside=0.0, max_wait=30.0)
    plain = estimate(5, 1, me, [quick], max_wait=90.0).minutes
    coming = quick._replace(rate=0.1)
    passed = estimate(5, 1, me, [coming], max_wait=90.0).minutes
    assert plain is not None and passed is not None
    assert plain == round(5.5 * 10.3)
    # From minute 30 on, 0.1 tickets a minute × 4.3 min each take the counter too.
    assert passed == round((5.5 * 10.3 - 0.1 * 4.3 * 30) / (1 - 0.1 * 4.3))
    # Twice as many would hold it until we are overdue at 90 minutes, and no longer.
    busier = estimate(5, 1, me, [quick._replace(rate=0.2)], max_wait=90.0).minutes
    assert busier == round(5.5 * 10.3 + 0.2 * 4.3 * (90 - 30))
    # A priority citizen goes before regulars anyway; the same maximum wait lets none pass.
    assert estimate(5, 1, me, [coming], max_wait=90.0, is_priority=True).minutes == plain
    assert estimate(5, 1, me, [coming], max_wait=30.0).minutes == plain


def test_overdue_tickets_pass_a_service_without_maximum_wait_only_until_the_day_ends() -> None:
    """Ours has no maximum wait; the other's overdue tickets come faster than the counter
    serves them: they pass ours until the working day is over, not for ever."""
    flood = Backlog(ahead=0, minutes=9.0, share=1.0, counters=1, outside=0.0, max_wait=30.0)
    e = estimate(10, 1, Learned(5.0), [flood._replace(rate=0.2)])
    passing = 0.2 * 9.3 * (DAY_MINUTES - 30)
    assert e.minutes == round(10.5 * 5.3 + passing)
    assert not estimate(10, 1, Learned(5.0), [flood._replace(rate=0.01)]).unknown


def test_priority_interleaving_stretches_a_regular_but_not_a_priority() -> None:
    me = Learned(10.0)
    plain = estimate(10, 2, me, priority_share=0.0).minutes
    regular = estimate(10, 2, me, priority_share=0.25).minutes
    priority = estimate(10, 2, me, priority_share=0.25, is_priority=True).minutes
    assert plain is not None and regular is not None
    assert regular >= plain * 1.1 and priority == plain


def test_a_paused_counter_helps_only_after_its_break() -> None:
    me = Learned(10.0)
    short_open = estimate(0, 1, me).minutes
    short_paused = estimate(0, 1, me, paused=1).minutes
    assert short_open == short_paused  # the next call comes before the break ends
    long_open = estimate(30, 1, me).minutes
    long_paused = estimate(30, 1, me, paused=1).minutes
    long_two = estimate(30, 2, me).minutes
    assert long_open is not None and long_paused is not None and long_two is not None
    assert long_two < long_paused < long_open
    assert estimate(3, 0, me, paused=1).minutes is not None  # wait for the break, then served
    assert estimate(3, 0, me).unknown


def test_an_appointment_is_called_at_its_slot_unless_the_queue_reaches_it_first() -> None:
    me = Learned(10.0)
    long_queue = estimate(30, 2, me)
    booked = for_appointment(long_queue, 20.0, 2, me)
    assert booked.minutes == round(20 + 10.3 / 2 / 2)
    assert booked.low is not None and booked.high is not None
    assert booked.low <= booked.minutes <= booked.high < long_queue.minutes  # type: ignore[operator]
    short_queue = estimate(1, 2, me)
    assert for_appointment(short_queue, 60.0, 2, me) == short_queue
    assert for_appointment(UNKNOWN, 20.0, 2, me) == UNKNOWN


def test_a_no_show_costs_less_than_a_service() -> None:
    me = Learned(12.0)
    assert estimate(10, 1, me, no_show_share=0.3).minutes < estimate(10, 1, me).minutes  # type: ignore[operator]


def test_the_range_widens_with_the_wait_and_contains_the_estimate() -> None:
    near, far = estimate(1, 2, Learned(6.0)), estimate(40, 2, Learned(6.0))
    for e in (near, far):
        assert e.low is not None and e.high is not None and e.minutes is not None
        assert e.low <= e.minutes <= e.high
    assert (far.high - far.low) > (near.high - near.low)  # type: ignore[operator]


def test_the_words_never_claim_more_precision_than_the_range() -> None:
    assert words(Estimate(None)) == "menunggu loket dibuka"
    assert words(Estimate(5, 2, 8)) == "sekitar 5 menit"
    assert words(Estimate(27, 18, 37)) == "15–40 menit"
    assert display_range(Estimate(27, 18, 37)) == (15, 40)
    assert words(Estimate(1, 0, 2)) == "segera dipanggil"


def test_the_eta_code_never_reads_the_simulators_draw() -> None:
    """The server side (queue_core, the store, the view, actions) imports nothing of the
    simulation: the true service times stay on the simulator's side of the wall."""
    for folder in ("queue_core", "queue_server/store"):
        for path in (ROOT / folder).rglob("*.py"):
            assert "simulation" not in path.read_text(), path
    for name in ("queue_server/queue_view.py", "queue_server/actions.py"):
        tree = ast.parse((ROOT / name).read_text())
        imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
            a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
        }
        assert not any("simulation" in m for m in imported), name
