"""Reading DLE EOT replies the way the ESC/POS reference defines them."""

from __future__ import annotations

import pytest

from printer.status import PrinterStatus, is_status_byte

# Replies to DLE EOT 1, 2, 3, 4 per the ESC/POS reference; 0x12 is only the fixed bits.
CONDITIONS = {
    "online": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12},
    "near_end": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E},  # paper bits 2-3
    "paper_out": {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E},  # offline; stopped at paper end
    "cover_open": {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12},  # offline; cover bit 2
    "cutter_jam": {1: 0x1A, 2: 0x52, 3: 0x1A, 4: 0x12},  # error; autocutter bit 3
}


def test_a_healthy_printer() -> None:
    status = PrinterStatus.from_replies(CONDITIONS["online"])
    assert status == PrinterStatus(
        online=True,
        cover_open=False,
        paper_out=False,
        paper_near_end=False,
        cutter_error=False,
        error=False,
    )
    assert status.describe() == "online, paper OK, cover closed"


@pytest.mark.parametrize(
    ("condition", "fields", "words"),
    [
        ("near_end", {"paper_near_end": True, "paper_out": False}, "paper near end"),
        ("paper_out", {"paper_out": True, "online": False}, "paper out"),
        ("cover_open", {"cover_open": True, "online": False}, "cover open"),
        ("cutter_jam", {"cutter_error": True, "error": True}, "cutter error"),
    ],
)
def test_each_fault_is_read_from_its_bits(
    condition: str, fields: dict[str, bool], words: str
) -> None:
    status = PrinterStatus.from_replies(CONDITIONS[condition])
    assert {name: getattr(status, name) for name in fields} == fields
    assert words in status.describe()


def test_paper_end_stop_alone_means_paper_out() -> None:
    # A printer that answers DLE EOT 2 but not 4 still tells us it stopped at paper end.
    assert PrinterStatus.from_replies({1: 0x1A, 2: 0x32}).paper_out is True


def test_unanswered_queries_stay_unknown() -> None:
    status = PrinterStatus.from_replies({1: 0x12})
    assert status.online is True and status.paper_out is None and status.cover_open is None
    assert not PrinterStatus.from_replies({}).answered
    assert PrinterStatus.from_replies({}).describe() == "not reported by the printer"


@pytest.mark.parametrize("value", [0x12, 0x16, 0x1A, 0x1E, 0x32, 0x52, 0x72, 0x7E])
def test_status_bytes_have_their_fixed_bits(value: int) -> None:
    assert is_status_byte(value)


@pytest.mark.parametrize("value", [0x00, 0x10, 0x04, 0x01, 0xFF, 0x0F, 0x93])
def test_other_bytes_are_not_status_replies(value: int) -> None:
    assert not is_status_byte(value)
