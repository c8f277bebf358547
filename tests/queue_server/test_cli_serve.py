"""`antre serve` as a new user meets it."""

from __future__ import annotations

from pathlib import Path

from support import antre


def test_a_missing_database_folder_is_named_with_its_fix(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "antre"
    reply = antre("serve", "--db", str(folder / "antre.db"), "--port", "1")
    assert reply.returncode == 1
    line = reply.stderr.strip()
    assert "\n" not in line, line
    assert line.startswith("antre: ") and str(folder) in line
    assert f"mkdir -p {folder}" in line
    assert not folder.exists(), "nothing is created behind the user's back"
