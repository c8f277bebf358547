"""`antre demo`: a newcomer's first run.

A real hall server (the bundled sample hall, a throw-away database) runs in this process,
and a simulated hall morning is played against it through the public REST API, the way
the kiosk and the counter apps will: the kiosk device issues tickets, each operator opens
their loket and calls, serves and finishes. The terminal shows the hall live; then come a
summary, the addresses to open in a browser (a waiting ticket's tracking page, the API
docs), the admin login, and the server keeps running until Ctrl-C.

The sample hall opens 08:00–15:00 WIB but a newcomer may try the demo at midnight, when
every service would refuse tickets. So the server gets a `DemoClock`: the hall's today,
starting just before opening, running 60× faster during the morning and at real speed
afterwards. The server stamps, expires and estimates with that clock, and only with it.
"""

from __future__ import annotations

import secrets
import signal
import socket
import tempfile
import threading
import time as wall
import uuid
from collections import Counter as Tally
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import click
import httpx
import uvicorn
from rich.console import Console, Group
from rich.live import Live
from rich.table import Table
from rich.text import Text

from queue_core.hall import Counter, Hall, load_hall
from queue_core.numbering import hall_day, zone
from queue_core.ticket import Priority
from queue_server import auth
from queue_server.app import create_app
from queue_server.demo_history import HISTORY_DAYS, play_history
from queue_server.runtime import ensure_database
from queue_server.settings import Settings, sample_hall
from queue_server.simulation import (
    REFUSALS,
    Called,
    Desk,
    HallDay,
    Ticketed,
    Visitor,
    figures,
    plan_day,
    print_figures,
)
from queue_server.store import connect, staff

ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
ADMIN = "admin"


class DemoClock:
    """The server's clock in the demo: starts at a chosen hall moment, runs `speed` times
    faster than the wall, and can change speed without jumping. Speed 0 holds it still."""

    def __init__(self, start: datetime, speed: float = 0.0) -> None:
        self._base = (wall.monotonic(), start, speed)

    def __call__(self) -> datetime:
        began, start, speed = self._base
        return start + timedelta(seconds=(wall.monotonic() - began) * speed)

    @property
    def speed(self) -> float:
        return self._base[2]

    def set_speed(self, speed: float) -> None:
        now = wall.monotonic()
        began, start, old = self._base
        # One tuple assignment: the server's threads never see half a change.
        self._base = (now, start + timedelta(seconds=(now - began) * old), speed)


class DemoFailed(click.ClickException):
    exit_code = 1


# --- the hall server in a thread ----------------------------------------------------------


NEWCOMER = "petugas"
"""The operator the newcomer signs in as in `antre counter`: the simulated morning leaves
one loket free for them (`free_counter`)."""


@dataclass
class Credentials:
    admin_password: str
    kiosk_token: str
    display_token: str
    operator_tokens: dict[int, str]
    newcomer_password: str = ""
    newcomer_counter: int | None = None


def seed_staff(
    settings: Settings, hall: Hall, now: datetime, free: Counter | None = None
) -> Credentials:
    """The admin (who logs in like anyone), one operator per loket, a kiosk and a display,
    and the newcomer's own operator for the loket the morning leaves `free`.

    Simulated operators get their sessions written straight into the store, as 27 argon2
    logins would cost the newcomer seconds for nothing: their users have no usable password."""
    password = secrets.token_urlsafe(9)
    newcomer = secrets.token_urlsafe(9)
    kiosk, display = auth.new_token(), auth.new_token()
    operators: dict[int, str] = {}
    conn = connect(settings.db, durable=False).conn
    try:
        conn.execute("BEGIN IMMEDIATE")
        staff.add_user(conn, ADMIN, auth.hash_password(password), "admin", now)
        staff.add_device(conn, "Kiosk Demo", "kiosk", auth.hash_token(kiosk), now)
        staff.add_device(conn, "Papan Demo", "display", auth.hash_token(display), now)
        if free is not None:
            staff.add_user(
                conn, NEWCOMER, auth.hash_password(newcomer), "operator", now, free.agency_id
            )
        for counter in hall.counters:
            token = auth.new_token()
            user_id = staff.add_user(conn, f"petugas-loket-{counter.id}", "!", "operator", now)
            staff.add_session(conn, auth.hash_token(token), user_id, now + timedelta(days=7))
            operators[counter.id] = token
        conn.execute("COMMIT")
    finally:
        conn.close()
    return Credentials(
        password, kiosk, display, operators, newcomer, free.id if free is not None else None
    )


@contextmanager
def hall_server(
    settings: Settings, hall: Hall, clock: DemoClock, host: str, port: int
) -> Iterator[str]:
    """A real hall server on host:port (port 0: any free one); yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise DemoFailed(
            f"cannot listen on {host}:{port} ({exc.strerror}); try another --port"
        ) from None
    port = sock.getsockname()[1]
    app = create_app(settings, clock=clock, hall=hall)
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,
            ws_ping_interval=20,
            ws_ping_timeout=20,
            timeout_graceful_shutdown=3,
        )
    )
    # Not the main thread: uvicorn leaves the signals alone, and Ctrl-C reaches the demo.
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="antre-demo-server", daemon=True
    )
    thread.start()
    deadline = wall.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or wall.monotonic() > deadline:
            sock.close()
            raise DemoFailed("the hall server did not start")
        thread.join(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()


# --- the morning, through the API ---------------------------------------------------------


class RestDriver:
    """The simulation's steps as the apps will make them: HTTP calls with their tokens."""

    def __init__(self, client: httpx.Client, admin_token: str, creds: Credentials) -> None:
        self.client, self.admin, self.creds = client, admin_token, creds
        self.holder: dict[int, int] = {}
        """ticket id → counter holding it: that counter's operator acts on it."""
        self.tracking: dict[int, str] = {}
        self.actions = 0
        self.lenient = False
        """After the morning the newcomer may work tickets through /docs too: a step that
        no longer fits (409, 404) is then skipped, not the end of the demo."""

    def _post(self, path: str, token: str, **kwargs: Any) -> httpx.Response:
        self.actions += 1
        headers = {"Authorization": f"Bearer {token}", **kwargs.pop("headers", {})}
        response = self.client.post(path, headers=headers, **kwargs)
        skippable = self.lenient and response.status_code in (404, 409)
        if response.status_code >= 400 and not _refusal(response) and not skippable:
            raise DemoFailed(f"POST {path} answered {response.status_code}: {response.text}")
        return response

    def _counter(self, path: str, counter_id: int) -> httpx.Response:
        return self._post(
            f"/api/v1/counters/{counter_id}/{path}", self.creds.operator_tokens[counter_id]
        )

    def open(self, counter_id: int) -> None:
        self._counter("open", counter_id)

    def pause(self, counter_id: int) -> None:
        self._counter("pause", counter_id)

    def close(self, counter_id: int) -> None:
        self._counter("close", counter_id)

    def issue(self, visitor: Visitor) -> Ticketed | str:
        body: dict[str, Any] = {"service_id": visitor.service_id, "priority": visitor.priority}
        if visitor.nik is not None:
            body["nik"] = visitor.nik
        response = self._post(
            "/api/v1/tickets",
            self.creds.kiosk_token,
            json=body,
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
        if response.status_code >= 400:
            return _refusal(response) or "skipped"
        ticket = response.json()
        self.tracking[ticket["id"]] = ticket["tracking_url"]
        return Ticketed(
            ticket["id"],
            ticket["number"],
            ticket["eta_minutes"],
            ticket.get("eta_low"),
            ticket.get("eta_high"),
        )

    def call_next(self, counter_id: int) -> Called | None:
        response = self._counter("call-next", counter_id)
        if response.status_code != 200:
            return None
        ticket = response.json()
        self.holder[ticket["id"]] = counter_id
        return Called(ticket["id"], ticket["number"], ticket["service_id"])

    def _actor(self, ticket_id: int) -> str:
        counter_id = self.holder.get(ticket_id)
        return self.admin if counter_id is None else self.creds.operator_tokens[counter_id]

    def step(self, ticket_id: int, step: str) -> None:
        # A no-show who comes back asks at the information desk: the supervisor requeues.
        token = self.admin if step == "requeue" else self._actor(ticket_id)
        self._post(f"/api/v1/tickets/{ticket_id}/{step.replace('_', '-')}", token)
        if step in ("finish", "no_show"):
            self.holder.pop(ticket_id, None)

    def transfer(self, ticket_id: int, service_id: str) -> None:
        token = self._actor(ticket_id)
        self._post(f"/api/v1/tickets/{ticket_id}/transfer", token, json={"service_id": service_id})
        self.holder.pop(ticket_id, None)


def _refusal(response: httpx.Response) -> str | None:
    """The code of a kiosk refusal the simulation expects (service closed, quota, …)."""
    if response.status_code != 409:
        return None
    code = response.json().get("error", {}).get("code")
    return code if code in REFUSALS else None


# --- the terminal ---------------------------------------------------------------------------


def _clock_text(engine: HallDay, hall: Hall) -> str:
    local = engine.now.astimezone(zone(hall.timezone))
    return f"{local:%H:%M} {ZONE_NAMES.get(hall.timezone, '')}"


def _desk_cell(d: Desk) -> Text:
    if d.status != "open":
        return Text("istirahat" if d.status == "paused" else "tutup", style="dim")
    if d.holding is None:
        return Text("—", style="dim")
    style = "bold yellow" if d.holding.state == "called" else "bold green"
    return Text(d.holding.number, style=style)


def board(engine: HallDay, hall: Hall, speed: float) -> Group:
    """Per loket the number it holds, per agency who waits and who was served."""
    desks = list(engine.desks.values())
    per_column = (len(desks) + 2) // 3
    counters = Table(title="Loket", title_justify="left", box=None, padding=(0, 1))
    for _ in range(3):
        counters.add_column("loket", style="cyan", justify="right")
        counters.add_column("instansi", style="dim")
        counters.add_column("nomor", min_width=9)
    short = {a.id: a.short for a in hall.agencies}
    for row in range(per_column):
        cells: list[Any] = []
        for col in range(3):
            i = col * per_column + row
            if i < len(desks):
                d = desks[i]
                cells += [str(d.counter.id), short[d.counter.agency_id][:14], _desk_cell(d)]
            else:
                cells += ["", "", ""]
        counters.add_row(*cells)
    waiting: Tally[str] = Tally()
    served: Tally[str] = Tally()
    for v in engine.by_ticket.values():
        if v.state == "waiting":
            waiting[v.agency_id] += 1
        elif v.state == "done":
            served[v.agency_id] += 1
    agencies = Table(title="Per instansi", title_justify="left", box=None, padding=(0, 1))
    for _ in range(2):
        agencies.add_column("instansi")
        agencies.add_column("menunggu", justify="right")
        agencies.add_column("dilayani", justify="right")
    ranked = sorted(hall.agencies, key=lambda a: (-waiting[a.id], -served[a.id], a.short))
    half = (len(ranked) + 1) // 2
    for row in range(half):
        cells = []
        for a in (ranked[row], ranked[row + half] if row + half < len(ranked) else None):
            cells += ["", "", ""] if a is None else [a.short, str(waiting[a.id]), str(served[a.id])]
        agencies.add_row(*cells)
    head = Text.assemble(
        (hall.name, "bold"),
        f"   {_clock_text(engine, hall)} ({speed:g}× cepat)   ",
        f"tiket {len(engine.by_ticket)} · dilayani {engine.served} · "
        f"tidak hadir {engine.no_shows} · ditolak {sum(engine.refused.values())}",
    )
    return Group(head, counters, agencies)


@contextmanager
def _live(console: Console, engine: HallDay, hall: Hall, speed: float) -> Iterator[Any]:
    """Redraw at most 4× a second on a terminal; a line per 15 hall minutes otherwise."""
    last = [0.0, -1]
    if not console.is_terminal:

        def line(e: HallDay) -> None:
            quarter = int(e.t // 900)
            if quarter != last[1]:
                last[1] = quarter
                console.print(
                    f"{_clock_text(e, hall)}  tickets {len(e.by_ticket)}  served {e.served}  "
                    f"waiting {sum(e.waiting.values())}"
                )

        yield line
        return
    with Live(board(engine, hall, speed), console=console, auto_refresh=False) as live:

        def redraw(e: HallDay) -> None:
            now = wall.monotonic()
            if now - last[0] >= 0.25:
                last[0] = now
                live.update(board(e, hall, speed), refresh=True)

        yield redraw
        live.update(board(engine, hall, speed), refresh=True)


# --- the demo -------------------------------------------------------------------------------


def run_demo(
    port: int = 8000,
    *,
    minutes: float = 90,
    speed: float = 60,
    visitors: int = 900,
    seed: int = 7,
    keep_serving: bool = True,
    host: str = "127.0.0.1",
    console: Console | None = None,
    history_days: int = HISTORY_DAYS,
) -> str:
    """Start a hall server, play `minutes` of its morning `speed`× fast through the API,
    print where to look, and (with keep_serving) let the hall go on at real speed until
    Ctrl-C. `visitors` is the whole day's crowd. Before the morning, the working days of the
    `history_days` before today are simulated into the same database (demo_history), so
    the console opens on a month of history. Returns the waiting ticket's tracking URL."""
    if speed <= 0 or minutes <= 0:
        raise DemoFailed("the demo needs a positive speed and a positive number of minutes")
    console = console or Console()
    with _stop_on_sigterm():
        return _demo(
            port, minutes, speed, visitors, seed, keep_serving, host, console, history_days
        )


@contextmanager
def _stop_on_sigterm() -> Iterator[None]:
    """SIGTERM (a service manager, `timeout`) stops the demo as cleanly as Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _demo(
    port: int,
    minutes: float,
    speed: float,
    visitors: int,
    seed: int,
    keep_serving: bool,
    host: str,
    console: Console,
    history_days: int = HISTORY_DAYS,
) -> str:
    hall = load_hall(sample_hall())
    with tempfile.TemporaryDirectory(prefix="antre-demo-") as tmp:
        settings = Settings(
            db=Path(tmp) / "antre.db",
            hall=sample_hall(),
            host=host,
            durable=False,  # a throw-away day: no fsync per ticket
            public_url=None,
            # The request log would bury the summary; it goes to a file the summary names.
            access_log=Path(tmp) / "requests.log",
        )
        ensure_database(settings)
        today = hall_day(datetime.now(UTC), hall.timezone)
        # The past days a little quieter than the demo morning: the month costs seconds.
        play_history(settings.db, hall, today, history_days, visitors * 2 // 3, seed, console)
        # All lokets but one: the last is the newcomer's, to open in `antre counter`.
        plan = plan_day(
            hall, visitors=visitors, counters=len(hall.counters) - 1, seed=seed, day=today
        )
        free = next((c for c in hall.counters if c not in plan.desks), None)
        engine = HallDay(hall, plan, driver=None)  # type: ignore[arg-type]
        # Held still at ten seconds before opening until the morning starts.
        clock = DemoClock(engine.at(plan.opens) - timedelta(seconds=10))
        creds = seed_staff(settings, hall, clock(), free)
        with hall_server(settings, hall, clock, host, port) as url:
            console.print(f"[bold]Antre demo[/]: {hall.name} on {url}", soft_wrap=True)
            with httpx.Client(base_url=url, timeout=30) as client:
                login = client.post(
                    "/api/v1/auth/login", json={"username": ADMIN, "password": creds.admin_password}
                )
                if login.status_code != 200:
                    raise DemoFailed(f"the demo admin could not log in: {login.text}")
                driver = RestDriver(client, login.json()["access_token"], creds)
                engine.driver = driver

                def pace(t: float) -> None:
                    ahead = (engine.at(t) - clock()).total_seconds()
                    if ahead > 0 and clock.speed > 0:
                        wall.sleep(ahead / clock.speed)

                engine.pace = pace
                began = wall.monotonic()
                clock.set_speed(speed)
                try:
                    with _live(console, engine, hall, speed) as on_event:
                        engine.run(until=plan.opens + minutes * 60, on_event=on_event)
                except KeyboardInterrupt:
                    console.print("Stopped.")
                    return ""
                clock.set_speed(1.0)
                driver.lenient = True
                tracking = _summary(console, engine, driver, client, began, seed)
                _addresses(console, url, tracking, creds, settings.access_log)
                if keep_serving:
                    console.print(
                        "The hall goes on at real speed. [bold]Ctrl-C[/] stops the server.",
                        soft_wrap=True,
                    )
                    try:
                        engine.run(until=float("inf"))
                        while True:
                            wall.sleep(3600)
                    except KeyboardInterrupt:
                        console.print("Stopping the hall server…")
    return tracking


def _summary(
    console: Console,
    engine: HallDay,
    driver: RestDriver,
    client: httpx.Client,
    began: float,
    seed: int,
) -> str:
    listing = client.get("/api/v1/tickets", headers={"Authorization": f"Bearer {driver.admin}"})
    listing.raise_for_status()
    tickets = listing.json()
    statuses = Tally(t["status"] for t in tickets)
    result = figures(
        engine,
        dict(statuses),
        seed=seed,
        actions=driver.actions,
        wall_seconds=wall.monotonic() - began,
    )
    console.print()
    print_figures(console, result, top=6)
    waiting = [t for t in tickets if t["status"] == "waiting"]
    if waiting:
        # The latest in the longest queue: its page has something to show for a while.
        per_service = Tally(t["service_id"] for t in waiting)
        busiest = max(per_service, key=lambda s: (per_service[s], s))
        mine = max((t for t in waiting if t["service_id"] == busiest), key=lambda t: t["id"])
        return str(mine["tracking_url"])
    # Nobody waits: take a ticket ourselves, for the service with the most to do.
    service = max(engine.hall.services, key=lambda s: (s.minutes, s.id))
    issued = driver.issue(Visitor(-1, engine.t, service.id, Priority.REGULAR))
    if isinstance(issued, str):
        return ""
    return driver.tracking[issued.ticket_id]


def _addresses(
    console: Console, url: str, tracking: str, creds: Credentials, log: Path | None = None
) -> None:
    console.print()
    if tracking:
        console.print(f"Tracking page of a waiting ticket: {tracking}", soft_wrap=True)
    console.print(f"Web board: {url}/display?token={creds.display_token}", soft_wrap=True)
    console.print(f"API docs: {url}/docs", soft_wrap=True)
    if log is not None:
        console.print(f"Request log: {log}", soft_wrap=True)
    console.print(
        f"Demo login: user [bold]{ADMIN}[/], password [bold]{creds.admin_password}[/] "
        f"(POST {url}/api/v1/auth/login)",
        soft_wrap=True,
    )
    console.print(
        f"Hall manager's console: {url}/admin/floor (user [bold]{ADMIN}[/], password "
        f"[bold]{creds.admin_password}[/]; reports and the audit log hold the month before)",
        soft_wrap=True,
    )
    console.print()
    console.print("The apps, in another terminal (antre[qt]):", soft_wrap=True)
    console.print(
        f"  Kiosk:   antre kiosk --server {url} --token {creds.kiosk_token} --windowed",
        soft_wrap=True,
        highlight=False,
    )
    if creds.newcomer_counter is not None:
        console.print(
            f"  Counter: antre counter --server {url}   (user [bold]{NEWCOMER}[/], password "
            f"[bold]{creds.newcomer_password}[/]; loket {creds.newcomer_counter} is free for you)",
            soft_wrap=True,
            highlight=False,
        )
    console.print(
        f"  Board:   antre display --server {url} --token {creds.display_token} --windowed",
        soft_wrap=True,
        highlight=False,
    )
    console.print(
        "  The apps measure waits on the server's clock, so the demo's morning reads right.",
        soft_wrap=True,
    )
