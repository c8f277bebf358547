"""The plug-in point for PC/SC card readers (e-KTP), through pyscard.

Reading the NIK from an e-KTP chip needs a Dukcapil SAM and an agreement (PKS), so the
APDUs belong to the reader's vendor, not to Antre. Antre does the rest: it waits for a
card on the PC/SC reader, connects, calls the vendor's function with the connection, and
checks what comes back like any other NIK.

A vendor plug-in is one function, named as "package.module:function":

    def read_nik(connection: smartcard.CardConnection.CardConnection) -> str:
        '''Select the e-KTP application, authenticate through the SAM, read the NIK;
        return its 16 digits. Raise an exception on any failure (it is logged, and the
        citizen is asked to use the keypad).'''

It is called on the reader's own thread, once per card inserted. It must not keep the
NIK, log it, or write it anywhere.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from typing import Any

from card_reader.errors import ReaderUnavailable
from card_reader.source import OnRead, OnState

log = logging.getLogger(__name__)

CardReaderFunction = Callable[[Any], str]

PYSCARD_MISSING = (
    "the PC/SC card reader needs pyscard: pip install 'antre[pcsc]' "
    "(and on Debian: apt-get install pcscd libpcsclite1)"
)


def _smartcard() -> Any:
    try:
        return importlib.import_module("smartcard.CardMonitoring")
    except ImportError:
        raise ReaderUnavailable(PYSCARD_MISSING) from None


def load_plugin(spec: str) -> CardReaderFunction:
    """ "package.module:function" → the function, or ReaderUnavailable saying why not."""
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise ReaderUnavailable(
            f"name the PC/SC plug-in as 'package.module:function', not {spec!r}"
        )
    try:
        function = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as exc:
        raise ReaderUnavailable(f"cannot load the PC/SC plug-in {spec!r}: {exc}") from None
    if not callable(function):
        raise ReaderUnavailable(f"the PC/SC plug-in {spec!r} is not a function")
    return function  # type: ignore[no-any-return]


class PcscNikReader:
    name = "pcsc"

    def __init__(self, read_nik: CardReaderFunction | str) -> None:
        # pyscard first: without it nothing else matters, and the message says so.
        self._monitoring = _smartcard()
        self._read_nik = load_plugin(read_nik) if isinstance(read_nik, str) else read_nik
        self._monitor: Any = None
        self._observer: Any = None
        self._lock = threading.Lock()

    def start(self, on_read: OnRead, on_state: OnState | None = None) -> None:
        state = on_state or (lambda _s, _d: None)
        reader = self

        class Observer(self._monitoring.CardObserver):  # type: ignore[name-defined,misc]
            def update(self, observable: Any, handlers: Any) -> None:
                inserted, _removed = handlers
                for card in inserted:
                    reader._read_card(card, on_read, state)

        self._observer = Observer()
        self._monitor = self._monitoring.CardMonitor()
        self._monitor.addObserver(self._observer)
        state("ready", "")

    def stop(self) -> None:
        if self._monitor is not None and self._observer is not None:
            self._monitor.deleteObserver(self._observer)
        self._monitor = self._observer = None

    def _read_card(self, card: Any, on_read: OnRead, on_state: OnState) -> None:
        with self._lock:  # one card at a time, whatever the reader reports
            on_state("reading", "")
            try:
                connection = card.createConnection()
                connection.connect()
                try:
                    nik = self._read_nik(connection)
                finally:
                    connection.disconnect()
            except Exception as exc:  # a vendor's failure must not stop the kiosk
                log.warning("PC/SC card could not be read: %s", exc)
                on_state("ready", "card not read")
                return
            on_state("ready", "")
            on_read(nik)
