"""The web board's hall logo and pictures, in a real browser against a real `antre serve`
whose hall file names a logo and a folder of pictures (`logo`, `media_dir`).

The page reports each picture it shows to `window.__antreMedia`, and each it skips to
`window.__antreMediaSkipped`, when a test defines them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from support import (
    SMALL_HALL,
    Server,
    bearer,
    wait_until,
)

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

LIVE = 10_000  # ms: a live event reaches the board well within this
ROUNDS = 30.0  # s: a few one-second pictures, plus the board's next look at the folder
SIZES = [(1920, 1080), (1280, 720), (1080, 1920)]


def picture(path: Path, colour: str, size: tuple[int, int] = (320, 180)) -> Path:
    Image.new("RGB", size, colour).save(path)
    return path


def pictured_hall(folder: Path, extra: str) -> Path:
    path = folder / "mpp.toml"
    path.write_text(SMALL_HALL.read_text().replace("[hall]\n", f"[hall]\n{extra}\n", 1))
    return path


@pytest.fixture
def posters(tmp_path: Path) -> Path:
    """The hall's folder: a logo, two pictures and one broken file between them."""
    folder = tmp_path / "aula"
    (folder / "poster").mkdir(parents=True)
    picture(folder / "logo.png", "#f5c542", (240, 120))
    picture(folder / "poster" / "01-biru.png", "#1f4e8c")
    (folder / "poster" / "02-rusak.png").write_bytes(b"this is not a picture")
    picture(folder / "poster" / "03-hijau.png", "#1f8c4e")
    return folder


@contextmanager
def start(tmp_path: Path, hall: Path) -> Iterator[Server]:
    srv = Server(tmp_path / "antre.db", hall=hall).start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def server(tmp_path: Path, posters: Path) -> Iterator[Server]:
    hall = pictured_hall(posters, 'logo = "logo.png"\nmedia_dir = "poster"\nmedia_seconds = 1')
    with start(tmp_path, hall) as srv:
        yield srv


def open_board(browser: Browser, server: Server, size: tuple[int, int] = (1920, 1080)) -> Page:
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
    page = context.new_page()
    page.add_init_script("window.__antreMedia = []; window.__antreMediaSkipped = [];")
    token = server.device_token(f"layar-{width}x{height}", "display")
    response = page.goto(f"{server.url}/display?token={token}&sound=off")
    assert response is not None and response.status == 200
    expect(page.locator(".tile").first).to_be_visible()
    return page


def shown(page: Page) -> list[str]:
    return list(page.evaluate("window.__antreMedia"))


def skipped(page: Page) -> list[str]:
    return list(page.evaluate("window.__antreMediaSkipped"))


def box(page: Page, selector: str) -> dict[str, Any]:
    found = page.locator(selector).bounding_box()
    assert found is not None, selector
    return dict(found)


def test_the_hall_logo_stands_left_of_the_hall_name(browser: Browser, server: Server) -> None:
    page = open_board(browser, server)
    logo = page.locator("#logo")
    expect(logo).to_be_visible()
    assert logo.evaluate("img => img.naturalWidth") == 240
    logo_box, name, header = box(page, "#logo"), box(page, ".hall"), box(page, ".top")
    assert logo_box["x"] + logo_box["width"] <= name["x"]
    assert logo_box["height"] <= header["height"] * 0.8
    assert abs(logo_box["width"] - 2 * logo_box["height"]) <= 2  # its own proportions
    page.context.close()


def test_the_pictures_take_turns_and_a_broken_one_is_skipped(
    browser: Browser, server: Server
) -> None:
    page = open_board(browser, server)

    wait_until(lambda: len(shown(page)) >= 4, timeout=ROUNDS, what="four pictures in turn")

    names = shown(page)
    assert "02-rusak.png" not in names and skipped(page) == ["02-rusak.png"]  # tried once
    assert names[:4] == ["01-biru.png", "03-hijau.png", "01-biru.png", "03-hijau.png"]
    expect(page.locator("#media")).to_be_visible()
    expect(page.locator("body")).to_have_class("board with-media")
    media, history = box(page, "#media"), box(page, ".history")
    assert media["x"] >= history["x"] + history["width"]  # beside the previous calls
    page.context.close()


def test_a_picture_copied_into_the_folder_later_shows_up_without_a_restart(
    browser: Browser, server: Server, posters: Path
) -> None:
    page = open_board(browser, server)
    wait_until(lambda: shown(page), timeout=ROUNDS, what="the first picture")

    picture(posters / "poster" / "04-kuning.png", "#f5c542")

    wait_until(lambda: "04-kuning.png" in shown(page), timeout=ROUNDS, what="the new picture")
    page.context.close()


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_latest_number_stays_a_sixth_of_the_screen_beside_the_pictures(
    browser: Browser, server: Server, size: tuple[int, int]
) -> None:
    width, height = size
    admin = bearer(server.staff_token())
    kiosk = bearer(server.device_token("kiosk", "kiosk"))
    httpx.post(
        f"{server.url}/api/v1/tickets", json={"service_id": "pkb"}, headers=kiosk
    ).raise_for_status()
    httpx.post(f"{server.url}/api/v1/counters/3/open", headers=admin).raise_for_status()
    page = open_board(browser, server, size)
    wait_until(lambda: shown(page), timeout=ROUNDS, what="the first picture")
    number = httpx.post(f"{server.url}/api/v1/counters/3/call-next", headers=admin).json()

    expect(page.locator("#call-number")).to_have_text(number["number"], timeout=LIVE)
    expect(page.locator("#media")).to_be_visible()
    # Readable from 10 m: capital height (about 0.72 of the type size) over a sixth.
    size_px = float(page.locator("#call-number").evaluate("e => getComputedStyle(e).fontSize")[:-2])
    assert size_px * 0.72 >= height / 6, size_px
    call, media = box(page, "#call-number"), box(page, "#media")
    assert call["x"] >= 0 and call["x"] + call["width"] <= width
    assert media["y"] + media["height"] <= height and media["x"] + media["width"] <= width
    page.context.close()


def test_a_board_whose_pictures_and_logo_cannot_be_shown_keeps_its_plain_layout(
    browser: Browser, tmp_path: Path
) -> None:
    # The logo is not there yet and the only picture is broken: no empty frame anywhere.
    folder = tmp_path / "aula"
    (folder / "poster").mkdir(parents=True)
    (folder / "poster" / "01-rusak.png").write_bytes(b"GIF89a? no")
    hall = pictured_hall(folder, 'logo = "belum-ada.svg"\nmedia_dir = "poster"')
    with start(tmp_path, hall) as server:
        page = open_board(browser, server)
        expect(page.locator("#logo")).to_have_count(0)
        expect(page.locator("#call-number")).to_be_attached()
        wait_until(lambda: skipped(page), timeout=ROUNDS, what="the broken picture tried")
        expect(page.locator("#media")).to_be_hidden()
        expect(page.locator("body")).to_have_class("board")
        columns = page.locator(".stage").evaluate("e => getComputedStyle(e).gridTemplateColumns")
        assert len(columns.split()) == 2, columns
        page.context.close()
