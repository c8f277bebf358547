"""The desktop hall board: one window, every part sized from the screen's height.

Header (hall, date and clock in the hall's time zone), the latest call very large with
its counter (highlighted yellow for a few seconds), the previous calls, the counters'
grid, and the running text. Each part paints itself, so the same code fills 1920×1080,
1280×720 and anything else without clipping: text that would not fit is scaled down.
"""

from __future__ import annotations

from datetime import UTC, datetime
from math import ceil

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from display_board.board_model import BoardModel
from queue_core.numbering import zone as time_zone

GROUND = QColor("#10232f")
PANEL = QColor("#1a3442")
INK = QColor("#f4f7f6")
MUTED = QColor("#9fb7c0")
ACCENT = QColor("#2a8c8c")
CALL = QColor("#f5c542")
CALL_INK = QColor("#1b1b1b")
NEWS = QColor("#f5d76e")
FAMILY = "Noto Sans, DejaVu Sans, Liberation Sans, Arial, sans-serif"

DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]  # Monday first
MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip
ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
STATE_WORDS = {"closed": "TUTUP", "paused": "ISTIRAHAT"}
OFFLINE_DELAY_MS = 1500
TICKER_MS = 40
"""25 frames a second for the running text: smooth enough, and cheap when idle."""


def indonesian_date(moment: datetime) -> str:
    return f"{DAYS[moment.weekday()]}, {moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def font(px: float, bold: bool = False) -> QFont:
    f = QFont()
    f.setFamilies([name.strip() for name in FAMILY.split(",")])
    f.setPixelSize(max(1, int(px)))
    f.setBold(bold)
    return f


def fitted(text: str, px: float, width: float, bold: bool = False) -> QFont:
    """The font at `px`, or smaller until `text` fits in `width`."""
    f = font(px, bold)
    w = QFontMetricsF(f).horizontalAdvance(text)
    if w > width > 0:
        f.setPixelSize(max(1, int(px * width / w)))
    return f


def draw_text(p: QPainter, rect: QRectF, text: str, f: QFont, color: QColor, align: int) -> None:
    p.setFont(f)
    p.setPen(color)
    p.drawText(rect, int(align), text)


class Part(QWidget):
    def __init__(self, model: BoardModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    @property
    def unit(self) -> float:
        """A hundredth of the window's height: every size is in these."""
        window = self.window()
        return max(1.0, min(window.height(), window.width() * 9 / 16) / 100)


class Header(Part):
    def __init__(self, model: BoardModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.clock_text = ""
        self.date_text = ""

    def refresh_clock(self, now: datetime) -> bool:
        local = now.astimezone(time_zone(self.model.timezone))
        clock = f"{local:%H:%M} {ZONE_NAMES.get(self.model.timezone, '')}".strip()
        date = indonesian_date(local)
        if (clock, date) == (self.clock_text, self.date_text):
            return False
        self.clock_text, self.date_text = clock, date
        self.update()
        return True

    def paintEvent(self, event: QPaintEvent) -> None:
        u, r = self.unit, QRectF(self.rect())
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(r, ACCENT)
        pad = 2.5 * u
        # The clock above the date, the pair centred in the bar whatever the screen.
        clock_font, date_font = font(3.7 * u, True), font(2.3 * u)
        clock_h = QFontMetricsF(clock_font).height()
        date_h = QFontMetricsF(date_font).height()
        top = (r.height() - clock_h - date_h) / 2
        x, w = r.width() * 0.55, r.width() * 0.45 - pad
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        draw_text(p, QRectF(x, top, w, clock_h), self.clock_text, clock_font, INK, right)
        draw_text(p, QRectF(x, top + clock_h, w, date_h), self.date_text, date_font, INK, right)
        name = self.model.hall_name or "Antre"
        if self.model.zone:
            name += f" · Zona {self.model.zone}"
        left = QRectF(pad, 0, r.width() * 0.55 - pad, r.height())
        draw_text(p, left, name, fitted(name, 5 * u, left.width(), True), INK,
                  Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)  # fmt: skip


class CallPanel(Part):
    """The latest call: number and counter, very large."""

    def __init__(self, model: BoardModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.painted_number = ""
        self.number_font = font(1)

    def paintEvent(self, event: QPaintEvent) -> None:
        u, r = self.unit, QRectF(self.rect())
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(r, GROUND)
        fresh = self.model.fresh()
        box = r.adjusted(1.2 * u, 1.2 * u, -0.6 * u, -0.6 * u)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(CALL if fresh else PANEL)
        p.drawRoundedRect(box, 1.5 * u, 1.5 * u)
        ink = CALL_INK if fresh else INK
        soft = CALL_INK if fresh else MUTED
        latest = self.model.latest
        inner = box.adjusted(2 * u, 1.5 * u, -2 * u, -1.5 * u)
        if latest is None:
            self.painted_number = ""
            draw_text(
                p, inner, "Belum ada panggilan", font(5 * u), soft, Qt.AlignmentFlag.AlignCenter
            )
            return
        h = inner.height()
        top = QRectF(inner.left(), inner.top(), inner.width(), h * 0.12)
        draw_text(p, top, "NOMOR ANTREAN", font(h * 0.085, True), soft,
                  Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)  # fmt: skip
        number_box = QRectF(inner.left(), inner.top() + h * 0.1, inner.width(), h * 0.5)
        self.number_font = fitted(latest.number, h * 0.5, inner.width() * 0.96, True)
        draw_text(p, number_box, latest.number, self.number_font, ink, Qt.AlignmentFlag.AlignCenter)
        self.painted_number = latest.number
        go = QRectF(inner.left(), inner.top() + h * 0.6, inner.width(), h * 0.1)
        draw_text(p, go, "Silakan menuju", font(h * 0.075), soft, Qt.AlignmentFlag.AlignCenter)
        counter = self.model.counter_name(latest.counter_id)
        where = QRectF(inner.left(), inner.top() + h * 0.7, inner.width(), h * 0.2)
        draw_text(p, where, counter, fitted(counter, h * 0.17, inner.width() * 0.96, True), ink,
                  Qt.AlignmentFlag.AlignCenter)  # fmt: skip
        tile = self.model.counters.get(latest.counter_id)
        if tile and tile.agency:
            agency = QRectF(inner.left(), inner.top() + h * 0.9, inner.width(), h * 0.1)
            draw_text(p, agency, tile.agency, font(h * 0.06), soft, Qt.AlignmentFlag.AlignCenter)


class History(Part):
    """The calls before the latest, newest first."""

    def paintEvent(self, event: QPaintEvent) -> None:
        u, r = self.unit, QRectF(self.rect())
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(r, GROUND)
        box = r.adjusted(0.6 * u, 1.2 * u, -1.2 * u, -0.6 * u)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(PANEL)
        p.drawRoundedRect(box, 1.5 * u, 1.5 * u)
        inner = box.adjusted(2 * u, 1.2 * u, -2 * u, -1 * u)
        title = QRectF(inner.left(), inner.top(), inner.width(), 4 * u)
        draw_text(p, title, "PANGGILAN SEBELUMNYA", font(2.6 * u, True), MUTED,
                  Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)  # fmt: skip
        rows = self.model.previous
        area = inner.adjusted(0, 5 * u, 0, 0)
        if not rows:
            draw_text(p, area, "Belum ada panggilan", font(3 * u), MUTED,
                      Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)  # fmt: skip
            return
        row_h = area.height() / 6
        for i, call in enumerate(rows):
            row = QRectF(area.left(), area.top() + i * row_h, area.width(), row_h)
            if i:
                p.setPen(QColor(255, 255, 255, 30))
                p.drawLine(row.topLeft(), row.topRight())
            half = row.width() * 0.48
            draw_text(p, QRectF(row.left(), row.top(), half, row_h), call.number,
                      fitted(call.number, row_h * 0.62, half, True), INK,
                      Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)  # fmt: skip
            name = self.model.counter_name(call.counter_id)
            rest = QRectF(row.left() + half, row.top(), row.width() - half, row_h)
            draw_text(p, rest, name, fitted(name, row_h * 0.45, rest.width()), MUTED,
                      Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)  # fmt: skip


class CounterGrid(Part):
    """Every counter (of the zone) with the number it holds."""

    def paintEvent(self, event: QPaintEvent) -> None:
        u, r = self.unit, QRectF(self.rect())
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(r, GROUND)
        tiles = list(self.model.counters.values())
        if not tiles:
            return
        area = r.adjusted(1.2 * u, 0.6 * u, -1.2 * u, -0.6 * u)
        gap = 0.8 * u
        cols, size = self._layout(len(tiles), area.width(), area.height(), gap)
        rows = ceil(len(tiles) / cols)
        w = (area.width() - (cols - 1) * gap) / cols
        h = (area.height() - (rows - 1) * gap) / rows
        for i, tile in enumerate(tiles):
            x = area.left() + (i % cols) * (w + gap)
            y = area.top() + (i // cols) * (h + gap)
            box = QRectF(x, y, w, h)
            called = tile.called and tile.number is not None
            fresh = called and self.model.fresh(tile.id)
            p.setPen(CALL if called else Qt.PenStyle.NoPen)
            p.setBrush(CALL if fresh else PANEL)
            p.drawRoundedRect(box.adjusted(1, 1, -1, -1), 0.8 * u, 0.8 * u)
            ink = CALL_INK if fresh else INK
            soft = CALL_INK if fresh else MUTED
            word = STATE_WORDS.get(tile.status)
            name_box = QRectF(x, y + h * 0.04, w, h * 0.26)
            draw_text(p, name_box, tile.name.upper(), fitted(tile.name.upper(), h * 0.17, w * 0.9),
                      soft, Qt.AlignmentFlag.AlignCenter)  # fmt: skip
            number_box = QRectF(x, y + h * 0.28, w, h * 0.46)
            if tile.number:
                text, color, px = tile.number, (ink if not called or fresh else CALL), size
            elif word:
                text, color, px = word, MUTED, size * 0.55
            else:
                text, color, px = "–", MUTED, size
            draw_text(p, number_box, text, fitted(text, px, w * 0.9, True), color,
                      Qt.AlignmentFlag.AlignCenter)  # fmt: skip
            under = word if tile.number and word else tile.agency
            under_box = QRectF(x, y + h * 0.74, w, h * 0.22)
            draw_text(p, under_box, under, fitted(under, h * 0.14, w * 0.9), soft,
                      Qt.AlignmentFlag.AlignCenter)  # fmt: skip

    @staticmethod
    def _layout(n: int, width: float, height: float, gap: float) -> tuple[int, float]:
        """The column count that makes the numbers largest (as the web board does)."""
        best = (1, 0.0)
        for cols in range(1, n + 1):
            rows = ceil(n / cols)
            w = (width - (cols - 1) * gap) / cols
            h = (height - (rows - 1) * gap) / rows
            size = min(h / 2.15, w / (5 * 0.68))
            if size > best[1]:
                best = (cols, size)
        return best


class Ticker(Part):
    """The running text: the last announcements (yellow), then the hall's own line."""

    def __init__(self, model: BoardModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.offset = 0.0
        self.hold = False  # screenshots: keep it still
        self._items: list[tuple[str, QColor]] = []
        self._width = 0.0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._step)
        self._timer.start(TICKER_MS)

    def refresh(self) -> None:
        items = [(a, NEWS) for a in self.model.announcements]
        if self.model.running_text:
            items.append((self.model.running_text, INK))
        if items != self._items:
            self._items = items
            self.offset = 0.0  # a new announcement is read from its beginning
            self.update()

    def _text_width(self, f: QFont, gap: float) -> float:
        m = QFontMetricsF(f)
        return sum(m.horizontalAdvance(t) for t, _ in self._items) + gap * len(self._items)

    def _step(self) -> None:
        if self.hold or not self._items or not self.isVisible():
            return
        self.offset += 0.12 * self.unit * TICKER_MS / 10  # 12 units a second
        if self.offset > self.width() + self._width:
            self.offset = 0.0
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        u, r = self.unit, QRectF(self.rect())
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        p.fillRect(r, QColor("#0a1820"))
        f = font(r.height() * 0.5)
        gap = 6 * u
        self._width = self._text_width(f, gap)
        x = r.width() - self.offset
        p.setFont(f)
        for i, (text, color) in enumerate(self._items):
            if i:
                p.setPen(MUTED)
                p.drawText(
                    QRectF(x - gap, 0, gap, r.height()), int(Qt.AlignmentFlag.AlignCenter), "•"
                )
            p.setPen(color)
            w = QFontMetricsF(f).horizontalAdvance(text)
            p.drawText(QRectF(x, 0, w + 2, r.height()),
                       int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)  # fmt: skip
            x += w + gap


class BoardWindow(QWidget):
    def __init__(self, model: BoardModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setWindowTitle("Antre — Layar Antrean")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), GROUND)
        self.setPalette(palette)
        self.header = Header(model)
        self.call_panel = CallPanel(model)
        self.history = History(model)
        self.grid = CounterGrid(model)
        self.ticker = Ticker(model)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(0)
        top.addWidget(self.call_panel, 62)
        top.addWidget(self.history, 38)
        self._top = top
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header, 9)
        layout.addLayout(top, 50)
        layout.addWidget(self.grid, 34)
        layout.addWidget(self.ticker, 7)
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

    def _restyle(self) -> None:
        u = max(1.0, min(self.height(), self.width() * 9 / 16) / 100)
        sign = (
            f"background: rgba(0,0,0,170); color: {MUTED.name()}; border-radius: {int(u)}px;"
            f"padding: {int(0.6 * u)}px {int(1.4 * u)}px; font-size: {int(2.2 * u)}px;"
        )
        self.offline.setStyleSheet(sign)
        self.notice.setStyleSheet(sign)
        self.problem.setStyleSheet(
            f"background: {PANEL.name()}; color: {INK.name()}; border-radius: {int(u)}px;"
            f"padding: {int(3 * u)}px; font-size: {int(4 * u)}px;"
        )
        self.offline.adjustSize()
        self.notice.adjustSize()

    def _place(self) -> None:
        u = max(1.0, min(self.height(), self.width() * 9 / 16) / 100)
        margin = int(1.2 * u)
        above = self.ticker.height() + margin
        self.offline.move(
            self.width() - self.offline.width() - margin,
            self.height() - above - self.offline.height(),
        )
        self.notice.move(margin, self.height() - above - self.notice.height())
        w, h = int(self.width() * 0.6), int(self.height() * 0.3)
        self.problem.setGeometry((self.width() - w) // 2, (self.height() - h) // 2, w, h)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._restyle()
        self._place()
