"""The ticket's content and where it goes on the printer's grid."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from printer import Paper, TicketContent, TicketOptions, layout_ticket, prepare_logo
from printer.layout import Picture, TextBlock
from printer.sample import sample_content
from queue_core.ticket import Priority


def text_blocks(content: TicketContent, paper: Paper = Paper.MM58) -> list[TextBlock]:
    layout = layout_ticket(content, TicketOptions(paper=paper))
    return [b for b in layout.blocks if isinstance(b, TextBlock)]


@pytest.mark.parametrize(
    ("paper", "number", "size"),
    [
        (Paper.MM58, "A017", (7, 8)),
        (Paper.MM80, "A017", (8, 8)),
        (Paper.MM58, "PK1024", (5, 6)),
        (Paper.MM80, "PK1024", (7, 8)),
    ],
)
def test_the_number_is_as_large_as_the_paper_allows(
    paper: Paper, number: str, size: tuple[int, int]
) -> None:
    blocks = text_blocks(sample_content(number=number), paper)
    block = next(b for b in blocks if b.lines == (number,))
    assert (block.width, block.height) == size and block.bold
    # 12-dot cells at that width, and a character's margin on each side
    assert len(number) * 12 * block.width <= paper.dots - 24


@pytest.mark.parametrize("paper", list(Paper))
def test_long_names_wrap_at_word_boundaries_and_nothing_is_cut_off(paper: Paper) -> None:
    service = "Konsultasi dan Pendaftaran Persetujuan Bangunan Gedung (PBG) melalui SIMBG"
    agency = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"
    word = "Supercalifragilisticexpialidocious-Pelayanan-Terpadu-Satu-Pintu"
    content = sample_content(service_name=service, agency_name=f"{agency} {word}")
    blocks = text_blocks(content, paper)
    for block in blocks:
        for line in block.lines:
            assert len(line) <= paper.columns(block.width), line
    printed = " ".join(line for b in blocks for line in b.lines)
    assert service in printed
    # a word longer than a line is broken across lines, every letter kept
    assert word in "".join(line for b in blocks for line in b.lines)


@pytest.mark.parametrize(
    ("priority", "label"),
    [
        (Priority.ELDERLY, "PRIORITAS: LANSIA"),
        (Priority.DISABILITY, "PRIORITAS: DISABILITAS"),
        (Priority.PREGNANT, "PRIORITAS: IBU HAMIL"),
        (Priority.CHILD, "PRIORITAS: ANAK/BALITA"),
        (Priority.APPOINTMENT, "JANJI TEMU"),
    ],
)
def test_a_priority_ticket_carries_its_label_in_a_black_band(
    priority: Priority, label: str
) -> None:
    for paper in Paper:
        bands = [b for b in text_blocks(sample_content(priority=priority), paper) if b.invert]
        assert [line.strip() for b in bands for line in b.lines] == [label]
        # padded to the full width, so the band runs edge to edge
        assert all(len(line) == paper.columns(b.width) for b in bands for line in b.lines)


def test_a_regular_ticket_has_no_band() -> None:
    assert not [b for b in text_blocks(sample_content()) if b.invert]


@pytest.mark.parametrize(
    ("position", "eta", "expected"),
    [
        (0, 0, ["Giliran Anda berikutnya"]),
        (1, 4, ["1 orang di depan Anda", "Perkiraan waktu tunggu", "sekitar 4 menit"]),
        (37, 95, ["37 orang di depan Anda", "Perkiraan waktu tunggu", "sekitar 1 jam 35 menit"]),
        (12, 60, ["12 orang di depan Anda", "Perkiraan waktu tunggu", "sekitar 1 jam"]),
        (None, None, []),
    ],
)
def test_people_ahead_and_the_wait_in_indonesian(
    position: int | None, eta: int | None, expected: list[str]
) -> None:
    layout = layout_ticket(sample_content(position=position, eta_minutes=eta))
    lines = layout.text_lines()
    start = lines.index("A017") + 1
    assert lines[start : start + len(expected)] == expected
    assert lines[start + len(expected)].startswith("---")


@pytest.mark.parametrize(
    ("timezone", "expected"),
    [
        ("Asia/Jakarta", ["Jumat, 1 Januari 2027", "Pukul 00.30 WIB"]),
        ("Asia/Makassar", ["Jumat, 1 Januari 2027", "Pukul 01.30 WITA"]),
        ("Asia/Jayapura", ["Jumat, 1 Januari 2027", "Pukul 02.30 WIT"]),
    ],
)
def test_the_issue_time_is_the_halls_own_with_indonesian_names(
    timezone: str, expected: list[str]
) -> None:
    # 17:30 UTC on New Year's Eve is already New Year's Day in every Indonesian zone.
    content = TicketContent(
        number="A001",
        issued_at=datetime(2026, 12, 31, 17, 30, tzinfo=UTC),
        tracking_url="http://192.168.1.10:8000/t/abc",
        hall_name="MPP",
        agency_name="Disdukcapil",
        service_name="KTP-el",
        timezone=timezone,
    )
    assert all(line in layout_ticket(content).text_lines() for line in expected)
    wide = layout_ticket(content, TicketOptions(paper=Paper.MM80)).text_lines()
    assert f"{expected[0]}, p{expected[1][1:]}" in wide


def test_from_api_reads_the_contracts_ticket_object() -> None:
    ticket = {
        "id": 17,
        "number": "B042",
        "service_id": "kk",
        "status": "waiting",
        "priority": "pregnant",
        "issued_at": "2026-05-28T02:15:00+00:00",
        "called_at": None,
        "counter_id": None,
        "recalls": 0,
        "position": 3,
        "eta_minutes": 11.6,
        "tracking_token": "tok",
        "tracking_url": "http://10.0.0.2:8000/t/tok",
        "nik_masked": None,
    }
    content = TicketContent.from_api(
        ticket,
        hall_name="MPP Kota Harapan Jaya",
        agency_name="Disdukcapil",
        service_name="Kartu Keluarga",
        timezone="Asia/Makassar",
    )
    assert (content.number, content.priority, content.position, content.eta_minutes) == (
        "B042",
        Priority.PREGNANT,
        3,
        12,
    )
    lines = layout_ticket(content).text_lines()
    assert "Pukul 10.15 WITA" in lines and "PRIORITAS: IBU HAMIL" in " ".join(lines)


def test_unknown_position_and_wait_are_left_out_not_guessed() -> None:
    ticket = {
        "number": "A001",
        "priority": "regular",
        "issued_at": "2026-05-28T02:15:00Z",
        "position": None,
        "eta_minutes": None,
        "tracking_url": "http://x/t/y",
    }
    content = TicketContent.from_api(
        ticket, hall_name="H", agency_name="A", service_name="S", timezone="Asia/Jakarta"
    )
    lines = layout_ticket(content).text_lines()
    assert not [line for line in lines if "orang" in line or "menunggu" in line]


def test_the_footer_is_the_halls_choice() -> None:
    default = layout_ticket(sample_content()).text_lines()
    assert "Simpan tiket sampai dilayani" in default
    footer = "Terima kasih. Urus sendiri, jangan gunakan calo."
    custom = layout_ticket(sample_content(), TicketOptions(footer=footer)).text_lines()
    assert custom[-2:] == ["Terima kasih. Urus sendiri,", "jangan gunakan calo."]
    assert "Simpan tiket sampai dilayani" not in custom


@pytest.mark.parametrize("paper", list(Paper))
@pytest.mark.parametrize("footer", [None, "Simpan tiket ini sampai dilayani"])  # 32: 58 mm full
def test_the_last_line_keeps_off_both_paper_edges(paper: Paper, footer: str | None) -> None:
    options = (
        TicketOptions(paper=paper) if footer is None else TicketOptions(paper=paper, footer=footer)
    )
    last = [b for b in layout_ticket(sample_content(), options).blocks if isinstance(b, TextBlock)][
        -1
    ]
    assert all(len(line) <= paper.columns() - 2 for line in last.lines), last.lines


def test_a_logo_is_fitted_to_the_paper_as_dots(tmp_path: Path) -> None:
    source = tmp_path / "logo.png"
    Image.new("RGBA", (800, 400), (200, 30, 30, 255)).save(source)
    for paper in Paper:
        logo = prepare_logo(source, paper)
        assert logo.mode == "1" and logo.width == paper.dots and logo.height <= 120
        layout = layout_ticket(sample_content(), TicketOptions(paper=paper, logo=logo))
        assert any(isinstance(b, Picture) for b in layout.blocks)


def test_a_broken_logo_fails_when_loaded_naming_the_file(tmp_path: Path) -> None:
    source = tmp_path / "logo.png"
    source.write_text("not a picture")
    with pytest.raises(ValueError, match=r"logo\.png"):
        prepare_logo(source, Paper.MM58)


def test_a_ticket_without_its_offset_is_refused() -> None:
    with pytest.raises(ValueError, match="offset"):
        TicketContent(
            number="A1",
            issued_at=datetime(2026, 1, 1, 8, 0),
            tracking_url="u",
            hall_name="h",
            agency_name="a",
            service_name="s",
        )
