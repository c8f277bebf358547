"""The counter chooser says who holds an open counter and does not offer it to another
operator; an operator of one agency is told the list is their agency's."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from support import Server

from counter_app.choice import CounterChoice
from counter_app.signin import Workplace
from counter_app.views.chooser_page import ID_ROLE, ChooserPage

if TYPE_CHECKING:
    from conftest import SignedIn


def _row(page: ChooserPage, counter_id: int):  # type: ignore[no-untyped-def]
    return next(i for i in page._counter_items() if i.data(0, ID_ROLE) == counter_id)


def test_a_counter_another_operator_holds_is_named_and_not_offered(
    qtbot: QtBot, server: Server, sign_in: SignedIn
) -> None:
    sign_in("budi").client.open_counter(2)
    siti = sign_in("siti")
    choice = CounterChoice(siti)
    page = ChooserPage(choice)
    qtbot.addWidget(page)
    held = _row(page, 2)
    assert "dibuka oleh budi" in held.text(2)
    assert not held.flags() & Qt.ItemFlag.ItemIsEnabled  # greyed, cannot be selected
    assert page.tree.currentItem() is not held  # the preselection skips it too
    chosen: list[int] = []
    failed: list[str] = []
    choice.chosen.connect(chosen.append)
    choice.failed.connect(failed.append)
    choice.choose(2)  # even asked directly
    assert chosen == [] and failed and "budi" in failed[0]
    free = _row(page, 1)
    assert free.flags() & Qt.ItemFlag.ItemIsEnabled and "dibuka oleh" not in free.text(2)
    choice.choose(1)
    assert chosen == [1]
    choice.close()


def test_budi_sees_his_own_open_counter_offered(qtbot: QtBot, sign_in: SignedIn) -> None:
    budi: Workplace = sign_in("budi")
    budi.client.open_counter(2)
    again = CounterChoice(budi)
    again.reload()
    qtbot.waitUntil(lambda: any(c.opened_by == "budi" for c in again.counters), timeout=10_000)
    page = ChooserPage(again)
    qtbot.addWidget(page)
    assert _row(page, 2).flags() & Qt.ItemFlag.ItemIsEnabled
    again.close()


def test_the_public_counter_list_names_no_staff(server: Server, sign_in: SignedIn) -> None:
    sign_in("budi").client.open_counter(2)
    public = httpx.get(f"{server.url}/api/v1/counters", timeout=10).json()
    assert all("opened_by" not in c for c in public)
    assert "budi" not in str(public)
