"""The SKM survey in a real browser against a real `antre serve`, phone-sized (390×844):
answered from the ticket's page in Indonesian and in English, with and without
JavaScript, checked with axe-core; and the counter's tablet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from support import Server, bearer

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
LIVE = 10_000  # ms: well within this, and well under the tablet's 30 s fallback question

AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe.min.js"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


class Visits:
    """Citizens' visits through the REST API: a kiosk issues, an admin serves."""

    def __init__(self, server: Server) -> None:
        self.url = server.url
        self.kiosk = bearer(server.device_token("kiosk-1", "kiosk"))
        self.admin = bearer(server.staff_token())
        self.server = server

    def issue(self, service: str = "kk") -> dict[str, Any]:
        r = httpx.post(
            f"{self.url}/api/v1/tickets", json={"service_id": service}, headers=self.kiosk
        )
        assert r.status_code == 201, r.text
        return dict(r.json())

    def serve(self, ticket: dict[str, Any], counter: int = 1) -> None:
        httpx.post(f"{self.url}/api/v1/counters/{counter}/open", headers=self.admin)
        r = httpx.post(
            f"{self.url}/api/v1/counters/{counter}/call",
            json={"ticket_id": ticket["id"]},
            headers=self.admin,
        )
        assert r.status_code == 200, r.text
        for step in ("start", "finish"):
            r = httpx.post(f"{self.url}/api/v1/tickets/{ticket['id']}/{step}", headers=self.admin)
            assert r.status_code == 200, r.text

    def finished(self, counter: int = 1) -> dict[str, Any]:
        ticket = self.issue()
        self.serve(ticket, counter)
        return ticket

    def state(self, ticket: dict[str, Any]) -> str:
        return str(
            httpx.get(f"{self.url}/api/v1/survey/{ticket['tracking_token']}").json()["state"]
        )


@pytest.fixture
def visits(server: Server) -> Visits:
    return Visits(server)


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(**PHONE, locale="id-ID")
    try:
        yield ctx
    finally:
        ctx.close()


def pick(page: Page, question: int, label: str) -> None:
    """Tap the answer whose words are `label` in question `question` (1–9)."""
    page.locator(f"#q-u{question}").get_by_role("radio", name=label, exact=True).check()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']})"
    )
    return [{"id": v["id"], "nodes": len(v["nodes"])} for v in result["violations"]]


def test_answer_the_survey_from_the_tickets_page_in_indonesian(
    context: BrowserContext, visits: Visits
) -> None:
    ticket = visits.issue()
    page = context.new_page()
    page.goto(f"{visits.url}/t/{ticket['tracking_token']}")
    expect(page.locator("#number")).to_have_text(ticket["number"])
    visits.serve(ticket)
    # The live page turns to "done" and offers the survey; following it shows the form.
    link = page.get_by_role("link", name="Beri penilaian layanan (Survei Kepuasan)")
    expect(link).to_be_visible(timeout=10_000)
    link.click()
    expect(page.get_by_role("heading", name="Bagaimana pelayanan kami?")).to_be_visible()
    assert page.locator("fieldset.q").count() == 9
    assert axe_violations(page) == []
    for question, label in enumerate(
        ["Sangat sesuai", "Mudah", "Cepat", "Gratis", "Sesuai", "Sangat kompeten",
         "Sangat sopan dan ramah", "Berfungsi kurang maksimal", "Baik"],
        start=1,
    ):  # fmt: skip
        pick(page, question, label)
    page.get_by_label("Jenis kelamin").select_option("P")
    page.get_by_label("Saran dan masukan (boleh dikosongkan)").fill("Ruang tunggu agak panas.")
    page.get_by_role("button", name="Kirim penilaian").click()
    expect(page.get_by_role("heading", name="Terima kasih!")).to_be_visible()
    assert visits.state(ticket) == "answered"
    page.reload()
    expect(page.get_by_text("Survei untuk kunjungan ini sudah diisi.")).to_be_visible()


def test_answer_the_survey_in_english_without_javascript(browser: Browser, visits: Visits) -> None:
    ticket = visits.finished()
    ctx = browser.new_context(**PHONE, java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(f"{visits.url}/t/{ticket['tracking_token']}")
        page.get_by_role("link", name="English").click()
        expect(page.get_by_role("heading", name="How was our service?")).to_be_visible()
        pick(page, 1, "Very appropriate")
        page.get_by_role("button", name="Send my rating").click()
        # Eight answers missing: the form comes back, says which, and keeps the first one.
        error = page.get_by_role("alert")
        expect(error).to_contain_text("Sorry, answers U2, U3")
        expect(
            page.locator("#q-u1").get_by_role("radio", name="Very appropriate", exact=True)
        ).to_be_checked()
        for question, label in enumerate(
            ["Easy", "Very fast", "Free", "Appropriate", "Competent",
             "Polite and friendly", "Well managed", "Very good"],
            start=2,
        ):  # fmt: skip
            pick(page, question, label)
        page.get_by_role("button", name="Send my rating").click()
        expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    finally:
        ctx.close()
    assert visits.state(ticket) == "answered"


def test_the_survey_form_works_from_the_keyboard(context: BrowserContext, visits: Visits) -> None:
    ticket = visits.finished()
    page = context.new_page()
    page.goto(f"{visits.url}/t/{ticket['tracking_token']}")
    first = page.locator("#q-u1 input").first
    first.focus()
    page.keyboard.press("ArrowDown")  # radio groups move with the arrow keys
    expect(
        page.locator("#q-u1").get_by_role("radio", name="Kurang sesuai", exact=True)
    ).to_be_checked()
    box = page.locator("#q-u1 label.choice").first.bounding_box()
    assert box is not None and box["height"] >= 48 and box["width"] >= 300  # big touch targets


def test_the_counter_tablet_shows_the_visit_just_finished(browser: Browser, visits: Visits) -> None:
    token = visits.server.device_token("tablet-loket-2", "display")
    ctx = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    try:
        page = ctx.new_page()
        page.clock.install()
        page.goto(f"{visits.url}/survey/counter/2?token={token}")
        expect(page.locator("#idle")).to_be_visible()
        ticket = visits.finished(counter=2)
        expect(page.locator("#number")).to_have_text(ticket["number"], timeout=10_000)
        for question in range(1, 10):
            page.locator(f"#q-u{question} label.choice-4").click()
        page.get_by_role("button", name="Kirim penilaian").click()
        expect(page.locator("#thanks")).to_be_visible()
        assert visits.state(ticket) == "answered"
        page.clock.run_for(7_000)
        expect(page.locator("#idle")).to_be_visible()
        # A visit left unanswered: after 2 idle minutes the tablet goes back to idle.
        other = visits.finished(counter=2)
        page.clock.run_for(4_000)
        expect(page.locator("#number")).to_have_text(other["number"], timeout=10_000)
        page.clock.run_for(121_000)
        expect(page.locator("#idle")).to_be_visible()
        expect(page.locator("#form")).to_be_hidden()
    finally:
        ctx.close()
    assert visits.state(other) == "open"  # still answerable from the citizen's phone


def test_the_counter_tablet_offers_the_survey_as_the_counter_finishes(
    browser: Browser, visits: Visits
) -> None:
    """From the event stream, not the tablet's 30-second fallback question: the survey is
    there well before the next one would be asked."""
    token = visits.server.device_token("tablet-loket-2", "display")
    ctx = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    try:
        page = ctx.new_page()
        asked: list[str] = []

        def tablet(response: Any) -> bool:
            return "/api/v1/survey/counter/2" in response.url

        page.on("response", lambda r: asked.append(r.url) if tablet(r) else None)
        with page.expect_event("websocket") as opened:
            page.goto(f"{visits.url}/survey/counter/2?token={token}")
        assert "since=" in opened.value.url  # from the page's head, not a whole replay
        # The first question and the one asked on connecting are answered: none pending.
        # (Sync Playwright hands over events only inside its calls: no race here.)
        while len(asked) < 2:
            page.wait_for_event("response", predicate=tablet, timeout=LIVE)
        expect(page.locator("#idle")).to_be_visible()
        ticket = visits.finished(counter=2)
        expect(page.locator("#number")).to_have_text(ticket["number"], timeout=LIVE)
    finally:
        ctx.close()
