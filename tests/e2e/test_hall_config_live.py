"""The hall's configuration changed beside or through a running `antre serve`: an import
is served within seconds, a bad one changes nothing, and the web board follows a console
change without a reload (docs/hall-admin.md)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hall_driver import HallDriver
from playwright.sync_api import Browser, Page, expect
from support import SMALL_HALL, Server, antre, bearer, wait_until

pytestmark = [pytest.mark.e2e]


def service(server: Server, service_id: str) -> dict[str, object]:
    services = httpx.get(f"{server.url}/api/v1/services").json()
    return dict(next(s for s in services if s["id"] == service_id))


def hall_file(folder: Path, old: str, new: str) -> Path:
    path = folder / "hall-baru.toml"
    text = SMALL_HALL.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_an_import_beside_the_running_server_is_served_and_announced(
    server: Server, tmp_path: Path
) -> None:
    display = server.device_token("tv", "display")
    newer = hall_file(tmp_path, 'name = "Akta Kelahiran"', 'name = "Akta Kelahiran Baru"')

    result = antre("hall", "import", str(newer), "--db", str(server.db))

    assert result.returncode == 0, result.stderr
    wait_until(
        lambda: service(server, "akta")["name"] == "Akta Kelahiran Baru",
        what="the running server to serve the imported hall",
    )
    events = httpx.get(f"{server.url}/api/v1/events?since=0", headers=bearer(display)).json()
    assert [e["data"] for e in events["events"] if e["type"] == "hall.changed"] == [{"version": 2}]


def test_a_bad_import_exits_1_with_the_hall_files_message_and_changes_nothing(
    server: Server, tmp_path: Path
) -> None:
    before = antre("hall", "export", "--db", str(server.db)).stdout
    bad = hall_file(tmp_path, "quota = 3", "quota = 0")

    result = antre("hall", "import", str(bad), "--db", str(server.db))

    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"antre: {bad}: service #3 (akta): quota must be 1 or more. Fix: remove quota for no limit"
    )
    assert antre("hall", "export", "--db", str(server.db)).stdout == before
    assert service(server, "akta")["quota_per_day"] == 3


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.add_init_script("window.__antreHallChanged = [];")
    try:
        yield page
    finally:
        context.close()


@pytest.mark.browser
def test_the_web_board_follows_a_console_change_without_a_reload(
    server: Server, page: Page
) -> None:
    hall = HallDriver(server)
    admin = hall.admin
    response = page.goto(hall.board_url())
    assert response is not None and response.status == 200
    expect(page.locator(".tile")).to_have_count(4)
    page.evaluate("window.__sameDocument = true")

    httpx.patch(
        f"{server.url}/api/v1/hall/counters/3", json={"name": "Samsat 3"}, headers=admin
    ).raise_for_status()
    httpx.post(
        f"{server.url}/api/v1/hall/counters",
        json={"id": 5, "agency": "samsat", "services": ["pkb"]},
        headers=admin,
    ).raise_for_status()
    httpx.patch(
        f"{server.url}/api/v1/hall/settings", json={"name": "MPP Uji Coba Baru"}, headers=admin
    ).raise_for_status()

    expect(page.locator(".tile")).to_have_count(5)
    expect(page.locator(".tile-name", has_text="SAMSAT 3")).to_be_visible()
    expect(page.locator("h1.hall")).to_have_text("MPP Uji Coba Baru")
    assert page.evaluate("window.__sameDocument") is True  # no reload
