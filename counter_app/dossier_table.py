"""The agency's open dossiers as a Qt table model (no widgets: tested without a view).

Overdue is said in words ("⚠ TERLAMBAT"), in bold, and in red: never by colour alone.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from counter_app import dossier_words as dw
from counter_app import words
from counter_app.dossier_desk import DossierDesk
from counter_app.signin import Workplace
from queue_client.dossiers import Dossier, DossierStatus

Index = QModelIndex | QPersistentModelIndex
REFERENCE, NUMBER, SERVICE, STATE, DUE, NOTE = range(6)
LATE = QColor("#b91c1c")
READY = QColor("#166534")
WAITING_ON_CITIZEN = QColor("#92400e")
DossierRole = Qt.ItemDataRole.UserRole + 1


def due_text(dossier: Dossier) -> str:
    if dossier.due_date is None:
        return dw.say("due.paused") if dossier.status is DossierStatus.NEEDS_COMPLETION else "–"
    when = dw.day(dossier.due_date)
    return dw.say("due.late", date=when) if dossier.overdue else when


def last_note(dossier: Dossier) -> str:
    return next((e.note for e in reversed(dossier.timeline) if e.note), dossier.title or "")


class DossierTableModel(QAbstractTableModel):
    def __init__(
        self, desk: DossierDesk, workplace: Workplace, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._workplace = workplace
        self._rows: list[Dossier] = desk.items
        self._bold = QFont()
        self._bold.setBold(True)
        desk.changed.connect(self._reload)

    def retranslate(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def _reload(self) -> None:
        items = self._desk.items
        if items == self._rows:
            return  # a re-read that found nothing new keeps the selection as it is
        self.beginResetModel()
        self._rows = items
        self.endResetModel()

    def dossier(self, row: int) -> Dossier | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, dossier_id: int) -> int | None:
        return next((i for i, d in enumerate(self._rows) if d.id == dossier_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else NOTE + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return dw.say("view.columns").split("|")[section]
        return None

    def service(self, dossier: Dossier) -> str:
        service = self._workplace.service(dossier.service_id)
        return words.service_name(service.name, service.name_en) if service else dossier.service_id

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        d = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                REFERENCE: d.reference,
                NUMBER: d.ticket_number or "–",
                SERVICE: self.service(d),
                STATE: dw.status(d.status),
                DUE: due_text(d),
                NOTE: last_note(d),
            }[column]
        if role == Qt.ItemDataRole.ToolTipRole and column in (SERVICE, NOTE):
            return self.service(d) if column == SERVICE else last_note(d) or None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == DUE and d.overdue:
                return QBrush(LATE)
            if column == STATE and d.status is DossierStatus.READY:
                return QBrush(READY)
            if column == STATE and d.status is DossierStatus.NEEDS_COMPLETION:
                return QBrush(WAITING_ON_CITIZEN)
        if role == Qt.ItemDataRole.FontRole and (
            column in (REFERENCE, STATE) or (column == DUE and d.overdue)
        ):
            return self._bold
        if role == DossierRole:
            return d
        return None
