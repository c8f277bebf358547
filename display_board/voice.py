"""The voice clips as sound: how the Qt board joins them into one WAV, and how the
manifest is written from the recorded files.

Which words exist, the manifest's shape and what a call says live in the domain
(`queue_core.spoken_call`), where the web board (the server) reads them too.
"""

from __future__ import annotations

import io
import json
import wave
from pathlib import Path

from queue_core.spoken_call import (
    CHIME,
    GAP_SECONDS,
    MANIFEST,
    PAUSE,
    PAUSE_SECONDS,
    VOCABULARY,
    VOICE_DIR,
    Clip,
    Manifest,
    VoiceError,
    load_manifest,
)

__all__ = [
    "CHIME",
    "PAUSE",
    "PAUSE_SECONDS",
    "VOCABULARY",
    "VOICE_DIR",
    "Voice",
    "VoiceError",
    "assemble_wav",
    "load_manifest",
    "write_manifest",
]

RATE = 22_050
CHANNELS = 1
SAMPLE_WIDTH = 2  # 16-bit PCM


def write_manifest(voice_dir: Path = VOICE_DIR) -> Manifest:
    """Describe the clips found in `voice_dir` (durations from the files themselves)."""
    clips = {}
    for key, name in VOCABULARY.items():
        with _open(voice_dir / name, key) as w:
            _check(w, name, (CHANNELS, SAMPLE_WIDTH, RATE))
            clips[key] = Clip(name, round(w.getnframes() / w.getframerate(), 3))
    manifest = Manifest(RATE, CHANNELS, SAMPLE_WIDTH, GAP_SECONDS, clips)
    # One clip a line: a hall that re-records a word sees a one-line diff.
    lines = [
        f"  {json.dumps(key, ensure_ascii=False)}: "
        + json.dumps({"file": c.file, "seconds": c.seconds}, ensure_ascii=False)
        for key, c in clips.items()
    ]
    text = (
        "{\n"
        f' "format": {{"rate": {RATE}, "channels": {CHANNELS}, "sample_width": {SAMPLE_WIDTH}}},\n'
        f' "gap_ms": {round(GAP_SECONDS * 1000)},\n'
        ' "clips": {\n' + ",\n".join(lines) + "\n }\n}\n"
    )
    (voice_dir / MANIFEST).write_text(text, encoding="utf-8")
    return manifest


class Voice:
    """The clips of one voice folder, read once and kept: a board speaks all day."""

    def __init__(self, voice_dir: Path = VOICE_DIR) -> None:
        self.dir = voice_dir
        self.manifest = load_manifest(voice_dir)
        self._frames: dict[str, bytes] = {}

    @property
    def format(self) -> tuple[int, int, int]:
        m = self.manifest
        return m.channels, m.sample_width, m.rate

    def frames(self, key: str) -> bytes:
        """The PCM frames of one clip, checked against the voice's format."""
        cached = self._frames.get(key)
        if cached is not None:
            return cached
        clip = self.manifest.clips.get(key)
        if clip is None:
            raise VoiceError(f"no clip for {key!r} in {self.dir / MANIFEST}")
        with _open(self.dir / clip.file, key) as w:
            _check(w, clip.file, self.format)
            frames = w.readframes(w.getnframes())
        self._frames[key] = frames
        return frames

    def assemble(self, keys: list[str], gap_seconds: float | None = None) -> bytes:
        """One WAV file: the clips in order, a short silence between each two."""
        channels, width, rate = self.format
        gap = self.manifest.gap_seconds if gap_seconds is None else gap_seconds
        silence = b"\x00" * (round(gap * rate) * channels * width)
        parts = [self.frames(key) for key in keys]  # all checked before anything is written
        out = io.BytesIO()
        with wave.open(out, "wb") as w:
            w.setnchannels(channels)
            w.setsampwidth(width)
            w.setframerate(rate)
            w.writeframes(silence.join(parts))
        return out.getvalue()


def assemble_wav(clip_keys: list[str], voice_dir: Path = VOICE_DIR) -> bytes:
    """The WAV a board plays for these clip keys (see `phrase_for`)."""
    return Voice(voice_dir).assemble(clip_keys)


def _open(path: Path, key: str) -> wave.Wave_read:
    try:
        return wave.open(str(path), "rb")
    except FileNotFoundError as exc:
        raise VoiceError(f"clip {key!r}: {path} is missing") from exc
    except (wave.Error, EOFError) as exc:
        raise VoiceError(f"clip {key!r}: {path} is not a PCM WAV file ({exc})") from exc


def _check(w: wave.Wave_read, name: str, expected: tuple[int, int, int]) -> None:
    found = (w.getnchannels(), w.getsampwidth(), w.getframerate())
    if found != expected:
        # Joining clips of different formats would play some at the wrong speed or as noise.
        channels, width, rate = expected
        raise VoiceError(
            f"{name}: {found[0]} channel(s), {8 * found[1]}-bit, {found[2]} Hz; the voice is "
            f"{channels} channel(s), {8 * width}-bit, {rate} Hz (convert it: "
            f"sox IN.wav -r {rate} -c {channels} -b {8 * width} {name})"
        )
