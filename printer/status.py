"""The printer's real-time status (DLE EOT n), as the Epson ESC/POS reference defines it.

Real-time commands are answered at once, even while the printer is offline or printing,
which is what makes them usable before and after a job. Each reply is one byte whose
bits 1 and 4 are always set and bits 0 and 7 always clear (0b0xx1xx10); a byte of any
other shape is not a status reply and is ignored.

| query | bit | meaning when set |
|---|---|---|
| DLE EOT 1, printer | 3 | offline |
| DLE EOT 2, offline cause | 2 | cover open |
| | 5 | printing stopped at paper end |
| | 6 | an error occurred |
| DLE EOT 3, error cause | 2 | mechanical error (e.g. head up) |
| | 3 | autocutter error (jam) |
| | 5 | unrecoverable error |
| | 6 | auto-recoverable error (head too hot) |
| DLE EOT 4, roll paper | 2-3 | paper near its end |
| | 5-6 | paper out |
"""

from __future__ import annotations

from dataclasses import dataclass

DLE_EOT = b"\x10\x04"
QUERIES = (1, 2, 3, 4)
"""Asked one at a time: a printer that skips one is not misread by the next reply."""
_FIXED_MASK = 0b1001_0011
_FIXED_BITS = 0b0001_0010


def query(n: int) -> bytes:
    return DLE_EOT + bytes([n])


def is_status_byte(value: int) -> bool:
    return value & _FIXED_MASK == _FIXED_BITS


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said; None where it did not answer that query."""

    online: bool | None = None
    cover_open: bool | None = None
    paper_out: bool | None = None
    paper_near_end: bool | None = None
    cutter_error: bool | None = None
    error: bool | None = None
    """Any error the printer reports (mechanical, cutter, unrecoverable, overheated)."""

    @classmethod
    def from_replies(cls, replies: dict[int, int]) -> PrinterStatus:
        """From DLE EOT replies by query number (1-4); queries missing stay unknown."""
        printer, offline, errors, paper = (replies.get(n) for n in QUERIES)
        paper_out = None
        if paper is not None:
            paper_out = paper & 0x60 == 0x60
        if offline is not None and offline & 0x20:
            paper_out = True  # it stopped printing at paper end
        error = None
        if offline is not None or errors is not None:
            error = bool((offline or 0) & 0x40) or bool((errors or 0) & 0x6C)
        return cls(
            online=None if printer is None else not printer & 0x08,
            cover_open=None if offline is None else bool(offline & 0x04),
            paper_out=paper_out,
            paper_near_end=None if paper is None else paper & 0x0C == 0x0C,
            cutter_error=None if errors is None else bool(errors & 0x08),
            error=error,
        )

    @property
    def answered(self) -> bool:
        return any(v is not None for v in vars(self).values())

    def describe(self) -> str:
        """A line for a technician: "online, paper OK, cover closed"."""
        if not self.answered:
            return "not reported by the printer"
        parts = []
        if self.online is not None:
            parts.append("online" if self.online else "offline")
        if self.paper_out:
            parts.append("paper out")
        elif self.paper_near_end:
            parts.append("paper near end")
        elif self.paper_out is False:
            parts.append("paper OK")
        if self.cover_open is not None:
            parts.append("cover open" if self.cover_open else "cover closed")
        if self.cutter_error:
            parts.append("cutter error")
        elif self.error:
            parts.append("printer error")
        return ", ".join(parts)
