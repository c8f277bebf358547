"""The live side panel: who waits (in call order, priority marked), how many per
service, and today's figures for this counter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app import words
from counter_app.model import CounterSession
from counter_app.views.elided import ElidedLabel
from counter_app.views.style import set_look
from counter_app.waiting_table import PRIORITY, WaitingTableModel

WIDTH = 470


class FigureTile(QWidget):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.value = QLabel("–", self)
        self.value.setObjectName("figureValue")
        self.detail = QLabel(name, self)
        self.detail.setObjectName("figureName")
        layout.addWidget(self.value)
        layout.addWidget(self.detail)


class SidePanel(QFrame):
    def __init__(self, session: CounterSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("sidePanel")
        # A fixed width: the ticket and the keys must not shift as the list changes.
        self.setFixedWidth(WIDTH)

        self.title = QLabel(self)
        self.title.setObjectName("panelTitle")
        self.counts = QGridLayout()
        self.counts.setHorizontalSpacing(8)
        self.counts.setVerticalSpacing(2)
        self.counts.setColumnStretch(1, 1)
        self._count_labels: dict[str, QLabel] = {}
        self._names: dict[str, ElidedLabel] = {}
        for row, service in enumerate(session.services):
            prefix = QLabel(service.prefix, self)
            prefix.setObjectName("servicePrefix")
            name = ElidedLabel(service.name, self)
            self._names[service.id] = name
            name.setObjectName("serviceName")
            count = QLabel(self)
            count.setObjectName("serviceCount")
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.counts.addWidget(prefix, row, 0)
            self.counts.addWidget(name, row, 1)
            self.counts.addWidget(count, row, 2)
            self._count_labels[service.id] = count

        self.table_model = WaitingTableModel(session, self)
        self.table = QTableView(self)
        self.table.setModel(self.table_model)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(34)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PRIORITY, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.order_note = QLabel(self)
        self.order_note.setObjectName("panelNote")
        self.order_note.setWordWrap(True)

        self.figures_title = figures_title = QLabel(self)
        figures_title.setObjectName("panelTitle")
        self.served = FigureTile("", self)
        self.no_shows = FigureTile("", self)
        self.service_time = FigureTile("", self)
        self.wait_time = FigureTile("", self)
        figures = QGridLayout()
        figures.setHorizontalSpacing(18)
        figures.setVerticalSpacing(8)
        tiles = (self.served, self.no_shows, self.service_time, self.wait_time)
        for i, tile in enumerate(tiles):
            figures.addWidget(tile, i // 2, i % 2)
        self.figures_box = QWidget(self)
        self.figures_box.setObjectName("figures")
        self.figures_box.setLayout(figures)
        figures.setContentsMargins(0, 0, 0, 0)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addLayout(self.counts)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.order_note)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        layout.addWidget(line)
        layout.addWidget(figures_title)
        layout.addWidget(self.figures_box)

        session.changed.connect(self.refresh_trust)
        session.waitingChanged.connect(self.refresh_waiting)
        session.figuresChanged.connect(self.refresh_figures)
        self.retranslate()

    def retranslate(self) -> None:
        """Every text again, in the language just chosen."""
        for service in self.session.services:
            self._names[service.id].set_full_text(words.service_name(service.name, service.name_en))
        self.order_note.setText(words.say("panel.note"))
        self.figures_title.setText(words.say("panel.today", counter=self.session.counter_name))
        self.served.detail.setText(words.say("figure.served"))
        self.no_shows.detail.setText(words.say("figure.no_shows"))
        self.table_model.retranslate()
        self.refresh_waiting()
        self.refresh_figures()

    def refresh_waiting(self) -> None:
        counts = self.session.counts
        # Everyone this counter may call, also beyond the rows the list holds.
        self.title.setText(
            words.say("panel.waiting", n=sum(counts.values()) or len(self.session.waiting))
        )
        for service in self.session.services:
            self._count_labels[service.id].setText(
                words.say("panel.count", n=counts.get(service.id, 0))
            )

    def refresh_figures(self) -> None:
        f = self.session.figures
        self.served.value.setText(str(f.served))
        self.no_shows.value.setText(str(f.no_shows))
        self.service_time.value.setText(words.decimal_minutes(f.mean_service))
        self.service_time.detail.setText(
            words.say("figure.service_n", n=f.timed) if f.timed else words.say("figure.service")
        )
        self.wait_time.value.setText(words.decimal_minutes(f.mean_wait))
        self.wait_time.detail.setText(
            words.say("figure.wait_n", n=f.called) if f.called else words.say("figure.wait")
        )

    def refresh_trust(self) -> None:
        """Grey while the list may be out of date (disconnected or not yet re-read)."""
        trusted = self.session.connected and not self.session.stale
        set_look(self, "stale", "no" if trusted else "yes")

    def tick(self) -> None:
        self.table_model.tick()
