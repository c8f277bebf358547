"""Pilih loket: the hall's counters grouped by agency, with their state; the last
counter this PC worked is preselected, so Enter opens it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app import words
from counter_app.choice import CounterChoice
from queue_core.ticket import TicketStatus

SERVING = TicketStatus.SERVING

ID_ROLE = Qt.ItemDataRole.UserRole


class ChooserPage(QWidget):
    def __init__(self, choice: CounterChoice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = choice
        self.setObjectName("page")
        card = QFrame(self)
        card.setObjectName("formCard")
        card.setFixedWidth(900)
        self.title = title = QLabel(card)
        title.setObjectName("formTitle")
        self.subtitle = subtitle = QLabel(card)
        subtitle.setObjectName("formSubtitle")
        subtitle.setWordWrap(True)
        self.tree = QTreeWidget(card)
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnWidth(0, 170)
        self.tree.setColumnWidth(1, 400)
        self.tree.itemActivated.connect(lambda _item, _col: self.open_selected())
        self.error = QLabel(card)
        self.error.setObjectName("formError")
        self.error.hide()
        self.open_button = QPushButton(card)
        self.open_button.setObjectName("primary")
        self.open_button.clicked.connect(self.open_selected)
        self.reload = reload = QPushButton(card)
        reload.clicked.connect(choice.reload)
        buttons = QHBoxLayout()
        buttons.addWidget(reload)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)

        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 26, 32, 26)
        inner.setSpacing(12)
        inner.addWidget(title)
        inner.addWidget(subtitle)
        inner.addWidget(self.tree, 1)
        inner.addWidget(self.error)
        inner.addLayout(buttons)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 30, 20, 30)
        outer.addLayout(row, 1)

        choice.changed.connect(self.refresh)
        choice.failed.connect(self._failed)
        self.retranslate()

    def retranslate(self) -> None:
        workplace = self.choice.workplace
        self.title.setText(words.say("choose.title"))
        agency = next(
            (a.short for a in workplace.hall.agencies if a.id == workplace.agency_id), None
        )
        if agency is None:
            subtitle = words.say(
                "choose.subtitle", hall=workplace.hall.name, user=workplace.username
            )
        else:  # only their agency's counters are listed: say so, not "all of them"
            subtitle = words.say(
                "choose.subtitle_agency",
                hall=workplace.hall.name,
                user=workplace.username,
                agency=agency,
            )
        self.subtitle.setText(subtitle)
        self.tree.setHeaderLabels(words.say("choose.columns").split("|"))
        # New header labels reset the columns: widen them again so service names fit.
        self.tree.setColumnWidth(0, 170)
        self.tree.setColumnWidth(1, 400)
        self.open_button.setText(words.say("choose.open"))
        self.reload.setText(words.say("choose.reload"))
        self.refresh()

    def refresh(self) -> None:
        self.tree.clear()
        workplace = self.choice.workplace
        selected: QTreeWidgetItem | None = None
        for agency, counters in self.choice.grouped():
            group = QTreeWidgetItem(self.tree, [agency])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFirstColumnSpanned(True)
            for counter in counters:
                services = ", ".join(
                    words.service_name(s.name, s.name_en)
                    for sid in counter.service_ids
                    if (s := workplace.service(sid))
                )
                state = words.counter_status(counter.status)
                if counter.current is not None:
                    held = words.say(
                        "choose.serving" if counter.current.status is SERVING else "choose.called"
                    )
                    state += f" · {counter.current.number} {held}"
                if counter.opened_by:
                    state += " · " + words.say("choose.held_by", user=counter.opened_by)
                item = QTreeWidgetItem(group, [f"   {counter.name}", services, state])
                item.setData(0, ID_ROLE, counter.id)
                if self.choice.held_by_other(counter) is not None:
                    # Shown (who holds it helps), but not offered: greyed, not selectable.
                    item.setFlags(Qt.ItemFlag.NoItemFlags)
                    continue
                if counter.id == self.choice.last_counter:
                    selected = item
        self.tree.expandAll()
        if selected is None:
            offered = (i for i in self._counter_items() if i.flags() & Qt.ItemFlag.ItemIsEnabled)
            selected = next(offered, None)
        if selected is not None:
            self.tree.setCurrentItem(selected)
        self.tree.setFocus()

    def _counter_items(self) -> list[QTreeWidgetItem]:
        items: list[QTreeWidgetItem] = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            if group is not None:
                items += [c for j in range(group.childCount()) if (c := group.child(j))]
        return items

    def select(self, counter_id: int) -> None:
        for item in self._counter_items():
            if item.data(0, ID_ROLE) == counter_id:
                self.tree.setCurrentItem(item)

    def open_selected(self) -> None:
        item = self.tree.currentItem()
        counter_id = item.data(0, ID_ROLE) if item is not None else None
        if counter_id is not None:
            self.choice.choose(int(counter_id))

    def _failed(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
