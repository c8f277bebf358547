"""Signing in to the console: the form, the session cookie, going back where one was,
signing out, and what the sign-in page refuses."""

from __future__ import annotations

import pytest
from inprocess import PASSWORD, HallClient

from queue_server.console.session import COOKIE, safe_next


def sign_in(hall: HallClient, name: str, password: str = PASSWORD, **extra: str):
    return hall.client.post(
        "/admin/login",
        data={"username": name, "password": password, **extra},
        follow_redirects=False,
    )


def test_a_supervisor_signs_in_and_lands_where_they_were_going(hall: HallClient) -> None:
    hall.token("supervisor", "supervisor")
    hall.client.cookies.clear()
    away = hall.client.get("/admin?lang=en", follow_redirects=False)
    assert away.headers["location"] == "/admin/login?next=/admin%3Flang%3Den"
    form = hall.client.get(away.headers["location"])
    assert 'name="next" value="/admin?lang=en"' in form.text
    signed = sign_in(hall, "supervisor", next="/admin?lang=en")
    assert signed.status_code == 303 and signed.headers["location"] == "/admin?lang=en"
    cookie = signed.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    for flag in ("HttpOnly", "SameSite=strict", "Path=/"):
        assert flag.lower() in cookie.lower(), cookie
    home = hall.client.get("/admin")
    assert home.status_code == 200 and "supervisor" in home.text
    assert home.headers["cache-control"] == "no-store"


def test_a_wrong_password_keeps_the_name_and_says_what_to_do(hall: HallClient) -> None:
    hall.token("supervisor", "supervisor")
    hall.client.cookies.clear()
    refused = sign_in(hall, "supervisor", "salah-sekali")
    assert refused.status_code == 401
    assert "Nama pengguna atau kata sandi salah" in refused.text
    assert 'value="supervisor"' in refused.text
    assert COOKIE not in refused.headers.get("set-cookie", "")
    unknown = sign_in(hall, "nobody-here", "salah-sekali")
    assert unknown.status_code == 401 and "kata sandi salah" in unknown.text


def test_sign_in_is_throttled_like_the_rest_login(hall: HallClient) -> None:
    hall.token("supervisor", "supervisor")
    hall.client.cookies.clear()
    answers = [sign_in(hall, "supervisor", "salah-sekali").status_code for _ in range(60)]
    assert answers[0] == 401 and 429 in answers
    last = sign_in(hall, "supervisor")  # even the right password waits its turn now
    assert last.status_code == 429 and "Retry-After" in last.headers
    assert "Terlalu banyak percobaan" in last.text


@pytest.mark.parametrize(
    "target", ["https://evil.example/admin", "//evil.example/admin", "/admin\\@evil", "/api/v1/x"]
)
def test_after_sign_in_the_browser_never_leaves_the_console(target: str) -> None:
    assert safe_next(target) == "/admin"


def test_signing_out_ends_the_session_everywhere(hall: HallClient) -> None:
    hall.token("supervisor", "supervisor")
    hall.client.cookies.clear()
    sign_in(hall, "supervisor")
    token = hall.client.cookies[COOKIE]
    page = hall.client.get("/admin")
    csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
    out = hall.client.post("/admin/logout", data={"csrf": csrf}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/admin/login"
    # The session itself is over, not only the cookie: the token gets 401 on REST too.
    me = hall.client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 401
    hall.client.cookies.set(COOKIE, token)
    assert hall.client.get("/admin", follow_redirects=False).status_code == 303


def test_a_sign_out_without_the_pages_form_field_does_nothing(hall: HallClient) -> None:
    hall.token("supervisor", "supervisor")
    hall.client.cookies.clear()
    sign_in(hall, "supervisor")
    token = hall.client.cookies[COOKIE]
    hall.client.post("/admin/logout", data={}, headers={"Origin": "http://evil.example"})
    me = hall.client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200


def test_an_operator_with_the_right_password_is_told_the_console_is_not_theirs(
    hall: HallClient,
) -> None:
    hall.token("operator", "operator")
    hall.client.cookies.clear()
    sign_in(hall, "operator")
    page = hall.client.get("/admin")
    assert page.status_code == 403
    assert "antre counter" in page.text
    assert "<nav" not in page.text  # no menu of sections they cannot open


def test_the_console_speaks_english_when_asked_and_remembers_it(hall: HallClient) -> None:
    hall.token("supervisor", "supervisor")
    hall.client.cookies.clear()
    sign_in(hall, "supervisor")
    assert "Sign out" in hall.client.get("/admin?lang=en").text
    assert "Sign out" in hall.client.get("/admin").text
    assert "Keluar" in hall.client.get("/admin?lang=id").text
