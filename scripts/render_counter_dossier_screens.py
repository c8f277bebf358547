"""The counter app's dossier screens (berkas) at 1366×768, for render_counter_screens.py.

`prepare` runs before the morning there: on weekdays of October and November 2026, Loket
17 (DPMPTSP, whose PBG service has `dossier_days = 28`) serves PBG citizens and opens their
dossiers, then moves them on, so that on Monday 30 November the Berkas view shows every
open state: two overdue, one waiting on the citizen, one ready, and others on time.
`render` then signs in at Loket 17 and photographs: serving a PBG citizen with "Buka
berkas (F11)" ticked and a title, the reference shown after Selesai, the Berkas view
(Indonesian and English), and the "what is missing" dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QPoint, QSettings
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from counter_app.actions import Action
from counter_app.model import CounterSession
from counter_app.remembered import Remembered
from counter_app.signin import SignIn, Workplace
from counter_app.views.window import CounterWindow
from queue_client import HallClient, TicketRequest
from queue_client.dossiers import Dossier, DossierStatus, DossierStep

COUNTER = 17
OPERATOR = "dewi"
SIZE = (1366, 768)


class Clock(Protocol):
    """render_counter_screens.Clock: the hall's time, set by the script."""

    now: datetime

    def __call__(self) -> datetime: ...
    def advance(self, **delta: float) -> None: ...


def at(day: str) -> datetime:
    """09:00 WIB on `day`."""
    return datetime.fromisoformat(f"{day}T02:00:00").replace(tzinfo=UTC)


# (day opened, title, later steps as (day, step, note))
HISTORY: list[tuple[str, str, list[tuple[str, DossierStep, str | None]]]] = [
    ("2026-10-12", "PBG ruko 3 lantai", [("2026-10-13", DossierStep.PROCESS, None)]),
    ("2026-10-14", "PBG rumah tinggal 1 lantai", []),
    (
        "2026-10-26",
        "PBG gudang",
        [
            ("2026-10-27", DossierStep.PROCESS, None),
            (
                "2026-11-03",
                DossierStep.NEED,
                "Gambar struktur belum ditandatangani tenaga ahli bersertifikat.",
            ),
        ],
    ),
    (
        "2026-11-02",
        "PBG rumah tinggal 2 lantai",
        [
            ("2026-11-03", DossierStep.PROCESS, None),
            ("2026-11-26", DossierStep.READY, "Loket 17, mulai pukul 13.00; bawa KTP-el asli."),
        ],
    ),
    ("2026-11-16", "PBG kantor", []),
    ("2026-11-23", "PBG toko", [("2026-11-24", DossierStep.PROCESS, None)]),
]


FIRST_DAY = at(HISTORY[0][0])


def prepare(url: str, db: Path, clock: Clock, antre: Callable[..., str], password: str) -> None:
    """The weeks before the morning, from FIRST_DAY on (the clock only moves forward)."""
    kiosk_token = antre("device", "add", "kiosk-pbg", "--role", "kiosk", "--db", str(db))
    antre("user", "add", OPERATOR, "--role", "operator", "--agency", "dpmptsp",
          "--password-stdin", "--db", str(db), stdin=password + "\n")  # fmt: skip
    kiosk = HallClient(url, kiosk_token.strip().splitlines()[-1])
    dewi = HallClient(url)
    plan: list[tuple[datetime, Callable[[], None]]] = []
    opened: dict[int, Dossier] = {}

    def open_one(i: int, title: str) -> Callable[[], None]:
        def run() -> None:
            ticket = kiosk.issue_ticket(TicketRequest("pbg"))
            dewi.open_counter(COUNTER)
            dewi.call_ticket(COUNTER, ticket.id)
            dewi.start(ticket.id)
            dewi.finish(ticket.id)
            dewi.close_counter(COUNTER)
            opened[i] = dewi.open_dossier(ticket.id, title)

        return run

    def step_one(i: int, step: DossierStep, note: str | None) -> Callable[[], None]:
        def run() -> None:
            dewi.dossier_step(opened[i].id, step, note)

        return run

    for i, (day, title, steps) in enumerate(HISTORY):
        plan.append((at(day), open_one(i, title)))
        for minute, (later, step, note) in enumerate(steps):
            plan.append((at(later).replace(minute=30 + minute), step_one(i, step, note)))
    for moment, run in sorted(plan, key=lambda p: p[0]):
        clock.advance(seconds=(moment - clock.now).total_seconds())
        dewi.login(OPERATOR, password)  # a session lasts a working day, not weeks
        run()
    kiosk.close()
    dewi.close()


def save_layers(window: QWidget, path: Path, *dialogs: QWidget) -> None:
    """The window, and each dialog centred over it on a dimmed backdrop, as seen."""
    shot = window.grab()
    painter = QPainter(shot)
    for dialog in dialogs:
        painter.fillRect(shot.rect(), QColor(17, 24, 39, 110))
        picture = dialog.grab()
        corner = QPoint(
            (shot.width() - picture.width()) // 2, (shot.height() - picture.height()) // 2
        )
        painter.drawPixmap(corner, picture)
    painter.end()
    shot.save(str(path))
    print(f"wrote {path}")


def render(
    app: QApplication,
    url: str,
    db: Path,
    clock: Clock,
    workdir: Path,
    out: Path,
    antre: Callable[..., str],
    password: str,
    spin: Callable[..., None],
    settle: Callable[[], None],
) -> None:
    kiosk_token = antre("device", "add", "kiosk-pbg2", "--role", "kiosk", "--db", str(db))
    with HallClient(url, kiosk_token.strip().splitlines()[-1]) as kiosk:
        citizen = kiosk.issue_ticket(TicketRequest("pbg"))
        for service in ("nib-oss", "pbg", "nib-oss"):
            kiosk.issue_ticket(TicketRequest(service))
    remembered = Remembered(QSettings(str(workdir / "loket17.ini"), QSettings.Format.IniFormat))
    remembered.server_url, remembered.username = url, OPERATOR
    remembered.last_counter = COUNTER

    def session_for(workplace: Workplace, counter_id: int, parent: QObject) -> CounterSession:
        return CounterSession(workplace, counter_id, clock=clock, parent=parent)

    window = CounterWindow(SignIn(remembered), session_for)
    window.resize(*SIZE)
    window.show()
    window.signin_page.password.setText(password)
    window.signin_page.send()
    spin(lambda: window.chooser is not None, what="sign in at Loket 17")
    assert window.chooser is not None
    window.chooser.open_selected()
    spin(lambda: window.session is not None and window.session.ready, what="Loket 17")
    page, session = window.counter, window.session
    assert page is not None and session is not None
    desk = session.dossiers
    spin(lambda: desk.loaded and desk.settled, what="the dossiers")

    def settled() -> bool:
        return session.ready and not session.syncing and desk.settled

    session.call_ticket(citizen.id)
    spin(lambda: session.current is not None and settled(), what="the call")
    session.start()
    spin(lambda: settled() and session.serving_since() is not None, what="serving")
    clock.advance(minutes=14)
    row = page.dossier_row
    row.press_f11()
    row.title.setText("PBG rumah tinggal 2 lantai")
    page.note.setText("Berkas fisik lengkap, diterima di loket")
    page.tick()
    settle()
    save_layers(window, out / "counter-dossier-finish.png")

    page.trigger(Action.FINISH)
    spin(lambda: settled() and row.opened.isVisible(), what="the dossier opened")
    page.tick()
    settle()
    save_layers(window, out / "counter-dossier-opened.png")

    page.show_dossiers()
    view = page.dossier_view
    assert view is not None
    spin(lambda: desk.settled and len(desk.items) == len(HISTORY) + 1, what="the Berkas list")
    settle()
    save_layers(window, out / "counter-berkas.png", view)

    waiting = next(d for d in desk.items if d.status is DossierStatus.IN_PROCESS and not d.overdue)
    view.select(waiting.id)
    view.trigger(DossierStep.NEED)
    note = view.note_dialog
    assert note is not None
    note.note.setText("Fotokopi sertipikat tanah dilegalisir")
    settle()
    save_layers(window, out / "counter-berkas-need.png", view, note)
    note.reject()
    settle()

    window.language.choose("en")
    view.select(desk.items[0].id)
    settle()
    save_layers(window, out / "counter-berkas-en.png", view)
    window.language.choose("id")
    view.reject()
    window.shutdown()
    app.processEvents()
