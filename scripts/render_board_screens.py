"""Render the desktop (Qt) hall board into docs/screens/board-qt-*.png, and the web board
with the hall's logo and pictures into docs/screens/board-web-media-*.png.

Starts its own `antre serve` on a throwaway database with the sample hall, builds the same
busy late-morning hall as the web board's screenshots (scripts/render_screens.py), opens
the real board offscreen, makes one live call so the picture shows a fresh call
highlighted, and photographs the window with the running text held still: landscape
1920×1080 and 1280×720, portrait 1080×1920, and both orientations again with a hall logo
and a media area; landscape and portrait with the "Berkas siap diambil" panel
(`--pickup-panel`) over four DPMPTSP dossiers made ready for the picture. The web board
gets the same logo and pictures from the hall file
(`logo`, `media_dir`), photographed in headless Chromium in both orientations. The demo
logo and pictures are painted here, into a temporary folder: nothing but the screenshots
is written to the repository.

    .venv/bin/python scripts/render_board_screens.py [--out DIR] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QDeadlineTimer, QEventLoop, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter, QPainterPath
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))  # before tests/, whose folders share the packages' names

import httpx  # noqa: E402
from playwright.sync_api import Browser, expect, sync_playwright  # noqa: E402
from render_screens import (  # noqa: E402
    _HOLD_TICKER,
    Scene,
    always_open_hall,
    busy_hall,
    call_live,
)
from support import Server, bearer, launch_chromium  # noqa: E402

from display_board.board_model import BoardModel  # noqa: E402
from display_board.media_reel import MediaReel  # noqa: E402
from display_board.ready_model import ReadyDossiers  # noqa: E402
from display_board.views.board_window import BoardWindow  # noqa: E402
from display_board.views.logo import load_logo  # noqa: E402

OUT = ROOT / "docs" / "screens"
SHOTS = {
    # name → (size, the counter whose live call the picture shows, with logo and media)
    "board-qt-1920x1080": ((1920, 1080), 12, False),
    "board-qt-1280x720": ((1280, 720), 14, False),
    "board-qt-1080x1920": ((1080, 1920), 21, False),
    "board-qt-media-1920x1080": ((1920, 1080), 10, True),
    "board-qt-media-1080x1920": ((1080, 1920), 16, True),
    "board-qt-pickup-1920x1080": ((1920, 1080), 12, False),
    "board-qt-pickup-1080x1920": ((1080, 1920), 21, False),
}
SETUP_SHOTS = {
    # name → size: a board whose token the server refuses (the fix, under the hall's name)
    "board-qt-setup-1920x1080": (1920, 1080),
    "board-qt-setup-1080x1920": (1080, 1920),
}
WEB_SHOTS = {
    # name → (size, the counter whose live call the picture shows)
    "board-web-media-1920x1080": ((1920, 1080), 10),
    "board-web-media-1080x1920": ((1080, 1920), 16),
}


def wait_for(app: QApplication, check: Callable[[], bool], seconds: float = 20) -> None:
    deadline = QDeadlineTimer(int(seconds * 1000))
    while not check():
        if deadline.hasExpired():
            raise SystemExit(f"timed out waiting for {check}")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def demo_logo(path: Path) -> Path:
    """A plain round emblem in the board's colours: a hall's own logo goes here."""
    svg = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
  <circle cx="50" cy="50" r="47" fill="#f4f7f6"/>
  <circle cx="50" cy="50" r="40" fill="#1a5f63"/>
  <path d="M26 66 L50 28 L74 66 Z" fill="#f5c542"/>
  <rect x="38" y="52" width="24" height="14" fill="#1a5f63"/>
  <rect x="24" y="68" width="52" height="5" rx="2" fill="#f4f7f6"/>
</svg>"""
    path.write_text(svg, encoding="utf-8")
    return path


def demo_media(folder: Path) -> Path:
    """Three calm public-service posters, and one broken file the board must skip."""
    folder.mkdir(parents=True, exist_ok=True)
    posters = [
        ("Urus KTP-el,", "gratis tanpa calo", "#1f6f78", "#2a8c8c"),
        ("Bayar pajak kendaraan", "lewat aplikasi SIGNAL", "#34495e", "#4a6d8c"),
        ("Ambil nomor antrean", "di kiosk pintu masuk", "#5b4a7a", "#7a66a1"),
    ]
    for i, (line1, line2, dark, light) in enumerate(posters, 1):
        image = QImage(1600, 1000, QImage.Format.Format_RGB32)
        p = QPainter(image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        gradient = QLinearGradient(QPointF(0, 0), QPointF(1600, 1000))
        gradient.setColorAt(0, QColor(dark))
        gradient.setColorAt(1, QColor(light))
        p.fillRect(image.rect(), gradient)
        circle = QPainterPath()
        circle.addEllipse(QRectF(1050, -250, 800, 800))
        p.fillPath(circle, QColor(255, 255, 255, 28))
        f = QFont()
        f.setFamilies(["Noto Sans", "DejaVu Sans"])
        f.setBold(True)
        f.setPixelSize(120)
        p.setFont(f)
        p.setPen(QColor("#ffffff"))
        p.drawText(QRectF(110, 300, 1400, 170), int(Qt.AlignmentFlag.AlignLeft), line1)
        f.setBold(False)
        f.setPixelSize(96)
        p.setFont(f)
        p.setPen(QColor("#f5d76e"))
        p.drawText(QRectF(110, 480, 1400, 150), int(Qt.AlignmentFlag.AlignLeft), line2)
        f.setPixelSize(44)
        p.setFont(f)
        p.setPen(QColor(255, 255, 255, 200))
        p.drawText(QRectF(110, 820, 1400, 80), int(Qt.AlignmentFlag.AlignLeft), "MPP Harapan Jaya")
        p.end()
        image.save(str(folder / f"poster-{i}.png"))
    (folder / "poster-4-broken.png").write_bytes(b"not a picture")
    return folder


def render(
    app: QApplication, scene: Scene, token: str, name: str, extras: Path | None, out: Path
) -> Path:
    size, counter, decorated = SHOTS[name]
    model = BoardModel(scene.server.url, token)  # no player: a screenshot says nothing
    reel = MediaReel(extras / "media", 8) if decorated and extras else None
    logo = load_logo(extras / "logo.svg") if decorated and extras else None
    ready = ReadyDossiers(scene.server.url, token) if "pickup" in name else None
    window = BoardWindow(model, logo=logo, media=reel, ready=ready)
    window.resize(*size)
    window.show()
    model.start()
    if ready is not None:
        ready.start()
    try:
        wait_for(app, lambda: model.loaded and model.connection == "connected")
        if ready is not None:
            wait_for(app, lambda: ready.loaded and bool(ready.groups))
        number = call_live(scene, counter)
        wait_for(app, lambda: model.latest is not None and model.latest.number == number)
        window.ticker.hold = True
        window.ticker.offset = window.ticker.width() * 0.985  # its first words in view
        app.processEvents()
        path = out / f"{name}.png"
        window.grab().save(str(path))
        return path
    finally:
        if reel is not None:
            reel.stop()
        if ready is not None:
            ready.shutdown()
        window.close()
        model.shutdown()


def ready_dossiers(scene: Scene, count: int = 4) -> None:
    """PBG visits served at Loket 17, their dossiers opened and made ready (the sample
    hall's DPMPTSP collects them on its pickup line): what the panel shows."""
    admin = bearer(scene.tokens["board-admin"])  # made by busy_hall

    def post(path: str, body: dict[str, object] | None = None) -> dict[str, object]:
        r = httpx.post(scene.url(path), json=body, headers=admin)
        r.raise_for_status()
        return dict(r.json()) if r.content else {}

    held = httpx.get(scene.url("/api/v1/tickets?counter_id=17"), headers=admin).json()
    for ticket in held:  # whatever Loket 17 holds is finished first
        steps = {"called": ("start", "finish"), "serving": ("finish",)}.get(ticket["status"], ())
        for step in steps:
            post(f"/api/v1/tickets/{ticket['id']}/{step}")
    counters = httpx.get(scene.url("/api/v1/counters")).json()
    if next(c for c in counters if c["id"] == 17)["status"] != "open":
        post("/api/v1/counters/17/open")
    for _ in range(count):
        ticket = post("/api/v1/tickets", {"service_id": "pbg"})
        post("/api/v1/counters/17/call", {"ticket_id": ticket["id"]})
        post(f"/api/v1/tickets/{ticket['id']}/start")
        post(f"/api/v1/tickets/{ticket['id']}/finish")
        dossier = post(f"/api/v1/tickets/{ticket['id']}/dossier", {})
        for step in ("process", "ready"):
            post(f"/api/v1/dossiers/{dossier['id']}/{step}")


def render_setup(app: QApplication, scene: Scene, name: str, out: Path) -> Path:
    model = BoardModel(scene.server.url, "a-token-the-server-never-gave")
    window = BoardWindow(model)
    window.resize(*SETUP_SHOTS[name])
    window.show()
    model.start()
    try:
        wait_for(app, lambda: window.problem.isVisible() and "Mal" in window.problem.text())
        app.processEvents()
        path = out / f"{name}.png"
        window.grab().save(str(path))
        return path
    finally:
        window.close()
        model.shutdown()


def render_web(browser: Browser, scene: Scene, token: str, name: str, out: Path) -> Path:
    """The web board with the logo and pictures the hall file names (served by the hall
    server), a fresh call highlighted, the first poster in place."""
    (width, height), counter = WEB_SHOTS[name]
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="id-ID", timezone_id="Asia/Jakarta"
    )
    try:
        page = context.new_page()
        page.add_init_script("window.__antreMedia = [];")
        page.goto(scene.url(f"/display?token={token}&sound=off"))
        expect(page.locator(".tile")).to_have_count(27)
        expect(page.locator("#history li[data-seq]")).to_have_count(6)
        expect(page.locator("#logo")).to_be_visible()
        page.wait_for_function("window.__antreMedia.length > 0")
        number = call_live(scene, counter)
        expect(page.locator("#call-number")).to_have_text(number)
        expect(page.locator("#call")).to_have_class(re.compile("fresh"))
        animations = "['arrive', 'picture-in'].includes(a.animationName)"
        page.wait_for_function(f"!document.getAnimations().some(a => {animations})")
        page.evaluate(_HOLD_TICKER)
        path = out / f"{name}.png"
        page.screenshot(path=str(path))
        return path
    finally:
        context.close()


def pictured_hall(folder: Path) -> Path:
    """The always-open sample hall with the demo logo and pictures in its hall file."""
    hall = always_open_hall(folder)
    text = hall.read_text(encoding="utf-8").replace(
        "[hall]\n", '[hall]\nlogo = "extras/logo.svg"\nmedia_dir = "extras/media"\n', 1
    )
    hall.write_text(text, encoding="utf-8")
    return hall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--only",
        nargs="*",
        choices=sorted([*SHOTS, *SETUP_SHOTS, *WEB_SHOTS]),
        help="Only these shots.",
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    chosen = args.only or [*SHOTS, *SETUP_SHOTS, *WEB_SHOTS]
    app = QApplication.instance() or QApplication([])  # the demo posters are painted by Qt
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        extras = Path(tmp) / "extras"
        extras.mkdir()
        demo_logo(extras / "logo.svg")
        demo_media(extras / "media")
        server = Server(Path(tmp) / "antre.db", hall=pictured_hall(Path(tmp))).start()
        try:
            scene = Scene(server)
            token = busy_hall(scene)
            plain = [n for n in chosen if n in SHOTS and "pickup" not in n]
            for name in plain:
                print(render(app, scene, token, name, extras, args.out))
            pickup = [n for n in chosen if n in SHOTS and "pickup" in n]
            if pickup:  # after the others: their pictures stay as they were
                ready_dossiers(scene)
            for name in pickup:
                print(render(app, scene, token, name, extras, args.out))
            for name in (n for n in chosen if n in SETUP_SHOTS):
                print(render_setup(app, scene, name, args.out))
            if any(name in WEB_SHOTS for name in chosen):
                with sync_playwright() as p:
                    browser = launch_chromium(p)
                    try:
                        for name in (n for n in chosen if n in WEB_SHOTS):
                            print(render_web(browser, scene, token, name, args.out))
                    finally:
                        browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
