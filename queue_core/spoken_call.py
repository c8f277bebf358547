"""What a board says for a call, and which recorded clips say it.

"Nomor antrean, A seratus dua puluh tiga, silakan menuju loket, tiga": a call is spoken
by playing short recorded clips one after another, so only a small vocabulary is ever
recorded (the chime, four phrases, the letter names, the number words Indonesian needs
up to 999,999, and one clip of silence, the pause at a phrase break). The web board (the server) and the Qt board both say a call with these
keys and read the same voice manifest, so it all lives here, in the domain, where both
may import it: standard library only. A hall replaces any clip with its own recording
under the same file name; `assets/voice/README.md` says how.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

VOICE_DIR = Path(__file__).resolve().parent.parent / "assets" / "voice"
MANIFEST = "manifest.json"

CHIME = "chime"
RECALL = "panggilan ulang"
PHRASES = ("nomor antrean", "silakan menuju", "loket", RECALL)
PAUSE = "jeda"
"""A clip of silence played at a phrase break (after "nomor antrean", after the number,
after "loket"). With the gap on both sides it makes a break of about 0.36 s, where the
words of one number stay 0.09 s apart: heard flat, "A tujuh, belas" and "A tujuh belas"
were the same call. A clip rather than a player setting, so both boards (web and Qt)
pause alike with no change to how they play a phrase, and a hall can retune it."""
PAUSE_SECONDS = 0.18

# Indonesian letter names (ejaan bahasa Indonesia), as people say them over a speaker.
_NAMES = "a be ce de e ef ge ha i je ka el em en o pe ki er es te u fe we eks ye zet"
LETTERS: dict[str, str] = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", _NAMES.split(" "), strict=True))

NUMBER_WORDS = (
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
    "belas",
    "puluh",
    "seratus",
    "ratus",
    "seribu",
    "ribu",
)
"""Every word Indonesian uses for 0 ≤ n < 1,000,000 ("juta" never comes up in a hall day,
so it is not recorded)."""
DIGITS = NUMBER_WORDS[:10]
SPOKEN_LIMIT = 1_000_000
"""Numbers from here on are said digit by digit."""


def clip_file(key: str) -> str:
    """The file name of a clip key. Letters get a prefix: "e" the letter is not a word."""
    if key in LETTERS.values():
        return f"huruf-{key}.wav"
    if key == PAUSE:
        return "jeda.wav"
    return key.replace(" ", "-") + ".wav"


VOCABULARY: dict[str, str] = {
    key: clip_file(key) for key in (CHIME, *PHRASES, PAUSE, *LETTERS.values(), *NUMBER_WORDS)
}
"""Clip key → file name, for every clip a phrase can use."""

GAP_SECONDS = 0.09
"""Silence between two clips: words run together without it, and longer sounds halting."""


class VoiceError(Exception):
    """A clip is missing or not in the voice's sample format."""


@dataclass(frozen=True)
class Clip:
    file: str
    seconds: float


@dataclass(frozen=True)
class Manifest:
    rate: int
    channels: int
    sample_width: int
    gap_seconds: float
    clips: dict[str, Clip]


def load_manifest(voice_dir: Path = VOICE_DIR) -> Manifest:
    try:
        raw = json.loads((voice_dir / MANIFEST).read_text(encoding="utf-8"))
        fmt = raw["format"]
        return Manifest(
            rate=int(fmt["rate"]),
            channels=int(fmt["channels"]),
            sample_width=int(fmt["sample_width"]),
            gap_seconds=float(raw.get("gap_ms", GAP_SECONDS * 1000)) / 1000,
            clips={
                key: Clip(str(entry["file"]), float(entry["seconds"]))
                for key, entry in raw["clips"].items()
            },
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise VoiceError(f"{voice_dir / MANIFEST}: cannot read the voice manifest ({exc})") from exc


_TICKET = re.compile(r"^\s*([A-Za-z]{0,3})\s*(\d{1,9})\s*$")
_TRAILING_NUMBER = re.compile(r"(\d+)\s*$")


def _below_thousand(n: int) -> list[str]:
    """1 ≤ n ≤ 999 in words: sebelas, dua belas, dua puluh tiga, seratus, dua ratus lima."""
    hundreds, rest = divmod(n, 100)
    words = [] if hundreds == 0 else ["seratus"] if hundreds == 1 else [DIGITS[hundreds], "ratus"]
    tens, ones = divmod(rest, 10)
    if rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif tens == 1:
        words += [DIGITS[ones], "belas"]
    else:
        if tens:
            words += [DIGITS[tens], "puluh"]
        if ones:
            words.append(DIGITS[ones])
    return words


def number_words(n: int) -> list[str]:
    """Clip keys for a whole number: 123 → seratus, dua, puluh, tiga. The words are the
    ones num2words(n, lang="id") writes (a test compares every n below a million), kept
    here by hand because the domain imports nothing outside the standard library."""
    if n < 0:
        raise ValueError(f"no words for a negative number: {n}")
    if n == 0:
        return ["nol"]
    if n >= SPOKEN_LIMIT:
        # Past the recorded vocabulary ("juta"): digit by digit still gets the citizen there.
        return [DIGITS[int(d)] for d in str(n)]
    thousands, rest = divmod(n, 1000)
    words = [] if thousands == 0 else ["seribu"] if thousands == 1 else _below_thousand(thousands)
    if thousands > 1:
        words.append("ribu")
    return words + (_below_thousand(rest) if rest else [])


def ticket_words(number: str) -> list[str]:
    """Clip keys for a ticket number: letters one by one, then the number without its
    leading zeros ("PK007" → pe, ka, tujuh)."""
    match = _TICKET.match(number)
    if match is None:
        raise ValueError(f"not a ticket number: {number!r}")
    prefix, digits = match.groups()
    return [LETTERS[c] for c in prefix.upper()] + number_words(int(digits))


def counter_number(counter: int | str) -> int:
    """The loket number of a counter id (int) or name ("Loket 12" → 12)."""
    if isinstance(counter, int):
        return counter
    match = _TRAILING_NUMBER.search(counter)
    if match is None:
        raise ValueError(f"no loket number in {counter!r}")
    return int(match.group(1))


def phrase_for(number: str, counter: int | str, *, recall: bool = False) -> list[str]:
    """The clip keys announcing ticket `number` at `counter` (its loket number or name):
    "(chime) Nomor antrean, A tujuh belas, silakan menuju loket, tiga." A recall opens with
    "Panggilan ulang," so the citizen who heard the first call knows it is the same one.

    The loket said is the counter's id; the hall file refuses a counter whose name shows
    another number (`queue_core.hall`), so the voice and the board never disagree."""
    opening = [RECALL, PAUSE] if recall else []
    return [
        CHIME,
        *opening,
        "nomor antrean",
        PAUSE,
        *ticket_words(number),
        PAUSE,
        "silakan menuju",
        "loket",
        PAUSE,
        *number_words(counter_number(counter)),
    ]
