"""The shipped voice clips and how they join into one WAV."""

from __future__ import annotations

import io
import shutil
import wave
from array import array
from pathlib import Path

import pytest

from display_board.voice import (
    VOCABULARY,
    VOICE_DIR,
    Voice,
    VoiceError,
    assemble_wav,
    load_manifest,
    write_manifest,
)
from queue_core.spoken_call import PAUSE, phrase_for


def frames_of(path: Path) -> int:
    with wave.open(str(path), "rb") as w:
        return w.getnframes()


def test_every_word_of_the_vocabulary_is_shipped_as_a_small_mono_22khz_16bit_clip() -> None:
    manifest = load_manifest()
    assert set(manifest.clips) == set(VOCABULARY)
    for key, clip in manifest.clips.items():
        with wave.open(str(VOICE_DIR / clip.file), "rb") as w:
            assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050), key
            seconds = w.getnframes() / w.getframerate()
            samples = w.readframes(w.getnframes())
        assert 0.15 < seconds < 2.5, (key, seconds)
        assert abs(seconds - clip.seconds) < 0.002, f"manifest out of date for {key!r}"
        loudest = max(map(abs, array("h", samples)))
        if key == PAUSE:  # the pause between phrases (docs/glossary.md, the voice): silence
            assert loudest < 100, f"the pause clip is not silent ({loudest})"
        else:
            assert loudest > 8000, f"{key!r} is (nearly) silent"


def test_the_voice_folder_stays_small() -> None:
    total = sum(p.stat().st_size for p in VOICE_DIR.iterdir())
    assert total < 2 * 1024 * 1024, total


def test_the_committed_manifest_is_what_the_clips_say(tmp_path: Path) -> None:
    copy = tmp_path / "voice"
    shutil.copytree(VOICE_DIR, copy)
    write_manifest(copy)
    assert (copy / "manifest.json").read_text() == (VOICE_DIR / "manifest.json").read_text()


def test_an_assembled_call_is_a_wav_as_long_as_its_clips_plus_the_gaps() -> None:
    keys = phrase_for("A123", 3)
    manifest = load_manifest()

    wav = assemble_wav(keys)

    with wave.open(io.BytesIO(wav), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050)
        got = w.getnframes()
    gap = round(manifest.gap_seconds * 22050)
    clips = sum(frames_of(VOICE_DIR / manifest.clips[k].file) for k in keys)
    assert got == clips + gap * (len(keys) - 1)
    assert 6.0 < got / 22050 < 12.0  # about eight seconds: short enough for a busy hall


def test_a_clip_repeated_in_a_phrase_is_played_each_time() -> None:
    voice = Voice()
    once = len(voice.assemble(["tiga"]))
    twice = len(voice.assemble(["tiga", "tiga"], gap_seconds=0))
    assert twice - once == len(voice.frames("tiga"))


def test_a_replaced_clip_in_another_format_is_refused_with_the_fix(tmp_path: Path) -> None:
    voice_dir = tmp_path / "voice"
    shutil.copytree(VOICE_DIR, voice_dir)
    with wave.open(str(voice_dir / "loket.wav"), "wb") as w:  # a hall's own 44.1 kHz stereo take
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(44100)
        w.writeframes(b"\x00\x01" * 4410)

    with pytest.raises(VoiceError, match=r"loket\.wav: 2 channel.*44100 Hz.*sox"):
        assemble_wav(phrase_for("A1", 1), voice_dir)


def test_a_missing_clip_or_manifest_is_a_voice_error(tmp_path: Path) -> None:
    voice_dir = tmp_path / "voice"
    shutil.copytree(VOICE_DIR, voice_dir)
    (voice_dir / "huruf-a.wav").unlink()
    with pytest.raises(VoiceError, match=r"huruf-a\.wav is missing"):
        assemble_wav(["chime", "a"], voice_dir)
    with pytest.raises(VoiceError, match="no clip for 'juta'"):
        assemble_wav(["juta"], voice_dir)
    with pytest.raises(VoiceError, match="manifest"):
        Voice(tmp_path)
