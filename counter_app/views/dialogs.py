"""The two choices an action needs: where to transfer a citizen, and which waiting (or
no-show) ticket to call. Keyboard first: arrows choose, Enter confirms, Esc cancels.

They open window-modal without blocking (`open()`, not `exec()`), so live events keep
arriving while an operator decides, and tests drive them like any other widget.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app import words
from counter_app.model import CounterSession
from queue_client.models import Ticket
from queue_core.ticket import Priority


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    box = QDialogButtonBox(dialog)
    confirm = box.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
    confirm.setDefault(True)
    box.addButton(words.say("dialog.cancel"), QDialogButtonBox.ButtonRole.RejectRole)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class TransferDialog(QDialog):
    """Alihkan: to another service, optionally to one counter (which then calls the
    citizen first; otherwise they join the back of that service's queue)."""

    def __init__(self, session: CounterSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(words.say("transfer.title"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        current = session.current
        title = QLabel(
            words.say("transfer.title_number", number=current.number)
            if current is not None
            else words.say("transfer.title"),
            self,
        )
        title.setObjectName("dialogTitle")
        explain = QLabel(words.say("transfer.explain"), self)
        explain.setWordWrap(True)

        self.services = QListWidget(self)
        self.services.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.services.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        workplace = session.workplace
        own = workplace.counter(session.counter_id)
        agencies = sorted(
            workplace.hall.agencies, key=lambda a: own is None or a.id != own.agency_id
        )  # the counter's own agency first: most transfers stay within it
        first: int | None = None
        for agency in agencies:
            offered = [s for s in workplace.services if s.agency_id == agency.id]
            if not offered:
                continue
            heading = QListWidgetItem(agency.short)
            heading.setFlags(Qt.ItemFlag.NoItemFlags)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            self.services.addItem(heading)
            for service in offered:
                name = words.service_name(service.name, service.name_en)
                item = QListWidgetItem(f"    {service.prefix} · {name}")
                item.setData(Qt.ItemDataRole.UserRole, service.id)
                item.setToolTip(name)
                self.services.addItem(item)
                if first is None and (current is None or service.id != current.service_id):
                    first = self.services.count() - 1
        self.counters = QComboBox(self)
        self.services.currentRowChanged.connect(self._fill_counters)
        self.services.itemActivated.connect(lambda _item: self.accept())
        self.services.setCurrentRow(first or 0)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 18)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(explain)
        layout.addWidget(QLabel(words.say("transfer.service"), self))
        layout.addWidget(self.services, 1)
        layout.addWidget(QLabel(words.say("transfer.counter"), self))
        layout.addWidget(self.counters)
        layout.addWidget(_buttons(self, words.say("transfer.ok")))
        self.resize(760, 560)
        self.services.setFocus()

    def _fill_counters(self) -> None:
        self.counters.clear()
        self.counters.addItem(words.say("transfer.any"), None)
        service_id = self.service_id
        if service_id is None:
            return
        for counter in self.session.transfer_counters(service_id):
            self.counters.addItem(counter.name, counter.id)

    @property
    def service_id(self) -> str | None:
        item = self.services.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    @property
    def counter_id(self) -> int | None:
        value = self.counters.currentData()
        return int(value) if value is not None else None

    def choose(self, service_id: str, counter_id: int | None = None) -> None:
        """Select a service (and counter), as arrows and Enter would."""
        for row in range(self.services.count()):
            if self.services.item(row).data(Qt.ItemDataRole.UserRole) == service_id:
                self.services.setCurrentRow(row)
        index = self.counters.findData(counter_id)
        self.counters.setCurrentIndex(max(index, 0))


def ticket_line(session: CounterSession, ticket: Ticket) -> str:
    mark = "" if ticket.priority is Priority.REGULAR else f"  ★ {words.priority(ticket.priority)}"
    waited = words.minutes(session.now() - ticket.issued_at)
    return f"{ticket.number}   {session.service_name(ticket.service_id)}{mark}   · {waited}"


class TicketPicker(QDialog):
    """Choose one ticket from a list: a waiting ticket to call out of order, or a
    no-show who came back."""

    def __init__(
        self,
        session: CounterSession,
        tickets: Sequence[Ticket],
        title: str,
        ok: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        heading = QLabel(title, self)
        heading.setObjectName("dialogTitle")
        self.tickets = QListWidget(self)
        for ticket in tickets:
            item = QListWidgetItem(ticket_line(session, ticket))
            item.setData(Qt.ItemDataRole.UserRole, ticket.id)
            self.tickets.addItem(item)
        self.tickets.setCurrentRow(0)
        self.tickets.itemActivated.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 18)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(self.tickets, 1)
        layout.addWidget(_buttons(self, ok))
        self.resize(560, 480)
        self.tickets.setFocus()

    @property
    def ticket_id(self) -> int | None:
        item = self.tickets.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def choose(self, ticket_id: int) -> None:
        for row in range(self.tickets.count()):
            if self.tickets.item(row).data(Qt.ItemDataRole.UserRole) == ticket_id:
                self.tickets.setCurrentRow(row)
