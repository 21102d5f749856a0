"""Shared parts of the benchmarks in bench/ (first step: number formatting and the row table).

Each benchmark still builds its own rows; this module renders them the same way everywhere.
"""

from __future__ import annotations

from typing import Any


def fmt(value: Any, unit: str = "") -> str:
    """A number for the table: thousands separators, one decimal for floats, — for missing."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.1f}{unit}"
    return f"{value:,}{unit}"


def print_rows(
    header: tuple[str, ...], rows: list[tuple[str, ...]], *, right: tuple[int, ...] = (1, 3), group_lines: bool = True
) -> None:
    """Print an aligned text table; columns in ``right`` are right-aligned.

    With ``group_lines`` a rule separates the rows of each first-column value (the backend).
    """
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    print()
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print(line)
    previous = None
    for row in rows:
        if group_lines and previous is not None and row[0] != previous:
            print(line)
        previous = row[0]
        cells = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        print("  ".join(cells))
