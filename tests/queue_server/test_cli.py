"""The `antre` command as an installer uses it."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import antre

from queue_server.settings import Settings


def test_user_add_then_duplicate_is_a_one_line_error(tmp_path: Path) -> None:
    db = str(tmp_path / "hall.db")
    ok = antre(
        "user",
        "add",
        "sari",
        "--role",
        "supervisor",
        "--password-stdin",
        "--db",
        db,
        stdin="rahasia-123\n",
    )
    assert ok.returncode == 0 and "sari" in ok.stdout
    again = antre(
        "user",
        "add",
        "sari",
        "--role",
        "operator",
        "--password-stdin",
        "--db",
        db,
        stdin="rahasia-123\n",
    )
    assert again.returncode == 1 and again.stderr.strip() == "antre: user 'sari' exists already"


def test_short_password_is_refused(tmp_path: Path) -> None:
    reply = antre(
        "user",
        "add",
        "budi",
        "--role",
        "operator",
        "--password-stdin",
        "--db",
        str(tmp_path / "h.db"),
        stdin="123\n",
    )
    assert reply.returncode == 1 and "at least 8" in reply.stderr


def test_device_add_prints_the_token_last(tmp_path: Path) -> None:
    reply = antre("device", "add", "kiosk-lobby", "--role", "kiosk", "--db", str(tmp_path / "h.db"))
    token = reply.stdout.strip().splitlines()[-1]
    assert reply.returncode == 0 and len(token) >= 40 and " " not in token


@pytest.mark.parametrize(
    "args",
    [
        ("user", "add", "x", "--role", "king"),
        ("device", "add"),
        ("serve", "--port", "many"),
        ("nonsense",),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    assert antre(*args).returncode == 2


def test_serve_with_a_bad_hall_file_says_file_entry_and_fix(tmp_path: Path) -> None:
    bad = tmp_path / "hall.toml"
    bad.write_text('[hall]\nname = "X"\ntimezone = "Asia/Tokyo"\n')
    reply = antre("serve", "--db", str(tmp_path / "h.db"), "--hall", str(bad))
    assert reply.returncode == 1
    line = reply.stderr.strip()
    assert "\n" not in line and str(bad) in line and "timezone" in line and "Fix:" in line


def test_serve_refuses_a_key_in_the_environment_and_names_the_file_instead(
    tmp_path: Path,
) -> None:
    reply = antre("serve", "--db", str(tmp_path / "h.db"), env={"ANTRE_SECRET": "x" * 40})
    assert reply.returncode == 1
    assert "ANTRE_SECRET is no longer read" in reply.stderr and "ANTRE_SECRET_FILE" in reply.stderr
    assert not (tmp_path / "h.db").exists()


def test_settings_read_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ANTRE_DB", str(tmp_path / "x.db"))
    monkeypatch.setenv("ANTRE_PUBLIC_URL", "http://antrean.mpp.local/")
    settings = Settings()
    assert settings.db == tmp_path / "x.db" and settings.public_url == "http://antrean.mpp.local"
