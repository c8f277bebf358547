"""Render the desktop (Qt) hall board into docs/screens/board-qt-{1920x1080,1280x720}.png.

Starts its own `antre serve` on a throwaway database with the sample hall, builds the same
busy late-morning hall as the web board's screenshots (scripts/render_screens.py), opens
the real board offscreen, makes one live call so the picture shows a fresh call
highlighted, and photographs the window with the running text held still.

    .venv/bin/python scripts/render_board_screens.py [--out DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QDeadlineTimer, QEventLoop
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))  # before tests/, whose folders share the packages' names

from render_screens import Scene, always_open_hall, busy_hall, call_live  # noqa: E402
from support import Server  # noqa: E402

from display_board.board_model import BoardModel  # noqa: E402
from display_board.views.board_window import BoardWindow  # noqa: E402

OUT = ROOT / "docs" / "screens"
SIZES = {(1920, 1080): 12, (1280, 720): 14}
"""Screen size → the counter whose live call the picture shows."""


def wait_for(app: QApplication, check: Callable[[], bool], seconds: float = 20) -> None:
    deadline = QDeadlineTimer(int(seconds * 1000))
    while not check():
        if deadline.hasExpired():
            raise SystemExit(f"timed out waiting for {check}")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def render(app: QApplication, scene: Scene, token: str, size: tuple[int, int], out: Path) -> Path:
    model = BoardModel(scene.server.url, token)  # no player: a screenshot says nothing
    window = BoardWindow(model)
    window.resize(*size)
    window.show()
    model.start()
    try:
        wait_for(app, lambda: model.loaded and model.connection == "connected")
        number = call_live(scene, SIZES[size])
        wait_for(app, lambda: model.latest is not None and model.latest.number == number)
        window.ticker.hold = True
        window.ticker.offset = window.ticker.width() * 0.985  # its first words in view
        app.processEvents()
        path = out / f"board-qt-{size[0]}x{size[1]}.png"
        window.grab().save(str(path))
        return path
    finally:
        window.close()
        model.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        server = Server(Path(tmp) / "antre.db", hall=always_open_hall(Path(tmp))).start()
        try:
            scene = Scene(server)
            token = busy_hall(scene)
            for size in SIZES:
                print(render(app, scene, token, size, args.out))
        finally:
            server.stop()


if __name__ == "__main__":
    main()
