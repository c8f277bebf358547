"""The PC/SC plug-in point. pyscard is an optional extra; without it the reader says
exactly what to install. (Reading a card through pcscd: test_pcsc_virtual_card.py.)"""

from __future__ import annotations

import sys

import pytest

from card_reader import PcscNikReader, ReaderUnavailable
from card_reader.pcsc import load_plugin


def test_missing_pyscard_is_reported_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "smartcard", None)  # as if not installed
    monkeypatch.setitem(sys.modules, "smartcard.pcsc.PCSCCardRequest", None)
    with pytest.raises(ReaderUnavailable, match=r"pip install 'antre\[pcsc\]'.*pcscd"):
        PcscNikReader(lambda connection: "")


def test_a_plugin_is_named_as_module_and_function() -> None:
    assert load_plugin("card_reader.check:check_nik").__name__ == "check_nik"
    with pytest.raises(ReaderUnavailable, match=r"package\.module:function"):
        load_plugin("no_colon_here")
    with pytest.raises(ReaderUnavailable, match="cannot load"):
        load_plugin("card_reader.nowhere:read_nik")
