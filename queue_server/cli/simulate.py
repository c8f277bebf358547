"""`antre simulate` and `antre demo`."""

from __future__ import annotations

from pathlib import Path

import click

from queue_core.errors import ConfigError
from queue_core.hall import Hall, load_hall
from queue_server.cli.common import Fail, _settings, main


@main.command()
@click.option("--visitors", type=click.IntRange(1, 100_000), default=3000, show_default=True)
@click.option("--counters", type=click.IntRange(1, 500), default=40, show_default=True)
@click.option(
    "--speed",
    type=float,
    default=0.0,
    show_default=True,
    help="Simulated seconds per real second; 0 runs as fast as possible.",
)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--booked-share",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="Share of the visitors of services that take bookings who booked a slot.",
)
@click.option(
    "--booking-no-show",
    type=click.FloatRange(0, 1),
    default=0.1,
    show_default=True,
    help="Share of bookings nobody comes for (they expire, a strike each).",
)
@click.option("--hall", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Keep the simulated days in this database (default: a temporary file). It runs "
    "the hall it holds (edited in the console, say); a new file stores --hall, as `antre "
    "serve` would, so serving it later shows the days with their hall.",
)
@click.option(
    "--load",
    type=click.FloatRange(0, 5, min_open=True),
    default=None,
    help="Visitors at this share of the open counters' capacity over the day (each "
    "agency alike); overrides --visitors. 0.85 is a busy but sane day.",
)
@click.option(
    "--service-skew",
    type=click.FloatRange(0, 0.9),
    default=0.0,
    show_default=True,
    help="Each service's true mean service time is drawn within (1 ± S) × its configured "
    "minutes, unknown to the server (it must learn it).",
)
@click.option(
    "--days",
    type=click.IntRange(1, 400),
    default=1,
    show_default=True,
    help="Play this many working days one after another in the same database.",
)
def simulate(
    visitors: int,
    counters: int,
    speed: float,
    seed: int,
    booked_share: float,
    booking_no_show: float,
    hall: Path | None,
    db: Path | None,
    load: float | None,
    service_skew: float,
    days: int,
) -> None:
    """Run hall days through the real domain and store; print the figures."""
    import tempfile

    from queue_server.simulation import run_simulation

    try:
        hall_config = load_hall(hall or _settings().hall) if db is None else _hall_of(db, hall)
    except ConfigError as exc:
        raise Fail(str(exc)) from None
    with tempfile.TemporaryDirectory(prefix="antre-sim-") as tmp:
        # Several days share one database (the ETA learns from earlier days).
        path = db if db is not None or days == 1 else Path(tmp) / "simulation.db"
        for _ in range(days):
            run_simulation(
                hall_config,
                visitors=visitors,
                counters=counters,
                speed=speed,
                seed=seed,
                db=path,
                skew=service_skew,
                load=load,
                booked_share=booked_share,
                booking_no_show=booking_no_show,
            )


def _hall_of(db: Path, hall: Path | None) -> Hall:
    """The hall a kept database runs: the one it holds (as edited in the console), or on a
    new file the hall file stored in it, as `antre serve` does at its first start, so that
    serving the simulated days later shows them with the hall they were played on."""
    from queue_server.hall_config import at_start
    from queue_server.runtime import ensure_database

    settings = _settings(db=db, hall=hall, durable=False)
    ensure_database(settings)
    return at_start(settings).hall


@main.command()
@click.option(
    "--port", type=int, default=8000, show_default=True, help="Port of the demo hall server."
)
@click.option(
    "--minutes",
    type=click.FloatRange(0, min_open=True),
    default=90,
    show_default=True,
    help="Hall minutes of the morning to play, from opening, before the summary.",
)
@click.option(
    "--speed",
    type=click.FloatRange(0, min_open=True),
    default=60,
    show_default=True,
    help="How many times faster than real time the morning runs; afterwards the hall "
    "goes on at real speed.",
)
@click.option(
    "--history-days",
    type=click.IntRange(0, 90),
    default=30,
    show_default=True,
    help="Calendar days before today whose working days are simulated first, so the "
    "console opens with that much history; 0 starts on an empty database.",
)
def demo(port: int, minutes: float, speed: float, history_days: int) -> None:
    """The newcomer's first run: a hall server with a simulated morning.

    Starts the sample hall on a throw-away database, plays its morning through the REST
    API (kiosk, operators) while the terminal shows the hall, then prints the figures, a
    waiting ticket's tracking page, the API docs, the admin login and the console (with
    the month before simulated first). Ctrl-C stops it."""
    from queue_server.demo import DemoFailed, run_demo

    try:
        run_demo(port=port, minutes=minutes, speed=speed, history_days=history_days)
    except DemoFailed as exc:
        raise Fail(exc.format_message()) from None
