"""The console's report charts, drawn on the server as SVG with ReportLab's graphics.

ReportLab already draws the monthly PDF (queue_server/monthly_report.py), so the page and
the paper come from one library and the same rows: nothing is fetched from the internet,
no script runs in the page, and a chart is only a picture of figures the page also shows
in a table (docs/reports.md, "The console's charts"). Every chart says what it shows in
words (`caption`), prints its numbers on the marks, and tells series apart by shade AND
by a legend or label, never by colour alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

from markupsafe import Markup, escape
from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors

INK = colors.HexColor("#0f2427")
GRID = colors.HexColor("#c9d7d8")
LIGHT = colors.HexColor("#9fd3d6")
DARK = colors.HexColor("#00585e")
TARGET = colors.HexColor("#a1151b")
HEAT = [colors.HexColor(c) for c in ("#f4f8f8", "#c9e6e7", "#8ccbce", "#3f9ca1", "#00585e")]
"""Five steps from few to many arrivals; the two darkest carry white numbers."""
FONT = "Helvetica"
SCALE = 1.35

_ids = count(1)


@dataclass(frozen=True)
class Chart:
    svg: Markup
    caption: str


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    fill: colors.Color


def _box(
    x: float,
    y: float,
    width: float,
    height: float,
    fillColor: colors.Color,
    strokeColor: colors.Color,
    strokeWidth: float,
) -> Rect:
    """A filled rectangle (set attribute by attribute: the stubs type Rect's keywords
    wrongly)."""
    box = Rect(x, y, width, height)
    box.fillColor, box.strokeColor, box.strokeWidth = fillColor, strokeColor, strokeWidth
    return box


def _svg(drawing: Drawing, label: str) -> Markup:
    """Inline SVG for the page: no XML prolog, ids unique on the page, a role and a
    label for screen readers (the caption beside it holds the figures)."""
    text = renderSVG.drawToString(drawing)
    text = text[text.index("<svg") :]
    n = next(_ids)
    text = text.replace('id="clip"', f'id="clip{n}"').replace("url(#clip)", f"url(#clip{n})")
    text = text.replace('id="group"', f'id="group{n}"')
    text = text.replace("<title>...</title>", f"<title>{escape(label)}</title>")
    text = text.replace("<desc>...</desc>", "")
    # Shown larger than drawn, so its 10–11 pt labels read at ~14–15 px beside 16 px text.
    width, height = drawing.width * SCALE, drawing.height * SCALE
    text = text.replace(f'width="{drawing.width:g}" height="{drawing.height:g}"', "", 1)
    text = text.replace(
        "<svg ",
        f'<svg role="img" aria-label="{escape(label)}" width="{width:.0f}" height="{height:.0f}" ',
        1,
    )
    return Markup(text)


def _nice_top(value: float) -> tuple[float, float]:
    """An axis top at or above `value` and its step (1, 2 or 5 × 10^n, four lines)."""
    if value <= 0:
        return 4.0, 1.0
    raw = value / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return step * math.ceil(value / step), step


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def _legend(drawing: Drawing, x: float, y: float, items: Sequence[tuple[str, object]]) -> None:
    for name, mark in items:
        if isinstance(mark, colors.Color):
            drawing.add(_box(x, y - 2, 12, 12, fillColor=mark, strokeColor=INK, strokeWidth=0.6))
        else:  # a line mark (the target)
            drawing.add(Line(x + 6, y - 3, x + 6, y + 11, strokeColor=TARGET, strokeWidth=2.5))
        drawing.add(String(x + 17, y, name, fontName=FONT, fontSize=11, fillColor=INK))
        x += 30 + 6.2 * len(name)


def grouped_bars(
    categories: Sequence[str],
    series: Sequence[Series],
    label: str,
    caption: str,
    width: float = 760,
    height: float = 280,
) -> Chart:
    """Vertical bars, one group per category, each bar's number printed above it."""
    drawing = Drawing(width, height)
    left, bottom, top_pad = 44, 30, 40
    plot_w, plot_h = width - left - 10, height - bottom - top_pad
    highest = max((v or 0 for s in series for v in s.values), default=0)
    top, step = _nice_top(highest)
    tick = 0.0
    while tick <= top + 1e-9:
        y = bottom + plot_h * tick / top
        drawing.add(Line(left, y, left + plot_w, y, strokeColor=GRID, strokeWidth=0.6))
        drawing.add(
            String(left - 5, y - 4, _number(tick), fontName=FONT, fontSize=10, textAnchor="end")
        )
        tick += step
    slot = plot_w / max(len(categories), 1)
    bar = min(28.0, slot * 0.8 / max(len(series), 1))
    small = bar < 16
    for i, name in enumerate(categories):
        x0 = left + slot * i + (slot - bar * len(series)) / 2
        for j, s in enumerate(series):
            value = s.values[i] or 0
            h = plot_h * value / top
            x = x0 + bar * j
            drawing.add(_box(x, bottom, bar, h, fillColor=s.fill, strokeColor=INK, strokeWidth=0.5))
            drawing.add(
                String(
                    x + bar / 2,
                    bottom + h + 3,
                    _number(value),
                    fontName=FONT,
                    fontSize=8 if small else 10,
                    textAnchor="middle",
                    fillColor=INK,
                )
            )
        drawing.add(
            String(
                left + slot * (i + 0.5),
                bottom - 16,
                name,
                fontName=FONT,
                fontSize=11,
                textAnchor="middle",
                fillColor=INK,
            )
        )
    drawing.add(Line(left, bottom, left + plot_w, bottom, strokeColor=INK, strokeWidth=1))
    _legend(drawing, left, height - 18, [(s.name, s.fill) for s in series])
    return Chart(_svg(drawing, label), caption)


@dataclass(frozen=True)
class WaitRow:
    name: str
    p50: float | None
    p90: float | None
    target: float


def waits(rows: Sequence[WaitRow], names: tuple[str, str, str], label: str, caption: str) -> Chart:
    """Per service: the median and the 90th-percentile wait as bars, the target as a red
    upright line with its number; a bar past the line is a service that ran late."""
    width, row_h, left, top_pad = 780.0, 34.0, 290.0, 36.0
    height = top_pad + row_h * max(len(rows), 1) + 30
    drawing = Drawing(width, height)
    plot_w = width - left - 60
    highest = max([r.p90 or 0 for r in rows] + [r.target for r in rows] + [1])
    top, step = _nice_top(highest)
    base = 26.0
    tick = 0.0
    while tick <= top + 1e-9:
        x = left + plot_w * tick / top
        drawing.add(Line(x, base, x, height - top_pad, strokeColor=GRID, strokeWidth=0.6))
        drawing.add(
            String(x, base - 14, _number(tick), fontName=FONT, fontSize=10, textAnchor="middle")
        )
        tick += step
    for i, r in enumerate(rows):
        y = height - top_pad - row_h * (i + 1) + 5
        name = r.name if len(r.name) <= 44 else r.name[:43] + "…"
        drawing.add(String(left - 8, y + 9, name, fontName=FONT, fontSize=10.5, textAnchor="end"))
        for value, fill, dy in ((r.p90, DARK, 0.0), (r.p50, LIGHT, 12.0)):
            w = plot_w * (value or 0) / top
            drawing.add(_box(left, y + dy, w, 11, fillColor=fill, strokeColor=INK, strokeWidth=0.5))
            shown = "–" if value is None else _number(value)
            drawing.add(String(left + w + 4, y + dy + 2, shown, fontName=FONT, fontSize=9))
        tx = left + plot_w * r.target / top
        drawing.add(Line(tx, y - 3, tx, y + 26, strokeColor=TARGET, strokeWidth=2.5))
    drawing.add(Line(left, base, left, height - top_pad, strokeColor=INK, strokeWidth=1))
    _legend(drawing, left, height - 20, [(names[0], LIGHT), (names[1], DARK), (names[2], None)])
    return Chart(_svg(drawing, label), caption)


def heat_steps(highest: int) -> list[tuple[int, int]]:
    """Five equal ranges of arrivals, 0…highest, as (from, to) both included."""
    if highest <= 0:
        return [(0, 0)] * 5
    size = max(1, math.ceil((highest + 1) / 5))
    return [(size * i, min(size * (i + 1) - 1, highest)) for i in range(5)]


def heat_map(
    rows: Sequence[str],
    hours: Sequence[int],
    counts: dict[tuple[int, int], int],
    legend_title: str,
    label: str,
    caption: str,
) -> Chart:
    """Arrivals per day of the week (rows) and hour (columns): each cell prints its
    number, and its shade is one of five steps named in the legend."""
    cell_w = min(58.0, 640.0 / max(len(hours), 1))
    cell_h, left, top_pad = 30.0, 80.0, 28.0
    width = left + cell_w * len(hours) + 10
    height = top_pad + cell_h * len(rows) + 70
    drawing = Drawing(width, height)
    highest = max(counts.values(), default=0)
    steps = heat_steps(highest)
    size = steps[0][1] - steps[0][0] + 1

    def shade(value: int) -> int:
        return min(value // size, 4) if highest else 0

    for c, hour in enumerate(hours):
        drawing.add(
            String(
                left + cell_w * (c + 0.5),
                height - top_pad + 8,
                f"{hour:02d}",
                fontName=FONT,
                fontSize=11,
                textAnchor="middle",
            )
        )
    for r, name in enumerate(rows):
        y = height - top_pad - cell_h * (r + 1)
        drawing.add(String(left - 8, y + 10, name, fontName=FONT, fontSize=11, textAnchor="end"))
        for c, hour in enumerate(hours):
            value = counts.get((r, hour), 0)
            step = shade(value)
            x = left + cell_w * c
            drawing.add(
                _box(
                    x,
                    y,
                    cell_w,
                    cell_h,
                    fillColor=HEAT[step],
                    strokeColor=colors.white,
                    strokeWidth=1,
                )
            )
            drawing.add(
                String(
                    x + cell_w / 2,
                    y + 10,
                    str(value),
                    fontName=FONT,
                    fontSize=10,
                    textAnchor="middle",
                    fillColor=colors.white if step >= 3 else INK,
                )
            )
    y = 12.0
    drawing.add(String(left - 8, y + 4, legend_title, fontName=FONT, fontSize=10, textAnchor="end"))
    x = left
    for step, (low, high) in enumerate(steps):
        drawing.add(_box(x, y, 22, 16, fillColor=HEAT[step], strokeColor=INK, strokeWidth=0.5))
        text = f"{low}–{high}" if high > low else str(low)
        drawing.add(String(x + 26, y + 4, text, fontName=FONT, fontSize=10))
        x += 34 + 7 * len(text)
    return Chart(_svg(drawing, label), caption)
