"""Render the counter app's screens at 1366×768 into docs/screens/counter-*.png.

Runs a hall server in this process on a throwaway database with the sample hall and a
clock the script controls, plays a morning at Loket 5 through the REST API (citizens
arriving, three counters calling and serving), then opens the real counter app offscreen
and photographs it: signed out, choosing the counter, idle, calling, serving a priority
citizen (with masked NIK), the same in English, the transfer dialog, and disconnected
(server stopped). Before the morning, weeks of PBG dossiers at Loket 17 are played, and
the dossier screens photographed there (render_counter_dossier_screens.py).

    .venv/bin/python scripts/render_counter_screens.py [--out DIR]

The clock makes every run show the same morning (Monday 30 November 2026, 08:00–10:42
WIB); the citizens' NIKs are valid but made up.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import sys
import tempfile
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import render_counter_dossier_screens as dossier_screens
import uvicorn
from click.testing import CliRunner
from PySide6.QtCore import QEventLoop, QObject, QPoint, QSettings, QTimer
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from counter_app.actions import Action
from counter_app.model import CounterSession
from counter_app.remembered import Remembered
from counter_app.signin import SignIn, Workplace
from counter_app.views.style import apply_style
from counter_app.views.window import CounterWindow
from queue_client import HallClient, TicketRequest
from queue_client.errors import ApiError
from queue_core.ticket import Priority, TicketStatus
from queue_server.app import create_app
from queue_server.cli import main as antre_main
from queue_server.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screens"
SIZE = (1366, 768)
PASSWORD = "rahasia-loket-123"
OPENING = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)  # Monday 08:00 WIB
COUNTER = 5  # Loket 5: IKD, KTP-el, pindah-datang: three services in one call order
SERVICES = ["ikd", "ktp-el", "pindah-datang"]
MINUTES = {"ikd": 5, "ktp-el": 12, "pindah-datang": 10}


class Clock:
    """The hall's time for the server and the app alike."""

    def __init__(self, start: datetime) -> None:
        self.now = start
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self.now

    def advance(self, **delta: float) -> None:
        with self._lock:
            self.now += timedelta(**delta)


class HallServer:
    """`create_app` under uvicorn in a thread, so it can share the script's clock."""

    def __init__(self, db: Path, clock: Clock) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        settings = Settings(
            db=db, durable=False, login_attempts=50, access_log=db.with_suffix(".access.log")
        )
        app = create_app(settings, clock=clock)
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=1,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> HallServer:
        self.thread.start()
        deadline = datetime.now(UTC) + timedelta(seconds=20)
        while not self.server.started:
            if datetime.now(UTC) > deadline:
                raise SystemExit("the hall server did not start")
            threading.Event().wait(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def antre(*args: str, stdin: str | None = None) -> str:
    result = CliRunner().invoke(antre_main, list(args), input=stdin)
    if result.exit_code != 0:
        raise SystemExit(f"antre {' '.join(args)}: {result.output}")
    return result.output


def nik(i: int, born: int = 88) -> str:
    """A valid, made-up NIK of Kota Bandung (32 73), one per citizen."""
    day, month = 1 + i % 28, 1 + (i // 28) % 12
    return f"327301{day:02d}{month:02d}{born:02d}{i + 1:04d}"


def play_morning(server: HallServer, db: Path, clock: Clock) -> None:
    """08:00–10:42: citizens arrive for Loket 5's services; Loket 1, 2 and 5 serve them.
    Loket 5 ends idle with a queue waiting, one no-show and a dozen served."""
    kiosk_token = antre("device", "add", "kiosk-lobi", "--role", "kiosk", "--db", str(db))
    kiosk = HallClient(server.url, kiosk_token.strip().splitlines()[-1])
    staff: dict[int, HallClient] = {}
    for counter, name in ((1, "ani"), (2, "budi"), (COUNTER, "siti")):
        antre("user", "add", name, "--role", "operator", "--password-stdin", "--db", str(db),
              stdin=PASSWORD + "\n")  # fmt: skip
        client = HallClient(server.url)
        client.login(name, PASSWORD)
        client.open_counter(counter)
        staff[counter] = client

    rng = random.Random(7)
    citizen = 0
    # counter → (ticket id, status, minute the step is due)
    desk: dict[int, tuple[int, TicketStatus, int] | None] = dict.fromkeys(staff)
    no_show_done = False
    for minute in range(0, 162):
        if rng.random() < 0.45:
            service = rng.choices(SERVICES, weights=[3, 5, 2])[0]
            priority = rng.choices(
                [Priority.REGULAR, Priority.ELDERLY, Priority.PREGNANT, Priority.DISABILITY],
                weights=[14, 2, 1, 1],
            )[0]
            born = 52 if priority is Priority.ELDERLY else rng.randint(60, 99)
            kiosk.issue_ticket(TicketRequest(service, priority=priority, nik=nik(citizen, born)))
            citizen += 1
        for counter, client in staff.items():
            held = desk[counter]
            try:
                if held is None:
                    if minute > 150 and counter == COUNTER:
                        continue  # Loket 5 is idle when the photos start
                    ticket = client.call_next(counter)
                    if ticket is not None:
                        desk[counter] = (ticket.id, TicketStatus.CALLED, minute + 1)
                elif held[2] <= minute:
                    ticket_id, status, _ = held
                    if status is TicketStatus.CALLED:
                        if counter == COUNTER and minute > 90 and not no_show_done:
                            client.no_show(ticket_id)
                            no_show_done = True
                            desk[counter] = None
                            continue
                        service = client.ticket(ticket_id).service_id
                        client.start(ticket_id)
                        took = MINUTES[service] + rng.randint(-3, 4)
                        desk[counter] = (ticket_id, TicketStatus.SERVING, minute + max(2, took))
                    else:
                        client.finish(ticket_id)
                        desk[counter] = None
            except ApiError as exc:
                print(f"  (morning: {exc})", file=sys.stderr)
                desk[counter] = None
        clock.advance(minutes=1)
    # The citizen of the "serving a priority citizen" photo.
    kiosk.issue_ticket(TicketRequest("ikd", priority=Priority.ELDERLY, nik=nik(900, 52)))
    # Loket 5 finishes what it holds; the others keep working in the photos.
    held = desk[COUNTER]
    if held is not None:
        if held[1] is TicketStatus.CALLED:
            staff[COUNTER].start(held[0])
        clock.advance(minutes=6)
        staff[COUNTER].finish(held[0])
    for client in (kiosk, *staff.values()):
        client.close()


def spin(until: Callable[[], bool], timeout: float = 15.0, what: str = "the app") -> None:
    """Run the Qt event loop until `until()` holds (or fail after `timeout` seconds)."""
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(20)
    poll.timeout.connect(lambda: until() and loop.quit())
    give_up = QTimer()
    give_up.setSingleShot(True)
    give_up.timeout.connect(loop.quit)
    poll.start()
    give_up.start(int(timeout * 1000))
    if not until():
        loop.exec()
    poll.stop()
    if not until():
        raise SystemExit(f"timed out waiting for {what}")


def settle(ms: int = 150) -> None:
    """Let layouts and repaints finish before a photo."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save(widget: QWidget, path: Path, dialog: QWidget | None = None) -> None:
    settle()
    shot = widget.grab()
    if dialog is not None:
        # A dialog is its own window: draw it over the dimmed main window, as seen.
        painter = QPainter(shot)
        painter.fillRect(shot.rect(), QColor(17, 24, 39, 110))
        picture: QPixmap = dialog.grab()
        corner = QPoint(
            (shot.width() - picture.width()) // 2, (shot.height() - picture.height()) // 2
        )
        painter.drawPixmap(corner, picture)
        painter.end()
    shot.save(str(path))
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    app = QApplication(sys.argv[:1])
    apply_style(app)
    workdir = Path(tempfile.mkdtemp(prefix="antre-counter-screens-"))
    clock = Clock(dossier_screens.FIRST_DAY)
    db = workdir / "antre.db"
    server = HallServer(db, clock).start()
    try:
        print("the weeks before: dossiers at Loket 17 …")
        dossier_screens.prepare(server.url, db, clock, antre, PASSWORD)
        clock.advance(seconds=(OPENING - clock.now).total_seconds())
        print("playing the morning …")
        play_morning(server, db, clock)
        render(
            app,
            server,
            clock,
            workdir,
            out,
            # After the morning's photos (their clock stays as it was), before the server
            # stops for the disconnected one.
            lambda: dossier_screens.render(
                app, server.url, db, clock, workdir, out, antre, PASSWORD, spin, settle
            ),
        )
    finally:
        server.stop()


def render(
    app: QApplication,
    server: HallServer,
    clock: Clock,
    workdir: Path,
    out: Path,
    before_stop: Callable[[], None] = lambda: None,
) -> None:
    remembered = Remembered(QSettings(str(workdir / "loket.ini"), QSettings.Format.IniFormat))
    remembered.server_url = server.url
    remembered.username = "siti"
    remembered.last_counter = COUNTER
    signin = SignIn(remembered)

    def session_for(workplace: Workplace, counter_id: int, parent: QObject) -> CounterSession:
        return CounterSession(workplace, counter_id, clock=clock, parent=parent)

    window = CounterWindow(signin, session_for)
    window.resize(*SIZE)
    window.show()
    save(window, out / "counter-signed-out.png")

    window.signin_page.password.setText(PASSWORD)
    window.signin_page.send()
    spin(lambda: window.chooser is not None, what="sign in")
    save(window, out / "counter-choose.png")

    assert window.chooser is not None
    window.chooser.open_selected()
    spin(lambda: window.session is not None and window.session.ready, what="the counter")
    page, session = window.counter, window.session
    assert page is not None and session is not None
    spin(lambda: session.figures.timed > 0, what="today's figures")
    save(window, out / "counter-idle.png")

    def settled() -> bool:
        return session.ready and not session.syncing

    # A regular citizen for this photo (F7 picks out of order; F1 would take a priority).
    regular = next(t for t in session.waiting if t.priority is Priority.REGULAR)
    session.call_ticket(regular.id)
    spin(lambda: session.current is not None and settled(), what="the call")
    clock.advance(seconds=41)
    page.tick()
    save(window, out / "counter-calling.png")

    page.trigger(Action.START)
    spin(lambda: settled() and session.current is not None, what="start")
    clock.advance(minutes=7)
    page.trigger(Action.FINISH)
    spin(lambda: settled() and session.current is None, what="finish")

    elderly = next(
        (t for t in session.waiting if t.priority is Priority.ELDERLY and t.nik_masked), None
    )
    if elderly is None:
        raise SystemExit("the morning left no elderly citizen waiting at Loket 5")
    session.call_ticket(elderly.id)
    spin(lambda: settled() and session.current is not None, what="calling the elderly citizen")
    clock.advance(seconds=50)
    session.start()
    spin(lambda: settled() and session.current is not None, what="serving")
    clock.advance(minutes=4, seconds=12)
    page.note.setText("Foto ulang; sidik jari kanan kurang jelas")
    page.tick()
    save(window, out / "counter-serving-priority.png")

    page.trigger(Action.TRANSFER)
    spin(lambda: page.dialog is not None, what="the transfer dialog")
    assert page.dialog is not None
    save(window, out / "counter-transfer.png", dialog=page.dialog)
    page.dialog.reject()

    # The same moment in English (the ID/EN switch in the header), then back.
    window.language.choose("en")
    page.tick()
    save(window, out / "counter-serving-priority-en.png")
    window.language.choose("id")

    before_stop()
    server.stop()
    spin(lambda: not session.connected, what="the disconnect")
    spin(lambda: page.banner.isVisible(), what="the banner")
    page.tick()
    save(window, out / "counter-disconnected.png")
    window.shutdown()
    app.processEvents()


if __name__ == "__main__":
    main()
