"""The consolidation progress chart: an accessible SVG line chart in the same style as
the follow-up charts (``followup/charts.py`` sits above this app; the charts there are
hand-written for the same reasons): ``role="img"``, a ``<title>`` and a ``<desc>`` with
the figures in words, no script, no style, a dash pattern per series."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

PALETTE = ("#1f4e79", "#a14800")
DASHES = ("", "6 3")
WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 56


def line_chart(
    chart_id: str, title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[int | None]]]
) -> SafeString:
    values = [v for _label, vs in series for v in vs if v is not None]
    high = max([1, *values])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(labels) - 1)

    def x(i: int) -> float:
        return LEFT + i * step

    def y(v: int) -> float:
        return TOP + plot_h - plot_h * v / high

    desc = " ".join(
        f"{name}: "
        + ", ".join(f"{label} {'–' if v is None else v}" for label, v in zip(labels, vs, strict=False))
        + "."
        for name, vs in series
    ) or _("No figures.")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart" font-family="sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="#595959"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#595959"/>',
    ]
    for tick in (0, high // 2, high):
        out.append(f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" fill="#333333">{tick}</text>')
    every = max(1, len(labels) // 8)
    for i, label in enumerate(labels):
        if i % every == 0:
            out.append(
                f'<text x="{x(i):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle" fill="#333333">{escape(label)}</text>'
            )
    for n, (name, vs) in enumerate(series):
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(vs) if v is not None)
        dash = f' stroke-dasharray="{DASHES[n % 2]}"' if DASHES[n % 2] else ""
        if points:
            out.append(f'<polyline points="{points}" fill="none" stroke="{PALETTE[n % 2]}" stroke-width="2"{dash}/>')
        out.append(
            f'<line x1="{LEFT + n * 220}" y1="{HEIGHT - 14}" x2="{LEFT + n * 220 + 30}" y2="{HEIGHT - 14}" '
            f'stroke="{PALETTE[n % 2]}" stroke-width="2"{dash}/>'
            f'<text x="{LEFT + n * 220 + 36}" y="{HEIGHT - 10}" fill="#333333">{escape(name)}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text is escaped above
