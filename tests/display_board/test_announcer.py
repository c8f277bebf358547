"""The announcer's queue: in order, never overlapping, never dropped, never repeated."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from display_board.announcer import Announcement, Announcer, Call, Offer
from display_board.voice import VOICE_DIR, Voice

NOW = datetime(2026, 3, 2, 2, 30, tzinfo=UTC)  # 09:30 WIB


def event(
    seq: int,
    number: str = "A001",
    counter: int | None = 1,
    *,
    type: str = "ticket.called",
    ticket_id: int | None = None,
    age: float = 1.0,
) -> dict[str, Any]:
    return {
        "seq": seq,
        "type": type,
        "at": (NOW - timedelta(seconds=age)).isoformat(timespec="milliseconds"),
        "data": {
            "ticket_id": ticket_id if ticket_id is not None else seq,
            "number": number,
            "service_id": "ktp",
            "counter_id": counter,
            "priority": "regular",
            "status": "called",
        },
    }


class HeldPlayer:
    """A sound card that plays for as long as the test says: `finish()` ends the current one."""

    def __init__(self) -> None:
        self.started: list[Announcement] = []
        self.pending: list[Callable[[], None]] = []
        self.overlaps = 0

    def __call__(self, announcement: Announcement, done: Callable[[], None]) -> None:
        if self.pending:
            self.overlaps += 1
        self.started.append(announcement)
        self.pending.append(done)

    def finish(self) -> None:
        self.pending.pop(0)()

    @property
    def numbers(self) -> list[str]:
        return [a.call.number for a in self.started]


def announcer(player: Any, **kw: Any) -> Announcer:
    return Announcer(player, clock=lambda: NOW, **kw)


def test_a_burst_of_calls_is_announced_in_order_one_at_a_time() -> None:
    player = HeldPlayer()
    board = announcer(player)
    numbers = [f"A{n:03d}" for n in range(1, 21)]

    for seq, number in enumerate(numbers, start=1):
        assert board.offer(event(seq, number, counter=seq % 4 + 1)) is Offer.QUEUED

    assert player.numbers == ["A001"]  # the first plays; 19 wait their turn
    assert [c.number for c in board.waiting] == numbers[1:]
    while player.pending:
        player.finish()
    assert player.numbers == numbers
    assert player.overlaps == 0
    assert board.idle


def test_the_phrase_names_the_counter_the_ticket_was_called_to() -> None:
    player = HeldPlayer()
    announcer(player).offer(event(7, "PK012", counter=12))
    assert player.started[0].keys == (
        "chime", "nomor antrean", "jeda", "pe", "ka", "dua", "belas", "jeda", "silakan menuju",
        "loket", "jeda", "dua", "belas",
    )  # fmt: skip


def test_a_recall_is_announced_again() -> None:
    player = HeldPlayer()
    board = announcer(player)
    board.offer(event(1, "B004", ticket_id=9))
    board.offer(event(2, "B004", ticket_id=9, type="ticket.recalled"))
    player.finish()
    player.finish()
    assert player.numbers == ["B004", "B004"]
    assert [a.call.recall for a in player.started] == [False, True]
    assert player.started[1].keys[:2] == ("chime", "panggilan ulang")


def test_a_replay_after_a_reconnect_announces_nothing_twice() -> None:
    player = HeldPlayer()
    board = announcer(player)
    first = [event(s, f"A{s:03d}") for s in (1, 2, 3)]
    for e in first:
        board.offer(e)

    # The socket dropped; the board reconnects with since=1 (say it had applied only 1):
    # the server replays 2 and 3 and then sends 4.
    offers = [board.offer(e) for e in [*first[1:], event(4, "A004")]]

    assert offers == [Offer.SEEN, Offer.SEEN, Offer.QUEUED]
    while player.pending:
        player.finish()
    assert player.numbers == ["A001", "A002", "A003", "A004"]
    assert board.last_seq == 4


def test_a_call_that_is_too_old_when_it_arrives_is_shown_but_not_spoken() -> None:
    player = HeldPlayer()
    board = announcer(player)
    assert board.offer(event(1, "A001", age=300)) is Offer.STALE
    assert board.offer(event(2, "A002", age=59)) is Offer.QUEUED
    assert player.numbers == ["A002"]
    assert board.offer(event(1, "A001", age=0)) is Offer.SEEN  # judged once, for good


def test_a_board_started_at_the_head_of_the_log_says_nothing_about_the_past() -> None:
    player = HeldPlayer()
    board = announcer(player, last_seq=40)
    assert board.offer(event(40, "A040", age=0)) is Offer.SEEN
    assert board.offer(event(41, "A041")) is Offer.QUEUED


def test_other_events_and_other_zones_are_not_spoken_but_still_counted() -> None:
    player = HeldPlayer()
    board = announcer(player, counters={1, 2})
    assert board.offer(event(1, type="ticket.issued", counter=None)) is Offer.IGNORED
    assert board.offer(event(2, type="ticket.serving")) is Offer.IGNORED
    assert (
        board.offer(
            {"seq": 3, "type": "hall.announcement", "at": NOW.isoformat(), "data": {"text": "x"}}
        )
        is Offer.IGNORED
    )
    assert board.offer(event(4, "D001", counter=3)) is Offer.IGNORED  # zone B's counter
    assert board.offer(event(5, "A001", counter=2)) is Offer.QUEUED
    assert board.last_seq == 5
    assert player.numbers == ["A001"]


def test_a_player_that_finishes_at_once_gets_every_call_of_a_long_burst() -> None:
    played: list[int] = []
    board = announcer(lambda a, done: (played.append(a.call.seq), done()))
    for seq in range(1, 2001):
        board.offer(event(seq, f"A{seq}"))
    assert played == list(range(1, 2001))  # no recursion limit, nothing skipped
    assert board.idle


def test_a_late_or_second_done_does_not_start_two_announcements() -> None:
    player = HeldPlayer()
    board = announcer(player)
    for seq in (1, 2, 3):
        board.offer(event(seq, f"A{seq:03d}"))
    done_first = player.pending[0]
    player.finish()  # A001 ends; A002 starts
    done_first()  # the sound system reports A001's end a second time
    assert player.numbers == ["A001", "A002"]
    assert board.playing == Call.from_event(event(2, "A002"))


def test_a_broken_sound_output_gives_a_notice_and_the_board_goes_on() -> None:
    notices: list[str | None] = []
    played: list[str] = []

    def player(announcement: Announcement, done: Callable[[], None]) -> None:
        if announcement.call.number == "A001":
            raise OSError("no audio device")
        played.append(announcement.call.number)
        done()

    board = announcer(player, on_notice=notices.append)
    board.offer(event(1, "A001"))
    board.offer(event(2, "A002"))
    assert played == ["A002"]
    assert board.notice is not None and "no audio device" in board.notice
    assert notices == [board.notice]


def test_with_a_voice_the_player_gets_the_assembled_wav() -> None:
    player = HeldPlayer()
    voice = Voice()
    announcer(player, voice=voice).offer(event(1, "A123", counter=3))
    assert player.started[0].wav == voice.assemble(list(player.started[0].keys))


def test_a_missing_word_falls_back_to_the_chime_and_a_missing_chime_to_silence(
    tmp_path: Path,
) -> None:
    voice_dir = tmp_path / "voice"
    shutil.copytree(VOICE_DIR, voice_dir)
    (voice_dir / "seratus.wav").unlink()
    player = HeldPlayer()
    board = announcer(player, voice=Voice(voice_dir))

    board.offer(event(1, "A100"))
    assert player.started[0].keys == ("chime",)
    assert player.started[0].wav
    assert board.notice is not None and "hanya bel" in board.notice

    player.finish()
    board.offer(event(2, "A002"))  # every word of this one exists: the notice clears
    assert player.started[1].keys[3:5] == ("a", "dua")
    assert board.notice is None

    (voice_dir / "chime.wav").unlink()  # read by a board started after this
    quiet = HeldPlayer()
    later = announcer(quiet, voice=Voice(voice_dir))
    later.offer(event(3, "A100"))
    assert quiet.started[0].keys == () and quiet.started[0].wav == b""
    assert later.notice is not None and "tidak tersedia" in later.notice


# Any mix of calls, replays (reconnects from an earlier seq) and players finishing late.
steps = st.lists(
    st.one_of(
        st.tuples(st.just("call"), st.sampled_from(["ticket.called", "ticket.recalled"])),
        st.tuples(st.just("reconnect"), st.integers(0, 30)),
        st.tuples(st.just("finish"), st.just("")),
    ),
    max_size=60,
)


@given(steps)
def test_whatever_the_replays_every_call_is_spoken_once_in_seq_order(
    script: list[tuple[str, Any]],
) -> None:
    player = HeldPlayer()
    board = announcer(player)
    log: list[dict[str, Any]] = []
    for kind, arg in script:
        if kind == "call":
            log.append(event(len(log) + 1, f"A{len(log) + 1:03d}", type=arg))
            board.offer(log[-1])
        elif kind == "reconnect":
            for e in log[min(arg, len(log)) :]:  # the server replays from `since`
                board.offer(e)
        elif player.pending:
            player.finish()
    while player.pending:
        player.finish()
    assert [a.call.seq for a in player.started] == list(range(1, len(log) + 1))
    assert player.overlaps == 0
