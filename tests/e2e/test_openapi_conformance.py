"""The published OpenAPI tells the truth: schemathesis (a tool nobody here wrote) fuzzes a
real `antre serve` with every role and every check, stateful phase included, and finds
nothing.

The document is tightened for the run only: every object of the published answers gets
`additionalProperties: false`, so an answer with a field the document does not name fails
too (the published document leaves room for fields added later, as the contract asks
clients to ignore what they do not know).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from support import ROOT, Server

pytestmark = pytest.mark.e2e

ROLES = ("admin", "supervisor", "operator", "kiosk", "display", "integration", "none")
MAX_EXAMPLES = int(os.environ.get("ANTRE_SCHEMATHESIS_EXAMPLES", "15"))
"""Per operation and phase: enough to cross every documented status (a few hundred
requests per role); raise it for a deeper run."""
CONFIG = ROOT / "tests" / "e2e" / "schemathesis.toml"


def closed_objects(node: Any) -> None:
    """Every object schema with `properties` refuses fields it does not name."""
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            node.setdefault("additionalProperties", False)
        for value in node.values():
            closed_objects(value)
    elif isinstance(node, list):
        for value in node:
            closed_objects(value)


def tokens_for_every_role(server: Server) -> dict[str, str | None]:
    return {
        "admin": server.staff_token("admin", "admin"),
        "supervisor": server.staff_token("sari", "supervisor"),
        "operator": server.staff_token("ani", "operator"),
        "kiosk": server.device_token("kiosk-1", "kiosk"),
        "display": server.device_token("board-1", "display"),
        "integration": server.device_token("oss-1", "integration"),
        "none": None,
    }


def run_schemathesis(
    server: Server, schema: Path, token: str | None, workdir: Path
) -> tuple[int, str]:
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "--config-file",
        str(CONFIG),
        "run",
        str(schema),
        "--url",
        server.url,
        "--checks",
        "all",
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        "1",
        "--workers",
        "1",
        "--no-color",
        "--request-timeout",
        "5",
    ]
    if token is not None:
        command += ["--header", f"Authorization: Bearer {token}"]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=600, cwd=workdir, check=False
    )
    return done.returncode, done.stdout + done.stderr


# Six schemathesis runs of ~15 s each on an idle 2-core machine; the suite's 120 s default
# is too tight for a loaded one.
@pytest.mark.timeout(900)
def test_every_operation_and_role_conforms_to_the_published_openapi(tmp_path: Path) -> None:
    server = Server(tmp_path / "antre.db").start()
    try:
        tokens = tokens_for_every_role(server)
        document = httpx.get(f"{server.url}/openapi.json").json()
        closed_objects(document["components"]["schemas"])
        schema = tmp_path / "openapi.json"
        schema.write_text(json.dumps(document), encoding="utf-8")
        report: dict[str, str] = {}
        failed: list[str] = []
        started = time.monotonic()
        for role in ROLES:
            code, output = run_schemathesis(server, schema, tokens[role], tmp_path)
            counts = re.search(r"\d+ generated, [^\n]*", output)
            report[role] = counts.group(0) if counts else "no summary"
            if code != 0:
                start = output.find("FAILURES")  # the failing cases first, then the summary
                failed.append(
                    f"--- role {role} (exit {code}) ---\n{output[max(start, 0) :][:12000]}"
                )
        took = time.monotonic() - started
        print(f"schemathesis: {took:.0f} s for {len(ROLES)} roles; {report}")
        assert not failed, "\n".join(failed)
    finally:
        server.stop()
