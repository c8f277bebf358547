"""docs/deploy.md's nginx site, run as written in a real nginx in front of a real
`antre serve --forwarded-allow-ips 127.0.0.1`: the server sees each client's own address,
nobody can pose as another address with X-Forwarded-For, WebSockets pass through, and
tracking URLs carry the proxy's https address.

Loopback is all of 127.0.0.0/8 on Linux: the clients connect from 127.0.0.5 and 127.0.0.6,
nginx reaches the server from 127.0.0.1 (the one address the server believes)."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from support import ROOT, Server, bearer, free_port, wait_until
from tls_cert import self_signed, trusting
from websockets.sync.client import connect

pytestmark = pytest.mark.e2e

NGINX = "/usr/sbin/nginx"
GUIDE = ROOT / "docs" / "deploy.md"
CLIENT, OTHER_CLIENT = "127.0.0.5", "127.0.0.6"
SPOOFED = "203.0.113.9"


def guide_site() -> str:
    """The one ```nginx block of docs/deploy.md."""
    blocks = re.findall(r"```nginx\n(.*?)```", GUIDE.read_text(), flags=re.S)
    assert len(blocks) == 1, "docs/deploy.md must hold exactly one nginx block"
    return str(blocks[0])


def site_for_test(site: str, port: int, upstream: int, cert: Path, key: Path) -> str:
    """The guide's block with this test's ports and files: nothing else is changed."""
    swaps = {
        "listen 443 ssl;": f"listen 127.0.0.1:{port} ssl;",
        "http://127.0.0.1:8000;": f"http://127.0.0.1:{upstream};",
        "/etc/antre/tls/fullchain.pem;": f"{cert};",
        "/etc/antre/tls/privkey.pem;": f"{key};",
    }
    for old, new in swaps.items():
        assert site.count(old) == 1, f"the guide's nginx block no longer has {old!r}"
        site = site.replace(old, new)
    return site


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[tuple[Server, str, Path]]:
    """(the server, the proxy's https URL, the client's CA file)."""
    if not Path(NGINX).exists():
        message = f"{NGINX} not found: apt-get install nginx"
        if os.environ.get("ANTRE_REQUIRE_NGINX"):
            pytest.fail(message)
        pytest.skip(message)
    cert, key = self_signed(tmp_path)
    server = Server(
        tmp_path / "antre.db",
        args=("--forwarded-allow-ips", "127.0.0.1"),
        env={"ANTRE_LOGIN_ATTEMPTS": "3"},
    ).start()
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    port = free_port()
    site = site_for_test(guide_site(), port, server.port, cert, key)
    temp = " ".join(
        f"{kind}_temp_path {prefix / kind};" for kind in ("client_body", "proxy", "fastcgi")
    )
    conf = prefix / "nginx.conf"
    conf.write_text(
        # As root nginx would drop its workers to nobody, who cannot enter pytest's folders.
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"pid {prefix / 'nginx.pid'};\nerror_log {prefix / 'error.log'};\n"
        + "events { worker_connections 64; }\n"
        + f"http {{\naccess_log off;\n{temp}\nuwsgi_temp_path {prefix / 'uwsgi'};\n"
        + f"scgi_temp_path {prefix / 'scgi'};\n{site}\n}}\n"
    )
    with (prefix / "stderr.log").open("wb") as errors:  # the child keeps its own copy
        nginx = subprocess.Popen(
            [NGINX, "-c", str(conf), "-p", str(prefix), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
    url = f"https://127.0.0.1:{port}"
    try:

        def answers() -> bool:
            if nginx.poll() is not None:
                raise AssertionError((prefix / "stderr.log").read_text())
            r = httpx.get(f"{url}/api/v1/health", verify=trusting(cert), timeout=1)
            return r.status_code == 200

        wait_until(answers, what="nginx in front of antre serve")
        yield server, url, cert
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        server.stop()


def client_from(address: str, base_url: str, cert: Path | None = None) -> httpx.Client:
    transport = httpx.HTTPTransport(local_address=address, verify=trusting(cert) if cert else True)
    return httpx.Client(base_url=base_url, transport=transport)


def access_lines(server: Server, path: str) -> list[str]:
    return [line for line in server.log.read_text().splitlines() if f" {path} " in line]


def test_the_server_logs_each_client_by_its_own_address_never_a_claimed_one(
    hall: tuple[Server, str, Path],
) -> None:
    server, url, cert = hall
    with client_from(CLIENT, url, cert) as via_proxy:
        assert via_proxy.get("/api/v1/health").status_code == 200
        # A client that claims another address through the proxy.
        spoof = via_proxy.get("/api/v1/services", headers={"X-Forwarded-For": SPOOFED})
        assert spoof.status_code == 200
    # A client that skips the proxy and claims one directly.
    with client_from(OTHER_CLIENT, server.url) as direct:
        r = direct.get("/api/v1/hall", headers={"X-Forwarded-For": SPOOFED})
        assert r.status_code == 200

    def logged(path: str) -> str:
        lines = wait_until(lambda: access_lines(server, path), what=f"the log line of {path}")
        return lines[-1].split(" antre.access ")[1].split(" ")[0]

    assert logged("/api/v1/services") == CLIENT
    assert logged("/api/v1/hall") == OTHER_CLIENT
    assert SPOOFED not in server.log.read_text()
    # Through the proxy the address is the client's, not nginx's 127.0.0.1.
    assert f"antre.access {CLIENT} GET /api/v1/health 200" in server.log.read_text()


def test_the_login_throttle_counts_each_client_behind_the_proxy_apart(
    hall: tuple[Server, str, Path],
) -> None:
    server, url, cert = hall
    server.staff_token("sari", "supervisor")  # a real account, signed in once
    with client_from(CLIENT, url, cert) as guesser:
        statuses = [
            guesser.post(
                "/api/v1/auth/login",
                json={"username": f"tamu{i}", "password": "salah-salah"},
                headers={"X-Forwarded-For": f"198.51.100.{i}"},  # a new address each time
            ).status_code
            for i in range(4)
        ]
    assert statuses == [401, 401, 401, 429]  # the throttle saw one address: the guesser's
    with client_from(OTHER_CLIENT, url, cert) as colleague:
        r = colleague.post(
            "/api/v1/auth/login", json={"username": "sari", "password": "sari-password-123"}
        )
    assert r.status_code == 200, r.text


def test_websockets_pass_through_and_tracking_urls_are_the_proxys_https(
    hall: tuple[Server, str, Path],
) -> None:
    server, url, cert = hall
    kiosk = bearer(server.device_token("kiosk-1", "kiosk"))
    display = server.device_token("layar-1", "display")
    ws_url = url.replace("https", "wss") + f"/api/v1/events/ws?since=0&token={display}"
    with connect(ws_url, ssl=trusting(cert), open_timeout=10) as ws:
        with client_from(CLIENT, url, cert) as client:
            r = client.post("/api/v1/tickets", json={"service_id": "kk"}, headers=kiosk)
        assert r.status_code == 201, r.text
        assert r.json()["tracking_url"].startswith(f"{url}/t/")
        event = json.loads(ws.recv(timeout=10))
        while event.get("type") != "ticket.issued":
            event = json.loads(ws.recv(timeout=10))
        assert event["data"]["number"] == r.json()["number"]
    wait_until(
        lambda: [
            line
            for line in server.log.read_text().splitlines()
            if " WS /api/v1/events/ws?" in line and " 101 " in line
        ],
        what="the WebSocket's log line",
    )
