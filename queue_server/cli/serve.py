"""`antre serve`: the hall server."""

from __future__ import annotations

import gc
import sqlite3
from pathlib import Path

import click

from queue_core.errors import ConfigError
from queue_server.cli.common import DB_OPTION, Fail, _settings, main


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
def serve(db: Path | None, hall: Path | None, host: str | None, port: int | None) -> None:
    """Run the hall server."""
    import uvicorn

    from queue_server.app import create_app
    from queue_server.edge import configure_logging
    from queue_server.http_writes import GatheredHttp

    settings = _settings(db=db, hall=hall, host=host, port=port)
    configure_logging()
    try:
        app = create_app(settings)
    except ConfigError as exc:
        raise Fail(str(exc)) from None
    except sqlite3.DatabaseError as exc:
        raise Fail(f"{settings.db}: cannot use this database ({exc})") from None
    click.echo(
        f"Antre: {app.state.runtime.hall.name} on http://{settings.host}:{settings.port}", err=True
    )
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
    )
