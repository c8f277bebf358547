"""A desktop board limited to some agencies' counters (`antre display --agency ID`)."""

from __future__ import annotations

import os
from collections.abc import Callable

from board_hall import WAIT_MS, Board, Hall
from pytestqt.qtbot import QtBot
from support import antre


def test_an_agency_board_shows_and_speaks_only_that_agencys_counters(
    qtbot: QtBot, hall: Hall, board: Callable[..., Board]
) -> None:
    for _ in range(3):
        hall.issue("kk")
        hall.issue("pkb")
    hall.open(1, 3)
    model, recorder, shown = board(agencies=("samsat",))
    assert sorted(model.counters) == [3, 4] and model.agency_label == "Samsat"

    hall.call_next(1)  # Dukcapil's
    samsat = hall.call_next(3)
    hall.post("/api/v1/counters/2/open")  # Dukcapil's again, after the call

    qtbot.waitUntil(lambda: model.last_seq == hall.head(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(recorder.played) == 1, timeout=WAIT_MS)
    assert [c.number for c in shown] == [samsat["number"]]
    assert [a.call.number for a in recorder.played] == [samsat["number"]]
    assert [c.number for c in model.calls] == [samsat["number"]]


def test_agencies_combine_with_each_other_and_with_the_zone(
    hall: Hall, board: Callable[..., Board]
) -> None:
    both, _, _ = board(agencies=("samsat", "dukcapil"))
    assert sorted(both.counters) == [1, 2, 3, 4]
    assert both.agency_label == "Samsat, Disdukcapil"
    none_there, _, _ = board(zone="a", agencies=("samsat",))
    assert none_there.counters == {}  # Samsat has no counter in zone A


def test_antre_display_with_an_unknown_agency_exits_with_a_clear_message(hall: Hall) -> None:
    result = antre(
        "display",
        "--server",
        hall.server.url,
        "--token",
        hall.display,
        "--agency",
        "samsat",
        "--agency",
        "pajak",
        "--windowed",
        env={"QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")},
    )

    assert result.returncode == 2, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last == (
        "antre: agency 'pajak' is not in this hall; "
        "use one of: dukcapil (Disdukcapil), samsat (Samsat)"
    )
