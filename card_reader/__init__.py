"""NIK sources for check-in at the kiosk.

Every source speaks one small protocol (`NikSource`: `start(on_read)`, `stop()`) and
hands over plain strings; `check_nik` judges them with `queue_core.nik` before anything
uses them. No module here imports Qt except `card_reader.wedge_qt`, the adapter that
turns a window's key events into the Qt-free `WedgeDecoder`.

- `KeypadEntry`: the on-screen keypad's model (digits, live validation per reason);
- `WedgeDecoder`: a keyboard-wedge reader's fast burst of digits + Enter, told apart
  from a person typing by the time between keys;
- `SerialNikReader`: a reader that sends one NIK per line on a serial port (pyserial);
- `PcscNikReader`: the plug-in point for PC/SC (e-KTP) readers through pyscard.

See docs/kiosk.md.
"""

from card_reader.check import NikCheck, check_nik
from card_reader.errors import ReaderUnavailable
from card_reader.keypad import KeypadEntry
from card_reader.pcsc import PcscNikReader
from card_reader.serial_reader import SerialNikReader
from card_reader.source import NikSource, OnRead, OnState
from card_reader.wedge import WedgeDecoder

__all__ = [
    "KeypadEntry",
    "NikCheck",
    "NikSource",
    "OnRead",
    "OnState",
    "PcscNikReader",
    "ReaderUnavailable",
    "SerialNikReader",
    "WedgeDecoder",
    "check_nik",
]
