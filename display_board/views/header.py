"""The board's header: the hall's logo and name (and zone), the clock and the date in
Indonesian, in the hall's time zone."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from display_board.board_model import BoardModel
from display_board.views.logo import Logo
from display_board.views.paint import ACCENT, INK, Part, draw_text, fitted, font
from queue_core.numbering import zone as time_zone

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


def indonesian_date(moment: datetime) -> str:
    return f"{DAYS[moment.weekday()]}, {moment.day} {MONTHS[moment.month - 1]} {moment.year}"


class Header(Part):
    def __init__(
        self, model: BoardModel, logo: Logo | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(model, parent)
        self.logo = logo
        self.logo_box: QRectF | None = None
        """Where the logo was last painted (None: no logo, and no room kept for one)."""
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
        split = 0.55 if not self.portrait else 0.6
        x, w = r.width() * split, r.width() * (1 - split) - pad
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        draw_text(p, QRectF(x, top, w, clock_h), self.clock_text, clock_font, INK, right)
        draw_text(p, QRectF(x, top + clock_h, w, date_h), self.date_text, date_font, INK, right)
        left = pad
        self.logo_box = None
        if self.logo is not None:
            # At most a quarter of the bar's width: a wide banner logo must not push the
            # hall's name off the screen.
            room = QRectF(pad, r.height() * 0.15, r.width() * 0.25, r.height() * 0.7)
            self.logo_box = self.logo.paint(p, room)
            left = self.logo_box.right() + 1.6 * u
        name = self.model.hall_name or "Antre"
        if self.model.zone:
            name += f" · Zona {self.model.zone}"
        if self.model.agency_label:
            name += f" · {self.model.agency_label}"
        box = QRectF(left, 0, r.width() * split - left, r.height())
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        if self.portrait:  # a narrow bar: the name on two lines rather than in small type
            draw_text(p, box, name, _two_lines(name, 4.4 * u, box), INK,
                      align | Qt.TextFlag.TextWordWrap)  # fmt: skip
        else:
            draw_text(p, box, name, fitted(name, 5 * u, box.width(), True), INK, align)


def _two_lines(text: str, px: float, box: QRectF) -> QFont:
    """The largest font up to `px` whose word-wrapped `text` fits `box` in two lines."""
    f = font(px, True)
    while f.pixelSize() > 8:
        m = QFontMetricsF(f)
        used = m.boundingRect(box, int(Qt.TextFlag.TextWordWrap), text)
        if used.width() <= box.width() and used.height() <= min(box.height(), 2.3 * m.height()):
            break
        f.setPixelSize(int(f.pixelSize() * 0.93))
    return f
