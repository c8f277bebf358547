"""The waiting list as a Qt table model (no widgets: tested without a view)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from counter_app import words
from counter_app.model import CounterSession
from queue_client.models import Ticket
from queue_core.ticket import PRIORITY_GROUPS, Priority

Index = QModelIndex | QPersistentModelIndex
# No service column: the number's letter is the service (the panel lists the letters),
# and at 1366 px a column of sixty-character service names would leave no room.
COLUMNS = ("#", "Nomor", "Prioritas", "Menunggu")
NUMBER, PRIORITY, WAITED = 1, 2, 3
PRIORITY_COLOUR = QColor("#6b21a8")
REGULAR_COLOUR = QColor("#6b7280")
TicketRole = Qt.ItemDataRole.UserRole + 1


class WaitingTableModel(QAbstractTableModel):
    def __init__(self, session: CounterSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._rows: list[Ticket] = session.waiting
        self._timezone = session.workplace.hall.timezone
        self._bold = QFont()
        self._bold.setBold(True)
        session.waitingChanged.connect(self._reload)

    def retranslate(self) -> None:
        """The language changed: headers and cells read again."""
        self.beginResetModel()
        self.endResetModel()

    def _reload(self) -> None:
        self.beginResetModel()
        self._rows = self._session.waiting
        self.endResetModel()

    def tick(self) -> None:
        """Time passes: the 'Menunggu' column is out of date."""
        if self._rows:
            self.dataChanged.emit(
                self.index(0, WAITED), self.index(len(self._rows) - 1, WAITED), []
            )

    def ticket(self, row: int) -> Ticket:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return words.say("panel.columns").split("|")[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        ticket = self._rows[index.row()]
        column = index.column()
        priority = ticket.priority in PRIORITY_GROUPS or ticket.priority is Priority.APPOINTMENT
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(index.row() + 1)
            if column == NUMBER:
                return ticket.number
            if column == PRIORITY:
                return (
                    ("★ " + words.ticket_priority(ticket, self._timezone))
                    if priority
                    else words.say("panel.regular")
                )
            return words.minutes(self._session.now() - ticket.issued_at)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._session.service_name(ticket.service_id)
        if role == Qt.ItemDataRole.ForegroundRole and column == PRIORITY:
            return QBrush(PRIORITY_COLOUR if priority else REGULAR_COLOUR)
        if role == Qt.ItemDataRole.FontRole and (
            column == NUMBER or (column == PRIORITY and priority)
        ):
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, WAITED):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == TicketRole:
            return ticket
        return None
