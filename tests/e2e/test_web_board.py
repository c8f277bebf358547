"""The web board /display in a real browser against a real `antre serve`.

The page is instrumented through arrays it fills only when a test defines them:
`__antreCalls` (each call shown), `__antreAnnounced` (each call queued for the voice),
`__antrePlayed` (each announcement played, with its start and end).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hall_driver import HallDriver
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    WebSocketRoute,
    expect,
)
from support import (
    Server,
    bearer,
    burst_of_calls,
    launch_chromium,
    wait_until,
)

from queue_server.settings import sample_hall

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

LIVE = 10_000  # ms: a live event reaches the board well within this
RESUMED = 30_000  # ms: back-off (at most ~10 s) plus a server start
SPOKEN = 30_000  # ms: one announcement is ~8 s of audio
HOOKS = "window.__antreCalls = []; window.__antreAnnounced = []; window.__antrePlayed = [];"
# Chromium with autoplay allowed, as on a kiosk-mode TV browser: sound runs with no touch.
AUTOPLAY = ["--autoplay-policy=no-user-gesture-required"]


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    b = launch_chromium(playwright, *AUTOPLAY)
    try:
        yield b
    finally:
        b.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    # The TV's own time zone must not matter: the board shows the hall's time (WIB).
    ctx = browser.new_context(
        viewport={"width": 1920, "height": 1080}, locale="id-ID", timezone_id="UTC"
    )
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    page = context.new_page()
    page.add_init_script(HOOKS)
    return page


@pytest.fixture
def hall(server: Server) -> HallDriver:
    return HallDriver(server)


def hooked(page: Page, name: str) -> list[dict[str, Any]]:
    return list(page.evaluate(f"window.{name}"))


def shown(page: Page) -> list[dict[str, Any]]:
    return hooked(page, "__antreCalls")


def announced(page: Page) -> list[dict[str, Any]]:
    return [
        {k: a[k] for k in ("seq", "number", "counter_id")} for a in hooked(page, "__antreAnnounced")
    ]


def open_board(page: Page, hall: HallDriver, **params: str) -> None:
    response = page.goto(hall.board_url(**params))
    assert response is not None and response.status == 200
    expect(page.locator(".tile").first).to_be_visible()


# ---- what the board shows ---------------------------------------------------------------


def test_board_shows_hall_name_clock_counters_and_running_text(
    hall: HallDriver, server: Server, page: Page
) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    open_board(page, hall)

    expect(page.locator(".hall")).to_have_text("MPP Uji Coba")
    expect(page.locator(".tile .tile-name")).to_have_text(
        ["LOKET 1", "LOKET 2", "LOKET 3", "LOKET 4"]
    )
    expect(page.locator(".tile .tile-number")).to_have_text(["TUTUP"] * 4)
    expect(page.locator("#clock")).to_have_text(re.compile(r"^\d\d:\d\d WIB$"))
    expect(page.locator("#date")).to_have_text(
        re.compile(r"^(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), \d{1,2} \w+ 20\d\d$")
    )
    expect(page.locator("#ticker-text")).to_contain_text("Selamat datang di MPP Uji Coba")
    expect(page.locator("#offline")).to_be_hidden()
    expect(page.locator("#sound-gate")).to_be_hidden()  # autoplay allowed: nothing to touch
    expect(page.locator("html")).to_have_attribute("lang", "id")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1920
    assert all(url.startswith(server.url) for url in requests), requests


def test_a_call_appears_live_very_large_with_its_counter_and_is_spoken(
    hall: HallDriver, page: Page
) -> None:
    hall.issue()
    clips: list[str] = []
    page.on("requestfinished", lambda r: clips.append(r.url) if "/voice/" in r.url else None)
    open_board(page, hall)

    hall.open(1)
    expect(page.locator("[data-counter='1'] .tile-number")).to_have_text("–", timeout=LIVE)
    ticket = hall.call_next(1)

    expect(page.locator("#call-number")).to_have_text(ticket["number"], timeout=LIVE)
    expect(page.locator("#call-counter")).to_have_text("LOKET 1")
    expect(page.locator("#call")).to_have_class(re.compile(r"\bfresh\b"))
    expect(page.locator("[data-counter='1'] .tile-number")).to_have_text(ticket["number"])
    # Readable from 10 m: the number's type is at least a sixth of the screen's height
    # in capital height (about 0.72 of the font size).
    size = float(page.locator("#call-number").evaluate("e => getComputedStyle(e).fontSize")[:-2])
    assert size * 0.72 >= 1080 / 6, size
    box = page.locator("#call-number").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1920

    wait_until(lambda: hooked(page, "__antrePlayed"), timeout=SPOKEN / 1000, what="the voice")
    assert hooked(page, "__antrePlayed")[0]["outcome"] == "phrase"
    assert announced(page) == [{"seq": hall.head(), "number": "B001", "counter_id": 1}]
    assert any("/voice/huruf-be.wav" in url for url in clips), clips
    assert any("/voice/loket.wav" in url for url in clips), clips
    # The highlight lasts a few seconds, then the board calms down.
    expect(page.locator("#call")).not_to_have_class(re.compile(r"\bfresh\b"), timeout=15_000)
    expect(page.locator("#call-number")).to_have_text("B001")


@pytest.mark.parametrize("face", ["Liberation Sans", "DejaVu Sans"])
def test_a_portrait_tv_without_a_condensed_face_still_shows_the_number_a_sixth_high(
    hall: HallDriver, page: Page, face: str
) -> None:
    # Most smart TVs have an Arial-like face (Liberation Sans has Arial's widths) and no
    # condensed one; DejaVu Sans is wider still. The number is drawn narrower first, so
    # its height holds.
    page.set_viewport_size({"width": 1080, "height": 1920})
    hall.issue("pkb")
    hall.open(3)
    open_board(page, hall)
    page.add_style_tag(content=f'.call-number {{ font-family: "{face}" !important; }}')
    ticket = hall.call_next(3)
    expect(page.locator("#call-number")).to_have_text(ticket["number"], timeout=LIVE)
    page.evaluate("window.dispatchEvent(new Event('resize'))")  # re-fit in the new face
    number = page.locator("#call-number")
    wait_until(
        lambda: number.evaluate("e => getComputedStyle(e).fontFamily").startswith(f'"{face}"'),
        timeout=5,
        what="the TV's face",
    )
    size = float(number.evaluate("e => getComputedStyle(e).fontSize")[:-2])
    assert size * 0.72 >= 1920 / 6, size

    def inside() -> dict[str, float] | None:
        box = number.bounding_box()  # with the narrowing, once the arrival pulse is over
        return box if box and box["x"] >= 0 and box["x"] + box["width"] <= 1080 else None

    box = wait_until(inside, timeout=5, what="the number inside the screen")
    assert abs(box["x"] + box["width"] / 2 - 540) < 20, box  # and in the middle


def test_twenty_calls_in_a_second_all_appear_in_order_and_are_queued_once_each(
    hall: HallDriver, page: Page
) -> None:
    for _ in range(10):
        hall.issue("kk")
        hall.issue("pkb")
    hall.open(1, 2, 3, 4)
    open_board(page, hall)
    start = hall.head()

    burst_of_calls(hall.server.url, hall.admin)

    truth = hall.calls_since(start)
    assert len(truth) == 20
    wait_until(lambda: len(shown(page)) >= 20, timeout=LIVE / 1000, what="20 calls on the board")
    assert shown(page) == truth
    assert announced(page) == truth  # each queued once, in the log's order
    expect(page.locator("#call-number")).to_have_text(truth[-1]["number"])
    expect(page.locator("#history .h-number")).to_have_text(
        [c["number"] for c in reversed(truth[-7:-1])]
    )
    # Spoken one after another: the second starts only after the first ended.
    wait_until(lambda: len(hooked(page, "__antrePlayed")) >= 2, timeout=2 * SPOKEN / 1000)
    first, second = hooked(page, "__antrePlayed")[:2]
    assert [first["seq"], second["seq"]] == [truth[0]["seq"], truth[1]["seq"]]
    assert first["outcome"] == second["outcome"] == "phrase"
    assert second["started"] >= first["ended"]
    assert first["ended"] - first["started"] > 5_000  # a whole sentence, not a blip


def test_a_zone_board_shows_and_speaks_only_its_own_counters(hall: HallDriver, page: Page) -> None:
    hall.issue("kk")
    hall.issue("pkb")
    hall.open(1, 3)
    open_board(page, hall, zone="b")  # zones match without regard to case

    expect(page.locator(".tile .tile-name")).to_have_text(["LOKET 3", "LOKET 4"])
    expect(page.locator(".zone")).to_have_text("Zona B")
    hall.call_next(1)  # zone A
    samsat = hall.call_next(3)

    expect(page.locator("#call-number")).to_have_text(samsat["number"], timeout=LIVE)
    assert [c["number"] for c in announced(page)] == [samsat["number"]]
    assert [c["number"] for c in shown(page)] == [samsat["number"]]


def test_an_agency_board_shows_and_speaks_only_that_agencys_counters(
    hall: HallDriver, page: Page
) -> None:
    hall.issue("kk")
    hall.issue("pkb")
    hall.open(1, 3)
    open_board(page, hall, agency="samsat")

    expect(page.locator(".tile .tile-name")).to_have_text(["LOKET 3", "LOKET 4"])
    expect(page.locator(".agencies")).to_have_text("Samsat")
    hall.call_next(1)  # Dukcapil's
    samsat = hall.call_next(3)

    expect(page.locator("#call-number")).to_have_text(samsat["number"], timeout=LIVE)
    assert [c["number"] for c in announced(page)] == [samsat["number"]]
    assert [c["number"] for c in shown(page)] == [samsat["number"]]


def test_agencies_come_comma_separated_or_repeated_and_combine_with_the_zone(
    hall: HallDriver, server: Server
) -> None:
    def tiles(query: str) -> list[int]:
        r = httpx.get(f"{server.url}/display?token={hall.display}&{query}")
        assert r.status_code == 200, (query, r.status_code)
        data = re.search(r'id="board-data">(.*?)</script>', r.text, re.S)
        assert data is not None
        return [c["id"] for c in json.loads(data.group(1))["counters"]]

    assert tiles("agency=dukcapil") == [1, 2]
    assert tiles("agency=dukcapil,samsat") == [1, 2, 3, 4]
    assert tiles("agency=samsat&agency=dukcapil") == [1, 2, 3, 4]
    assert tiles("agency=samsat&zone=a") == []  # Samsat has no counter in zone A
    assert tiles("agency=dukcapil&zone=A") == [1, 2]


def test_an_unknown_agency_gets_a_bilingual_page_listing_the_halls_agencies(
    hall: HallDriver, server: Server, page: Page
) -> None:
    response = page.goto(hall.board_url(agency="samsat,pajak"))
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Instansi tidak dikenal")
    expect(page.get_by_text("Unknown agency")).to_be_visible()
    expect(page.locator(".denied")).to_contain_text("dukcapil (Disdukcapil), samsat (Samsat)")
    r = httpx.get(f"{server.url}/display?token={hall.display}&agency=pajak")
    assert r.status_code == 404 and r.headers["cache-control"] == "no-store"
    assert "board-data" not in r.text and "Traceback" not in r.text


def test_a_recall_is_spoken_again_and_stays_one_line_in_the_list(
    hall: HallDriver, page: Page
) -> None:
    hall.issue()
    hall.issue()
    hall.open(1)
    open_board(page, hall)
    first = hall.call_next(1)
    hall.post(f"/api/v1/tickets/{first['id']}/no-show")
    hall.call_next(1)
    hall.post(f"/api/v1/tickets/{first['id']}/requeue")
    hall.post("/api/v1/counters/2/open")
    again = hall.call_next(2)
    assert again["number"] == first["number"]
    hall.post(f"/api/v1/tickets/{again['id']}/recall")

    wait_until(lambda: len(announced(page)) == 4, timeout=LIVE / 1000, what="four calls")
    assert [c["number"] for c in announced(page)] == ["B001", "B002", "B001", "B001"]
    expect(page.locator("#call-number")).to_have_text("B001")
    expect(page.locator("#call-counter")).to_have_text("LOKET 2")
    expect(page.locator("#history .h-number")).to_have_text(["B002"])


def test_running_text_takes_hall_announcements_live(hall: HallDriver, page: Page) -> None:
    open_board(page, hall)
    hall.post("/api/v1/announcements", json={"text": "Loket 2 istirahat sampai 13.00"})
    expect(page.locator("#ticker-text .news")).to_have_text(
        "Loket 2 istirahat sampai 13.00", timeout=LIVE
    )
    expect(page.locator("#ticker-text")).to_contain_text("Selamat datang di MPP Uji Coba")


# ---- never miss, never repeat -----------------------------------------------------------


def test_board_resumes_by_itself_after_the_server_is_killed_and_restarted(
    hall: HallDriver, server: Server, page: Page
) -> None:
    for _ in range(3):
        hall.issue()
    hall.open(1, 2)
    open_board(page, hall)
    start = hall.head()
    before = hall.call_next(1)
    expect(page.locator("#call-number")).to_have_text(before["number"], timeout=LIVE)
    offline = page.locator("#offline")
    expect(offline).to_be_hidden()

    server.kill()  # a power cut in the server room
    expect(offline).to_be_visible(timeout=LIVE)
    expect(offline).to_contain_text("menyambung ulang")
    expect(page.locator("#call-number")).to_have_text(before["number"])  # the last state stays

    server.start()  # the same port, the same database
    after = [hall.call_next(2)]
    hall.post(f"/api/v1/tickets/{before['id']}/no-show")
    after.append(hall.call_next(1))

    expect(page.locator("#call-number")).to_have_text(after[-1]["number"], timeout=RESUMED)
    expect(offline).to_be_hidden()
    truth = hall.calls_since(start)
    assert [c["number"] for c in truth] == [before["number"]] + [t["number"] for t in after]
    assert shown(page) == truth  # nothing missed, nothing twice
    assert announced(page) == truth


def test_calls_missed_while_cut_off_are_shown_and_spoken_only_if_still_recent(
    hall: HallDriver, page: Page
) -> None:
    for _ in range(3):
        hall.issue()
    hall.open(1, 2)
    cut = threading.Event()
    sockets: list[WebSocketRoute] = []

    def route(ws: WebSocketRoute) -> None:
        if cut.is_set():
            ws.close()  # the hall's Wi-Fi is down: no connection gets through
        else:
            ws.connect_to_server()
            sockets.append(ws)

    page.route_web_socket(re.compile(r"/api/v1/events/ws"), route)
    page.clock.install()  # the page's clock, so the test can make a call look old
    open_board(page, hall)
    start = hall.head()

    # Cut off for a moment: the call made meanwhile comes with the replay, and is spoken.
    cut.set()
    sockets[-1].close()
    recent = hall.call_next(1)
    cut.clear()
    expect(page.locator("#call-number")).to_have_text(recent["number"], timeout=RESUMED)
    assert [c["number"] for c in announced(page)] == [recent["number"]]

    # Cut off for long: two minutes later the replayed call is shown, but not spoken.
    cut.set()
    sockets[-1].close()
    old = hall.call_next(2)
    page.clock.fast_forward("02:00")
    cut.clear()
    expect(page.locator("#call-number")).to_have_text(old["number"], timeout=RESUMED)
    expect(page.locator("#call-counter")).to_have_text("LOKET 2")
    assert [c["number"] for c in announced(page)] == [recent["number"]]
    assert [c["seq"] for c in shown(page)] == [c["seq"] for c in hall.calls_since(start)]


def test_a_reloaded_board_shows_the_days_calls_and_says_none_of_them_again(
    hall: HallDriver, page: Page
) -> None:
    for _ in range(3):
        hall.issue()
    hall.open(1)
    open_board(page, hall)
    numbers = []
    for _ in range(3):
        ticket = hall.call_next(1)
        numbers.append(ticket["number"])
        hall.post(f"/api/v1/tickets/{ticket['id']}/no-show")
    expect(page.locator("#call-number")).to_have_text(numbers[-1], timeout=LIVE)
    assert len(announced(page)) == 3

    page.reload()  # the init script gives the new page empty hooks

    expect(page.locator("#call-number")).to_have_text(numbers[-1])
    expect(page.locator("#history .h-number")).to_have_text(numbers[-2::-1])
    hall.post("/api/v1/announcements", json={"text": "sinkron"})  # proves the socket is live
    expect(page.locator("#ticker-text .news")).to_have_text("sinkron", timeout=LIVE)
    assert announced(page) == []


def test_a_board_left_on_overnight_drops_yesterdays_calls(hall: HallDriver, page: Page) -> None:
    hall.issue()
    hall.open(1)
    page.clock.install()
    open_board(page, hall)
    ticket = hall.call_next(1)
    expect(page.locator("#call-number")).to_have_text(ticket["number"], timeout=LIVE)

    page.clock.set_system_time(page.evaluate("Date.now()") + 24 * 3600 * 1000)

    expect(page.locator("#call")).to_have_class(re.compile(r"\bempty\b"))
    expect(page.locator("#call-idle")).to_contain_text("Belum ada panggilan")


# ---- sound activation -------------------------------------------------------------------


def test_where_autoplay_is_blocked_one_touch_enables_the_voice(
    hall: HallDriver, playwright: Playwright
) -> None:
    strict = launch_chromium(playwright, "--autoplay-policy=document-user-activation-required")
    try:
        page = strict.new_page(viewport={"width": 1280, "height": 720})
        page.add_init_script(HOOKS)
        hall.issue()
        hall.open(1)
        open_board(page, hall)
        gate = page.locator("#sound-gate")
        expect(gate).to_be_visible()
        expect(page.get_by_role("button", name=re.compile("Aktifkan suara"))).to_be_focused()

        page.get_by_role("button", name=re.compile("Aktifkan suara")).click()

        expect(gate).to_be_hidden()
        hall.call_next(1)
        wait_until(lambda: hooked(page, "__antrePlayed"), timeout=SPOKEN / 1000, what="voice")
        assert hooked(page, "__antrePlayed")[0]["outcome"] == "phrase"
        expect(page.locator("#sound-trouble")).to_be_hidden()
    finally:
        strict.close()


def test_sound_off_boards_never_ask_and_never_queue(hall: HallDriver, page: Page) -> None:
    hall.issue()
    hall.open(1)
    open_board(page, hall, sound="off")
    ticket = hall.call_next(1)
    expect(page.locator("#call-number")).to_have_text(ticket["number"], timeout=LIVE)
    expect(page.locator("#sound-gate")).to_be_hidden()
    assert announced(page) == []


def test_a_clip_that_cannot_be_loaded_leaves_the_chime_and_a_discreet_notice(
    hall: HallDriver, page: Page
) -> None:
    page.route("**/voice/huruf-be.wav*", lambda route: route.fulfill(status=404))
    hall.issue()
    hall.open(1)
    open_board(page, hall)

    hall.call_next(1)

    wait_until(lambda: hooked(page, "__antrePlayed"), timeout=SPOKEN / 1000, what="the chime")
    assert hooked(page, "__antrePlayed")[0]["outcome"] == "chime"
    expect(page.locator("#sound-trouble")).to_be_visible()
    expect(page.locator("#call-number")).to_have_text("B001")


# ---- refusals and the phrase endpoint (no browser needed, same server) ---------------------


def test_a_wrong_token_gets_a_friendly_bilingual_page_not_a_trace(
    hall: HallDriver, server: Server, page: Page
) -> None:
    response = page.goto(f"{server.url}/display?token=bukan-token-yang-benar")
    assert response is not None and response.status == 401
    expect(page.locator("h1")).to_have_text("Layar ini belum terdaftar")
    expect(page.get_by_text("This screen is not registered")).to_be_visible()
    expect(page.locator("meta[name=robots]")).to_have_attribute("content", re.compile("noindex"))

    kiosk = hall.kiosk["Authorization"].split()[1]
    cases = {
        "": 401,
        "?token=": 401,
        f"?token={kiosk}": 403,
        f"?token={hall.display}&zone=Z": 404,
        "?token=%22%3E%3Cscript%3Ealert(1)%3C/script%3E": 401,
    }
    for query, status in cases.items():
        r = httpx.get(f"{server.url}/display{query}")
        assert r.status_code == status, (query, r.status_code)
        assert r.headers["cache-control"] == "no-store"
        for leak in ("Traceback", "Exception", "<script>alert", "board-data"):
            assert leak not in r.text, (query, leak)
    assert "A, B" in httpx.get(f"{server.url}/display?token={hall.display}&zone=Z").text


def test_the_phrase_endpoint_gives_clip_urls_that_the_server_serves(
    hall: HallDriver, server: Server
) -> None:
    url = f"{server.url}/api/v1/announcements/phrase"
    token = bearer(hall.display)

    r = httpx.get(url, params={"number": "PK007", "counter_id": 12}, headers=token)

    assert r.status_code == 200, r.text
    body = r.json()
    assert body["keys"] == [
        "chime", "nomor antrean", "jeda", "pe", "ka", "tujuh", "jeda", "silakan menuju", "loket",
        "jeda", "dua", "belas",
    ]  # fmt: skip
    recall = httpx.get(url, params={"number": "PK007", "counter_id": 12, "recall": "true"},
                       headers=token)  # fmt: skip
    assert recall.json()["keys"][:3] == ["chime", "panggilan ulang", "jeda"]
    assert len(body["clips"]) == len(body["keys"]) and body["gap_ms"] > 0
    for clip in set(body["clips"]):
        served = httpx.get(server.url + clip)
        assert served.status_code == 200 and served.content[:4] == b"RIFF", clip
    assert httpx.get(url, params={"number": "A1", "counter_id": 1}).status_code == 401
    kiosk = hall.kiosk
    assert (
        httpx.get(url, params={"number": "A1", "counter_id": 1}, headers=kiosk).status_code == 403
    )
    for bad in ({"number": "A-1", "counter_id": 1}, {"number": "A1", "counter_id": 0}):
        r = httpx.get(url, params=bad, headers=token)
        assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"


def test_a_long_agency_name_is_not_cut_on_a_portrait_board(page: Page, tmp_path: Path) -> None:
    # The sample hall (27 counters: six narrow tiles a row in portrait) on a TV whose
    # sans face is a wide one (DejaVu Sans): "BPJS Ketenagakerjaan" shows whole, on two
    # lines if need be, never cut by an ellipsis.
    server = Server(tmp_path / "antre.db", hall=sample_hall()).start()
    try:
        token = server.device_token("tv-portrait", "display")
        page.set_viewport_size({"width": 1080, "height": 1920})
        page.add_init_script(
            "document.addEventListener('DOMContentLoaded', () => {"
            " const s = document.createElement('style');"
            " s.textContent = '.tile-agency { font-family: \\'DejaVu Sans\\' !important; }';"
            " document.head.appendChild(s); });"
        )
        page.goto(f"{server.url}/display?token={token}&sound=off")
        agency = page.locator(".tile-agency", has_text="Ketenagakerjaan").first
        expect(agency).to_be_visible()
        size = agency.evaluate(
            "e => [e.scrollWidth, e.clientWidth, e.scrollHeight, e.clientHeight]"
        )
        assert size[0] <= size[1] + 1 and size[2] <= size[3] + 1, size
    finally:
        server.stop()
