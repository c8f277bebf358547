"""The `stdlib_only` contract (importlinter_contracts) on a small package of its own: it
must break on any import outside the standard library, not only on names someone listed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

CONFIG = """\
[importlinter]
root_packages =
    pure
include_external_packages = true
contract_types =
    stdlib_only: importlinter_contracts.StandardLibraryOnlyContract

[importlinter:contract:pure]
name = pure imports only the standard library
type = stdlib_only
source_modules =
    pure
"""


def lint(tmp_path: Path, module_text: str) -> subprocess.CompletedProcess[str]:
    package = tmp_path / "pure"
    package.mkdir(exist_ok=True)
    (package / "__init__.py").write_text("")
    (package / "rules.py").write_text(module_text)
    (package / "other.py").write_text("import json\nfrom pure import rules\n")
    (tmp_path / ".importlinter").write_text(CONFIG)
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_standard_library_and_own_package_keep_the_contract(tmp_path: Path) -> None:
    result = lint(tmp_path, "import dataclasses\nimport os.path\nfrom pure import other\n")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_any_third_party_import_breaks_it_with_the_line(tmp_path: Path) -> None:
    # httpx was on the old deny-list; click never was: the allow-list catches both.
    result = lint(tmp_path, "import os\nimport httpx\nfrom click import echo\n")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "pure.rules -> httpx (l.2)" in result.stdout
    assert "pure.rules -> click (l.3)" in result.stdout
