"""`/docs` and `/` in a real browser against a real `antre serve`, with the internet cut
off: everything they need comes from the hall server itself."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, expect
from support import Server

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


@pytest.fixture
def offline_page(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    """A page whose every request off this machine is aborted (and noted)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    blocked: list[str] = []

    def local_only(route: Route) -> None:
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith("data:") or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", local_only)
    try:
        yield context.new_page(), blocked
    finally:
        context.close()


def test_api_docs_render_every_operation_offline(
    server: Server, offline_page: tuple[Page, list[str]]
) -> None:
    page, blocked = offline_page
    page.goto(f"{server.url}/docs")
    expect(page.locator(".information-container .title")).to_contain_text("Antre hall server")
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible()
    assert operations.count() >= 20
    expect(
        page.locator(".opblock-summary-path").filter(has_text="/api/v1/tickets").first
    ).to_be_visible()
    expect(page.get_by_role("button", name="Authorize")).to_be_visible()
    assert blocked == [], f"the docs page reached off the machine: {blocked}"


def test_home_page_leads_to_the_board_the_docs_and_tracking(
    server: Server, offline_page: tuple[Page, list[str]]
) -> None:
    page, blocked = offline_page
    page.goto(f"{server.url}/")
    expect(page.locator("h1")).to_have_text("MPP Uji Coba")
    page.get_by_role("link", name="Buka /docs").click()
    expect(page.locator(".opblock").first).to_be_visible()
    page.go_back()
    page.get_by_role("link", name="Buka /display").click()
    expect(page.locator("body")).to_contain_text("This screen is not registered")
    assert blocked == []
