"""The desktop board's voice through a real sound server: PulseAudio with a null sink (a
sound card that plays into nothing), its monitor recorded with `parec`.

What the other tests check is the assembled WAV and the order the player is handed
calls; this one checks that sound really leaves the board, through the same
command-line path a hall PC uses (`paplay` in a QProcess), and that two calls in a row
play one after the other — never over each other — by measuring how long the recorded
sound lasts. Skipped with the reason where PulseAudio is missing; CI installs it and sets
ANTRE_REQUIRE_AUDIO=1, so there a missing part fails instead.
"""

from __future__ import annotations

import array
import math
import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from support import wait_until

from display_board.announcer import Announcer
from display_board.board_model import default_voice
from display_board.qt_player import QtPlayer, wav_seconds

RATE = 8000  # recorded mono at 8 kHz: enough to tell sound from silence
WINDOW = RATE // 20  # 50 ms
LOUD = 300  # RMS of a 16-bit window that is clearly not silence (the clips peak near 10⁴)


@pytest.fixture
def sound_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    missing = [c for c in ("pulseaudio", "paplay", "parec") if shutil.which(c) is None]
    if missing:
        why = f"{', '.join(missing)} not found: apt-get install pulseaudio pulseaudio-utils"
        if os.environ.get("ANTRE_REQUIRE_AUDIO"):
            pytest.fail(why)
        pytest.skip(why)
    socket = tmp_path / "native"
    log = (tmp_path / "pulseaudio.log").open("wb")
    env = {**os.environ, "HOME": str(tmp_path), "PULSE_RUNTIME_PATH": str(tmp_path)}
    daemon = subprocess.Popen(
        [
            "pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
            "--disallow-exit", "--log-target=stderr",
            "-L", "module-null-sink sink_name=hall",
            "-L", f"module-native-protocol-unix socket={socket} auth-anonymous=1",
        ],
        env=env, stdout=subprocess.DEVNULL, stderr=log,
    )  # fmt: skip
    server = f"unix:{socket}"
    monkeypatch.setenv("PULSE_SERVER", server)  # paplay, started by the board, finds it
    try:
        wait_until(
            lambda: subprocess.run(["pactl", "info"], capture_output=True).returncode == 0,
            timeout=20,
            what="pulseaudio to answer",
        )
        yield server
    finally:
        daemon.terminate()
        daemon.wait(timeout=10)
        log.close()


class Recording:
    """`parec` on the null sink's monitor, raw 16-bit mono, into a file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._out = path.open("wb")
        self._proc = subprocess.Popen(
            ["parec", "-d", "hall.monitor", "--raw", "--format=s16le",
             f"--rate={RATE}", "--channels=1", "--latency-msec=50"],
            stdout=self._out,
        )  # fmt: skip

    def stop(self) -> array.array[int]:
        self._proc.terminate()
        self._proc.wait(timeout=10)
        self._out.close()
        samples = array.array("h")
        samples.frombytes(self.path.read_bytes()[: self.path.stat().st_size // 2 * 2])
        return samples


def loud_windows(samples: array.array[int]) -> list[int]:
    """Indexes of the 50 ms windows whose RMS is above LOUD."""
    loud = []
    for start in range(0, len(samples) - WINDOW + 1, WINDOW):
        chunk = samples[start : start + WINDOW]
        if math.sqrt(sum(s * s for s in chunk) / WINDOW) > LOUD:
            loud.append(start // WINDOW)
    return loud


def call_event(seq: int, number: str, counter: int) -> dict[str, Any]:
    return {
        "seq": seq,
        "type": "ticket.called",
        "at": (datetime.now(UTC) - timedelta(seconds=1)).isoformat(),
        "data": {"ticket_id": seq, "number": number, "counter_id": counter},
    }


def test_two_calls_are_heard_one_after_the_other(
    qtbot: QtBot, sound_server: str, tmp_path: Path
) -> None:
    voice = default_voice()
    assert voice is not None
    notices: list[str | None] = []
    player = QtPlayer(notices.append, command="paplay", use_multimedia=False)
    assert player.backend == "paplay"
    spoken: list[float] = []

    def play(announcement: Any, done: Any) -> None:
        spoken.append(wav_seconds(announcement.wav))
        player(announcement, done)

    announcer = Announcer(play, voice=voice)
    recording = Recording(tmp_path / "hall.raw")
    wait_until(lambda: recording.path.stat().st_size > RATE, timeout=20,
               what="the recorder to run")  # fmt: skip
    # Two calls in the same instant, as two counters pressing "call next" together.
    announcer.offer(call_event(1, "A1", 2))  # short phrases: the test lasts what they do
    announcer.offer(call_event(2, "B2", 1))
    qtbot.waitUntil(lambda: len(spoken) == 2 and announcer.idle, timeout=60_000)
    samples = recording.stop()
    player.close()
    # Delete the player (and its finished QProcesses) now, on Qt's terms: left to
    # Python's cycle collector (the announcer and `play` hold it), it could be destroyed
    # in the middle of a later event loop pass, which crashes Qt.
    gone: list[bool] = []
    player.destroyed.connect(lambda: gone.append(True))
    player.deleteLater()
    qtbot.waitUntil(lambda: bool(gone), timeout=5_000)

    assert notices and notices[-1] is None  # the player said nothing went wrong
    loud = loud_windows(samples)
    assert loud, "nothing was heard on the sound card"
    heard_from, heard_to = loud[0] * WINDOW / RATE, (loud[-1] + 1) * WINDOW / RATE
    both = sum(spoken)
    # In turn: the sound lasts about as long as both announcements together. Played
    # over each other it would last about as long as the longer one alone.
    assert heard_to - heard_from > max(spoken) + 0.5 * min(spoken)
    assert heard_to - heard_from > 0.8 * both
    # And mostly sound, not a short blip: the chime and the words fill the time.
    assert len(loud) * WINDOW / RATE > 0.4 * both


FINE = RATE // 100  # 10 ms: fine enough to time a pause between two words


def silence_around(samples: array.array[int], at: float) -> float:
    """Seconds of unbroken silence (10 ms windows below LOUD) around the moment `at`."""

    def quiet(i: int) -> bool:
        chunk = samples[i * FINE : (i + 1) * FINE]
        return len(chunk) == FINE and math.sqrt(sum(s * s for s in chunk) / FINE) <= LOUD

    middle = int(at * RATE) // FINE
    if not quiet(middle):
        return 0.0
    first = last = middle
    while first > 0 and quiet(first - 1):
        first -= 1
    while quiet(last + 1):
        last += 1
    return (last - first + 1) * FINE / RATE


def test_a_recall_is_heard_opening_with_panggilan_ulang_and_pausing_at_each_phrase_break(
    qtbot: QtBot, sound_server: str, tmp_path: Path
) -> None:
    voice = default_voice()
    assert voice is not None
    player = QtPlayer(lambda _: None, command="paplay", use_multimedia=False)
    started: list[Any] = []

    def play(announcement: Any, done: Any) -> None:
        started.append(announcement)
        player(announcement, done)

    announcer = Announcer(play, voice=voice)
    recording = Recording(tmp_path / "hall.raw")
    wait_until(lambda: recording.path.stat().st_size > RATE, timeout=20,
               what="the recorder to run")  # fmt: skip
    recall = {**call_event(1, "A17", 3), "type": "ticket.recalled"}
    announcer.offer(recall)
    qtbot.waitUntil(lambda: len(started) == 1 and announcer.idle, timeout=60_000)
    samples = recording.stop()
    player.close()
    gone: list[bool] = []
    player.destroyed.connect(lambda: gone.append(True))
    player.deleteLater()
    qtbot.waitUntil(lambda: bool(gone), timeout=5_000)

    keys = list(started[0].keys)
    assert keys[:2] == ["chime", "panggilan ulang"]
    # Where each clip sits in the sound, counted from the chime's first loud window.
    manifest = voice.manifest
    loud = loud_windows(samples)
    assert loud, "nothing was heard on the sound card"
    at, spans = loud[0] * WINDOW / RATE, []
    for key in keys:
        spans.append((key, at, at + manifest.clips[key].seconds))
        at += manifest.clips[key].seconds + manifest.gap_seconds
    recall_from, recall_to = spans[1][1], spans[1][2]
    heard = [i for i in loud if recall_from <= i * WINDOW / RATE < recall_to]
    assert len(heard) * WINDOW / RATE > 0.5 * (recall_to - recall_from)  # "Panggilan ulang"
    breaks = [
        silence_around(samples, (start + end) / 2) for key, start, end in spans if key == "jeda"
    ]
    assert len(breaks) == 4 and min(breaks) >= 0.25, breaks  # after ulang, antrean, 17, loket
    tujuh = next(i for i, span in enumerate(spans) if span[0] == "tujuh")
    assert spans[tujuh + 1][0] == "belas"
    inside = silence_around(samples, (spans[tujuh][2] + spans[tujuh + 1][1]) / 2)
    assert inside < 0.15, inside  # "tujuh belas", one number
    print(f"breaks {[round(b, 2) for b in breaks]} s, inside 'tujuh belas' {inside:.2f} s")
