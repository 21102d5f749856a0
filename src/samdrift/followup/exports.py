"""The statistics as a table of plain values, CSV and XLSX (the API shares ``table``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from samdrift.core.exports import csv_text, xlsx_append, xlsx_bytes, xlsx_table

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


def as_csv(result: Statistics) -> str:
    return csv_text(*table(result))


def as_xlsx(result: Statistics) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active or book.create_sheet()
    sheet.title = _("Statistics")[:31]
    xlsx_append(sheet, [_("Service-desk statistics"), f"{result.start:%Y-%m} – {result.end:%Y-%m}"])
    xlsx_table(sheet, *table(result))
    return xlsx_bytes(book)
