"""The desktop board's state as a QObject: built from a REST snapshot, then live events.

No widgets, so it is tested without a window. The view reads the properties and redraws
on `changed`; every call shown is also emitted once on `callShown` and offered once to
the `Announcer` (which judges by `seq`, so a replay after a reconnect says nothing twice).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from display_board.announcer import Announcer, Player
from display_board.setup_text import setup_text
from display_board.snapshot import (
    ANNOUNCEMENTS,
    CALL_TYPES,
    LAST_CALLS,
    BoardSnapshot,
    ShownCall,
    TileState,
    UnknownAgency,
    UnknownZone,
    take_snapshot,
)
from display_board.voice import Voice, VoiceError
from queue_client import Backoff, ConnectionState, HallClient
from queue_client.errors import Forbidden, Unauthorized
from queue_client.models import Counter, Event, Hall
from queue_client.qt import LiveEvents
from queue_client.qt_jobs import Runner
from queue_core.numbering import hall_day

HIGHLIGHT_SECONDS = 10.0
SNAPSHOT_RETRY_MS = 2000
DAY_CHECK_MS = 20_000
"""How often a quiet board looks whether the hall day has turned (the server rolls its
day as often)."""
LEAVES = frozenset(
    {
        "ticket.finished",
        "ticket.no_show",
        "ticket.transferred",
        "ticket.requeued",
        "ticket.cancelled",
        "ticket.expired",
    }
)
COUNTER_STATUS = {
    "counter.opened": "open",
    "counter.paused": "paused",
    "counter.closed": "closed",
}


def _utc_now() -> datetime:
    return datetime.now(UTC)


class BoardModel(QObject):
    changed = Signal()
    """Anything on screen changed (counters, calls, running text, highlight)."""
    callShown = Signal(object)
    """A `ShownCall`, once per call event applied, in `seq` order."""
    connectionChanged = Signal(str)
    """connecting / connected / reconnecting / auth_failed / stopped."""
    noticeChanged = Signal(str)
    """Why the board is quieter than it should be ("" when all is well)."""
    problem = Signal(str)
    """Something the board cannot get past by itself (an unknown zone, a refused token)."""
    dossiersChanged = Signal()
    """A `dossier.changed` event: the "Berkas siap diambil" panel refetches."""
    misconfigured = Signal(str)
    """The board was started with options this hall cannot honour (an unknown agency):
    the app says why and exits rather than show an empty board."""

    def __init__(
        self,
        server_url: str,
        token: str,
        *,
        zone: str | None = None,
        agencies: Sequence[str] = (),
        player: Player | None = None,
        voice: Voice | None = None,
        backoff: Backoff | None = None,
        clock: Callable[[], datetime] = _utc_now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._url, self._token, self._zone_asked = server_url, token, zone
        self._agencies_asked = tuple(agencies)
        self._player = player
        self._voice = voice
        self._backoff = backoff
        self._clock = clock
        self._client = HallClient(server_url, token)
        self._runner = Runner(self)
        self._live: LiveEvents | None = None
        self._announcer: Announcer | None = None
        self._highlight = QTimer(self)
        self._highlight.setSingleShot(True)
        self._highlight.timeout.connect(self.changed.emit)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.start)
        self._day_check = QTimer(self)
        self._day_check.setInterval(DAY_CHECK_MS)
        self._day_check.timeout.connect(self.check_day)
        self.hall_name = ""
        self.timezone = "Asia/Jakarta"
        self.zone: str | None = None
        self.agency_label = ""
        self.day: date | None = None
        """The hall day on screen: the calls shown are of this day."""
        self.running_text = ""
        self.announcements: list[str] = []
        self.counters: dict[int, TileState] = {}
        self.calls: list[ShownCall] = []
        """Newest first: the latest call, then up to six before it."""
        self.fresh_until = 0.0  # time.monotonic() until which the latest call is highlighted
        self.tile_fresh_until: dict[int, float] = {}
        self.connection = ConnectionState.CONNECTING.value
        self.notice = ""
        self.loaded = False
        self.last_seq = 0
        self._hall_reads = self._hall_shown = 0

    # --- reading ------------------------------------------------------------------------

    @property
    def latest(self) -> ShownCall | None:
        return self.calls[0] if self.calls else None

    @property
    def previous(self) -> list[ShownCall]:
        return self.calls[1:LAST_CALLS]

    def fresh(self, counter_id: int | None = None) -> bool:
        until = self.fresh_until if counter_id is None else self.tile_fresh_until.get(counter_id, 0)
        return time.monotonic() < until

    def counter_name(self, counter_id: int) -> str:
        tile = self.counters.get(counter_id)
        return (tile.name if tile else f"Loket {counter_id}").upper()

    @property
    def announcer(self) -> Announcer | None:
        return self._announcer

    # --- lifecycle ----------------------------------------------------------------------

    @Slot()
    def start(self) -> None:
        """Read the snapshot (again, until it succeeds), then follow the live events."""
        zone, agencies = self._zone_asked, self._agencies_asked
        self._runner.run(
            lambda: take_snapshot(self._client, zone, self._clock(), agencies),
            self._loaded,
            self._snapshot_failed,
        )

    def shutdown(self) -> None:
        self._retry.stop()
        self._day_check.stop()
        if self._live is not None:
            self._live.stop()
        self._runner.close()
        self._client.close()

    def _snapshot_failed(self, error: BaseException) -> None:
        if isinstance(error, UnknownAgency):
            self.misconfigured.emit(str(error))
            return
        if isinstance(error, UnknownZone):
            self.problem.emit(str(error))
            return
        if isinstance(error, Unauthorized | Forbidden):
            self._set_connection(ConnectionState.AUTH_FAILED.value)
            self._not_set_up()
            return
        self._set_connection(ConnectionState.RECONNECTING.value)
        self._retry.start(SNAPSHOT_RETRY_MS)

    def _not_set_up(self) -> None:
        """The token is refused (at start, or revoked while the board runs): put up the
        staff's fix, under the hall's name (public, so it needs no token) when known."""
        url = self._url

        def named(name: str | None) -> None:
            self.problem.emit(setup_text(name or self.hall_name or None, url))

        self._runner.run(lambda: self._client.hall().name, named, lambda _error: named(None))

    def _loaded(self, snapshot: BoardSnapshot) -> None:
        self.apply_snapshot(snapshot)
        self._announcer = Announcer(
            self._play,
            voice=self._voice,
            counters=set(self.counters),
            last_seq=snapshot.last_seq,
            clock=self._clock,
            on_notice=self._set_notice,
        )
        self._live = LiveEvents(
            self._url, self._token, since=snapshot.last_seq, backoff=self._backoff, parent=self
        )
        self._live.hallEvent.connect(self.apply_event)
        self._live.hallChanged.connect(self.refresh_hall)
        self._live.connectionChanged.connect(self._set_connection)
        self._live.authFailed.connect(lambda _why: self._not_set_up())
        self._live.start()
        self._day_check.start()

    @Slot()
    def refresh_hall(self, _event: object = None) -> None:
        """hall.changed: read again what the board shows from the hall's configuration
        (its name, running text, counters' names and which counters there are). The
        calls and the counters' live state stay as the events made them."""

        self._hall_reads += 1
        read_no = self._hall_reads

        def read() -> tuple[Hall, list[Counter]]:
            return self._client.hall(), self._client.counters()

        self._runner.run(read, lambda answer: self._apply_hall(read_no, answer), lambda _e: None)

    def _apply_hall(self, read_no: int, answer: tuple[Hall, list[Counter]]) -> None:
        if read_no < self._hall_shown:
            return  # an older read answering late: a newer one is shown
        self._hall_shown = read_no
        hall, counters = answer
        shorts = {a.id: a.short for a in hall.agencies}
        wanted = {a.strip() for a in self._agencies_asked if a.strip()}
        tiles: dict[int, TileState] = {}
        for c in counters:
            if (self.zone is not None and c.zone != self.zone) or (
                wanted and c.agency_id not in wanted
            ):
                continue
            shown = self.counters.get(c.id)
            tiles[c.id] = (
                replace(shown, name=c.name, agency=shorts.get(c.agency_id, ""))
                if shown is not None
                else TileState(
                    c.id, c.name, shorts.get(c.agency_id, ""), str(c.status), None, False
                )
            )
        self.hall_name, self.running_text, self.counters = hall.name, hall.running_text, tiles
        if self._announcer is not None:
            self._announcer.set_counters(set(tiles))
        self.changed.emit()

    def _play(self, announcement: object, done: Callable[[], None]) -> None:
        if self._player is None:
            done()
        else:
            self._player(announcement, done)  # type: ignore[arg-type]

    # --- applying -----------------------------------------------------------------------

    def apply_snapshot(self, snapshot: BoardSnapshot) -> None:
        self.hall_name = snapshot.hall_name
        self.timezone = snapshot.timezone
        self.zone = snapshot.zone
        self.agency_label = snapshot.agency_label
        self.day = snapshot.day
        self.running_text = snapshot.running_text
        self.announcements = list(snapshot.announcements)
        self.counters = {t.id: t for t in snapshot.counters}
        self.calls = list(snapshot.calls)
        self.last_seq = snapshot.last_seq
        self.loaded = True
        self.changed.emit()

    @Slot(object)
    def apply_event(self, event: Event) -> None:
        if event.seq <= self.last_seq:
            return
        self.last_seq = event.seq
        if self.day is not None and hall_day(event.at, self.timezone) > self.day:
            # The server's first events of a new day (its expiries at midnight, the first
            # ticket): the board turns the day with it, even if this PC's clock lags.
            self._turn_day(hall_day(event.at, self.timezone))
        kind, data = event.type, event.data
        counter_id = data.get("counter_id")
        tile = self.counters.get(counter_id) if isinstance(counter_id, int) else None
        if kind in CALL_TYPES:
            if tile is None:
                return  # another zone's counter (the announcer ignores it too)
            number = str(data["number"])
            self._release(number)
            self.counters[tile.id] = replace(self.counters[tile.id], number=number, called=True)
            call = ShownCall.from_event(event)
            self.calls = [c for c in self.calls if c.number != number]
            self.calls.insert(0, call)
            del self.calls[LAST_CALLS:]
            now = time.monotonic()
            self.fresh_until = now + HIGHLIGHT_SECONDS
            self.tile_fresh_until[tile.id] = now + HIGHLIGHT_SECONDS
            self._highlight.start(int(HIGHLIGHT_SECONDS * 1000) + 50)
            self.callShown.emit(call)
            if self._announcer is not None:
                self._announcer.offer(_wire(event))
        elif kind == "ticket.serving":
            if tile is None:
                return
            self.counters[tile.id] = replace(tile, number=str(data["number"]), called=False)
        elif kind in LEAVES:
            if not self._release(str(data.get("number", ""))):
                return
        elif kind in COUNTER_STATUS:
            if tile is None:
                return
            self.counters[tile.id] = replace(tile, status=COUNTER_STATUS[kind])
        elif kind == "dossier.changed":
            self.dossiersChanged.emit()
            return
        elif kind == "hall.announcement" and data.get("text"):
            self.announcements.insert(0, str(data["text"]))
            del self.announcements[ANNOUNCEMENTS:]
        else:
            return
        self.changed.emit()

    @Slot()
    def check_day(self) -> None:
        """Turn the board's day when the hall's local date has changed (a quiet hall at
        midnight sends no event that would)."""
        today = hall_day(self._clock(), self.timezone)
        if self.day is not None and today > self.day:
            self._turn_day(today)

    def _turn_day(self, today: date) -> None:
        """A board left on overnight must not greet the morning with yesterday's calls.
        Called numbers go too: the server expires those tickets at its midnight (and says
        so with `ticket.expired`, which may come later, or never reach a board cut off
        overnight). A ticket still being served stays: the server keeps it."""
        self.day = today
        self.calls = [c for c in self.calls if hall_day(c.at, self.timezone) >= today]
        for cid, tile in self.counters.items():
            if tile.called:
                self.counters[cid] = replace(tile, number=None, called=False)
        self.fresh_until = 0.0
        self.tile_fresh_until.clear()
        self.announcements.clear()  # yesterday's notices ("loket 4 closes at 12") are stale
        self.changed.emit()

    def _release(self, number: str) -> bool:
        """A ticket is at one counter at a time: clear it wherever it was shown."""
        changed = False
        for cid, tile in self.counters.items():
            if tile.number == number:
                self.counters[cid] = replace(tile, number=None, called=False)
                changed = True
        return changed

    def _set_connection(self, state: str) -> None:
        if state != self.connection:
            self.connection = state
            self.connectionChanged.emit(state)

    def _set_notice(self, notice: str | None) -> None:
        text = notice or ""
        if text != self.notice:
            self.notice = text
            self.noticeChanged.emit(text)

    def show_notice(self, notice: str | None) -> None:
        """For the player: a problem with the sound output."""
        self._set_notice(notice)


def _wire(event: Event) -> dict[str, object]:
    return {"seq": event.seq, "type": event.type, "at": event.at.isoformat(), "data": event.data}


def default_voice() -> Voice | None:
    try:
        return Voice()
    except VoiceError:
        return None
