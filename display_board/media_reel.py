"""The pictures a hall shows on its board between calls: the images of one folder, one
after another, every few seconds (no widgets: the view paints `current`).

A folder that is missing, unreadable or holds no readable image gives no media area and
one log line, never a crash. A file that cannot be read as an image is skipped with a log
line and tried again only when the folder changes. The folder is read again at the end of
each round, so staff add or remove pictures without restarting the board.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QImageReader

log = logging.getLogger(__name__)

SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif", ".svg"})
LONGEST_SIDE = 1920
"""Pictures are decoded at most this large: a 24-megapixel photo would cost ~100 MB as
pixels, and the area is never larger than a screen."""
DEFAULT_SECONDS = 8.0


class MediaReel(QObject):
    changed = Signal()
    """`current` is another picture (or none)."""

    def __init__(
        self, folder: Path | str, seconds: float = DEFAULT_SECONDS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.folder = Path(folder)
        self.current: QImage | None = None
        self.current_name = ""
        self._files: list[Path] = []
        self._next = 0
        self._bad: dict[Path, float] = {}  # path → its mtime when it failed
        self._said_empty = False
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, int(seconds * 1000)))
        self._timer.timeout.connect(self.advance)
        self.advance()

    @property
    def available(self) -> bool:
        return self.current is not None

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def advance(self) -> None:
        """Show the next readable picture of the folder."""
        for _ in range(2):  # this round's remaining files, then one fresh look at the folder
            while self._next < len(self._files):
                path = self._files[self._next]
                self._next += 1
                image = self._read(path)
                if image is not None:
                    self._show(image, path.name)
                    return
            self._files, self._next = self._scan(), 0
        if self.current is not None or not self._said_empty:
            log.warning("media %s: no readable picture; the board shows no media area", self.folder)
            self._said_empty = True
        if self.current is not None:
            self._show(None, "")

    def _show(self, image: QImage | None, name: str) -> None:
        self._said_empty = False
        self.current, self.current_name = image, name
        self.changed.emit()

    def _scan(self) -> list[Path]:
        try:
            return sorted(
                p for p in self.folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file()
            )
        except OSError as exc:  # missing, not a folder, no permission
            if not self._said_empty:
                log.warning("media %s: cannot read the folder (%s)", self.folder, exc.strerror)
            return []

    def _read(self, path: Path) -> QImage | None:
        try:
            stamp = path.stat().st_mtime
        except OSError:
            return None
        if self._bad.get(path) == stamp:
            return None  # known bad and unchanged: said once already
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)  # phone photos carry their rotation in EXIF
        size = reader.size()
        if size.isValid() and max(size.width(), size.height()) > LONGEST_SIDE:
            reader.setScaledSize(
                size.scaled(QSize(LONGEST_SIDE, LONGEST_SIDE), Qt.AspectRatioMode.KeepAspectRatio)
            )
        image = reader.read()
        if image.isNull():
            log.warning("media %s: skipped, not a readable picture (%s)", path.name,
                        reader.errorString())  # fmt: skip
            self._bad[path] = stamp
            return None
        self._bad.pop(path, None)
        return image
