"""Plays the announcer's assembled WAV on the desktop board, whatever this PC offers.

In order of preference: QtMultimedia's QSoundEffect (not in PySide6-Essentials), else a
command-line player (`paplay`, `pw-play`, `aplay`) run as a QProcess, else nothing: the
board says "suara tidak tersedia" and keeps showing calls. It never blocks the GUI
thread and never raises into the announcer: every path ends in `done()`.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import wave
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QTimer, QUrl

from display_board.announcer import Announcement

NO_SOUND = "Suara tidak tersedia: tidak ada keluaran suara di PC ini"
COMMANDS = ("paplay", "pw-play", "aplay")
SLACK_MS = 5000
"""A player still running this long after its WAV should have ended is stopped."""

try:  # PySide6-Essentials has no QtMultimedia
    from PySide6.QtMultimedia import QSoundEffect

    HAS_MULTIMEDIA = True
except ImportError:  # pragma: no cover - depends on the installed PySide6
    HAS_MULTIMEDIA = False


def wav_seconds(wav: bytes) -> float:
    try:
        with wave.open(io.BytesIO(wav), "rb") as w:
            return w.getnframes() / float(w.getframerate())
    except (wave.Error, EOFError):
        return 0.0


class QtPlayer(QObject):
    """An `announcer.Player`: `player(announcement, done)`."""

    def __init__(
        self,
        on_notice: Callable[[str | None], None] | None = None,
        *,
        command: str | None = None,
        use_multimedia: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_notice = on_notice
        self._dir = Path(tempfile.mkdtemp(prefix="antre-board-"))
        self._command: str | None = None
        self.backend = "none"
        if use_multimedia and HAS_MULTIMEDIA:
            self.backend = "qtmultimedia"
        else:
            found = command or next((c for c in COMMANDS if shutil.which(c)), None)
            if found and shutil.which(found):
                self._command = shutil.which(found)
                self.backend = Path(found).name
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._current: tuple[Callable[[], None], object] | None = None
        self._watchdog.timeout.connect(self._give_up)

    @property
    def available(self) -> bool:
        return self.backend != "none"

    def __call__(self, announcement: Announcement, done: Callable[[], None]) -> None:
        if not announcement.wav or not self.available:
            if not self.available:
                self._notice(NO_SOUND)
            done()
            return
        path = self._dir / f"call-{announcement.call.seq}.wav"
        path.write_bytes(announcement.wav)
        timeout = int(wav_seconds(announcement.wav) * 1000) + SLACK_MS
        if self.backend == "qtmultimedia":
            self._play_effect(path, done, timeout)
        else:
            self._play_process(path, done, timeout)

    def _play_process(self, path: Path, done: Callable[[], None], timeout: int) -> None:
        assert self._command is not None
        process = QProcess(self)

        def finish(*_: object) -> None:
            if self._current is None or self._current[1] is not process:
                return
            self._current = None
            self._watchdog.stop()
            if process.exitStatus() != QProcess.ExitStatus.NormalExit or process.exitCode():
                self._notice(f"Suara tidak dapat diputar ({Path(self._command or '').name})")
            else:
                self._notice(None)
            process.deleteLater()
            path.unlink(missing_ok=True)
            done()

        self._current = (finish, process)
        process.finished.connect(finish)
        process.errorOccurred.connect(
            lambda error: finish() if error == QProcess.ProcessError.FailedToStart else None
        )
        self._watchdog.start(timeout)
        process.start(self._command, [str(path)])

    def _play_effect(self, path: Path, done: Callable[[], None], timeout: int) -> None:
        assert HAS_MULTIMEDIA
        effect = QSoundEffect(self)
        started = False

        def changed() -> None:
            nonlocal started
            if effect.isPlaying():
                started = True
            elif started:
                finish()

        def finish(*_: object) -> None:
            if self._current is None or self._current[1] is not effect:
                return
            self._current = None
            self._watchdog.stop()
            effect.deleteLater()
            path.unlink(missing_ok=True)
            done()

        self._current = (finish, effect)
        effect.playingChanged.connect(changed)
        effect.setSource(QUrl.fromLocalFile(str(path)))
        self._watchdog.start(timeout)
        effect.play()

    def _give_up(self) -> None:
        if self._current is None:
            return
        finish, thing = self._current
        if isinstance(thing, QProcess):
            thing.kill()
        finish()

    def _notice(self, text: str | None) -> None:
        if self._on_notice is not None:
            self._on_notice(text)

    def close(self) -> None:
        self._give_up()
        shutil.rmtree(self._dir, ignore_errors=True)
