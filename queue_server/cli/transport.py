"""How `antre serve` meets the network: TLS, the proxies it believes, and a warning when
staff would sign in over plain HTTP on the LAN."""

from __future__ import annotations

import ipaddress
import ssl
from pathlib import Path
from typing import Any

from queue_server.cli.common import Fail
from queue_server.settings import Settings


def check_tls(cert: Path, key: Path) -> None:
    """Load the pair once before uvicorn does, so a wrong file stops the start with the
    file and the fix instead of a traceback from inside the server."""
    for what, path in (("certificate", cert), ("key", key)):
        if not path.exists():
            raise Fail(f"TLS {what} {path}: no such file (check --tls-{what[:4]} / ANTRE_TLS_*)")
        if not path.is_file():
            raise Fail(f"TLS {what} {path}: not a file (give the PEM file itself)")
        try:
            path.read_bytes()
        except OSError as exc:
            raise Fail(
                f"TLS {what} {path}: cannot read it ({exc.strerror}); the server's user "
                "must be able to read it"
            ) from None
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_cert_chain(cert, key)
    except ssl.SSLError as exc:
        if "KEY_VALUES_MISMATCH" in str(exc) or "key values mismatch" in str(exc):
            raise Fail(f"TLS key {key} does not belong to the certificate {cert}") from None
        raise Fail(
            f"TLS certificate {cert} / key {key}: not a PEM certificate and its unencrypted "
            f"private key ({exc.reason or exc})"
        ) from None


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: other machines may reach it


def plain_http_warning(settings: Settings) -> str | None:
    """Staff passwords and session tokens would cross the LAN unencrypted."""
    if settings.tls_cert is not None or is_loopback(settings.host):
        return None
    return (
        f"antre: warning: staff sign in over plain HTTP on {settings.host}: passwords and "
        "session tokens cross the network unencrypted. Use --tls-cert/--tls-key, or listen "
        "on 127.0.0.1 behind a TLS proxy (docs/deploy.md)."
    )


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """TLS and proxy options for uvicorn.run. uvicorn by default believes X-Forwarded-For
    from 127.0.0.1, so anything on the server's own machine could pose as any address to
    the login throttle and the log: here no proxy is believed unless one is named."""
    options: dict[str, Any] = {"proxy_headers": settings.forwarded_allow_ips is not None}
    if settings.forwarded_allow_ips is not None:
        options["forwarded_allow_ips"] = settings.forwarded_allow_ips
    if settings.tls_cert is not None and settings.tls_key is not None:
        options["ssl_certfile"] = str(settings.tls_cert)
        options["ssl_keyfile"] = str(settings.tls_key)
    return options


def scheme(settings: Settings) -> str:
    return "https" if settings.tls_cert is not None else "http"
