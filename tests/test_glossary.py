"""Every user-facing string uses the glossary's words (docs/glossary.md).

The forbidden variants are read from the glossary's own table, so the doc and this test
cannot drift. Strings come from: every string literal (docstrings aside) of the packages
whose words reach a person, the templates' text and the JavaScript's string literals. New
pages and messages are covered as soon as they land in those places.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "docs" / "glossary.md"
PACKAGES = (
    "kiosk_app",
    "counter_app",
    "display_board",
    "queue_client",
    "queue_server",
    "queue_core",
    "printer",
    "card_reader",
)
CITIZEN = ("kiosk_app/", "printer/", "display_board/", "queue_server/templates/",
           "queue_server/static/")  # fmt: skip
_ROW = re.compile(r"^\| `(.+)` \| (.+) \| (all|id|citizen) \|$")


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    use: str
    where: str


def rules(text: str) -> list[Rule]:
    found = []
    for line in text.splitlines():
        match = _ROW.match(line.strip())
        if match:
            raw = match.group(1).replace("\\|", "|")  # a pipe is escaped inside a table
            found.append(Rule(re.compile(raw, re.IGNORECASE), match.group(2), match.group(3)))
    return found


def indonesian_words(text: str) -> set[str]:
    tail = text.split("Common Indonesian words", 1)[1]
    return set(" ".join(re.findall(r"`([^`]+)`", tail)).split())


def python_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


_TAG = re.compile(r"<[^>]*>|\{#.*?#\}|\{%.*?%\}", re.DOTALL)
# One pass, left to right: whichever starts first wins, so an apostrophe in a comment
# never opens a string and a "/*" inside a string never opens a comment.
_JS_TOKEN = re.compile(
    r'//[^\n]*|/\*.*?\*/|("(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`(?:[^`\\]|\\.)*`)',
    re.DOTALL,
)


def every_string() -> list[tuple[str, str]]:
    """(file, string) for every user-facing string."""
    found: list[tuple[str, str]] = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            found += [(name, s) for s in python_strings(path)]
    for path in sorted((ROOT / "queue_server" / "templates").rglob("*.html")):
        name = path.relative_to(ROOT).as_posix()
        text = _TAG.sub("\n", path.read_text(encoding="utf-8"))
        found += [(name, line.strip()) for line in text.splitlines() if line.strip()]
    for path in sorted((ROOT / "queue_server" / "static").rglob("*.js")):
        name = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        found += [(name, s[1:-1]) for s in _JS_TOKEN.findall(text) if s]
    return found


def violations(strings: list[tuple[str, str]], glossary: str) -> list[str]:
    marks = indonesian_words(glossary)
    wrong = []
    for name, text in strings:
        words = set(re.findall(r"[a-z]+", text.lower()))
        for rule in rules(glossary):
            if rule.where == "id" and not words & marks:
                continue
            if rule.where == "citizen" and not name.startswith(CITIZEN):
                continue
            hit = rule.pattern.search(text)
            if hit:
                wrong.append(
                    f"{name}: {text!r} says {hit.group(0)!r}; the glossary says {rule.use}"
                )
    return wrong


def test_the_glossary_table_is_read_whole() -> None:
    glossary = GLOSSARY.read_text(encoding="utf-8")
    table = [line for line in glossary.splitlines() if line.startswith("| `")]
    assert len(rules(glossary)) == len(table) >= 20  # a row the parser skipped checks nothing
    assert {"yang", "Anda".lower(), "loket"} <= {w.lower() for w in indonesian_words(glossary)}


def test_the_reader_finds_strings_in_every_kind_of_source() -> None:
    files = {name.split("/")[0] + "/" + name.rsplit(".", 1)[-1] for name, _ in every_string()}
    assert {"kiosk_app/py", "printer/py", "queue_server/html", "queue_server/js"} <= files


def test_a_forbidden_variant_is_named_with_its_file_and_the_word_to_use() -> None:
    glossary = GLOSSARY.read_text(encoding="utf-8")
    planted = [("kiosk_app/words.py", "Ambil nomor antrian di kios ini"),
               ("queue_server/static/x.js", "Sorry, the shift is over"),  # English: allowed
               ("printer/wording.py", "Perkiraan menunggu ± 5 menit")]  # fmt: skip
    wrong = violations(planted, glossary)
    assert any("kiosk_app/words.py" in w and "antrean" in w for w in wrong)
    assert any("mesin antrean" in w for w in wrong)
    assert not any("shift" in w for w in wrong)
    assert any("sekitar" in w for w in wrong) and any("waktu tunggu" in w for w in wrong)


def test_every_user_facing_string_uses_the_glossary_words() -> None:
    wrong = violations(every_string(), GLOSSARY.read_text(encoding="utf-8"))
    assert not wrong, "\n".join(wrong)
