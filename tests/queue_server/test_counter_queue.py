"""GET /counters/{id}/queue lists a counter's waiting tickets in the order its call-next
really takes them: across services, with its own priority streak, tickets sent to it,
due appointments and overdue regulars."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from inprocess import FakeClock, HallClient
from stored_queue import COUNTERS, DAY, T0, WAITS, one_ticket, stored_queue

from queue_core.dispatch import choose_next
from queue_core.ticket import Ticket
from queue_server.queue_view import counter_call_order
from queue_server.store import tickets as ticket_rows

# Loket 2 of the small hall serves kk, ktp and akta; Loket 1 serves ktp and kk. K = 2.
COUNTER = 2
PRIORITIES = ["regular", "regular", "elderly", "disability", "pregnant", "child"]


def nik(i: int) -> str:
    """A valid, made-up NIK (Kota Bandung, born 1 Jan 1990), a different one each time:
    ktp needs a NIK and a NIK takes at most two numbers a day."""
    return f"327301010190{i + 1:04d}"


def queue(hall: HallClient, counter: int = COUNTER, who: str = "admin", **params: Any) -> Any:
    reply = hall.get(f"/api/v1/counters/{counter}/queue", who, params=params)
    assert reply.status_code == 200, reply.text
    return reply.json()


def listed(hall: HallClient, counter: int = COUNTER) -> list[str]:
    return [t["number"] for t in queue(hall, counter, limit=500)["tickets"]]


def call_next(hall: HallClient, counter: int = COUNTER) -> dict[str, Any] | None:
    """Call the next citizen and finish them at once, leaving the counter free again."""
    reply = hall.post(f"/api/v1/counters/{counter}/call-next")
    if reply.status_code == 204:
        return None
    assert reply.status_code == 200, reply.text
    called = reply.json()
    assert hall.post(f"/api/v1/tickets/{called['id']}/start").status_code == 200
    assert hall.post(f"/api/v1/tickets/{called['id']}/finish").status_code == 200
    return dict(called)


def calls_until_empty(hall: HallClient, counter: int = COUNTER) -> list[str]:
    """Call next again and again with nothing else happening: what the counter calls."""
    numbers = []
    while (called := call_next(hall, counter)) is not None:
        numbers.append(called["number"])
    return numbers


# --- the property: the list is what call-next does ------------------------------------------

move = st.one_of(
    st.tuples(
        st.just("issue"), st.sampled_from(["kk", "ktp", "akta"]), st.sampled_from(PRIORITIES)
    ),
    st.tuples(st.just("wait"), st.integers(1, 45)),
    st.tuples(st.just("call"), st.sampled_from([1, 2])),
    st.tuples(st.just("transfer"), st.sampled_from([1, 2]), st.sampled_from(["kk", "ktp"])),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(moves=st.lists(move, min_size=3, max_size=30), peek_each_step=st.booleans())
def test_the_listed_order_is_the_order_call_next_calls(
    moves: list[tuple[Any, ...]], peek_each_step: bool
) -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        HallClient(Path(folder) / "a.db", FakeClock()) as hall,
    ):
        for counter in (1, 2):
            assert hall.post(f"/api/v1/counters/{counter}/open").status_code == 200
        for i, step in enumerate(moves):
            if step[0] == "issue":
                body: dict[str, Any] = {"service_id": step[1], "priority": step[2]}
                if step[1] == "ktp":
                    body["nik"] = nik(i)
                hall.clock.advance(seconds=20)
                reply = hall.post("/api/v1/tickets", "kiosk", json=body)
                assert reply.status_code in (201, 409), reply.text  # akta's quota is 3
            elif step[0] == "wait":
                hall.clock.advance(minutes=step[1])  # regulars pass their maximum wait
            elif step[0] == "call":
                call_next(hall, step[1])  # Loket 2's streak moves; Loket 1 takes from kk/ktp
            else:
                # Loket 1 calls someone and sends them on, to one loket in particular.
                reply = hall.post("/api/v1/counters/1/call-next")
                if reply.status_code == 200:
                    sent = hall.post(
                        f"/api/v1/tickets/{reply.json()['id']}/transfer",
                        json={"service_id": step[2], "counter_id": step[1]},
                    )
                    assert sent.status_code == 200, sent.text

        expected = listed(hall)
        if peek_each_step:
            # The first entry is what the next call-next takes, at every step.
            called = []
            while (head := queue(hall, limit=1)["tickets"]) and (ticket := call_next(hall)):
                assert ticket["number"] == head[0]["number"]
                called.append(ticket["number"])
            assert call_next(hall) is None
        else:
            called = calls_until_empty(hall)
        assert called == expected


# --- the rules, one by one --------------------------------------------------------------------


def test_priority_k_in_a_row_is_kept_across_two_services(hall: HallClient) -> None:
    hall.post("/api/v1/counters/2/open")
    b_reg = hall.issue("kk")
    c_reg = hall.issue("akta")
    b_eld = hall.issue("kk", priority="elderly")
    c_preg = hall.issue("akta", priority="pregnant")
    b_child = hall.issue("kk", priority="child")

    # K = 2: two priority citizens (whatever their service), then the longest-waiting
    # regular of any service, then priority again.
    order = [b_eld, c_preg, b_reg, b_child, c_reg]
    assert listed(hall) == [t["number"] for t in order]
    assert calls_until_empty(hall) == [t["number"] for t in order]


def test_the_counters_own_streak_decides_the_next_call(hall: HallClient) -> None:
    hall.post("/api/v1/counters/2/open")
    hall.issue("kk", priority="elderly")
    call_next(hall)  # one priority call in a row at Loket 2
    regular = hall.issue("kk")
    priority = [hall.issue("akta", priority="disability"), hall.issue("kk", priority="child")]

    # One more priority call, then the regular: the streak counts from before.
    expected = [priority[0]["number"], regular["number"], priority[1]["number"]]
    answer = queue(hall)
    assert answer["priority_streak"] == 1
    assert [t["number"] for t in answer["tickets"]] == expected
    # Another counter, with its own fresh streak, would call both priority citizens first.
    assert listed(hall, 1) == [priority[1]["number"], regular["number"]]
    assert calls_until_empty(hall) == expected


def test_a_ticket_sent_to_this_counter_comes_first_and_only_here(hall: HallClient) -> None:
    for counter in (1, 2):
        hall.post(f"/api/v1/counters/{counter}/open")
    early = hall.issue("kk", priority="elderly")
    waiting = hall.issue("kk")
    returning = hall.issue("ktp", nik="3273014101900001")
    taken = hall.post("/api/v1/counters/1/call-next").json()  # Loket 1 takes the elderly one
    assert taken["id"] == early["id"]
    sent = hall.post(
        f"/api/v1/tickets/{taken['id']}/transfer", json={"service_id": "ktp", "counter_id": 2}
    )
    assert sent.status_code == 200

    assert listed(hall, 2) == [early["number"], waiting["number"], returning["number"]]
    assert early["number"] not in listed(hall, 1)  # Loket 1 will never call it
    assert calls_until_empty(hall) == [early["number"], waiting["number"], returning["number"]]


def test_counts_cover_the_whole_queue_while_the_list_stops_at_the_limit(
    hall: HallClient,
) -> None:
    numbers = [hall.issue("kk")["number"] for _ in range(5)]
    hall.issue("pkb")  # another agency's service: not Loket 2's
    answer = queue(hall, limit=2)
    assert [t["number"] for t in answer["tickets"]] == numbers[:2]
    assert answer["waiting"] == 5
    assert answer["services"] == [
        {"service_id": "kk", "waiting": 5},
        {"service_id": "ktp", "waiting": 0},
        {"service_id": "akta", "waiting": 0},
    ]
    ticket = answer["tickets"][0]
    assert ticket["status"] == "waiting" and ticket["position"] == 0  # the contract's Ticket


def test_a_hall_display_may_read_a_counters_queue(hall: HallClient) -> None:
    issued = hall.issue("kk")
    assert [t["id"] for t in queue(hall, who="display")["tickets"]] == [issued["id"]]


def test_an_unknown_counter_is_not_found_in_both_languages(hall: HallClient) -> None:
    reply = hall.get("/api/v1/counters/77/queue")
    assert reply.status_code == 404
    assert reply.json() == {
        "error": {
            "code": "not_found",
            "message": "Loket 77 tidak ada.",
            "message_en": "There is no counter 77.",
        }
    }


def test_a_limit_outside_one_to_five_hundred_is_refused(hall: HallClient) -> None:
    for limit in (0, 501):
        reply = hall.get("/api/v1/counters/2/queue", params={"limit": limit})
        assert reply.status_code == 422 and reply.json()["error"]["code"] == "validation_error"


# --- the store's fronts hold every call: also with appointments, which no route issues yet ----


def whole_queue_calls(waiting: list[Ticket], streak: int, **rules: Any) -> list[int]:
    """The reference: call-next's choose_next over every waiting ticket, again and again."""
    left, calls = list(waiting), []
    while True:
        ticket, streak = choose_next(left, streak=streak, **rules)
        if ticket is None:
            return calls
        calls.append(ticket.id)
        left.remove(ticket)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(one_ticket, max_size=30),
    st.integers(0, 3),
    st.integers(1, 3),
    st.integers(60, 160),
    st.integers(1, 12),
)
def test_the_lane_fronts_give_the_calls_the_whole_queue_would(
    specs: list[dict[str, Any]], streak: int, k: int, now_minute: int, limit: int
) -> None:
    with stored_queue(specs) as conn:
        now = T0 + timedelta(minutes=now_minute)
        for counter, services in COUNTERS:
            rules: dict[str, Any] = dict(
                counter_id=counter, services=services, now=now, k=k, max_wait_minutes=WAITS
            )
            everything = whole_queue_calls(
                ticket_rows.waiting(conn, DAY, services), streak, **rules
            )
            fronts = ticket_rows.lane_fronts(conn, DAY, counter, services, now, limit)
            listed_ids = [
                r.ticket.id
                for r in counter_call_order(*fronts, streak=streak, limit=limit, **rules)
            ]
            assert listed_ids == everything[:limit]
