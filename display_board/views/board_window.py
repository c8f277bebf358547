"""The desktop hall board: one window, every part sized from the screen.

Header (logo, hall, date and clock in the hall's time zone), the latest call very large
with its counter (highlighted yellow for a few seconds), the previous calls, the
counters' grid, an optional media area, and the running text. Landscape screens put the
previous calls (and the pictures) beside the latest call; portrait screens stack the
latest call, the counters, then the previous calls (and the pictures beside them). Each
part paints itself (`views/`), so the same code fills 1920×1080, 1280×720, 1080×1920 and
anything else without clipping: text that would not fit is scaled down.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

from display_board.board_model import BoardModel
from display_board.media_reel import MediaReel
from display_board.ready_model import ReadyDossiers
from display_board.views.calls import CallPanel, History
from display_board.views.counter_grid import CounterGrid
from display_board.views.header import Header
from display_board.views.logo import Logo
from display_board.views.media_area import MediaArea
from display_board.views.paint import GROUND, INK, MUTED, PANEL, unit_of
from display_board.views.ready_panel import ReadyPanel
from display_board.views.ticker import Ticker

OFFLINE_DELAY_MS = 1500

# Shares of the window's height (rows) and of a row's width (columns), per arrangement.
LANDSCAPE_ROWS = (9, 50, 34, 7)  # header, calls (+ pictures), counters, running text
LANDSCAPE_COLUMNS = (62, 38)  # latest call, previous calls
LANDSCAPE_WITH_MEDIA = (50, 24, 26)  # latest call, previous calls, pictures
PORTRAIT_ROWS = (8, 40, 27, 20, 5)  # header, latest call, counters, previous calls, text
PORTRAIT_WITH_MEDIA = (8, 40, 23, 24, 5)  # the previous calls share their row with pictures


def _split(total: int, shares: tuple[int, ...]) -> list[tuple[int, int]]:
    """(start, length) for each share of `total`, with no pixel lost to rounding."""
    whole, out, done = sum(shares), [], 0
    for i, share in enumerate(shares):
        end = total if i == len(shares) - 1 else round(total * (done + share) / whole)
        start = round(total * done / whole) if i else 0
        out.append((start, end - start))
        done += share
    return out


class BoardWindow(QWidget):
    def __init__(
        self,
        model: BoardModel,
        *,
        logo: Logo | None = None,
        media: MediaReel | None = None,
        ready: ReadyDossiers | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.reel = media
        self.setWindowTitle("Antre — Layar Antrean")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), GROUND)
        self.setPalette(palette)
        self.header = Header(model, logo, self)
        self.call_panel = CallPanel(model, self)
        self.history = History(model, self)
        self.grid = CounterGrid(model, self)
        self.ticker = Ticker(model, self)
        self.media = MediaArea(model, media, self) if media is not None else None
        self.ready = ReadyPanel(model, ready, self) if ready is not None else None
        if media is not None:
            media.changed.connect(self._arrange)  # the area comes and goes with its pictures
            media.start()
        self.offline = QLabel("menyambung ulang…", self)
        self.offline.hide()
        self.notice = QLabel("", self)
        self.notice.hide()
        self.problem = QLabel("", self)
        self.problem.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.problem.setWordWrap(True)
        self.problem.hide()
        self._offline_delay = QTimer(self)
        self._offline_delay.setSingleShot(True)
        self._offline_delay.timeout.connect(self._show_offline)
        self._clock = QTimer(self)
        self._clock.timeout.connect(self._tick)
        self._clock.start(1000)
        model.changed.connect(self._redraw)
        model.connectionChanged.connect(self._connection)
        model.noticeChanged.connect(self._notice)
        model.problem.connect(self._problem)
        self._restyle()
        self._arrange()
        self._tick()
        self._redraw()

    # --- model → screen -----------------------------------------------------------------

    def _redraw(self) -> None:
        self.ticker.refresh()
        self.header.refresh_clock(datetime.now(UTC))
        for part in (self.header, self.call_panel, self.history, self.grid):
            part.update()

    def _tick(self) -> None:
        self.header.refresh_clock(datetime.now(UTC))

    def _connection(self, state: str) -> None:
        if state == "connected":
            self._offline_delay.stop()
            self.offline.hide()
        elif state == "auth_failed":
            self.offline.setText("token layar tidak berlaku")
            self._show_offline()
        elif not self._offline_delay.isActive() and not self.offline.isVisible():
            self.offline.setText("menyambung ulang…")
            self._offline_delay.start(OFFLINE_DELAY_MS)

    def _show_offline(self) -> None:
        self.offline.adjustSize()
        self._place()
        self.offline.show()
        self.offline.raise_()

    def _notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        self.notice.adjustSize()
        self._place()
        self.notice.raise_()

    def _problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()
        self._place()
        self.problem.raise_()

    # --- geometry -----------------------------------------------------------------------

    @property
    def portrait(self) -> bool:
        return self.height() > self.width()

    @property
    def showing_media(self) -> bool:
        return self.media is not None and self.media.reel.available

    def _side_parts(self) -> list[QWidget]:
        """What shares the previous calls' row: the pictures (while there are any) and
        the ready-dossiers panel (when this board shows it)."""
        parts: list[QWidget] = []
        if self.showing_media and self.media is not None:
            parts.append(self.media)
        if self.ready is not None:
            parts.append(self.ready)
        return parts

    def _arrange(self) -> None:
        """Place every part for this window's shape (see the shares above)."""
        w, h = self.width(), self.height()
        if self.media is not None:
            self.media.setVisible(self.showing_media)
        side = self._side_parts()
        if self.portrait:
            header, call, grid, low, ticker = _split(
                h, PORTRAIT_WITH_MEDIA if side else PORTRAIT_ROWS
            )
            self.header.setGeometry(0, header[0], w, header[1])
            self.call_panel.setGeometry(0, call[0], w, call[1])
            self.grid.setGeometry(0, grid[0], w, grid[1])
            row = [self.history, *side]
            for part, (x, width) in zip(row, _split(w, (1,) * len(row)), strict=True):
                part.setGeometry(x, low[0], width, low[1])
        else:
            header, top, grid, ticker = _split(h, LANDSCAPE_ROWS)
            self.header.setGeometry(0, header[0], w, header[1])
            columns = _split(w, LANDSCAPE_WITH_MEDIA if side else LANDSCAPE_COLUMNS)
            for part, (x, width) in zip([self.call_panel, self.history], columns[:2], strict=True):
                part.setGeometry(QRect(x, top[0], width, top[1]))
            if side:
                # Pictures above, the ready dossiers below, when a board shows both.
                x, width = columns[2]
                rows = _split(top[1], (1,) * len(side))
                for part, (y, height) in zip(side, rows, strict=True):
                    part.setGeometry(QRect(x, top[0] + y, width, height))
            self.grid.setGeometry(0, grid[0], w, grid[1])
        self.ticker.setGeometry(0, ticker[0], w, ticker[1])
        self._place()
        self.update()

    def _restyle(self) -> None:
        u = unit_of(self.width(), self.height())
        sign = (
            f"background: rgba(0,0,0,170); color: {MUTED.name()}; border-radius: {int(u)}px;"
            f"padding: {int(0.6 * u)}px {int(1.4 * u)}px; font-size: {int(2.2 * u)}px;"
        )
        self.offline.setStyleSheet(sign)
        self.notice.setStyleSheet(sign)
        self.problem.setStyleSheet(
            f"background: {PANEL.name()}; color: {INK.name()}; border-radius: {int(u)}px;"
            f"border: {max(2, int(0.3 * u))}px solid #e0a030;"
            f"padding: {int(2 * u)}px; font-size: {int(2.4 * u)}px;"
        )
        self.offline.adjustSize()
        self.notice.adjustSize()

    def _place(self) -> None:
        u = unit_of(self.width(), self.height())
        margin = int(1.2 * u)
        above = self.ticker.height() + margin
        self.offline.move(
            self.width() - self.offline.width() - margin,
            self.height() - above - self.offline.height(),
        )
        self.notice.move(margin, self.height() - above - self.notice.height())
        # As tall as its wrapped text needs (a fixed box cut the fix off), within the window.
        w = int(self.width() * 0.86)
        h = min(self.height() - 2 * margin, max(int(self.height() * 0.3), self._problem_height(w)))
        self.problem.setGeometry((self.width() - w) // 2, (self.height() - h) // 2, w, h)

    def _problem_height(self, width: int) -> int:
        self.problem.ensurePolished()  # the style sheet's padding and font, applied
        return self.problem.heightForWidth(width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._restyle()
        self._arrange()
