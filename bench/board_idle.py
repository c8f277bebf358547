"""The desktop hall board (`antre display`) left alone, then through a long run of calls.

A board runs all day on a small PC behind the TV: idle, it must leave the CPU alone, and
its memory must not creep up call after call. Measured on the real command against a real
`antre serve`, offscreen (QT_QPA_PLATFORM=offscreen, so software painting, as on a PC
without GPU drivers), in a 1280×720 window (`--windowed`):

- **idle CPU**: the board's CPU time over a quiet window, as % of one core, against a
  baseline measured in the same run: a bare PySide6 window of the same size that repaints
  a clock once a second — the least any board with a clock pays;
- **memory over calls**: the board's resident memory before and after CALLS calls (each
  shown, highlighted and handed to the voice), against the bare window's memory.

Run alone: python bench/board_idle.py [--quick]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import (
    AntreServer,
    antre_command,
    cpu_seconds,
    make_calls,
    open_counters,
    wait_until,
)
from report import BenchResult, Options, main_for

NAME, TITLE = "board_idle", "Desktop hall board: idle CPU and memory over calls"
TARGET_IDLE_PERCENT = 5.0
"""Of one core: a small PC behind a TV also decodes the TV's picture."""
TARGET_GROWTH_MB_PER_1000 = 10.0
"""Memory growth per thousand calls: a busy hall makes about that many in a day."""
OFFSCREEN = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
BARE_WINDOW = """
import sys
from PySide6.QtCore import QTime, QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv)
clock = QLabel()
clock.resize(1280, 720)
tick = QTimer(interval=1000, timeout=lambda: clock.setText(QTime.currentTime().toString()))
tick.start()
clock.show()
print("ready", flush=True)
app.exec()
"""


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def connected_to(pid: int, port: int) -> bool:
    """Whether process `pid` holds an established TCP connection to 127.0.0.1:`port`:
    the board has read the hall and opened its event stream."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        remote, state, inode = fields[2], fields[3], fields[9]
        if state == "01" and int(remote.split(":")[1], 16) == port and inode in inodes:
            return True
    return False


def idle_percent(pid: int, seconds: float) -> float:
    before, start = cpu_seconds(pid), time.monotonic()
    time.sleep(seconds)  # the measuring window itself: nothing is awaited here
    return 100 * (cpu_seconds(pid) - before) / (time.monotonic() - start)


def settled(pid: int, idle: float, deadline: float = 60) -> None:
    """Wait until the board is back to its idle CPU (it has drawn and voiced the burst)."""
    wait_until(lambda: idle_percent(pid, 1.0) < max(2 * idle, idle + 2), timeout=deadline,
               what="the board to settle")  # fmt: skip


def measure(options: Options, result: BenchResult) -> None:
    window = 5.0 if options.quick else 20.0
    calls = 200 if options.quick else 1000
    result.say(f"idle window {window:.0f} s; {calls} calls; offscreen, 1280×720")
    bare = subprocess.Popen([sys.executable, "-c", BARE_WINDOW], env=OFFSCREEN,
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert bare.stdout is not None and bare.stdout.readline().strip() == "ready"
        bare_idle = idle_percent(bare.pid, window)
        bare_mb = rss_mb(bare.pid)
    finally:
        bare.terminate()
        bare.wait(timeout=10)
    with tempfile.TemporaryDirectory(prefix="antre-bench-") as tmp, AntreServer(Path(tmp)) as srv:
        display, kiosk, staff = (
            srv.device_token("layar", "display"),
            srv.device_token("kiosk", "kiosk"),
            srv.staff_token(),
        )
        command = [*antre_command(), "display", "--server", srv.url, "--token", display,
                   "--windowed"]  # fmt: skip
        log = (Path(tmp) / "board.log").open("wb")
        board = subprocess.Popen(command, env=OFFSCREEN, stdout=log, stderr=log)
        try:
            wait_until(lambda: connected_to(board.pid, srv.port), timeout=60,
                       what="the board to connect")  # fmt: skip
            open_counters(srv.url, staff)
            make_calls(srv.url, staff, kiosk, 4)  # every part drawn once before measuring
            settled(board.pid, bare_idle + 1)
            idle = idle_percent(board.pid, window)
            before_mb = rss_mb(board.pid)
            make_calls(srv.url, staff, kiosk, calls)
            settled(board.pid, idle)
            after_mb = rss_mb(board.pid)
        finally:
            board.terminate()
            board.wait(timeout=10)
            log.close()
    growth_per_1000 = (after_mb - before_mb) * 1000 / calls
    result.say(f"bare Qt window: {bare_idle:.2f} % of one core, {bare_mb:.1f} MB")
    result.say(f"board idle: {idle:.2f} % of one core ({idle / max(bare_idle, 0.01):.1f}× bare)")
    result.say(f"board memory: {before_mb:.1f} → {after_mb:.1f} MB over {calls} calls "
               f"({growth_per_1000:+.1f} MB per 1,000; {before_mb / bare_mb:.1f}× bare)")  # fmt: skip
    result.figures.update(
        bare_idle_percent=round(bare_idle, 2),
        bare_rss_mb=round(bare_mb, 1),
        idle_percent=round(idle, 2),
        idle_ratio_to_bare=round(idle / max(bare_idle, 0.01), 1),
        rss_before_mb=round(before_mb, 1),
        rss_after_mb=round(after_mb, 1),
        calls=calls,
        growth_mb_per_1000_calls=round(growth_per_1000, 2),
    )
    result.at_most("idle CPU, % of one core", idle, TARGET_IDLE_PERCENT, "{:.2f}")
    result.at_most("memory growth, MB per 1,000 calls", growth_per_1000,
                   TARGET_GROWTH_MB_PER_1000)  # fmt: skip


if __name__ == "__main__":
    main_for(NAME, TITLE, measure)
