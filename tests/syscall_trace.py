"""Reading an strace log of `antre serve`: was each 201 preceded by a sync of the WAL?

strace (`-f -yy`) writes one line per system call, in the order it saw them, and a call
that another thread interrupted as two lines (`<unfinished ...>`, then `<... resumed>`).
A thread stays stopped at each traced call until strace has printed it, so the order of
the lines respects cause and effect across threads: a sync printed as finished before a
response's write really finished before that write began.

The promise checked, for every `HTTP/1.1 201` the server wrote to a socket: after the
request was read from that connection, some frames were written to the `-wal` file, then
that file was synced (fsync or fdatasync returning 0), and only then the 201 went out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

STRACE = [
    "strace",
    "-f",  # every thread: the writer syncs, the event loop answers
    "-qq",
    "-yy",  # descriptors with what they are: file paths, TCP endpoints
    "-s",
    "40",  # enough of each buffer to see "POST /api/v1/tickets" and "HTTP/1.1 201"
    "--seccomp-bpf",  # only the traced calls stop the server: far less slowdown
    "-e",
    "trace=read,recvfrom,write,writev,sendto,sendmsg,pwrite64,fsync,fdatasync",
]

_LINE = re.compile(r"^(?P<pid>\d+)\s+(?P<rest>.*)$")
_CALL = re.compile(r"^(?P<name>\w+)\((?P<fd>\d+)<(?P<what>TCP:\[[^\]]*\]|[^>]*)>")
_RESUMED = re.compile(r"^<\.\.\. (?P<name>\w+) resumed>(?P<tail>.*)$")
_RESULT = re.compile(r"\)\s+=\s+(?P<result>-?\d+)")


@dataclass
class Call:
    name: str
    what: str
    """The descriptor's path or TCP endpoints, as strace shows it."""
    text: str
    started: int
    """Line number where the call began."""
    finished: int | None = None
    result: int | None = None


@dataclass
class SyncReport:
    acknowledged: int
    """201 answers the server wrote."""
    violations: list[str] = field(default_factory=list)
    wal_syncs: int = 0


def read_calls(trace: Path) -> list[Call]:
    calls: list[Call] = []
    pending: dict[str, Call] = {}
    for number, line in enumerate(trace.read_text(errors="replace").splitlines()):
        match = _LINE.match(line)
        if match is None:
            continue
        pid, rest = match["pid"], match["rest"]
        resumed = _RESUMED.match(rest)
        if resumed is not None:
            call = pending.pop(pid, None)
            if call is not None:
                call.text += resumed["tail"]
                _finish(call, resumed["tail"], number)
            continue
        begun = _CALL.match(rest)
        if begun is None:
            continue
        call = Call(begun["name"], begun["what"], rest, started=number)
        calls.append(call)
        if rest.endswith("<unfinished ...>"):
            pending[pid] = call
        else:
            _finish(call, rest, number)
    return calls


def _finish(call: Call, text: str, number: int) -> None:
    result = _RESULT.search(text)
    call.finished = number
    call.result = int(result["result"]) if result else None


def check_wal_synced_before_201(trace: Path) -> SyncReport:
    calls = read_calls(trace)
    wal_writes = [
        c.finished
        for c in calls
        if c.name in ("pwrite64", "write", "writev") and c.what.endswith("-wal") and c.finished
    ]
    wal_syncs = [
        c.finished
        for c in calls
        if c.name in ("fsync", "fdatasync") and c.what.endswith("-wal") and c.result == 0
    ]
    last_request: dict[str, int] = {}
    report = SyncReport(acknowledged=0, wal_syncs=len(wal_syncs))
    for call in sorted(calls, key=lambda c: c.started):
        if not call.what.startswith("TCP:"):
            continue
        if call.name in ("read", "recvfrom") and '"POST /api/v1/tickets' in call.text:
            last_request[call.what] = call.finished or call.started
        elif call.name in ("write", "writev", "sendto", "sendmsg") and (
            '"HTTP/1.1 201' in call.text
        ):
            report.acknowledged += 1
            request = last_request.get(call.what)
            if request is None:
                report.violations.append(f"line {call.started}: a 201 with no request read")
                continue
            written = [w for w in wal_writes if w is not None and request < w < call.started]
            synced = bool(written) and any(written[0] < s < call.started for s in wal_syncs if s)
            if not synced:
                report.violations.append(
                    f"line {call.started}: 201 on {call.what} with no WAL sync after the "
                    f"request (line {request}) and its WAL write"
                )
    return report
