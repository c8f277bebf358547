"""The docs keep up with the code: every command and setting is documented."""

from __future__ import annotations

import click
from support import ROOT

from queue_server.cli import main
from queue_server.settings import Settings


def command_names(group: click.Group, prefix: str = "antre") -> list[str]:
    names = []
    for name, command in group.commands.items():
        full = f"{prefix} {name}"
        if isinstance(command, click.Group):
            names += command_names(command, full)
        else:
            names.append(full)
    return names


def test_every_cli_command_is_documented() -> None:
    docs = (ROOT / "docs" / "api.md").read_text() + (ROOT / "README.md").read_text()
    missing = [name for name in command_names(main) if f"`{name}" not in docs]
    assert not missing, f"document these commands in docs/api.md: {missing}"


def test_every_setting_is_documented() -> None:
    docs = (ROOT / "docs" / "configuration.md").read_text()
    missing = [
        f"ANTRE_{n.upper()}" for n in Settings.model_fields if f"ANTRE_{n.upper()}" not in docs
    ]
    assert not missing, f"document these settings in docs/configuration.md: {missing}"
