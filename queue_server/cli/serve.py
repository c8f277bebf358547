"""`antre serve`: the hall server."""

from __future__ import annotations

import gc
import shlex
import sqlite3
from pathlib import Path

import click

from queue_core.errors import ConfigError
from queue_server.backup import BackupError
from queue_server.cli.common import DB_OPTION, Fail, _settings, main
from queue_server.cli.transport import check_tls, plain_http_warning, scheme, uvicorn_options


@main.command()
@DB_OPTION
@click.option(
    "--hall",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Hall configuration (TOML) [env ANTRE_HALL; default: the bundled sample hall].",
)
@click.option(
    "--host", default=None, help="Address to listen on [default 127.0.0.1; 0.0.0.0 for the LAN]."
)
@click.option("--port", type=int, default=None, help="Port [default 8000].")
@click.option(
    "--tls-cert",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="PEM certificate: serve HTTPS [env ANTRE_TLS_CERT; needs --tls-key].",
)
@click.option(
    "--tls-key",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="PEM private key of --tls-cert [env ANTRE_TLS_KEY].",
)
@click.option(
    "--forwarded-allow-ips",
    metavar="IPS",
    default=None,
    help="Proxies whose X-Forwarded-For/-Proto are believed, comma-separated "
    "(e.g. 127.0.0.1) [env ANTRE_FORWARDED_ALLOW_IPS; default: none].",
)
def serve(
    db: Path | None,
    hall: Path | None,
    host: str | None,
    port: int | None,
    tls_cert: Path | None,
    tls_key: Path | None,
    forwarded_allow_ips: str | None,
) -> None:
    """Run the hall server."""
    import uvicorn

    from queue_server.app import create_app
    from queue_server.edge import configure_logging
    from queue_server.http_writes import GatheredHttp

    settings = _settings(
        db=db,
        hall=hall,
        host=host,
        port=port,
        tls_cert=tls_cert,
        tls_key=tls_key,
        forwarded_allow_ips=forwarded_allow_ips,
    )
    if settings.tls_cert is not None and settings.tls_key is not None:
        check_tls(settings.tls_cert, settings.tls_key)
    folder = settings.db.absolute().parent
    if not folder.is_dir():
        # SQLite would only say "unable to open database file".
        raise Fail(
            f"the database folder {folder} does not exist; create it with "
            f"`mkdir -p {shlex.quote(str(folder))}` or choose another --db (ANTRE_DB)"
        )
    configure_logging()
    try:
        app = create_app(settings)
    except (ConfigError, BackupError) as exc:
        raise Fail(str(exc)) from None
    except sqlite3.DatabaseError as exc:
        raise Fail(f"{settings.db}: cannot use this database ({exc})") from None
    click.echo(
        f"Antre: {app.state.runtime.hall.name} on "
        f"{scheme(settings)}://{settings.host}:{settings.port}",
        err=True,
    )
    warning = plain_http_warning(settings)
    if warning:
        click.echo(warning, err=True)
    # Full collections walk every live object: with a thousand boards connected, each one
    # stopped every screen for ~100 ms mid-call (measured: one call in 30 at 130-155 ms).
    # Made rare in the server process; young collections stay frequent enough to keep
    # memory flat.
    gc.set_threshold(50_000, 20, 100)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        access_log=False,
        ws_ping_interval=20,
        ws_ping_timeout=20,
        # Events are ~200 bytes: compressing them saves little on a LAN and cost a
        # quarter of the loop's time when a call fans out to a thousand screens.
        ws_per_message_deflate=False,
        server_header=False,
        timeout_graceful_shutdown=3,
        http=GatheredHttp,  # one socket write per answer (see http_writes.py)
        **uvicorn_options(settings),
    )
