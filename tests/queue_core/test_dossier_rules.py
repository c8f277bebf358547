"""The dossier's life, clock and OSS-RBA codes (queue_core/dossier.py), pure.

The hall works Monday–Friday in WIB and keeps Christmas (Friday 25 December 2026) as a
holiday. The service's dossier_days is 5.
"""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime
from itertools import product

import pytest

from queue_core import dossier as rules
from queue_core.calendar import Calendar, Holiday
from queue_core.dossier import Action, Dossier, Status
from queue_core.errors import ConfigError, InvalidTransition
from queue_core.hall import Hall, parse_hall

CAL = Calendar(holidays=(Holiday(date(2026, 12, 25), "Hari Raya Natal"),))
TZ = "Asia/Jakarta"
DAYS = 5


def wib(day: str, hhmm: str = "10:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{hhmm}:00+07:00").astimezone(UTC)


PATHS: dict[Status, list[Action]] = {
    Status.RECEIVED: [],
    Status.IN_PROCESS: [Action.PROCESS],
    Status.NEEDS_COMPLETION: [Action.PROCESS, Action.NEED],
    Status.READY: [Action.PROCESS, Action.READY],
    Status.COLLECTED: [Action.PROCESS, Action.READY, Action.COLLECT],
    Status.REJECTED: [Action.REJECT],
}


def a_dossier_in(status: Status) -> Dossier:
    """A dossier in `status`, reached by the allowed steps from a Monday at the counter."""
    now = wib("2026-11-30")
    d = rules.received(now, DAYS, CAL, TZ)
    for action in PATHS[status]:
        d = rules.step(d, action, now, CAL, TZ, "catatan")
    assert d.status is status
    return d


ALLOWED = {
    (Status.RECEIVED, Action.PROCESS): Status.IN_PROCESS,
    (Status.IN_PROCESS, Action.NEED): Status.NEEDS_COMPLETION,
    (Status.NEEDS_COMPLETION, Action.RESUME): Status.IN_PROCESS,
    (Status.IN_PROCESS, Action.READY): Status.READY,
    (Status.READY, Action.COLLECT): Status.COLLECTED,
    (Status.RECEIVED, Action.REJECT): Status.REJECTED,
    (Status.IN_PROCESS, Action.REJECT): Status.REJECTED,
    (Status.NEEDS_COMPLETION, Action.REJECT): Status.REJECTED,
    (Status.READY, Action.REJECT): Status.REJECTED,
}


@pytest.mark.parametrize(("status", "action"), list(product(Status, Action)))
def test_every_step_is_allowed_or_refused_without_change(status: Status, action: Action) -> None:
    d = a_dossier_in(status)
    now = wib("2026-12-01")
    if (status, action) in ALLOWED:
        after = rules.step(d, action, now, CAL, TZ, "alasan")
        assert after.status is ALLOWED[(status, action)]
        assert after.timeline[-1].status is after.status
        assert after.timeline[-1].at == now
        assert len(after.timeline) == len(d.timeline) + 1
    else:
        with pytest.raises(InvalidTransition):
            rules.step(d, action, now, CAL, TZ, "alasan")
        assert d == a_dossier_in(status)  # frozen; the refused step built nothing


def test_need_and_reject_say_why() -> None:
    with pytest.raises(ValueError):
        rules.step(a_dossier_in(Status.IN_PROCESS), Action.NEED, wib("2026-12-01"), CAL, TZ, " ")
    with pytest.raises(ValueError):
        rules.step(a_dossier_in(Status.RECEIVED), Action.REJECT, wib("2026-12-01"), CAL, TZ)


def test_due_date_counts_working_days_after_the_day_received() -> None:
    # Monday 30 Nov + 5 working days = Monday 7 Dec (the weekend does not count).
    assert rules.received(wib("2026-11-30"), 5, CAL, TZ).due_date == date(2026, 12, 7)
    # Thursday 24 Dec + 2: Friday 25 is Christmas, the weekend is closed → Tue 29 Dec.
    assert rules.received(wib("2026-12-24"), 2, CAL, TZ).due_date == date(2026, 12, 29)
    # 23:30 WIB on Monday is still Monday in the hall, though Monday 16:30 UTC.
    assert rules.received(wib("2026-11-30", "23:30"), 1, CAL, TZ).due_date == date(2026, 12, 1)


def test_needs_completion_pauses_the_clock_and_resume_restarts_it() -> None:
    d = rules.received(wib("2026-12-14"), 5, CAL, TZ)  # Monday → due Monday 21 Dec
    assert d.due_date == date(2026, 12, 21)
    d = rules.step(d, Action.PROCESS, wib("2026-12-15"), CAL, TZ)
    # Wednesday 16 Dec: 17, 18, 21 still owed = 3 working days.
    d = rules.step(d, Action.NEED, wib("2026-12-16"), CAL, TZ, "Fotokopi KK belum ada")
    assert d.due_date is None and d.paused_days == 3
    assert not rules.overdue(d, wib("2027-01-30"), TZ)  # paused: never late
    # The citizen brings it on Wednesday 23 Dec: 24, (25 holiday, weekend) 28, 29.
    d = rules.step(d, Action.RESUME, wib("2026-12-23"), CAL, TZ)
    assert d.status is Status.IN_PROCESS and d.due_date == date(2026, 12, 29)


def test_overdue_only_while_staff_owe_work() -> None:
    d = rules.received(wib("2026-11-30"), 5, CAL, TZ)  # due 7 Dec
    assert not rules.overdue(d, wib("2026-12-07", "23:00"), TZ)
    assert rules.overdue(d, wib("2026-12-08", "08:00"), TZ)
    d = rules.step(d, Action.PROCESS, wib("2026-12-08"), CAL, TZ)
    assert rules.overdue(d, wib("2026-12-08"), TZ)
    ready = rules.step(d, Action.READY, wib("2026-12-09"), CAL, TZ)
    assert ready.due_date == date(2026, 12, 7)  # kept: was it in time?
    assert not rules.overdue(ready, wib("2026-12-20"), TZ)
    collected = rules.step(ready, Action.COLLECT, wib("2026-12-10"), CAL, TZ)
    assert collected.due_date is None and not rules.overdue(collected, wib("2026-12-20"), TZ)


CODE_TABLE = {
    **dict.fromkeys(
        ["05", "09", "10", "20", "30", "31", "32", "33", "34", "40", "42", "44", "45"],
        Status.IN_PROCESS,
    ),
    **dict.fromkeys(["11", "41", "43", "93"], Status.NEEDS_COMPLETION),
    **dict.fromkeys(["50", "52", "57"], Status.READY),
    "90": Status.REJECTED,
}


def test_the_code_table_is_domain_md() -> None:
    assert rules.OSS_RBA_CODES == CODE_TABLE


@pytest.mark.parametrize(("code", "target"), sorted(CODE_TABLE.items()))
def test_each_oss_rba_code_moves_a_received_dossier(code: str, target: Status) -> None:
    d = a_dossier_in(Status.RECEIVED)
    at = wib("2026-12-01")
    after = rules.external(d, "oss-rba", code, at, CAL, TZ)
    assert after.status is target
    last = after.timeline[-1]
    assert (last.at, last.status, last.system, last.code) == (at, target, "oss-rba", code)
    assert len(after.timeline) == 2  # one line for the push, not the steps between


def test_an_unknown_code_is_kept_on_the_trail_and_changes_nothing_else() -> None:
    d = a_dossier_in(Status.IN_PROCESS)
    after = rules.external(d, "oss-rba", "77", wib("2026-12-01"), CAL, TZ)
    assert after.status is Status.IN_PROCESS and after.due_date == d.due_date
    assert after.timeline[-1].code == "77" and after.timeline[-1].status is Status.IN_PROCESS


def test_a_code_the_state_cannot_follow_is_refused() -> None:
    with pytest.raises(InvalidTransition):
        rules.external(a_dossier_in(Status.COLLECTED), "oss-rba", "20", wib("2026-12-01"), CAL, TZ)
    with pytest.raises(ValueError):
        rules.external(a_dossier_in(Status.RECEIVED), "sicantik", "20", wib("2026-12-01"), CAL, TZ)


def test_a_needs_completion_code_pauses_the_clock() -> None:
    d = rules.external(a_dossier_in(Status.IN_PROCESS), "oss-rba", "41", wib("2026-12-01"), CAL, TZ)
    assert d.status is Status.NEEDS_COMPLETION and d.paused_days == 4


def test_reference_names_the_day_and_running_number() -> None:
    assert rules.reference(date(2026, 12, 6), 42) == "BRK-20261206-0042"


HALL = """
[hall]
name = "MPP"
timezone = "Asia/Jakarta"
[[agencies]]
id = "dukcapil"
name = "Dukcapil"
name_en = "Civil registry"
[[services]]
id = "ktp"
agency = "dukcapil"
prefix = "A"
name = "KTP-el"
name_en = "ID card"
minutes = 10
{extra}
[[counters]]
id = 1
name = "Loket 1"
agency = "dukcapil"
services = ["ktp"]
zone = "A"
"""


def load_hall_text(text: str) -> Hall:
    return parse_hall(tomllib.loads(text), "hall.toml")


def test_dossier_days_is_read_and_checked_from_the_hall_file() -> None:
    assert load_hall_text(HALL.format(extra="dossier_days = 14")).services[0].dossier_days == 14
    assert load_hall_text(HALL.format(extra="")).services[0].dossier_days is None
    for bad in ("0", "true", '"14"', "400"):
        with pytest.raises(ConfigError, match="dossier_days"):
            load_hall_text(HALL.format(extra=f"dossier_days = {bad}"))
