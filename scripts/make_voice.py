"""Generate the board's voice clips into assets/voice/ (or --out DIR).

Words, letters and number words are spoken by espeak-ng's Indonesian voice; the chime is
synthesized by sox (two bell tones, "ding-dong"). Every clip is mono, 22.05 kHz, 16-bit
WAV with its silences trimmed. Then the manifest (key → file, seconds) is written.

    .venv/bin/python scripts/make_voice.py [--out DIR] [--speed WPM] [--only KEY ...]
    .venv/bin/python scripts/make_voice.py --manifest-only   # after replacing clips by hand

Needs `apt-get install espeak-ng sox` (only to regenerate: the board and the tests use the
committed clips).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from display_board.voice import (  # noqa: E402
    CHANNELS,
    CHIME,
    PAUSE,
    PAUSE_SECONDS,
    RATE,
    SAMPLE_WIDTH,
    VOCABULARY,
    VOICE_DIR,
    VoiceError,
    write_manifest,
)

# espeak-ng reads these with a schwa or a closed e; people in the hall say lo-KET and the
# letter S as "ès". Phoneme input ([[…]]) says them the Indonesian way.
SPOKEN = {"loket": "[[l'okEt]]", "es": "[['Es]]"}
FORMAT = ["-r", str(RATE), "-c", str(CHANNELS), "-b", str(8 * SAMPLE_WIDTH), "-e", "signed"]
# Trim the leading silence (below 0.5 % for 10 ms) and fade in over 5 ms, then the same
# at the end, backwards (sox cannot fade out before it knows the length); soft edges keep
# joined clips from clicking. Then the same loudness for every clip.
TRIM = ["silence", "1", "0.01", "0.5%", "fade", "t", "0.005", "reverse"] * 2 + ["norm", "-1"]


def run(*command: str) -> None:
    if command[0] == "sox":
        # -R: the same input gives the same bytes (sox dithers with random noise otherwise),
        # so regenerating the clips shows no diff for words that did not change.
        command = ("sox", "-R", *command[1:])
    subprocess.run(command, check=True, capture_output=True)


def speak(text: str, out: Path, speed: int, work: Path) -> None:
    raw = work / "raw.wav"
    run("espeak-ng", "-v", "id", "-s", str(speed), "-p", "45", "-w", str(raw), text)
    run("sox", str(raw), *FORMAT, str(out), *TRIM)


def chime(out: Path, work: Path) -> None:
    """A soft two-tone bell, E5 then C5 ("ding-dong"), each with an octave partial that
    fades faster than the fundamental, the way a struck bar sounds."""
    tones = []
    for name, freq, start in (("ding", 659.25, 0.0), ("dong", 523.25, 0.55)):
        parts = []
        for partial, gain, length in ((1, 0.6, 1.3), (2, 0.18, 0.5), (3, 0.06, 0.25)):
            part = work / f"{name}-{partial}.wav"
            run(
                "sox", "-n", *FORMAT, str(part), "synth", str(length), "sine",
                str(freq * partial), "fade", "l", "0.004", str(length), str(length - 0.01),
                "vol", str(gain), "pad", str(start), "0",
            )  # fmt: skip
            parts.append(str(part))
        tone = work / f"{name}.wav"
        run("sox", "-m", *parts, str(tone))
        tones.append(str(tone))
    run("sox", "-m", *tones, *FORMAT, str(out), "norm", "-3", "fade", "t", "0", "0", "0.3")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=VOICE_DIR, help="the voice folder")
    parser.add_argument("--speed", type=int, default=135, help="words per minute (espeak -s)")
    parser.add_argument("--only", nargs="*", choices=sorted(VOCABULARY), help="just these")
    parser.add_argument(
        "--manifest-only", action="store_true", help="rewrite the manifest from the files"
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    if not args.manifest_only:
        missing = [tool for tool in ("espeak-ng", "sox") if shutil.which(tool) is None]
        if missing:
            print(f"needs {' and '.join(missing)}: apt-get install espeak-ng sox", file=sys.stderr)
            return 1
        with tempfile.TemporaryDirectory(prefix="antre-voice-") as tmp:
            work = Path(tmp)
            for key in args.only or VOCABULARY:
                target = args.out / VOCABULARY[key]
                if key == CHIME:
                    chime(target, work)
                elif key == PAUSE:  # silence, not a word: the break at a comma
                    run("sox", "-n", *FORMAT, str(target), "trim", "0", str(PAUSE_SECONDS))
                else:
                    speak(SPOKEN.get(key, key), target, args.speed, work)

    try:
        manifest = write_manifest(args.out)
    except VoiceError as exc:
        print(f"make_voice: {exc}", file=sys.stderr)
        return 1
    total = sum((args.out / c.file).stat().st_size for c in manifest.clips.values())
    seconds = sum(c.seconds for c in manifest.clips.values())
    print(f"{len(manifest.clips)} clips, {seconds:.1f} s, {total / 1024:.0f} KiB in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
