"""Tables as CSV and XLSX, the same way in every app's reports and exports.

* CSV: semicolons and decimal commas in Swedish (as Swedish Excel opens them), commas in
  English; numbers formatted for the language.
* XLSX (openpyxl): any text stays text — control characters a cell cannot hold are
  dropped (openpyxl raises on them, so a name pasted with a vertical tab made an export
  fail) and a text starting with ``=`` stays text rather than becoming a formula; amounts
  stay ``Decimal`` (written as the exact decimal number).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import get_language

# The control characters an XLSX cell cannot hold (tab and line breaks are allowed).
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def csv_cell(value: Any) -> str:
    """One value as CSV text: empty for None, numbers in the active language's format."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return formats.number_format(value, use_l10n=True)
    return str(value)


def csv_text(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """A header and rows as CSV text for the active language."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if get_language() == "sv" else ",")
    writer.writerow([str(h) for h in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return out.getvalue()


def xlsx_append(sheet: Any, values: Iterable[object]) -> None:
    """Append a row to an openpyxl sheet, keeping every text as text (see the module)."""
    row = [_XLSX_ILLEGAL.sub("", v) if isinstance(v, str) else v for v in values]
    sheet.append(row)
    for cell, value in zip(sheet[sheet.max_row], row, strict=False):
        if isinstance(value, str):
            cell.data_type = "s"


def xlsx_table(sheet: Any, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> None:
    """Append a bold header row and the rows below it."""
    from openpyxl.styles import Font

    xlsx_append(sheet, [str(h) for h in header])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        xlsx_append(sheet, row)


def xlsx_bytes(book: Any) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
