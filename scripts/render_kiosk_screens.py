"""Render every kiosk screen, portrait 1080×1920 and landscape 1920×1080, in Indonesian
and English, into docs/screens/kiosk-<screen>-<orientation>-<lang>.png.

The real KioskFlow and views, offscreen, fed by a stand-in hall client with a fixed
catalogue (three agencies, nine services: one closed, one out of quota), so every run
draws the same screens without a server. The NIK shown is valid but made up.

    .venv/bin/python scripts/render_kiosk_screens.py [--out DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from kiosk_app.flow import KioskFlow, Screen, Timing
from kiosk_app.views.style import apply_style
from kiosk_app.views.window import KioskWindow
from queue_client import TicketRequest, Unreachable
from queue_client.models import Agency, Hall, Service, Ticket
from queue_core.ticket import TicketStatus

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
NIK = "3273011501550003"  # born 1955: the elderly suggestion shows

HALL = Hall(
    name="MPP Kota Bandung",
    timezone="Asia/Jakarta",
    day=date(2026, 11, 30),
    agencies=(
        Agency("dukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil"),
        Agency("samsat", "Samsat Bandung Timur", "Samsat"),
        Agency("bpjs", "BPJS Kesehatan", "BPJS Kesehatan"),
    ),
    opens="08:00",
    closes="16:00",
    running_text="Selamat datang di Mal Pelayanan Publik Kota Bandung",
)


def _service(
    sid: str, agency: str, prefix: str, name: str, name_en: str, waiting: int, eta: int | None,
    *, open_: bool = True, quota: int | None = None, left: int | None = None,
    hours: tuple[str, str] | None = None, nik: bool = False,
) -> Service:  # fmt: skip
    return Service(
        id=sid, agency_id=agency, prefix=prefix, name=name, name_en=name_en,
        requirements=("Kartu Keluarga asli", "KTP-el lama (jika ada)", "Surat pengantar RT/RW"),
        open=open_, quota_per_day=quota, remaining_today=left, waiting=waiting, eta_minutes=eta,
        hours=hours, nik_required=nik,
    )  # fmt: skip


SERVICES = [
    _service("ktp", "dukcapil", "A", "KTP-el (Kartu Tanda Penduduk Elektronik)", "Electronic ID card", 12, 35, nik=True),
    _service("kk", "dukcapil", "B", "Kartu Keluarga", "Family card", 7, 20),
    _service("akta", "dukcapil", "C", "Akta Kelahiran", "Birth certificate", 0, None, open_=False, quota=40, left=0),
    _service("pindah", "dukcapil", "D", "Surat Pindah Datang", "Change of address", 3, 12),
    _service("pkb", "samsat", "E", "Pajak Kendaraan Tahunan", "Annual vehicle tax", 21, 25),
    _service("bbn", "samsat", "F", "Balik Nama Kendaraan", "Vehicle ownership transfer", 4, 15),
    _service("stnk", "samsat", "G", "Perpanjangan STNK 5 Tahunan", "Five-yearly registration", 0, None, open_=False, hours=("08:00", "12:00")),
    _service("daftar", "bpjs", "H", "Pendaftaran Peserta", "New membership", 5, 18),
    _service("ubah", "bpjs", "J", "Perubahan Data Peserta", "Change of member data", 2, 8),
]  # fmt: skip


class StandIn:
    """What KioskFlow asks of a HallClient, answered from the fixed catalogue."""

    def __init__(self) -> None:
        self.down = False

    def hall(self) -> Hall:
        return HALL

    def services(self) -> list[Service]:
        return SERVICES

    def issue_ticket_with_retry(self, request: TicketRequest, **options: object) -> Ticket:
        if self.down:
            hook = options.get("on_retry")
            if callable(hook):
                hook(1, Unreachable("down"), 0.5)
            raise Unreachable("the stand-in server is down")
        return Ticket(
            id=1, number="B017", service_id=request.service_id, status=TicketStatus.WAITING,
            priority=request.priority, issued_at=datetime(2026, 11, 30, 2, 15, tzinfo=UTC),
            called_at=None, counter_id=None, recalls=0, position=6, eta_minutes=20,
            tracking_token="x7Kq9pLm2Zs", tracking_url="https://mpp.bandung.go.id/t/x7Kq9pLm2Zs",
            nik_masked=None,
        )  # fmt: skip


def settle(app: QApplication, until: Callable[[], bool] = lambda: True, limit: float = 10) -> None:
    deadline = time.monotonic() + limit
    while True:
        app.processEvents()
        if until() or time.monotonic() > deadline:
            break
        time.sleep(0.01)  # a script, not a test: pacing the event loop
    app.processEvents()


def visit(flow: KioskFlow, agency: str, service: str) -> None:
    flow.go_home()
    flow.begin()
    flow.choose_agency(agency)
    flow.choose_service(service)


def scenes(flow: KioskFlow, stand_in: StandIn) -> list[tuple[str, Callable[[], None]]]:
    def nik_partial() -> None:
        visit(flow, "dukcapil", "ktp")
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
        visit(flow, "dukcapil", "kk")

    def result(printer: str | None) -> Callable[[], None]:
        def go() -> None:
            info()
            flow.printer = printer
            flow.take_number()

        return go

    def trouble() -> None:
        info()
        stand_in.down = True
        flow.take_number()

    return [
        ("attract", flow.go_home),
        ("agency", lambda: (flow.go_home(), flow.begin())),
        ("service", lambda: (flow.go_home(), flow.begin(), flow.choose_agency("dukcapil"))),
        ("service-samsat", lambda: (flow.go_home(), flow.begin(), flow.choose_agency("samsat"))),
        ("info", info),
        ("info-nik", lambda: (info(), flow.back(), flow.choose_service("ktp"))),
        ("nik-error", nik_partial),
        ("nik-complete", nik_full),
        ("priority", priority),
        ("trouble", trouble),
        ("result", result("dummy://")),
        ("result-printer-fault", result("tcp://127.0.0.1:9")),
        ("result-no-printer", result(None)),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screens")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv)
    apply_style(app)
    stand_in = StandIn()
    # Long timers: nothing may return to the attract screen while being photographed.
    timing = Timing(idle=3600, result=3600, result_unprinted=3600, retry_pause=3600)
    flow = KioskFlow(stand_in, timing=timing, today=lambda: HALL.day)  # type: ignore[arg-type]
    flow.start()
    settle(app, lambda: bool(flow.services))
    window = KioskWindow(flow)
    window.show()
    for name, play in scenes(flow, stand_in):
        for orientation, (width, height) in SIZES.items():
            window.resize(width, height)
            for lang in ("id", "en"):
                stand_in.down = False
                play()
                if flow.lang != lang:
                    flow.toggle_language()
                settle(app, lambda: flow.screen not in (Screen.ISSUING,) and not flow.printing)
                if name == "trouble":
                    settle(app, lambda: flow.screen is Screen.TROUBLE)
                # Again after the new screen is up: the old one may have held the
                # window at its own minimum size.
                window.resize(width, height)
                settle(app)
                if (window.width(), window.height()) != (width, height):
                    print(
                        f"warning: {name} {orientation} {lang} needs {window.width()}x{window.height()}"
                    )
                path = args.out / f"kiosk-{name}-{orientation}-{lang}.png"
                window.grab().save(str(path))
                print(path.relative_to(ROOT))
    flow.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
