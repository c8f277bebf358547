"""The bytes a printer gets: read back command by command."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PIL import Image

from printer import Paper, TicketOptions, layout_ticket, render_escpos
from printer.charset import printable
from printer.sample import SAMPLE_URL, sample_content
from queue_core.ticket import Priority

Decode = Callable[[bytes], Any]  # conftest.decode_job
ReadQr = Callable[[Image.Image], list[str]]


@pytest.mark.parametrize("paper", list(Paper))
def test_the_job_prints_every_line_of_the_layout_with_the_number_large(
    paper: Paper, decode: Decode
) -> None:
    layout = layout_ticket(sample_content(priority=Priority.ELDERLY), TicketOptions(paper=paper))
    job = decode(render_escpos(layout))
    assert job.texts() == layout.text_lines()
    number = job.line("A017")
    assert number.width >= 7 and number.height == 8 and number.bold and number.align == 1
    assert job.line("PRIORITAS: LANSIA").invert
    assert "4 orang di depan Anda" in job.texts()
    texts = " ".join(job.texts())  # 58 mm breaks it between its two parts
    assert "Perkiraan waktu tunggu sekitar 12 menit" in texts
    assert "Pindai untuk memantau antrean" in job.texts()


def test_the_job_resets_the_printer_and_selects_code_page_437_before_any_text(
    decode: Decode,
) -> None:
    job = decode(render_escpos(layout_ticket(sample_content())))
    # The decoder refuses text before a code page; the order of the set-up matters too:
    # ESC @ resets the code page, and FS . must leave Chinese mode before CP437 bytes.
    assert job.commands[:4] == ["init", "cancel kanji", "code page 0", "line spacing default"]


@pytest.mark.parametrize(
    ("cut", "expected"), [("partial", "cut partial"), ("full", "cut full"), ("none", None)]
)
def test_the_job_ends_by_feeding_and_cutting(
    cut: str, expected: str | None, decode: Decode
) -> None:
    job = decode(render_escpos(layout_ticket(sample_content()), cut=cut))  # type: ignore[arg-type]
    cuts = [c for c in job.commands if c.startswith("cut")]
    assert cuts == ([expected] if expected else [])
    if expected:
        assert job.commands[-2:] == ["feed 2", expected]


@pytest.mark.parametrize("paper", list(Paper))
def test_the_printed_qr_code_reads_back_as_the_exact_tracking_url(
    paper: Paper, decode: Decode, qr_text: ReadQr
) -> None:
    job = decode(render_escpos(layout_ticket(sample_content(), TicketOptions(paper=paper))))
    (image,) = job.images
    assert image.width == paper.dots  # full width: centred even where ESC a is ignored
    assert qr_text(image) == [SAMPLE_URL]


def test_the_qr_code_still_reads_with_a_crease_across_it(decode: Decode, qr_text: ReadQr) -> None:
    job = decode(render_escpos(layout_ticket(sample_content())))
    (image,) = job.images
    folded = image.convert("L")
    middle = folded.height // 2
    # A fold: a 6-dot band of lost print through the middle, and a smudged corner.
    folded.paste(255, (0, middle - 3, folded.width, middle + 3))
    folded.paste(
        0, (folded.width // 2 + 40, folded.height - 90, folded.width // 2 + 75, folded.height - 60)
    )
    assert qr_text(folded) == [SAMPLE_URL]


def test_native_qr_sends_the_url_to_the_printer_at_level_q(decode: Decode) -> None:
    job = decode(render_escpos(layout_ticket(sample_content()), qr="native"))
    assert job.native_qr == [SAMPLE_URL.encode()]
    assert not job.images
    # fn 69 (E) sets the error correction: 48 + 2 = Q
    assert "qr fn 69" in job.commands and "qr fn 81" in job.commands


def test_indonesian_text_survives_code_page_437() -> None:
    data = render_escpos(layout_ticket(sample_content()))
    assert "sekitar 12 menit\n".encode("cp437") in data
    assert "Giliran".encode("utf-16-le") not in data  # one byte a character, never wide


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ("Senin–Jumat 08.00—15.00", "Senin-Jumat 08.00-15.00"),
        ("“Kantor Pajak” ’24…", '"Kantor Pajak" \'24...'),
        ("Café Kopi ± 5 menit", "Café Kopi ± 5 menit"),
        ("Kantor Paşa Łódź 中心", "Kantor Pasa ?ódz ??"),
        ("Dinas\tSosial\nKota\x1b@\x10\x04\x01", "Dinas Sosial Kota @   "),
    ],
)
def test_text_the_code_page_lacks_is_replaced_by_a_look_alike(written: str, printed: str) -> None:
    assert printable(written) == printed
    printable(written).encode("cp437")  # every character has a CP437 byte


def test_names_with_control_bytes_cannot_send_the_printer_commands(decode: Decode) -> None:
    content = sample_content(service_name="KTP\x1d\x56\x00-el \x10\x04\x02 Baru")
    job = decode(render_escpos(layout_ticket(content)))
    assert "KTP V -el Baru" in job.texts()
    assert [c for c in job.commands if c.startswith(("cut", "status"))] == ["cut partial"]
