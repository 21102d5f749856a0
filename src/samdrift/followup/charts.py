"""Server-rendered SVG charts: line charts (trends) and grouped bar charts (comparisons).

Hand-written rather than a charting library (see docs/followup.md): the SVG must work in
WeasyPrint's PDF and without JavaScript, carry no ``<script>``, no ``<style>`` element and
no ``style`` attribute (a strict Content-Security-Policy refuses inline styles), and be
accessible: ``role="img"`` with a ``<title>`` and a ``<desc>`` that states the figures in
words. pygal embeds a stylesheet and scripts; matplotlib's SVG backend writes a ``style``
attribute on every element. Both would need post-processing that is more code than this.

Every series also has a dash pattern and a marker shape, so colour is never the only
difference (WCAG 1.4.1); the palette has at least 3:1 contrast against white (1.4.11).
The page shows the same figures as a table next to the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

PALETTE = ("#1f4e79", "#a14800", "#2e6b30", "#6a1b9a", "#b00020", "#00607a")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")
WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 64

Number = int | float | Decimal


@dataclass
class Series:
    label: str
    values: Sequence[Number | None]


def _fmt(value: Number | None) -> str:
    if value is None:
        return "–"
    return number_format(value, decimal_pos=1 if isinstance(value, Decimal) and value % 1 else 0, use_l10n=True)


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return float(step * magnitude)
    return float(10 * magnitude)


def _scale(series: Sequence[Series], fixed_max: float | None) -> tuple[float, float]:
    values = [float(v) for s in series for v in s.values if v is not None]
    low = min([0.0, *values])
    high = fixed_max if fixed_max is not None else _nice_max(max(values, default=0.0))
    return low, high if high > low else low + 1


def _description(title: str, labels: Sequence[str], series: Sequence[Series], unit: str) -> str:
    parts = []
    for s in series:
        pairs = ", ".join(f"{label} {_fmt(v)}{unit}" for label, v in zip(labels, s.values, strict=False))
        parts.append(f"{s.label}: {pairs}.")
    return " ".join(parts) or _("No figures.")


def _frame(
    chart_id: str, title: str, desc: str, low: float, high: float, unit: str, labels: Sequence[str]
) -> list[str]:
    plot_h = HEIGHT - TOP - BOTTOM
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart" font-family="sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]
    for i in range(5):
        value = low + (high - low) * i / 4
        y = TOP + plot_h - plot_h * i / 4
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#d0d0d0" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#333333">'
            f"{escape(_fmt(Decimal(str(round(value, 1)))))}{escape(unit)}</text>"
        )
    out.append(
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="#333333" stroke-width="1"/>'
    )
    return out


def _x(i: int, n: int) -> float:
    plot_w = WIDTH - LEFT - RIGHT
    return LEFT + plot_w * (i + 0.5) / max(n, 1)


def _y(value: float, low: float, high: float) -> float:
    plot_h = HEIGHT - TOP - BOTTOM
    return TOP + plot_h - plot_h * (value - low) / (high - low)


def _x_labels(labels: Sequence[str]) -> list[str]:
    n = len(labels)
    every = max(1, (n + 11) // 12)
    out = []
    for i, label in enumerate(labels):
        if i % every:
            continue
        out.append(
            f'<text x="{_x(i, n):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" fill="#333333">{escape(label)}</text>'
        )
    return out


def _legend(series: Sequence[Series], line: bool) -> list[str]:
    out, x = [], LEFT
    y = HEIGHT - 18
    for i, s in enumerate(series):
        colour, dash = PALETTE[i % len(PALETTE)], DASHES[i % len(DASHES)]
        if line:
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(
                f'<line x1="{x}" y1="{y - 4}" x2="{x + 24}" y2="{y - 4}" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
            )
            out.append(_marker(i, x + 12, y - 4, colour))
        else:
            out.append(_bar_swatch(i, x + 4, y - 12, colour))
        out.append(f'<text x="{x + 30}" y="{y}" fill="#222222">{escape(s.label)}</text>')
        x += 40 + 7 * len(s.label)
    return out


def _marker(i: int, x: float, y: float, colour: str) -> str:
    shape = i % 3
    if shape == 0:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'
    if shape == 1:
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    return f'<path d="M{x:.1f} {y - 4.5:.1f} L{x + 4.5:.1f} {y + 3.5:.1f} L{x - 4.5:.1f} {y + 3.5:.1f} Z" fill="{colour}"/>'


def _bar_swatch(i: int, x: float, y: float, colour: str) -> str:
    pattern = ' stroke="#000000" stroke-width="1"' if i % 2 else ""
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="16" height="12" fill="{colour}"{pattern}/>'


def line_chart(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    unit: str = "",
    fixed_max: float | None = None,
) -> SafeString:
    """A line per series over ``labels`` (months, years); gaps where a value is None."""
    low, high = _scale(series, fixed_max)
    out = _frame(chart_id, title, _description(title, labels, series, unit), low, high, unit, labels)
    n = len(labels)
    for i, s in enumerate(series):
        colour, dash = PALETTE[i % len(PALETTE)], DASHES[i % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        points: list[str] = []
        runs: list[list[str]] = []
        for j, value in enumerate(s.values):
            if value is None:
                if points:
                    runs.append(points)
                points = []
                continue
            points.append(f"{_x(j, n):.1f},{_y(float(value), low, high):.1f}")
        if points:
            runs.append(points)
        for run in runs:
            out.append(
                f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
            )
        for j, value in enumerate(s.values):
            if value is not None:
                out.append(_marker(i, _x(j, n), _y(float(value), low, high), colour))
    out += _x_labels(labels)
    out += _legend(series, line=True)
    out.append("</svg>")
    return mark_safe("\n".join(out))  # noqa: S308 — every text above is escaped


def bar_chart(
    chart_id: str, title: str, labels: Sequence[str], series: Sequence[Series], *, unit: str = ""
) -> SafeString:
    """Grouped bars: one group per label, one bar per series."""
    low, high = _scale(series, None)
    out = _frame(chart_id, title, _description(title, labels, series, unit), low, high, unit, labels)
    n, k = len(labels), max(len(series), 1)
    group_w = (WIDTH - LEFT - RIGHT) / max(n, 1) * 0.8
    bar_w = group_w / k
    for i, s in enumerate(series):
        colour = PALETTE[i % len(PALETTE)]
        outline = ' stroke="#000000" stroke-width="1"' if i % 2 else ""
        for j, value in enumerate(s.values):
            if value is None:
                continue
            x = _x(j, n) - group_w / 2 + i * bar_w
            y0, y1 = _y(0.0, low, high), _y(float(value), low, high)
            top, height = min(y0, y1), abs(y0 - y1)
            label = quoteattr(f"{s.label}, {labels[j]}: {_fmt(value)}{unit}")
            out.append(
                f'<rect x="{x:.1f}" y="{top:.1f}" width="{bar_w * 0.9:.1f}" height="{height:.1f}" fill="{colour}"{outline}>'
                f"<title>{escape(label[1:-1])}</title></rect>"
            )
    out += _x_labels(labels)
    out += _legend(series, line=False)
    out.append("</svg>")
    return mark_safe("\n".join(out))  # noqa: S308 — every text above is escaped
