"""Reports as files: the follow-up table (laid out as committees read it: tkr, account
groups summing to Nettokostnad/Kommunbidrag, then investments) and the member statement,
as XLSX (openpyxl) and PDF (WeasyPrint)."""

from __future__ import annotations

import io

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from samdrift.core.exports import xlsx_append

from .queries import FollowUp
from .statements import Statement

FOLLOW_UP_FORMATS = ("xlsx", "pdf")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers(table: FollowUp) -> list[str]:
    year = table.forecast.year
    return [
        _("Budget %(year)s") % {"year": year},
        _("Forecast %(year)s") % {"year": year},
        _("Deviation full year"),
        _("Change in forecast"),
    ]


def rows_in_thousands(table: FollowUp) -> dict[str, list[tuple[str, list[int], list[str], str]]]:
    """(label, four tkr figures, comments, member) per line, the total last."""
    thousands = table.in_thousands()
    result: dict[str, list[tuple[str, list[int], list[str], str]]] = {}
    for name, rows, total_label in (
        ("rows", table.rows, _("Net cost/Municipal contribution")),
        ("investments", table.investments, _("Total investments")),
    ):
        figures = thousands[name]
        lines = [(row.label, figures[i], row.comments, row.member) for i, row in enumerate(rows)]
        lines.append((total_label, figures[-1], [], ""))
        result[name] = lines
    return result


def follow_up_xlsx(table: FollowUp) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active or book.create_sheet()
    sheet.title = _("Follow-up")[:31]
    bold = Font(bold=True)
    xlsx_append(sheet, [table.collaboration.name])
    xlsx_append(sheet, [_("Follow-up as of %(name)s") % {"name": table.forecast.name}])
    if table.unit:
        xlsx_append(sheet, [table.unit.name])
    sheet.append([])
    data = rows_in_thousands(table)
    for name, first in (("rows", _("Income statement (tkr)")), ("investments", _("Investments, net (tkr)"))):
        xlsx_append(sheet, [first, *headers(table), _("Member") if name == "investments" else "", _("Comment")])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for index, (label, figures, comments, member) in enumerate(data[name]):
            xlsx_append(sheet, [label, *figures, member, " ".join(comments)])
            if index == len(data[name]) - 1:
                for cell in sheet[sheet.max_row]:
                    cell.font = bold
        sheet.append([])
    sheet.column_dimensions["A"].width = 42
    for column in "BCDE":
        sheet.column_dimensions[column].width = 14
    sheet.column_dimensions["G"].width = 60
    for row in sheet.iter_rows():
        for cell in row[1:5]:
            cell.alignment = Alignment(horizontal="right")
            cell.number_format = "# ##0"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def follow_up_pdf(table: FollowUp, request: HttpRequest | None = None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "finance/followup_pdf.html",
        {"table": table, "data": rows_in_thousands(table), "headers": headers(table)},
        request=request,
    )
    return HTML(string=html).write_pdf()


def follow_up_response(table: FollowUp, export: str, request: HttpRequest) -> HttpResponse:
    name = f"uppfoljning-{table.forecast.year}-{table.forecast.as_of_month:02d}"
    if export == "xlsx":
        response = HttpResponse(follow_up_xlsx(table), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    response = HttpResponse(follow_up_pdf(table, request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


def statement_xlsx(statement: Statement) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active or book.create_sheet()
    sheet.title = _("Statement")[:31]
    bold = Font(bold=True)
    xlsx_append(sheet, [_("What did we get for our money?"), statement.member.name, statement.year])
    sheet.append([])

    def table(title: str, header: list[str], rows: list[list[object]]) -> None:
        xlsx_append(sheet, [title])
        sheet[sheet.max_row][0].font = bold
        xlsx_append(sheet, header)
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for row in rows:
            xlsx_append(sheet, row)
        sheet.append([])

    table(_("Cost by account group"), [_("Account group"), _("Amount (SEK)")], [list(r) for r in statement.by_group])
    table(
        _("Subscriptions at list price"),
        [_("Service"), _("Level"), _("Quantity"), _("Annual cost (SEK)")],
        [
            [line.subscription.service.name, line.subscription.level, line.subscription.quantity, line.amount]
            for line in statement.portfolio.lines
        ],
    )
    f = statement.figures
    table(
        _("What we received"),
        [_("Figure"), _("Value")],
        [
            [_("Tickets"), f.tickets],
            [_("Hours worked"), f.hours],
            [_("Billable hours"), f.billable_hours],
            [_("Satisfaction (1–5)"), f.rating],
            [_("Cost per inhabitant (SEK)"), f.per_inhabitant],
            [_("Cost per employee (SEK)"), f.per_employee],
        ],
    )
    table(
        _("Comparison with the other members"),
        [_("Member"), _("Cost (SEK)"), _("Per inhabitant"), _("Per employee"), _("Tickets"), _("Hours worked")],
        [[o.member.name, o.cost, o.per_inhabitant, o.per_employee, o.tickets, o.hours] for o in [f, *statement.others]],
    )
    sheet.column_dimensions["A"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def statement_response(statement: Statement, export: str, request: HttpRequest) -> HttpResponse:
    name = f"medlemsredovisning-{statement.member.scb_code}-{statement.year}"
    if export == "xlsx":
        response = HttpResponse(statement_xlsx(statement), content_type=XLSX)
    else:
        from weasyprint import HTML

        html = render_to_string("finance/statement_pdf.html", {"statement": statement}, request=request)
        response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.{export}"'
    return response
