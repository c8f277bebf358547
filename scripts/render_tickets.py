"""Render the ticket previews into docs/screens/.

The same layout and preview renderer the kiosk uses, on sample content: a regular
ticket on 58 mm and 80 mm paper, a priority ticket, and the longest names of the sample
hall with a six-character number, to show nothing is ever clipped; and a pickup ticket
naming the dossier it collects (docs/dossiers.md).

    .venv/bin/python scripts/render_tickets.py [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from printer import Paper, TicketOptions, layout_ticket, save_preview  # noqa: E402
from printer.sample import sample_content  # noqa: E402
from queue_core.ticket import Priority  # noqa: E402

OUT = ROOT / "docs" / "screens"


def render(out: Path) -> list[Path]:
    tickets = {
        "ticket-58mm.png": (sample_content(), Paper.MM58),
        "ticket-80mm.png": (sample_content(), Paper.MM80),
        "ticket-58mm-priority.png": (
            sample_content(number="A018", priority=Priority.ELDERLY, position=0, eta_minutes=3),
            Paper.MM58,
        ),
        "ticket-58mm-long-names.png": (
            sample_content(
                number="PK1024",
                agency_name="Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
                service_name="Konsultasi dan Pendaftaran Persetujuan Bangunan Gedung (PBG) "
                "melalui SIMBG",
                position=37,
                eta_minutes=95,
            ),
            Paper.MM58,
        ),
        "ticket-58mm-pickup.png": (
            sample_content(
                number="PB003",
                agency_name="Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
                service_name="Pengambilan Berkas DPMPTSP",
                position=1,
                eta_minutes=3,
                dossier_reference="BRK-20261130-0042",
            ),
            Paper.MM58,
        ),
    }
    out.mkdir(parents=True, exist_ok=True)
    return [
        save_preview(layout_ticket(content, TicketOptions(paper=paper)), out / name)
        for name, (content, paper) in tickets.items()
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    for path in render(parser.parse_args().out):
        print(path)


if __name__ == "__main__":
    main()
