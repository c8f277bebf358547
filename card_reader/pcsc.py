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


POLL_SECONDS = 1.0
"""How long one wait for a card event lasts: the most `stop()` waits for the watch."""
RETRY_SECONDS = 2.0
"""How soon the watch tries again after pcscd or the reader went away."""


def _smartcard() -> tuple[Any, Any]:
    try:
        # The PC/SC request itself, not the generic CardRequest wrapper: only this one
        # can release its context (see `_released`).
        request = importlib.import_module("smartcard.pcsc.PCSCCardRequest")
        exceptions = importlib.import_module("smartcard.Exceptions")
    except ImportError:
        raise ReaderUnavailable(PYSCARD_MISSING) from None
    return request, exceptions


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
    """Watches every PC/SC reader for a card and hands the NIK the plug-in reads from it.

    The watch is this class's own thread around pyscard's `CardRequest`, not pyscard's
    `CardMonitor`: the monitor waits up to a minute per poll, so stopping the kiosk would
    hang that long, and it gives up for good when pcscd restarts. Here a poll lasts
    `POLL_SECONDS`, and a lost pcscd or reader is reported ("unplugged") and retried.
    """

    name = "pcsc"

    def __init__(self, read_nik: CardReaderFunction | str) -> None:
        # pyscard first: without it nothing else matters, and the message says so.
        self._requests, self._errors = _smartcard()
        self._read_nik = load_plugin(read_nik) if isinstance(read_nik, str) else read_nik
        self._stopping = threading.Event()
        self._watch: threading.Thread | None = None

    def start(self, on_read: OnRead, on_state: OnState | None = None) -> None:
        state = on_state or (lambda _s, _d: None)
        self._stopping.clear()
        self._watch = threading.Thread(
            target=self._watch_cards, args=(on_read, state), name="pcsc-watch", daemon=True
        )
        self._watch.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._watch is not None:
            self._watch.join(timeout=POLL_SECONDS + 5)
        self._watch = None

    def _watch_cards(self, on_read: OnRead, on_state: OnState) -> None:
        request: Any = None
        present: list[Any] = []
        while not self._stopping.is_set():
            try:
                if request is None:
                    request = self._requests.PCSCCardRequest(timeout=POLL_SECONDS)
                    present = []  # a card already on the reader counts as placed now
                    on_state("ready", "")
                cards = request.waitforcardevent()
            except self._errors.CardRequestTimeoutException:
                continue
            except self._errors.SmartcardException as exc:
                # pcscd stopped or restarted, or the last reader was unplugged.
                log.warning("PC/SC reader unavailable: %s", exc)
                on_state("unplugged", str(exc))
                _released(request)
                request = None
                self._stopping.wait(RETRY_SECONDS)
                continue
            for card in cards:
                if card not in present and not self._stopping.is_set():
                    self._read_card(card, on_read, on_state)
            present = list(cards)
        _released(request)
        on_state("stopped", "")

    def _read_card(self, card: Any, on_read: OnRead, on_state: OnState) -> None:
        on_state("reading", "")
        try:
            connection = card.createConnection()
            try:
                connection.connect()
                nik = self._read_nik(connection)
            finally:
                # release(), not only disconnect(): it also frees the PC/SC context
                # now, instead of whenever the garbage collector gets to it.
                connection.release()
        except Exception as exc:  # a vendor's failure must not stop the kiosk
            log.warning("PC/SC card could not be read: %s", exc)
            on_state("ready", "card not read")
            return
        on_state("ready", "")
        on_read(nik)


def _released(request: Any) -> None:
    """Free a card request's PC/SC context while pcscd is still there to take it back."""
    if request is not None:
        try:
            request.release()
        except Exception as exc:  # pcscd already gone: nothing is left to free
            log.debug("PC/SC context not released: %s", exc)
            # Forget the dead context, or pyscard tries again from __del__ and prints
            # the same error at some random later moment.
            request.hcontext = None
