"""An operator who belongs to an agency works only its counters."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

from inprocess import PASSWORD, password_hash
from starlette.testclient import TestClient
from support import SMALL_HALL, antre

from queue_server.app import create_app
from queue_server.settings import Settings
from queue_server.store import connect, migrate, staff


def test_operator_of_an_agency_opens_only_its_counters(tmp_path: Path) -> None:
    db = connect(tmp_path / "antre.db")
    migrate(db)
    staff.add_user(db.conn, "dewi", password_hash(), "operator", datetime.now(UTC), "samsat")
    staff.add_user(db.conn, "sari", password_hash(), "supervisor", datetime.now(UTC), "samsat")
    db.conn.close()
    app = create_app(Settings(db=tmp_path / "antre.db", hall=SMALL_HALL))
    with TestClient(app) as client:
        login = client.post(
            "/api/v1/auth/login", json={"username": "dewi", "password": PASSWORD}
        ).json()
        assert login["agency_id"] == "samsat"
        dewi = {"Authorization": f"Bearer {login['access_token']}"}
        refused = client.post("/api/v1/counters/1/open", headers=dewi)  # a Dukcapil loket
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
        assert "bukan loket instansi Anda" in refused.json()["error"]["message"]
        assert client.post("/api/v1/counters/3/open", headers=dewi).status_code == 200  # Samsat
        sari = client.post(
            "/api/v1/auth/login", json={"username": "sari", "password": PASSWORD}
        ).json()
        supervisor = {"Authorization": f"Bearer {sari['access_token']}"}
        assert client.post("/api/v1/counters/1/open", headers=supervisor).status_code == 200


def test_user_add_checks_the_agency_against_the_hall(tmp_path: Path) -> None:
    db = str(tmp_path / "h.db")

    def add_operator(name: str, agency: str) -> subprocess.CompletedProcess[str]:
        return antre(
            "user", "add", name, "--role", "operator", "--agency", agency,
            "--hall", str(SMALL_HALL), "--password-stdin", "--db", db, stdin="rahasia-123\n",
        )  # fmt: skip

    ok = add_operator("dewi", "samsat")
    assert ok.returncode == 0 and "samsat" in ok.stdout
    bad = add_operator("eko", "pajak")
    assert bad.returncode == 1 and "agency 'pajak' is not in the hall file" in bad.stderr
    assert "dukcapil" in bad.stderr
