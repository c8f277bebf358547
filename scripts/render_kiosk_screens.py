"""Render every kiosk screen, portrait 1080×1920 and landscape 1920×1080, in Indonesian
and English, into docs/screens/kiosk-<screen>-<orientation>-<lang>.png. The pickup
screens (a ticket QR scanned, docs/dossiers.md) also at a small landscape kiosk's
1366×768 ("-landscape-1366").

The real KioskFlow and views, offscreen, fed by a stand-in hall client with a fixed
catalogue (the shipped sample hall's 14 agencies and 26 services, with made-up waiting
figures; one service closed, one out of quota), so every run
draws the same screens without a server. The NIK shown is valid but made up.
The "-paged" screens use the tests' big hall (tests/kiosk_app/big_hall.py: 32 agencies,
one with 18 services), on its second page.

    .venv/bin/python scripts/render_kiosk_screens.py [--out DIR] [--only SCENE ...]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
import tomllib
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from kiosk_app.device_check import SetupProblem
from kiosk_app.flow import KioskFlow, Screen, Timing
from kiosk_app.views.style import apply_style
from kiosk_app.views.window import KioskWindow
from queue_client import TicketRequest, Unreachable
from queue_client.errors import ApiError, QuotaExhausted
from queue_client.models import Agency, Hall, Me, Service, Ticket
from queue_core.hall import Hall as HallFile
from queue_core.hall import Service as HallService
from queue_core.hall import load_hall, parse_hall
from queue_core.ticket import Priority, TicketStatus

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
SMALL = {"landscape-1366": (1366, 768)}
"""Extra sizes for the scenes named in WITH_SMALL."""
WITH_SMALL = ("attract", "result", "pickup-result", "pickup-not-ready")
PICKUP_REFERENCE = "BRK-20261130-0042"
PICKUP_TOKEN = "pQ7vX2mK9sLd4RtY8wNc3BfH6jZ1aEuG"
NIK = "3273011501550003"  # born 1955: the elderly suggestion shows
SAMPLE = load_hall(ROOT / "assets" / "halls" / "sample.toml")


def _big_hall() -> HallFile:
    """The tests' big hall, so the paged screenshots show what the tests walk."""
    where = ROOT / "tests" / "kiosk_app" / "big_hall.py"
    spec = importlib.util.spec_from_file_location("big_hall", where)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return parse_hall(tomllib.loads(module.big_hall_toml()), source=str(where))


BIG = _big_hall()


def _hall(source: HallFile) -> Hall:
    return Hall(
        name=source.name,
        timezone=source.timezone,
        day=date(2026, 11, 30),
        agencies=tuple(Agency(a.id, a.name, a.short) for a in source.agencies),
        opens="08:00",
        closes="15:00",
        running_text=source.running_text,
        running_text_en=source.running_text_en,
    )


# The shipped sample hall (14 agencies with their long official names, 26 services with
# real requirement lists): the screens must hold a real hall, not a tidy toy one.
HALL = _hall(SAMPLE)
QUOTA_OUT, CLOSED = "akta-kelahiran", "stnk-5-tahunan"


def _service(i: int, s: HallService) -> Service:
    waiting = (i * 7) % 23  # fixed, varied figures: every run draws the same screens
    return Service(
        id=s.id, agency_id=s.agency_id, prefix=s.prefix, name=s.name, name_en=s.name_en,
        requirements=s.requirements, open=s.id not in (QUOTA_OUT, CLOSED),
        quota_per_day=s.quota if s.id != QUOTA_OUT else 40,
        remaining_today=0 if s.id == QUOTA_OUT else s.quota,
        waiting=waiting, eta_minutes=waiting * 3 if waiting else None,
        hours=("08:00", "12:00") if s.id == CLOSED else None, nik_required=s.nik_required,
        pickup=s.pickup,
    )  # fmt: skip


SERVICES = [_service(i, s) for i, s in enumerate(SAMPLE.services)]
BIG_HALL = _hall(BIG)
BIG_SERVICES = [_service(i, s) for i, s in enumerate(BIG.services)]
WALK_IN = "pkb-tahunan"  # Samsat's annual tax: no NIK needed, the three-tap visit
WITH_NIK = "ktp-el"


class ConnectError(Exception):
    """Named as httpx's: the kiosk reads an error's cause by name to tell "never sent"."""


class StandIn:
    """What KioskFlow asks of a HallClient, answered from the fixed catalogue."""

    def __init__(self) -> None:
        self.down = False
        self.sent = False
        """While down: whether the request may have reached the server."""
        self.refuse = False
        self.not_ready = False
        self.catalogue = (HALL, SERVICES)

    def hall(self) -> Hall:
        return self.catalogue[0]

    def me(self) -> Me:
        return Me("device", "kiosk-lobi", "kiosk")

    def services(self) -> list[Service]:
        return self.catalogue[1]

    def issue_ticket_with_retry(self, request: TicketRequest, **options: object) -> Ticket:
        if self.refuse:
            raise QuotaExhausted(
                409, "quota_exhausted", "Kuota layanan ini untuk hari ini sudah habis.",
                "Today's quota for this service is used up.",
            )  # fmt: skip
        if request.tracking_token is not None:
            return self._pickup()
        if self.down:
            cause = TimeoutError("no answer") if self.sent else ConnectError("refused")
            error = Unreachable("the stand-in server is down")
            error.__cause__ = cause
            hook = options.get("on_retry")
            if callable(hook):
                hook(1, error, 0.5)
            raise error
        return Ticket(
            id=1, number="E017", service_id=request.service_id, status=TicketStatus.WAITING,
            priority=request.priority, issued_at=datetime(2026, 11, 30, 2, 15, tzinfo=UTC),
            called_at=None, counter_id=None, recalls=0, position=6, eta_minutes=20,
            tracking_token="x7Kq9pLm2Zs", tracking_url="https://mpp.bandung.go.id/t/x7Kq9pLm2Zs",
            nik_masked=None,
        )  # fmt: skip

    def _pickup(self) -> Ticket:
        """As the server answers a ticket QR scanned (queue_server/pickup_actions.py)."""
        if self.not_ready:
            raise ApiError(
                409, "dossier_not_ready",
                f"Mohon maaf, berkas {PICKUP_REFERENCE} belum siap diambil (perkiraan selesai"
                " 07-12-2026). Silakan pantau di HP Anda (pindai QR tiket).",
                f"Sorry, dossier {PICKUP_REFERENCE} is not ready for collection yet (expected"
                " by 2026-12-07). Please follow it on your phone (scan the ticket's QR).",
            )  # fmt: skip
        return Ticket(
            id=2, number="PB003", service_id="pengambilan-dpmptsp", status=TicketStatus.WAITING,
            priority=Priority.REGULAR,
            issued_at=datetime(2026, 11, 30, 2, 15, tzinfo=UTC), called_at=None,
            counter_id=None, recalls=0, position=1, eta_minutes=3,
            tracking_token="r4Nd0mT0k3n", tracking_url="https://mpp.bandung.go.id/t/r4Nd0mT0k3n",
            nik_masked=None, dossier_reference=PICKUP_REFERENCE,
        )  # fmt: skip


def settle(app: QApplication, until: Callable[[], bool] = lambda: True, limit: float = 10) -> None:
    deadline = time.monotonic() + limit
    while True:
        app.processEvents()
        if until() or time.monotonic() > deadline:
            break
        time.sleep(0.01)  # a script, not a test: pacing the event loop
    app.processEvents()


def visit(flow: KioskFlow, service: str) -> None:
    flow.go_home()
    flow.begin()
    flow.choose_agency(next(s.agency_id for s in SERVICES if s.id == service))
    flow.choose_service(service)


def scenes(flow: KioskFlow, stand_in: StandIn) -> list[tuple[str, Callable[[], None]]]:
    def nik_partial() -> None:
        visit(flow, WITH_NIK)
        flow.take_number()
        for d in "3273013290":
            flow.press_digit(d)
        flow.press_digit("5")  # twelve digits: the date 32-... cannot be
        flow.press_digit("5")

    def nik_full() -> None:
        nik_partial()
        flow.clear_digits()
        for d in NIK:
            flow.press_digit(d)

    def priority() -> None:
        nik_full()
        flow.confirm_nik()

    def info() -> None:
        visit(flow, WALK_IN)

    def result(printer: str | None) -> Callable[[], None]:
        def go() -> None:
            info()
            flow.printer = printer
            flow.take_number()

        return go

    def trouble(sent: bool) -> Callable[[], None]:
        def go() -> None:
            info()
            stand_in.down, stand_in.sent = True, sent
            flow.take_number()

        return go

    def settled() -> None:
        trouble(True)()
        settle(QApplication.instance(), lambda: flow.screen is Screen.TROUBLE)  # type: ignore[arg-type]
        stand_in.down = False  # back: the kept request gets its number
        flow.cancel_trouble()
        settle(QApplication.instance(), lambda: bool(flow.settled_numbers))  # type: ignore[arg-type]

    def notice() -> None:
        info()
        stand_in.refuse = True
        flow.take_number()

    def big_hall() -> None:
        if stand_in.catalogue[1] is not BIG_SERVICES:
            stand_in.catalogue = (BIG_HALL, BIG_SERVICES)
            flow.refresh()
            settle(QApplication.instance(), lambda: flow.services is BIG_SERVICES)  # type: ignore[arg-type]
        flow.go_home()
        flow.begin()

    def agency_paged() -> None:
        big_hall()
        flow.turn_page(1)

    def service_paged() -> None:
        big_hall()
        flow.turn_page(1)  # the big agency is on the second page
        flow.choose_agency("dukcapil")
        flow.turn_page(1)

    def pickup(ready: bool) -> Callable[[], None]:
        def go() -> None:
            flow.go_home()
            stand_in.not_ready = not ready
            flow.printer = "dummy://"
            # What a 2D scanner types for the visit's ticket QR (kiosk_app/pickup.py).
            flow.nik_read(f"https://mpp.bandung.go.id/t/{PICKUP_TOKEN}\n", "wedge")

        return go

    def setup() -> None:
        problem = SetupProblem("refused", "http://192.168.1.10:8000", "kiosk-lobi")
        flow._not_set_up(problem)

    return [
        ("attract", flow.go_home),
        ("agency", lambda: (flow.go_home(), flow.begin())),
        ("service", lambda: (flow.go_home(), flow.begin(), flow.choose_agency("dukcapil"))),
        ("service-samsat", lambda: (flow.go_home(), flow.begin(), flow.choose_agency("samsat"))),
        ("info", info),
        ("info-nik", lambda: visit(flow, WITH_NIK)),
        ("nik-error", nik_partial),
        ("nik-complete", nik_full),
        ("priority", priority),
        ("trouble", trouble(False)),
        ("trouble-unknown", trouble(True)),
        ("attract-settled", settled),
        ("notice", notice),
        ("result", result("dummy://")),
        ("result-printer-fault", result("tcp://127.0.0.1:9")),
        ("result-no-printer", result(None)),
        ("pickup-result", pickup(True)),
        ("pickup-not-ready", pickup(False)),
        (
            "booking-code",
            lambda: (flow.go_home(), flow.have_booking(), *map(flow.press_code_key, "7KQ2M")),
        ),
        (
            "booking-digits",
            lambda: (
                flow.go_home(),
                flow.have_booking(),
                *map(flow.press_code_key, "7KQ2M9XD"),
                flow.confirm_code(),
                flow.press_booking_digit("1"),
            ),
        ),
        # Last: from here on the stand-in serves the big hall.
        ("agency-paged", agency_paged),
        ("service-paged", service_paged),
        # Very last: a kiosk whose token the server refuses never leaves the setup screen.
        ("setup", setup),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screens")
    parser.add_argument("--only", nargs="+", metavar="SCENE", help="e.g. agency-paged")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv)
    apply_style(app)
    stand_in = StandIn()
    # Long timers: nothing may return to the attract screen while being photographed.
    timing = Timing(idle=3600, result=3600, result_unprinted=3600, retry_pause=3600)
    flow = KioskFlow(stand_in, timing=timing, today=lambda: HALL.day, live_counts=False)  # type: ignore[arg-type]
    flow.start()
    settle(app, lambda: bool(flow.services))
    window = KioskWindow(flow)
    window.show()
    for name, play in scenes(flow, stand_in):
        if args.only and name not in args.only:
            continue
        sizes = {**SIZES, **(SMALL if name in WITH_SMALL else {})}
        for orientation, (width, height) in sizes.items():
            # From the attract screen, which fits any size: a big screen's page left up
            # would hold the window at its own minimum size through the resize.
            if name != "setup":
                flow.go_home()
                settle(app)
            window.resize(width, height)
            for lang in ("id", "en"):
                stand_in.down = stand_in.refuse = stand_in.not_ready = False
                flow.settled_numbers.clear()
                play()
                if flow.lang != lang:
                    flow.toggle_language()
                settle(app, lambda: flow.screen not in (Screen.ISSUING,) and not flow.printing)
                if name.startswith("trouble"):
                    settle(app, lambda: flow.screen is Screen.TROUBLE)
                # Again after the new screen is up: the old one may have held the
                # window at its own minimum size.
                window.resize(width, height)
                settle(app)
                window.resize(width, height)  # once the old page's minimum has let go
                settle(app)
                if (window.width(), window.height()) != (width, height):
                    print(
                        f"warning: {name} {orientation} {lang} needs {window.width()}x{window.height()}"
                    )
                path = args.out / f"kiosk-{name}-{orientation}-{lang}.png"
                window.grab().save(str(path))
                print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    flow.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
