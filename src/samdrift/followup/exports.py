"""The statistics as a table of plain values, CSV and XLSX (the API shares ``table``)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .queries import Statistics


def header() -> list[str]:
    return [
        _("Month"),
        _("Group"),
        _("Opened"),
        _("Resolved"),
        _("Backlog at month end"),
        _("Resolved with SLA"),
        _("SLA met"),
        _("SLA compliance (%)"),
        _("First-contact resolved"),
        _("First-contact resolution (%)"),
        _("Reopened"),
        _("Reopen rate (%)"),
        _("Hours"),
    ]


def table(result: Statistics) -> tuple[list[str], list[list[Any]]]:
    rows = []
    for group in [*result.groups, result.totals]:
        for month, c in zip(result.months, group.months, strict=True):
            rows.append(
                [
                    f"{month:%Y-%m}",
                    group.label,
                    c.opened,
                    c.resolved,
                    c.backlog,
                    c.sla_resolved,
                    c.sla_met,
                    c.sla_percent,
                    c.first_contact,
                    c.first_contact_percent,
                    c.reopened,
                    c.reopen_percent,
                    c.hours,
                ]
            )
    return header(), rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return formats.number_format(value, use_l10n=True)
    return str(value)


def as_csv(result: Statistics) -> str:
    head, rows = table(result)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if get_language() == "sv" else ",")
    writer.writerow(head)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def as_xlsx(result: Statistics) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active or book.create_sheet()
    sheet.title = _("Statistics")[:31]
    sheet.append([_("Service-desk statistics"), f"{result.start:%Y-%m} – {result.end:%Y-%m}"])
    head, rows = table(result)
    sheet.append(head)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
