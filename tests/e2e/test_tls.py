"""`antre serve` over HTTPS (--tls-cert/--tls-key), the clear refusals of a bad pair, and
the warning when staff would sign in over plain HTTP on the network."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from support import Server, antre, bearer, free_port, wait_until
from tls_cert import self_signed, trusting

pytestmark = pytest.mark.e2e

WARNING = "warning: staff sign in over plain HTTP"


def test_https_serves_and_tracking_urls_use_https(tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    server = Server(
        tmp_path / "antre.db",
        args=("--host", "0.0.0.0", "--tls-cert", str(cert), "--tls-key", str(key)),
        tls=trusting(cert),
    ).start()
    try:
        kiosk = bearer(server.device_token("kiosk-1", "kiosk"))
        with httpx.Client(base_url=server.url, verify=trusting(cert)) as client:
            r = client.post("/api/v1/tickets", json={"service_id": "kk"}, headers=kiosk)
        assert r.status_code == 201, r.text
        assert r.json()["tracking_url"].startswith(f"https://127.0.0.1:{server.port}/t/")
        # Plain HTTP on the same port gets nowhere: TLS is not optional once configured.
        with pytest.raises(httpx.HTTPError):
            httpx.get(server.url.replace("https", "http") + "/api/v1/health", timeout=2)
        log = server.log.read_text()
        assert f"on https://0.0.0.0:{server.port}" in log
        assert WARNING not in log  # TLS on a LAN address: no warning
    finally:
        server.stop()


def test_plain_http_on_a_lan_address_warns_at_start(tmp_path: Path) -> None:
    server = Server(tmp_path / "antre.db", args=("--host", "0.0.0.0")).start()
    try:
        wait_until(lambda: WARNING in server.log.read_text(), what="the plain-HTTP warning")
        assert "--tls-cert" in server.log.read_text()
    finally:
        server.stop()


def test_plain_http_on_loopback_does_not_warn(tmp_path: Path) -> None:
    server = Server(tmp_path / "antre.db").start()
    try:
        assert "Antre: " in server.log.read_text()  # the start line is written: no warning
        assert WARNING not in server.log.read_text()
    finally:
        server.stop()


def serve_with(tmp_path: Path, *args: str) -> str:
    """`antre serve` that must refuse to start: its one-line reason."""
    result = antre("serve", "--db", str(tmp_path / "antre.db"), "--port", str(free_port()), *args)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def test_a_missing_certificate_is_named(tmp_path: Path) -> None:
    _, key = self_signed(tmp_path)
    missing = tmp_path / "nope.pem"
    reason = serve_with(tmp_path, "--tls-cert", str(missing), "--tls-key", str(key))
    assert f"TLS certificate {missing}: no such file" in reason


def test_a_key_of_another_certificate_is_refused(tmp_path: Path) -> None:
    cert, _ = self_signed(tmp_path, "one")
    _, other_key = self_signed(tmp_path, "two")
    reason = serve_with(tmp_path, "--tls-cert", str(cert), "--tls-key", str(other_key))
    assert f"TLS key {other_key} does not belong to the certificate {cert}" in reason


def test_a_file_that_is_not_pem_is_refused(tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    cert.write_text("not a certificate\n")
    reason = serve_with(tmp_path, "--tls-cert", str(cert), "--tls-key", str(key))
    assert f"TLS certificate {cert} / key {key}: not a PEM certificate" in reason


def test_a_certificate_without_its_key_is_refused(tmp_path: Path) -> None:
    cert, _ = self_signed(tmp_path)
    reason = serve_with(tmp_path, "--tls-cert", str(cert))
    assert "ANTRE_TLS_CERT (--tls-cert) and ANTRE_TLS_KEY (--tls-key) go together" in reason
