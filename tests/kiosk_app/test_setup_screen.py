"""A kiosk whose device token is refused says so to staff, and never to a citizen.

Against a real `antre serve`: a wrong token, a token revoked while the kiosk runs (with
`antre device revoke`, as a hall admin would), and a token of the wrong role.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot
from support import Server

from kiosk_app.flow import KioskFlow, Screen
from kiosk_app.views.window import KioskWindow
from queue_client import HallClient
from queue_server.cli import main as antre_main
from queue_server.cli.apps import device_token

if TYPE_CHECKING:
    from conftest import FakePrinter, MakeFlow

SETUP_WITHIN_MS = 2_000
"""The promise: a kiosk started with a bad token shows the setup screen within 2 s."""
WAIT_MS = 15_000
STAFF_WORDS = ("sign in", "masuk kembali", "login", "token")


def shown(
    window: KioskWindow, kind: type[QLabel] | type[QPushButton]
) -> list[QLabel | QPushButton]:
    """The widgets of this kind on screen (an old page waits hidden for deleteLater)."""
    return [w for w in window.findChildren(kind) if w.isVisibleTo(window)]


def shown_texts(window: KioskWindow) -> str:
    return "\n".join(w.text() for w in shown(window, QLabel) + shown(window, QPushButton))


@pytest.fixture
def bad_client(server: Server) -> Iterator[HallClient]:
    with HallClient(server.url, "not-a-real-token", timeout=2.0) as c:
        yield c


def test_a_kiosk_started_with_a_wrong_token_shows_the_setup_screen_at_once(
    qtbot: QtBot, server: Server, bad_client: HallClient, fake_printer: FakePrinter
) -> None:
    flow = KioskFlow(bad_client, printer=fake_printer.url)
    window = KioskWindow(flow)
    qtbot.addWidget(window)
    flow.start()
    try:
        qtbot.waitUntil(lambda: flow.screen is Screen.SETUP, timeout=SETUP_WITHIN_MS)
        text = shown_texts(window)
        assert "belum disiapkan" in text and "not set up" in text
        assert server.url in text  # the server it asked
        assert "antre device add" in text and "--token-file" in text  # the fix
        # Nothing to tap: a citizen cannot start a visit on it.
        assert shown(window, QPushButton) == [window._language]
        flow.begin()
        assert flow.screen is Screen.SETUP
    finally:
        flow.close()


def test_a_token_revoked_while_the_kiosk_runs_shows_on_its_next_request(
    qtbot: QtBot, server: Server, make_flow: MakeFlow, kiosk_token: str
) -> None:
    flow = make_flow(live_counts=False)  # only the next REST request may tell
    window = KioskWindow(flow)
    qtbot.addWidget(window)
    flow.begin()
    flow.choose_service("kk")
    assert flow.screen is Screen.INFO
    result = CliRunner().invoke(antre_main, ["device", "revoke", "kiosk-1", "--db", str(server.db)])
    assert result.exit_code == 0, result.output
    flow.take_number()  # a citizen at the kiosk: the next request is refused
    qtbot.waitUntil(lambda: flow.screen is Screen.SETUP, timeout=WAIT_MS)
    text = shown_texts(window)
    assert "kiosk-1" in text and "antre device rotate kiosk-1" in text
    # What the citizen saw on the way never spoke of signing in.
    assert flow.notice is None or not any(w in " ".join(flow.notice).lower() for w in STAFF_WORDS)
    assert not flow.holds_nik()


def test_a_token_revoked_while_idle_shows_through_the_live_stream(
    qtbot: QtBot, server: Server, make_flow: MakeFlow
) -> None:
    flow = make_flow()  # live counts on: the server closes the stream (4401)
    result = CliRunner().invoke(antre_main, ["device", "revoke", "kiosk-1", "--db", str(server.db)])
    assert result.exit_code == 0, result.output
    qtbot.waitUntil(lambda: flow.screen is Screen.SETUP, timeout=WAIT_MS)


def test_a_display_token_on_a_kiosk_is_named_as_the_wrong_role(
    qtbot: QtBot, server: Server, fake_printer: FakePrinter
) -> None:
    token = server.device_token("tv-1", "display")
    with HallClient(server.url, token, timeout=2.0) as client:
        flow = KioskFlow(client, printer=fake_printer.url, live_counts=False)
        window = KioskWindow(flow)
        qtbot.addWidget(window)
        flow.start()
        try:
            qtbot.waitUntil(lambda: flow.screen is Screen.SETUP, timeout=WAIT_MS)
            assert flow.setup is not None and flow.setup.reason == "wrong_role"
            assert "tv-1" in shown_texts(window) and "display" in shown_texts(window)
        finally:
            flow.close()


def test_the_token_comes_from_the_option_the_file_or_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTRE_TOKEN", "from-env")
    printed = tmp_path / "kiosk.token"
    printed.write_text("device kiosk-1 added, role kiosk\nfrom-file\n")  # `antre device add > F`
    assert device_token("given", printed) == "given"
    assert device_token(None, printed) == "from-file"
    assert device_token(None, None) == "from-env"
    assert device_token(None, tmp_path / "missing") == ""  # → the setup screen, not a crash
