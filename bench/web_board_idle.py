"""The web hall board (`/display?token=T`) left alone, then through a long run of calls.

A smart TV shows the board all day in its browser: idle, the page must leave the TV's CPU
alone, and its memory must not creep up call after call. Measured in Debian's headless
Chromium (software rendering: --disable-gpu, as a TV browser without GPU compositing is the
worst case), driven by Playwright, at 1920×1080, against a real `antre serve`:

- **idle CPU**: the CPU time of Chromium's processes over a quiet window, as % of one core,
  per kind of process (the page's renderer, the GPU process that composites in software,
  the browser), against a baseline measured in the same run: the same Chromium, a fresh
  browser, showing a bare page of the same size with a clock updated once a second — the
  least any board with a clock pays; then the board again with the running text still
  (`prefers-reduced-motion: reduce`, which display.css honours);
- **memory over calls**: the page's JS heap and DOM nodes (Chrome DevTools Protocol, after
  forcing a garbage collection) and the renderer's resident memory before and after CALLS
  calls, each shown and highlighted.

Run alone: python bench/web_board_idle.py [--quick]
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, CDPSession, Page, Playwright, sync_playwright

from harness import AntreServer, cpu_seconds, make_calls, open_counters, wait_until
from report import BenchResult, Options, main_for

NAME, TITLE = "web_board_idle", "Web hall board: idle CPU and memory over calls"
TARGET_IDLE_PERCENT = 10.0
"""Of one core, for a software-rendered browser: checked for the page's renderer, and for
all of Chromium's processes together (software compositing of the running text is paid
in the GPU process: the renderer alone hides part of what the TV pays)."""
TARGET_HEAP_MB_PER_1000 = 1.0
"""JS heap growth per thousand calls (a busy hall's day), after a forced GC."""
TARGET_NODES_DRIFT = 5
"""DOM nodes before and after: the board redraws in place, so the count must not climb."""
SIZE = {"width": 1920, "height": 1080}
CHROMIUM = "/usr/bin/chromium"  # Debian's package; Playwright never downloads a browser here
# Copied from tests/support.py (the bench does not import the tests): the flags this
# machine needs. Its network is closed: without the last four Chromium keeps phoning home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BARE_PAGE = """<!doctype html>
<html><body style="margin:0;width:100vw;height:100vh;background:#00585e;color:#fff;
font:bold 10vh sans-serif;display:flex;align-items:center;justify-content:center">
<p id="clock"></p>
<script>
var clock = document.getElementById("clock");
function tick() { clock.textContent = new Date().toLocaleTimeString(); }
tick();
setInterval(tick, 1000);
</script></body></html>"""
QUIET_BOARD = "!document.querySelector('.fresh')"
"""No highlight left: the 10 s glow after a call is over and the board is at rest."""


# ---- Chromium's processes ---------------------------------------------------------------


def children(pid: int) -> list[int]:
    """Direct children of `pid` (every thread's list: a child belongs to the thread that
    forked it)."""
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found  # gone meanwhile
    for task in tasks:
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def descendants(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        for child in children(stack.pop()):
            found.append(child)
            stack.append(child)
    return found


def kind_of(pid: int) -> str | None:
    """Chromium's own name for the process (renderer, gpu-process, utility, zygote, and
    browser for the one without --type); None for anything that is not Chromium (the
    Playwright driver). Chromium rewrites its argv into one string, so search it whole."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return None
    if "chromium" not in command.split(" ", 1)[0]:
        return None
    if "--type=" not in command:
        return "browser"
    kind = command.split("--type=", 1)[1].split(" ", 1)[0]
    # The browser's own UI runs in a renderer of its own (headless has none to show);
    # kept apart so "renderer" is the page's.
    return "webui" if kind == "renderer" and "--top-chrome-webui" in command else kind


def chromium_processes() -> dict[int, str]:
    """Every Chromium process this benchmark launched (Playwright's driver is our child,
    Chromium the driver's), with its kind."""
    kinds = {pid: kind_of(pid) for pid in descendants(os.getpid())}
    return {pid: kind for pid, kind in kinds.items() if kind is not None}


def group(kind: str) -> str:
    return kind if kind in ("renderer", "gpu-process", "browser") else "other"


GROUPS = ("renderer", "gpu-process", "browser", "other")


def cpu_by_group(pids: dict[int, str]) -> dict[str, float]:
    totals = dict.fromkeys(GROUPS, 0.0)
    for pid, kind in pids.items():
        try:
            totals[group(kind)] += cpu_seconds(pid)
        except OSError:
            continue  # a process that ended in the window (a spare renderer) adds nothing
    return totals


def idle_percent(seconds: float) -> dict[str, float]:
    """CPU of each group over a quiet window, as % of one core. The processes are listed
    once, before the window: Chromium starts none while the page is idle."""
    pids = chromium_processes()
    before, start = cpu_by_group(pids), time.monotonic()
    time.sleep(seconds)  # the measuring window itself: nothing is awaited here
    after, elapsed = cpu_by_group(pids), time.monotonic() - start
    percent = {name: 100 * (after[name] - before[name]) / elapsed for name in GROUPS}
    percent["total"] = sum(percent.values())
    return percent


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def page_renderer() -> int:
    """The renderer holding the board: the largest one. Besides it Chromium may keep a
    spare renderer ready for the next tab, a few MB of nothing loaded."""
    renderers = [pid for pid, kind in chromium_processes().items() if kind == "renderer"]
    if not renderers:
        raise RuntimeError("no Chromium renderer process found")
    return max(renderers, key=rss_mb)


# ---- the browser and the page -----------------------------------------------------------


@contextmanager
def chromium(playwright: Playwright) -> Iterator[Browser]:
    """A fresh browser per measurement: the baseline and the board each get their own, so
    neither's processes (or caches) count in the other's figures."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


def wait_for(page: Page, expression: str, timeout: float, what: str) -> None:
    """Poll a JS expression in the page until it is truthy. Through page.evaluate, so
    Playwright also handles its pending events while we wait."""
    wait_until(lambda: page.evaluate(expression), timeout=timeout, what=what, interval=0.1)


def connected(page: Page, sockets: list[str]) -> bool:
    """The board has opened its event stream: Playwright saw the page create the
    WebSocket to /api/v1/events/ws, and the page shows no "reconnecting" sign. (Playwright
    reports no "open"; the warm-up calls, waited for on screen next, prove it delivers.)"""
    offline_shown = page.evaluate("!document.getElementById('offline').hidden")
    return not offline_shown and any("/api/v1/events/ws" in url for url in sockets)


def open_board(browser: Browser, url: str, played: bool = False) -> Page:
    """The board at `url`, connected. `played`: define the test hook __antrePlayed (each
    announcement played is appended), to see when the voice has finished."""
    page = browser.new_page(viewport=SIZE)
    if played:
        page.add_init_script("window.__antrePlayed = [];")
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.goto(url)
    wait_until(lambda: connected(page, sockets), timeout=30, what="the board to connect",
               interval=0.1)  # fmt: skip
    return page


def shows(page: Page, number: str, timeout: float = 120) -> None:
    """Wait until the big number is `number` (the last call made), then until the
    highlight is over, so every measurement sees the board at rest."""
    wait_for(page, f"document.getElementById('call-number').textContent === {number!r}",
             timeout, f"the board to show {number}")  # fmt: skip
    wait_for(page, QUIET_BOARD, 30, "the highlight to end")


@dataclass
class Memory:
    heap_mb: float
    nodes: int
    renderer_mb: float


def memory(cdp: CDPSession) -> Memory:
    # Twice: objects freed by the first collection's finalizers go in the second.
    cdp.send("HeapProfiler.collectGarbage")
    cdp.send("HeapProfiler.collectGarbage")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return Memory(metrics["JSHeapUsedSize"] / 2**20, int(metrics["Nodes"]),
                  rss_mb(page_renderer()))  # fmt: skip


# ---- the hall -----------------------------------------------------------------------------


def percent_line(label: str, p: dict[str, float]) -> str:
    return (f"{label}: renderer {p['renderer']:.2f} %, GPU {p['gpu-process']:.2f} %, "
            f"browser {p['browser']:.2f} %, other {p['other']:.2f} % "
            f"= {p['total']:.2f} % of one core")  # fmt: skip


def measure(options: Options, result: BenchResult) -> None:
    if not Path(CHROMIUM).exists():
        result.not_available("web board", f"{CHROMIUM} not found: apt-get install chromium")
        return
    window = 5.0 if options.quick else 20.0
    calls = 200 if options.quick else 1000
    result.say(f"idle window {window:.0f} s; {calls} calls; headless Chromium, --disable-gpu, "
               f"{SIZE['width']}×{SIZE['height']}")  # fmt: skip
    with sync_playwright() as playwright:
        with chromium(playwright) as browser:
            bare = browser.new_page(viewport=SIZE)
            bare.set_content(BARE_PAGE)
            wait_for(bare, "document.getElementById('clock').textContent", 10, "the clock")
            time.sleep(2)  # start-up work (fonts, first frames) done before the window
            bare_idle = idle_percent(window)
        with (
            tempfile.TemporaryDirectory(prefix="antre-bench-") as tmp,
            AntreServer(Path(tmp)) as srv,
            chromium(playwright) as browser,
        ):
            display, kiosk, staff = (
                srv.device_token("layar", "display"),
                srv.device_token("kiosk", "kiosk"),
                srv.staff_token(),
            )
            open_counters(srv.url, staff)

            def calling(n: int) -> str:
                return make_calls(srv.url, staff, kiosk, n)

            # Idle as a hall runs it: sound on. Chromium holds the page's AudioContext until
            # a user gesture, so the board shows its "enable sound" gate; a hall touches it
            # once in the morning, and so does the benchmark.
            board = open_board(browser, f"{srv.url}/display?token={display}", played=True)
            touched = board.evaluate("!document.getElementById('sound-gate').hidden")
            if touched:
                board.click("#sound-on")
                wait_for(board, "document.getElementById('sound-gate').hidden", 10,
                         "the sound gate to close")  # fmt: skip
            shows(board, calling(4))  # every part drawn once before measuring
            # The four warm-up calls spoken (or given up on) before the window.
            wait_for(board, "window.__antrePlayed.length >= 4", 60, "the voice to finish")
            voice = board.evaluate("window.__antrePlayed.map(p => p.outcome).join(', ')")
            idle = idle_percent(window)
            board.emulate_media(reduced_motion="reduce")  # display.css: no animation at all
            wait_for(board, "getComputedStyle(document.getElementById('ticker-text'))"
                     ".animationName === 'none'", 10, "the running text to stop")  # fmt: skip
            time.sleep(1)  # the last scrolling frames composited
            still = idle_percent(window)
            board.close()

            # Memory with the voice off (&sound=off): CALLS calls in a minute would queue an
            # hour of speech, a backlog no hall makes, which would swamp the figure.
            board = open_board(browser, f"{srv.url}/display?token={display}&sound=off")
            shows(board, calling(4))
            cdp = board.context.new_cdp_session(board)
            cdp.send("Performance.enable")
            before = memory(cdp)
            started = time.monotonic()
            last = calling(calls)
            calls_seconds = time.monotonic() - started
            shows(board, last)
            after = memory(cdp)

    heap_per_1000 = (after.heap_mb - before.heap_mb) * 1000 / calls
    nodes_drift = after.nodes - before.nodes
    ratio = idle["renderer"] / max(bare_idle["renderer"], 0.01)
    total_ratio = idle["total"] / max(bare_idle["total"], 0.01)
    result.say(percent_line("bare clock page", bare_idle))
    result.say(percent_line("board idle", idle))
    result.say(f"board ÷ bare: renderer {ratio:.1f}×, all processes {total_ratio:.1f}×")
    result.say(f"sound on{' (gate touched once)' if touched else ''}; warm-up calls "
               f"played: {voice}")  # fmt: skip
    result.say(percent_line("board idle, running text still (reduced motion)", still))
    result.say(f"{calls} calls made in {calls_seconds:.0f} s (voice off): JS heap "
               f"{before.heap_mb:.2f} → {after.heap_mb:.2f} MB ({heap_per_1000:+.2f} MB per "
               f"1,000); DOM nodes {before.nodes} → {after.nodes}; renderer RSS "
               f"{before.renderer_mb:.1f} → {after.renderer_mb:.1f} MB")  # fmt: skip
    result.figures.update(
        {f"bare_{k.replace('-', '_')}_percent": round(v, 2) for k, v in bare_idle.items()}
        | {f"idle_{k.replace('-', '_')}_percent": round(v, 2) for k, v in idle.items()}
        | {f"still_{k.replace('-', '_')}_percent": round(v, 2) for k, v in still.items()},
        idle_renderer_ratio_to_bare=round(ratio, 1),
        idle_total_ratio_to_bare=round(total_ratio, 1),
        sound_gate_touched=touched,
        calls=calls,
        calls_seconds=round(calls_seconds, 1),
        heap_before_mb=round(before.heap_mb, 3),
        heap_after_mb=round(after.heap_mb, 3),
        heap_growth_mb_per_1000_calls=round(heap_per_1000, 3),
        nodes_before=before.nodes,
        nodes_after=after.nodes,
        renderer_rss_before_mb=round(before.renderer_mb, 1),
        renderer_rss_after_mb=round(after.renderer_mb, 1),
    )
    result.at_most("idle CPU, renderer, % of one core", idle["renderer"],
                   TARGET_IDLE_PERCENT, "{:.2f}")  # fmt: skip
    result.at_most("idle CPU, all processes, % of one core", idle["total"],
                   TARGET_IDLE_PERCENT, "{:.2f}")  # fmt: skip
    result.at_most("JS heap growth, MB per 1,000 calls", heap_per_1000,
                   TARGET_HEAP_MB_PER_1000, "{:.2f}")  # fmt: skip
    result.at_most("DOM nodes drift over the calls", abs(nodes_drift), TARGET_NODES_DRIFT,
                   "{:.0f}")  # fmt: skip


if __name__ == "__main__":
    main_for(NAME, TITLE, measure)
