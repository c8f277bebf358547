"""The SKM survey over REST and the plain HTML form: when it opens, once per ticket,
anonymous, and errors in both languages."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from inprocess import HallClient

from queue_core.survey import UNSUR

ALL_GOOD = {u: 4 for u in UNSUR}


def finish(hall: HallClient, service: str = "kk", counter: int = 1, **issue: Any) -> dict[str, Any]:
    """A citizen's whole visit: issued, called at `counter`, served, finished."""
    ticket = hall.issue(service, **issue)
    hall.post(f"/api/v1/counters/{counter}/open", "operator")
    called = hall.post(
        f"/api/v1/counters/{counter}/call", "operator", json={"ticket_id": ticket["id"]}
    )
    assert called.status_code == 200, called.text
    hall.post(f"/api/v1/tickets/{ticket['id']}/start", "operator").raise_for_status()
    hall.post(f"/api/v1/tickets/{ticket['id']}/finish", "operator").raise_for_status()
    return ticket


def answer(hall: HallClient, token: str, **body: Any):
    return hall.client.post(f"/api/v1/survey/{token}", json={"answers": ALL_GOOD, **body})


def state(hall: HallClient, token: str) -> str:
    reply = hall.client.get(f"/api/v1/survey/{token}")
    assert reply.status_code == 200, reply.text
    return str(reply.json()["state"])


def test_questions_carry_the_regulations_nine_elements_in_both_languages(hall: HallClient) -> None:
    ticket = hall.issue("kk")
    survey = hall.client.get(f"/api/v1/survey/{ticket['tracking_token']}").json()
    assert survey["number"] == ticket["number"] and survey["service_name_en"] == "Family card"
    assert [q["unsur"] for q in survey["questions"]] == list(UNSUR)
    u7 = survey["questions"][6]
    assert [c["label"] for c in u7["choices"]][3] == "Sangat sopan dan ramah"
    assert [c["value"] for c in u7["choices"]] == [1, 2, 3, 4] and u7["text_en"]


def test_survey_is_refused_before_the_visit_is_done(hall: HallClient) -> None:
    ticket = hall.issue("kk")
    assert state(hall, ticket["tracking_token"]) == "not_yet"
    reply = answer(hall, ticket["tracking_token"])
    assert reply.status_code == 409 and reply.json()["error"]["code"] == "survey_not_open"


def test_one_response_per_ticket(hall: HallClient) -> None:
    token = finish(hall)["tracking_token"]
    assert state(hall, token) == "open"
    assert answer(hall, token).status_code == 201
    assert state(hall, token) == "answered"
    again = answer(hall, token, answers={u: 1 for u in UNSUR})
    assert again.status_code == 409
    error = again.json()["error"]
    assert error["code"] == "already_answered" and error["message"] and error["message_en"]
    assert count(hall, "survey_responses") == 1


def test_survey_closes_seven_days_after_the_visit(hall: HallClient) -> None:
    token = finish(hall)["tracking_token"]
    hall.clock.advance(days=7)
    assert state(hall, token) == "open"  # exactly 7 days later it still counts
    hall.clock.advance(seconds=1)
    assert state(hall, token) == "closed"
    reply = answer(hall, token)
    assert reply.status_code == 409 and reply.json()["error"]["code"] == "survey_not_open"
    assert count(hall, "survey_responses") == 0


@pytest.mark.parametrize(
    ("answers", "named"),
    [
        ({u: 3 for u in UNSUR if u != "u9"}, "U9"),
        ({**{u: 3 for u in UNSUR}, "u2": 5}, "U2"),
        ({**{u: 3 for u in UNSUR}, "u3": 0, "u4": "4"}, "U3, U4"),
        ({**{u: 3 for u in UNSUR}, "u10": 3}, "U10"),
    ],
)
def test_missing_or_out_of_range_answers_are_422_in_both_languages(
    hall: HallClient, answers: dict[str, Any], named: str
) -> None:
    token = finish(hall)["tracking_token"]
    reply = hall.client.post(f"/api/v1/survey/{token}", json={"answers": answers})
    assert reply.status_code == 422
    error = reply.json()["error"]
    assert error["code"] == "validation_error"
    assert named in error["message"] and named in error["message_en"]
    assert "belum diisi" in error["message"] and "missing" in error["message_en"]
    assert state(hall, token) == "open"  # nothing stored: the citizen can try again


def test_suggestion_is_limited_to_1000_characters(hall: HallClient) -> None:
    token = finish(hall)["tracking_token"]
    long = answer(hall, token, suggestion="a" * 1001)
    assert long.status_code == 422 and "1.000" in long.json()["error"]["message"]
    assert answer(hall, token, suggestion="b" * 1000).status_code == 201


def test_bad_respondent_fields_are_refused(hall: HallClient) -> None:
    token = finish(hall)["tracking_token"]
    reply = answer(hall, token, respondent={"gender": "X"})
    assert reply.status_code == 422 and "gender" in reply.json()["error"]["message_en"]


def count(hall: HallClient, table: str) -> int:
    with sqlite3.connect(hall.db) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_no_survey_row_can_be_joined_to_a_nik(hall: HallClient) -> None:
    ticket = finish(hall, "ktp", nik="3171012501900003")
    token = ticket["tracking_token"]
    assert (
        answer(hall, token, suggestion="Antrean cepat", respondent={"gender": "P"}).status_code
        == 201
    )
    conn = sqlite3.connect(hall.db)
    try:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(survey_responses)")]
        assert columns == [
            "id", "day", "agency_id", "service_id", "counter_id", "channel", *UNSUR,
            "gender", "age_band", "education", "occupation", "suggestion",
        ]  # fmt: skip
        assert conn.execute("PRAGMA foreign_key_list(survey_responses)").fetchall() == []
        # The only record that this ticket answered holds the ticket's id and nothing else.
        assert [r[1] for r in conn.execute("PRAGMA table_info(surveyed_tickets)")] == ["ticket_id"]
        row = conn.execute("SELECT * FROM survey_responses").fetchone()
        secrets = conn.execute(
            "SELECT tracking_token, nik_hmac, nik_masked, finished_at, issued_at FROM tickets"
            " WHERE id = ?",
            (ticket["id"],),
        ).fetchone()
        assert secrets[1] and secrets[2]  # the ticket itself did carry a NIK
        assert not set(map(str, row)) & set(map(str, secrets)), "a response holds a ticket key"
        # Whatever a reader joins on, a response meets no ticket column that leads to a
        # person (small integers such as the counter id are not keys of a visit).
        for column in columns:
            for key in ("tracking_token", "nik_hmac", "nik_masked", "finished_at"):
                joined = conn.execute(
                    f"SELECT count(*) FROM survey_responses s JOIN tickets t ON s.{column} = t.{key}"
                ).fetchone()[0]
                assert joined == 0, f"survey_responses.{column} joins tickets.{key}"
    finally:
        conn.close()


def test_the_form_works_without_javascript(hall: HallClient) -> None:
    token = finish(hall)["tracking_token"]
    page = hall.client.get(f"/t/{token}")
    assert page.status_code == 200
    assert page.text.count('<fieldset class="q') == 9 and 'method="post"' in page.text
    incomplete = hall.client.post(
        f"/t/{token}/survey",
        content="u1=4&u2=4&lang=en",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert incomplete.status_code == 422
    assert "Sorry, answers U3, U4" in incomplete.text
    assert 'value="4" required checked' in incomplete.text  # what was chosen stays chosen
    form = "&".join(f"{u}=3" for u in UNSUR) + "&gender=L&suggestion=Ruang+tunggu+panas&lang=id"
    done = hall.client.post(
        f"/t/{token}/survey",
        content=form,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert done.status_code == 200 and "Terima kasih!" in done.text
    assert state(hall, token) == "answered"
    assert "sudah diisi" in hall.client.get(f"/t/{token}").text


def test_the_counter_tablet_offers_the_ticket_just_finished(hall: HallClient) -> None:
    ticket = finish(hall, counter=2)
    display = hall.headers("display")
    offered = hall.client.get("/api/v1/survey/counter/2", headers=display).json()
    assert offered["counter_name"] == "Loket 2" and offered["ticket"]["number"] == ticket["number"]
    assert "tracking_token" not in str(offered)
    wrong = hall.client.post(
        "/api/v1/survey/counter/2", headers=display, json={"number": "Z999", "answers": ALL_GOOD}
    )
    assert wrong.status_code == 409
    taken = hall.client.post(
        "/api/v1/survey/counter/2",
        headers=display,
        json={"number": ticket["number"], "answers": ALL_GOOD},
    )
    assert taken.status_code == 201
    assert hall.client.get("/api/v1/survey/counter/2", headers=display).json()["ticket"] is None
    assert state(hall, ticket["tracking_token"]) == "answered"
    page = hall.client.get("/survey/counter/2?token=" + hall.token("display", "display"))
    assert page.status_code == 200 and page.text.count("<fieldset") == 9
    assert hall.client.get("/survey/counter/2?token=nope").status_code == 401


def test_the_tablet_forgets_a_visit_after_ten_minutes(hall: HallClient) -> None:
    finish(hall, counter=1)
    hall.clock.advance(minutes=11)
    offered = hall.client.get("/api/v1/survey/counter/1", headers=hall.headers("display"))
    assert offered.json()["ticket"] is None


def test_answers_are_rate_limited_per_address(hall: HallClient) -> None:
    token = finish(hall)["tracking_token"]
    for _ in range(20):
        assert hall.client.post(f"/api/v1/survey/{token}", json={"answers": {}}).status_code == 422
    limited = answer(hall, token)
    assert limited.status_code == 429 and limited.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(limited.headers["Retry-After"]) <= 61


def test_the_published_openapi_tells_of_the_limit_and_the_refusals(hall: HallClient) -> None:
    paths = hall.client.get("/openapi.json").json()["paths"]
    phone = paths["/api/v1/survey/{token}"]["post"]["responses"]
    assert {"201", "404", "409", "422", "429"} <= phone.keys()
    assert "Retry-After" in phone["429"]["headers"]
    tablet = paths["/api/v1/survey/counter/{counter_id}"]["post"]["responses"]
    assert {"201", "401", "403", "404", "409", "422"} <= tablet.keys()


def test_an_answer_written_with_a_decimal_point_counts(hall: HallClient) -> None:
    # JSON's 4.0 is an integer to a JSON Schema, so a client may send it (it was a 500).
    token = finish(hall)["tracking_token"]
    reply = hall.client.post(f"/api/v1/survey/{token}", json={"answers": {u: 4.0 for u in UNSUR}})
    assert reply.status_code == 201, reply.text
    assert state(hall, token) == "answered"


def test_request_log_never_holds_a_tracking_token() -> None:
    from queue_server.edge import redact

    token = "J4k5kMh7iUP6RUFWwsU0tFQ3wEPGLHaC"
    for path in (f"/api/v1/survey/{token}", f"/t/{token}/survey"):
        assert token not in redact(path, "") and "J4k5kM…" in redact(path, "")
    assert redact("/api/v1/survey/counter/2", "") == "/api/v1/survey/counter/2"
    assert redact("/survey/counter/2", f"token={token}") == "/survey/counter/2?token=***"
