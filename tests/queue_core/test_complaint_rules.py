"""The complaint's life and clock (queue_core/complaint.py), pure.

The hall here closes at 15:00 WIB, works Monday–Friday, and keeps Christmas (Friday
25 December 2026) as a holiday. Clock: verify 3, answer 5, confirm 10 working days.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from itertools import product

import pytest

from queue_core import complaint as rules
from queue_core.calendar import Calendar, Holiday
from queue_core.complaint import Action, Case, Clock, HallDays, Status
from queue_core.errors import ConfigError, InvalidTransition

CLOCK = Clock(verify_days=3, answer_days=5, confirm_days=10)
DAYS = HallDays(
    Calendar(holidays=(Holiday(date(2026, 12, 25), "Hari Raya Natal"),)),
    time(15, 0),
    "Asia/Jakarta",
)


def wib(day: str, hhmm: str = "10:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{hhmm}:00+07:00").astimezone(UTC)


def a_case_in(status: Status) -> Case:
    """A case in `status`, reached by the allowed steps from a Monday filing."""
    now = wib("2026-11-30")
    case = rules.received(now, CLOCK, DAYS)
    path = {
        Status.RECEIVED: [],
        Status.VERIFIED: [Action.VERIFY],
        Status.IN_PROGRESS: [Action.VERIFY, Action.START],
        Status.ON_HOLD: [Action.VERIFY, Action.START, Action.HOLD],
        Status.ANSWERED: [Action.VERIFY, Action.START, Action.ANSWER],
        Status.CLOSED: [Action.VERIFY, Action.START, Action.ANSWER, Action.CONFIRM],
        Status.REJECTED: [Action.REJECT],
    }[status]
    for action in path:
        case = rules.step(case, action, now, CLOCK, DAYS)
    assert case.status is status
    return case


@pytest.mark.parametrize(("status", "action"), sorted(rules.TRANSITIONS))
def test_every_allowed_step_reaches_its_state(status: Status, action: Action) -> None:
    case = a_case_in(status)
    after = rules.step(case, action, wib("2026-12-01"), CLOCK, DAYS)
    assert after.status is rules.TRANSITIONS[(status, action)]


def test_the_allowed_steps_are_exactly_the_contracts() -> None:
    """Written out by hand from api.md, so a step added to the table by mistake fails."""
    s, a = Status, Action
    assert rules.TRANSITIONS == {
        (s.RECEIVED, a.VERIFY): s.VERIFIED,
        (s.RECEIVED, a.REJECT): s.REJECTED,
        (s.VERIFIED, a.START): s.IN_PROGRESS,
        (s.VERIFIED, a.REJECT): s.REJECTED,
        (s.VERIFIED, a.HOLD): s.ON_HOLD,
        (s.IN_PROGRESS, a.ANSWER): s.ANSWERED,
        (s.IN_PROGRESS, a.HOLD): s.ON_HOLD,
        (s.IN_PROGRESS, a.REJECT): s.REJECTED,
        (s.ON_HOLD, a.REPLY): s.IN_PROGRESS,
        (s.ON_HOLD, a.REJECT): s.REJECTED,
        (s.ANSWERED, a.CONFIRM): s.CLOSED,
        (s.ANSWERED, a.REOPEN): s.IN_PROGRESS,
        (s.ANSWERED, a.CLOSE): s.CLOSED,
        (s.ANSWERED, a.SELF_CLOSE): s.CLOSED,
    }


ILLEGAL = [(s, a) for s, a in product(Status, Action) if (s, a) not in rules.TRANSITIONS]


@pytest.mark.parametrize(("status", "action"), ILLEGAL)
def test_every_other_step_is_refused_and_changes_nothing(status: Status, action: Action) -> None:
    case = a_case_in(status)
    with pytest.raises(InvalidTransition) as refused:
        rules.step(case, action, wib("2026-12-01"), CLOCK, DAYS)
    assert refused.value.code == "invalid_transition"
    assert refused.value.message != refused.value.message_en
    assert case == a_case_in(status)  # frozen: the refused step left it as it was


def test_the_closed_and_rejected_states_are_final() -> None:
    for final in (Status.CLOSED, Status.REJECTED):
        assert not [a for (s, a) in rules.TRANSITIONS if s is final]


def test_verify_deadline_skips_the_weekend() -> None:
    # Filed Thursday 3 December: Friday (1), Monday (2), Tuesday (3), at closing time.
    case = rules.received(wib("2026-12-03", "14:59"), CLOCK, DAYS)
    assert case.due_at == wib("2026-12-08", "15:00")


def test_verify_deadline_skips_a_weekend_and_a_holiday() -> None:
    # Filed Wednesday 23 December: Thursday 24 (1), Friday 25 is Christmas, the weekend,
    # Monday 28 (2), Tuesday 29 (3).
    case = rules.received(wib("2026-12-23"), CLOCK, DAYS)
    assert case.due_at == wib("2026-12-29", "15:00")
    # The same filing without the holiday would be due a working day earlier.
    plain = HallDays(Calendar(), time(15, 0), "Asia/Jakarta")
    assert rules.received(wib("2026-12-23"), CLOCK, plain).due_at == wib("2026-12-28", "15:00")


def test_a_filing_on_a_saturday_counts_from_the_next_working_day() -> None:
    case = rules.received(wib("2026-12-05"), CLOCK, DAYS)  # Saturday
    assert case.due_at == wib("2026-12-09", "15:00")  # Mon, Tue, Wed


def test_verifying_starts_the_answer_clock_and_start_keeps_it() -> None:
    case = rules.received(wib("2026-11-30"), CLOCK, DAYS)
    verified = rules.step(case, Action.VERIFY, wib("2026-12-01"), CLOCK, DAYS)
    assert verified.due_at == wib("2026-12-08", "15:00")  # Tuesday + 5 working days
    started = rules.step(verified, Action.START, wib("2026-12-03"), CLOCK, DAYS)
    assert started.due_at == verified.due_at


def test_on_hold_pauses_the_clock_and_a_reply_resumes_it_with_what_was_left() -> None:
    verified = rules.step(
        rules.received(wib("2026-11-30"), CLOCK, DAYS),
        Action.VERIFY,
        wib("2026-11-30"),
        CLOCK,
        DAYS,
    )
    assert verified.due_at == wib("2026-12-07", "15:00")  # Mon + 5: Tue..Fri, Mon
    # On hold on Wednesday 2 December: Thu, Fri, Mon are still owed (3 working days).
    held = rules.step(verified, Action.HOLD, wib("2026-12-02"), CLOCK, DAYS)
    assert held.status is Status.ON_HOLD and held.due_at is None and held.paused_days == 3
    assert not rules.overdue(held, wib("2027-01-30"))  # never late while waiting for the citizen
    # The citizen replies on Wednesday 23 December: Thu 24, (Christmas, weekend), Mon 28, Tue 29.
    resumed = rules.step(held, Action.REPLY, wib("2026-12-23"), CLOCK, DAYS)
    assert resumed.status is Status.IN_PROGRESS
    assert resumed.due_at == wib("2026-12-29", "15:00")


def test_a_hold_on_the_due_day_resumes_due_the_day_of_the_reply() -> None:
    started = a_case_in(Status.IN_PROGRESS)
    assert started.due_at == wib("2026-12-07", "15:00")
    held = rules.step(started, Action.HOLD, wib("2026-12-07", "09:00"), CLOCK, DAYS)
    assert held.paused_days == 0
    resumed = rules.step(held, Action.REPLY, wib("2026-12-10", "09:00"), CLOCK, DAYS)
    assert resumed.due_at == wib("2026-12-10", "15:00")


def test_overdue_only_for_open_cases_past_due() -> None:
    case = rules.received(wib("2026-12-03"), CLOCK, DAYS)
    assert not rules.overdue(case, wib("2026-12-08", "15:00"))
    assert rules.overdue(case, wib("2026-12-08", "15:01"))
    answered = a_case_in(Status.ANSWERED)
    assert not rules.overdue(answered, wib("2027-06-01"))


def test_an_answered_case_closes_itself_after_confirm_days() -> None:
    answered = rules.step(
        a_case_in(Status.IN_PROGRESS), Action.ANSWER, wib("2026-12-14"), CLOCK, DAYS
    )
    # Monday 14 December + 10 working days, Christmas out: 15–18, 21–24, 28, 29.
    assert answered.due_at == wib("2026-12-29", "15:00")
    assert not rules.self_closes(answered, wib("2026-12-29", "14:59"))
    assert rules.self_closes(answered, wib("2026-12-29", "15:00"))
    closed = rules.step(answered, Action.SELF_CLOSE, wib("2026-12-29", "15:00"), CLOCK, DAYS)
    assert closed.status is Status.CLOSED and closed.due_at is None


def test_reopen_only_within_confirm_days() -> None:
    answered = rules.step(
        a_case_in(Status.IN_PROGRESS), Action.ANSWER, wib("2026-12-14"), CLOCK, DAYS
    )
    reopened = rules.step(answered, Action.REOPEN, wib("2026-12-29", "14:00"), CLOCK, DAYS)
    assert reopened.status is Status.IN_PROGRESS
    assert reopened.due_at == wib("2027-01-05", "15:00")  # a new answer clock: 30, 31, 1, 4, 5
    with pytest.raises(InvalidTransition):
        rules.step(answered, Action.REOPEN, wib("2026-12-29", "15:01"), CLOCK, DAYS)


def test_reference_and_manage_token() -> None:
    assert rules.reference(date(2026, 12, 6), 7) == "ADU-20261206-0007"
    tokens = {rules.new_manage_token() for _ in range(100)}
    assert len(tokens) == 100
    assert all(len(t) == 32 for t in tokens)  # 24 random bytes: 192 bits


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("x" * 9, None),
        ("   " + "x" * 9 + "   ", None),
        ("x" * 10, "x" * 10),
        ("x" * 4000, "x" * 4000),
        ("x" * 4001, None),
    ],
)
def test_text_limits_count_trimmed_characters(text: str, kept: str | None) -> None:
    assert rules.clean_text(text) == kept


def test_the_hall_file_clock() -> None:
    assert rules.parse_clock(None, "h.toml") == Clock(3, 5, 10)
    assert rules.parse_clock({"answer_days": 7}, "h.toml") == Clock(3, 7, 10)
    for bad in ({"answer_days": 0}, {"answer_days": True}, {"answer_day": 5}, {"x": "5"}):
        with pytest.raises(ConfigError, match="Fix:"):
            rules.parse_clock(bad, "h.toml")
