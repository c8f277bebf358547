"""A pickup ticket names the dossier it collects (docs/dossiers.md, "Pickup")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from support import wait_until

from printer import Outcome, Paper, TicketContent, TicketOptions, layout_ticket, print_ticket
from printer.preview import save_preview
from printer.sample import sample_content

REFERENCE = "BRK-20261130-0001"


def pickup_content() -> TicketContent:
    return sample_content(
        number="PB003",
        service_name="Pengambilan Berkas DPMPTSP",
        agency_name="Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        position=0,
        eta_minutes=3,
        dossier_reference=REFERENCE,
    )


@pytest.mark.parametrize("paper", list(Paper))
def test_the_reference_is_printed_whole_under_a_pickup_band(paper: Paper) -> None:
    layout = layout_ticket(pickup_content(), TicketOptions(paper=paper))
    lines = [line.strip() for line in layout.text_lines()]
    assert "AMBIL BERKAS" in lines
    assert REFERENCE in lines  # on one line, never broken
    assert lines.index("AMBIL BERKAS") < lines.index(REFERENCE)


def test_an_ordinary_ticket_names_no_dossier() -> None:
    lines = layout_ticket(sample_content()).text_lines()
    assert not [line for line in lines if "BERKAS" in line.upper()]


def test_the_printer_receives_the_reference_in_its_bytes(
    fake_printer: Callable[..., Any], decode: Callable[[bytes], Any]
) -> None:
    printer = fake_printer("online")
    result = print_ticket(layout_ticket(pickup_content()), printer.url)
    assert result.outcome is Outcome.PRINTED
    wait_until(lambda: printer.jobs_done == 1, timeout=5, what="the printer to finish")
    printed = decode(printer.data())
    assert REFERENCE.encode() in printer.data()
    line = printed.line(REFERENCE)
    assert line.bold


def test_the_preview_shows_the_pickup_ticket(
    tmp_path: Path, qr_text: Callable[[Any], list[str]]
) -> None:
    path = save_preview(layout_ticket(pickup_content()), tmp_path / "pickup.png")
    with Image.open(path) as image:
        assert qr_text(image) == [pickup_content().tracking_url]
