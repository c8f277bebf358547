"""`antre doctor` on this machine, against a real `antre serve`: the real command, run as
a technician would. CI installs what a kiosk needs (.ci/run), so there it all passes."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support import Server, antre, free_port

from queue_server import machine_checks

# A kiosk check of this machine must not depend on a screen the test run may have.
NO_SCREEN = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""}


@pytest.fixture
def token_file(server: Server, tmp_path: Path) -> Path:
    path = tmp_path / "kiosk.token"
    path.write_text(server.device_token("kiosk-1", "kiosk") + "\n")
    return path


def test_a_ready_kiosk_pc_passes_every_check(server: Server, token_file: Path) -> None:
    done = antre(
        "doctor", "--role", "kiosk", "--server", server.url, "--token-file", str(token_file),
        env=NO_SCREEN,
    )  # fmt: skip
    print(done.stdout, done.stderr)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    for name in ("qt", "fonts", "printer", "reader", "server", "token", "clock"):
        assert any(line.split()[:2] == ["ok", name] for line in lines), (name, lines)
    assert "device 'kiosk-1', role kiosk" in done.stdout


def test_a_printer_that_refuses_is_named_with_its_fix_and_fails(
    server: Server, token_file: Path
) -> None:
    with socket.socket() as probe:  # a port nobody listens on: connections are refused
        probe.bind(("127.0.0.1", 0))
        url = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    done = antre(
        "doctor", "--server", server.url, "--token-file", str(token_file), "--printer", url,
        env=NO_SCREEN,
    )  # fmt: skip
    assert done.returncode == 1
    printer_line = next(line for line in done.stdout.splitlines() if " printer " in line)
    assert printer_line.startswith("FAIL") and url in printer_line
    assert f"fix: antre print-test --printer {url}" in printer_line
    # The other needs are still met, and said so.
    assert any(line.startswith("ok   token") for line in done.stdout.splitlines())


def test_a_revoked_token_and_an_absent_server_are_named(server: Server, token_file: Path) -> None:
    assert antre("device", "revoke", "kiosk-1", "--db", str(server.db)).returncode == 0
    done = antre("doctor", "--server", server.url, "--token-file", str(token_file), env=NO_SCREEN)
    assert done.returncode == 1
    assert any(
        line.startswith("FAIL token") and "antre device add" in line
        for line in done.stdout.splitlines()
    )
    gone = antre("doctor", "--server", f"http://127.0.0.1:{free_port()}", env=NO_SCREEN)
    assert gone.returncode == 1 and "FAIL server" in gone.stdout


def test_a_clock_minutes_off_the_servers_is_a_failure_with_its_fix() -> None:
    server_time = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    assert machine_checks.clock(server_time, server_time + timedelta(seconds=1)).ok
    late = machine_checks.clock(server_time, server_time - timedelta(minutes=11))
    assert not late.ok and "660 s behind" in late.detail and "timedatectl" in late.fix


def test_a_missing_xcb_library_names_its_debian_package() -> None:
    assert machine_checks._debian_package("libxcb-icccm.so.4") == "libxcb-icccm4"
    assert machine_checks._debian_package("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"
    assert machine_checks._debian_package("libX11-xcb.so.1") == "libx11-xcb1"
