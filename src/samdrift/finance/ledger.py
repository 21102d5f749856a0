"""Files to and from the municipalities' ledgers.

* **Outcome from SIE 4** (:func:`read_outcome_sie`): the vouchers of a ledger export,
  summed per month, cost centre, account group and member, replace the outcome of the
  months the file covers. Conventions (documented in ``docs/finance.md``):

  - dimension ``1`` (kostnadsställe) carries the unit's code; dimension ``20`` the SCB code
    of the member a *kommunspecifik* amount belongs to; dimension ``6`` the project;
  - result accounts map to account groups by Kommun-Bas account class
    (:data:`ACCOUNT_GROUPS`, longest prefix wins); balance-sheet accounts (classes 1 and
    2, e.g. 2440 leverantörsskulder) are the other side of the vouchers and are skipped.
* **Figures as CSV and XLSX** (:func:`import_lines`, :func:`export_lines`): one row per
  budget or outcome line, the same columns both ways.
* **Internal invoices** (:func:`invoices`, :func:`invoices_sie`, :func:`invoices_csv`): per
  member, from an issued run, one voucher per member in SIE 4I, each posting carrying the
  Kommun-Bas counterparty (*motpart*) in dimension ``9``.

Every import is checked in full before anything is stored, in one transaction: a file
with one bad line stores nothing, and the message names the line.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samdrift.core.actions import create_object
from samdrift.tenancy.models import Collaboration, Member, Unit

from . import sie
from .choices import AccountGroup, RunState
from .models import (
    MEMBER_COUNTERPARTY,
    AllocationLine,
    AllocationRun,
    ClosedPeriod,
    InvoiceAdjustment,
    settings_for,
)

if TYPE_CHECKING:
    from samdrift.accounts.models import User

G = AccountGroup
# Kommun-Bas account classes → the follow-up's account groups (longest prefix wins).
ACCOUNT_GROUPS: dict[str, str] = {
    "3": G.INCOME,  # verksamhetens intäkter
    "4": G.OTHER,  # material, tjänster, bidrag
    "5": G.STAFF,  # personalkostnader
    "6": G.PREMISES,  # lokal- och fastighetskostnader
    "7": G.OTHER,  # övriga verksamhetskostnader
    "78": G.CAPITAL,  # avskrivningar
    "84": G.CAPITAL,  # räntekostnader
}
BALANCE_CLASSES = ("1", "2")
UNIT_DIMENSION, MEMBER_DIMENSION, PROJECT_DIMENSION, COUNTERPARTY_DIMENSION = "1", "20", "6", "9"
RECEIVABLE_ACCOUNT = "1513"  # kundfordringar hos kommuner (Kommun-Bas)
INVOICE_INCOME_ACCOUNT = "3513"  # försäljning av verksamhet till kommuner
LINE_COLUMNS = ["year", "month", "unit", "account_group", "member", "project", "activity", "amount", "text"]


def account_group(account: str) -> str | None:
    """The account group of a result account, None for a balance-sheet account."""
    if account.startswith(BALANCE_CLASSES):
        return None
    for length in range(len(account), 0, -1):
        if account[:length] in ACCOUNT_GROUPS:
            return ACCOUNT_GROUPS[account[:length]]
    raise KeyError(account)


@dataclass(frozen=True)
class Imported:
    lines: int
    months: tuple[int, ...]
    total: Decimal


def _closed_months(collaboration: Collaboration, year: int) -> set[int]:
    return set(ClosedPeriod.objects.filter(collaboration=collaboration, year=year).values_list("month", flat=True))


OutcomeKey = tuple[int, int, str, int | None, str]  # month, unit, account group, member, project


def read_outcome_sie(*, collaboration: Collaboration, year: int, data: bytes) -> dict[OutcomeKey, Decimal]:
    """A SIE 4 file's vouchers summed per outcome line, or a ``ValidationError`` naming the
    first voucher and row that cannot be taken (nothing is written here: the importing
    action replaces the months' lines)."""
    try:
        parsed = sie.read(data)
    except sie.SieError as exc:
        raise ValidationError(str(exc)) from exc
    units = {u.code: u for u in Unit.objects.filter(collaboration=collaboration)}
    members = {m.scb_code: m for m in Member.objects.filter(collaboration=collaboration)}
    closed = _closed_months(collaboration, year)
    sums: dict[tuple[int, int, str, int | None, str], Decimal] = defaultdict(Decimal)
    for voucher in parsed.vouchers:
        where = _("voucher %(voucher)s") % {"voucher": voucher.label()}
        for row, transaction_ in enumerate(voucher.transactions, start=1):
            line = _("%(where)s, row %(row)s (account %(account)s)") % {
                "where": where,
                "row": row,
                "account": transaction_.account,
            }
            day = transaction_.date or voucher.date
            if day.year != year:
                raise ValidationError(
                    _("%(line)s: dated %(date)s, outside %(year)s.") % {"line": line, "date": day, "year": year}
                )
            if day.month in closed:
                raise ValidationError(
                    _("%(line)s: %(year)s-%(month)02d is closed.") % {"line": line, "year": year, "month": day.month}
                )
            try:
                group = account_group(transaction_.account)
            except KeyError:
                raise ValidationError(
                    _("%(line)s: the account belongs to no account group of the follow-up.") % {"line": line}
                ) from None
            if group is None:
                continue
            objects = dict(transaction_.objects)
            unit = units.get(objects.get(UNIT_DIMENSION, ""))
            if unit is None:
                raise ValidationError(
                    _("%(line)s: no cost centre of the collaboration in dimension 1 (found %(code)s).")
                    % {"line": line, "code": objects.get(UNIT_DIMENSION) or "–"}
                )
            member = None
            if objects.get(MEMBER_DIMENSION):
                member = members.get(objects[MEMBER_DIMENSION])
                if member is None:
                    raise ValidationError(
                        _("%(line)s: %(code)s in dimension 20 is no member of the collaboration.")
                        % {"line": line, "code": objects[MEMBER_DIMENSION]}
                    )
            key = (day.month, unit.pk, group, member.pk if member else None, objects.get(PROJECT_DIMENSION, ""))
            sums[key] += transaction_.amount
    return dict(sums)


def outcome_order(key: OutcomeKey) -> tuple[int, int, str, int, str]:
    """The order the imported lines are created in (the same on every run)."""
    month, unit, group, member, project = key
    return (month, unit, group, member or 0, project)


# CSV and XLSX ------------------------------------------------------------------------
def _decimal(text: str) -> Decimal:
    cleaned = text.replace("\xa0", "").replace(" ", "").replace(",", ".")
    return Decimal(cleaned)


def import_lines(
    *,
    acting_user: User | None,
    model: type,
    collaboration: Collaboration,
    rows: Iterable[dict[str, Any]],
    first_line: int = 2,
) -> int:
    """Add budget or outcome lines from rows with :data:`LINE_COLUMNS`; all or nothing."""
    units = {u.code: u for u in Unit.objects.filter(collaboration=collaboration)}
    members = {m.scb_code: m for m in Member.objects.filter(collaboration=collaboration)}
    groups = {g.value: g.value for g in AccountGroup} | {str(g.label).lower(): g.value for g in AccountGroup}
    prepared = []
    for number, row in enumerate(rows, start=first_line):
        try:
            year, month = int(str(row["year"]).strip()), int(str(row["month"]).strip())
            amount = _decimal(str(row["amount"]))
        except (KeyError, ValueError, InvalidOperation):
            raise ValidationError(
                _("Line %(line)s: year, month and amount must be numbers.") % {"line": number}
            ) from None
        unit = units.get(str(row.get("unit") or "").strip())
        if unit is None:
            raise ValidationError(
                _("Line %(line)s: no unit with the code %(code)s.") % {"line": number, "code": row.get("unit")}
            )
        group = groups.get(str(row.get("account_group") or "").strip().lower())
        if group is None:
            raise ValidationError(
                _("Line %(line)s: %(group)s is not an account group.")
                % {"line": number, "group": row.get("account_group")}
            )
        code = str(row.get("member") or "").strip()
        if code and code not in members:
            raise ValidationError(
                _("Line %(line)s: %(code)s is no member of the collaboration.") % {"line": number, "code": code}
            )
        prepared.append(
            (
                number,
                {
                    "collaboration": collaboration,
                    "year": year,
                    "month": month,
                    "unit": unit,
                    "account_group": group,
                    "member": members.get(code),
                    "project": str(row.get("project") or "").strip(),
                    "activity": str(row.get("activity") or "").strip(),
                    "amount": amount,
                    "text": str(row.get("text") or "").strip()[:200],
                },
            )
        )
    with transaction.atomic():
        for number, fields in prepared:
            try:
                create_object(model, acting_user=acting_user, **fields)
            except ValidationError as exc:
                detail = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
                raise ValidationError(_("Line %(line)s: %(problem)s") % {"line": number, "problem": detail}) from exc
    return len(prepared)


def read_csv(data: bytes) -> list[dict[str, str]]:
    """Rows of a CSV file (UTF-8, with or without BOM; semicolons or commas)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The CSV file must be UTF-8 encoded.")) from None
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ";", delimiters=";,")
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    missing = [c for c in ("year", "month", "unit", "account_group", "amount") if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(_("Line 1: the columns %(columns)s are missing.") % {"columns": ", ".join(missing)})
    return list(reader)


def read_xlsx(data: bytes) -> list[dict[str, Any]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a file that is not XLSX
        raise ValidationError(_("The file is not an Excel (XLSX) workbook.")) from exc
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        return []
    header = [str(c or "").strip() for c in rows[0]]
    return [dict(zip(header, ["" if v is None else v for v in row], strict=False)) for row in rows[1:] if any(row)]


def export_lines(lines: Iterable[Any], *, xlsx: bool) -> bytes:
    rows = [
        [
            line.year,
            line.month,
            line.unit.code,
            line.account_group,
            line.member.scb_code if line.member else "",
            line.project,
            line.activity,
            line.amount,
            line.text,
        ]
        for line in lines
    ]
    if xlsx:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active or book.create_sheet()
        from samdrift.core.exports import xlsx_append

        sheet.append(LINE_COLUMNS)
        for row in rows:
            xlsx_append(sheet, row)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow(LINE_COLUMNS)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


# A representative Kommun-Bas account per account group, for figures kept per group.
GROUP_ACCOUNTS: dict[str, tuple[str, str]] = {
    G.INCOME: ("3000", "Verksamhetens intäkter"),
    G.STAFF: ("5000", "Personalkostnader"),
    G.PREMISES: ("6000", "Lokal- och fastighetskostnader"),
    G.OTHER: ("7000", "Övriga verksamhetskostnader"),
    G.CAPITAL: ("7800", "Avskrivningar"),
}


def figures_sie(lines: Iterable[Any], *, kind: str, company: str, year: int, generated: datetime.date) -> bytes:
    """Budget (``#PBUDGET``) or outcome (``#PSALDO``) lines as SIE 4, one row per month, unit
    (dimension 1), member (dimension 20) and account group (its representative account)."""
    sums: dict[tuple[str, str, tuple[tuple[str, str], ...]], Decimal] = defaultdict(Decimal)
    units: dict[tuple[str, str], str] = {}
    for line in lines:
        objects: tuple[tuple[str, str], ...] = ((UNIT_DIMENSION, line.unit.code),)
        units[(UNIT_DIMENSION, line.unit.code)] = line.unit.name
        if line.member_id:
            objects += ((MEMBER_DIMENSION, line.member.scb_code),)
            units[(MEMBER_DIMENSION, line.member.scb_code)] = line.member.name
        account = GROUP_ACCOUNTS[line.account_group][0]
        sums[(f"{line.year}{line.month:02d}", account, objects)] += line.amount
    rows = [
        sie.PeriodAmount(kind, 0, period, account, objects, amount)
        for (period, account, objects), amount in sorted(sums.items())
    ]
    file = sie.SieFile(
        sie_type="4",
        program="Samdrift",
        program_version="1",
        generated=generated,
        company=company,
        fiscal_year=(datetime.date(year, 1, 1), datetime.date(year, 12, 31)),
        accounts=dict(GROUP_ACCOUNTS.values()),
        dimensions={UNIT_DIMENSION: "Kostnadsställe", MEMBER_DIMENSION: "Kommun"},
        objects=units,
        period_budgets=rows if kind == "PBUDGET" else [],
        period_balances=rows if kind == "PSALDO" else [],
    )
    return sie.write(file)


# Internal invoices ---------------------------------------------------------------------
@dataclass(frozen=True)
class Invoice:
    member: Member
    period: str  # e.g. "2018" or "2018-01–2018-04"
    rows: list[tuple[str, Decimal]]  # (account group, amount)
    # Amounts from outside the allocation (InvoiceAdjustment): (text, amount); credits negative.
    adjustments: list[tuple[str, Decimal]] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((amount for _g, amount in self.rows), Decimal("0.00")) + sum(
            (amount for _t, amount in self.adjustments), Decimal("0.00")
        )


def invoices(run: AllocationRun) -> list[Invoice]:
    """One invoice per member, from an issued run: its lines summed per account group."""
    if run.state != RunState.ISSUED:
        raise ValidationError(_("Invoices are drawn only from an issued run."))
    year = run.allocation_model.year
    period = str(year) if (run.first_month, run.last_month) == (1, 12) else (
        f"{year}-{run.first_month:02d}–{year}-{run.last_month:02d}"
    )  # fmt: skip
    sums: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for member_id, group, amount in AllocationLine.objects.filter(run=run).values_list(
        "member_id", "account_group", "amount"
    ):
        sums[member_id][group] += amount
    members = Member.objects.in_bulk(list(sums))
    extra = adjustments_by_member(run)
    return [
        Invoice(members[m], period, [(g, sums[m][g]) for g in sorted(sums[m])], extra.get(m, []))
        for m in sorted(sums, key=lambda pk: members[pk].name)
    ]


def adjustments_by_member(run: AllocationRun) -> dict[int, list[tuple[str, Decimal]]]:
    """The adjustments the run took up when it was issued, per member, in order."""
    found: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
    for member_id, text, amount in InvoiceAdjustment.objects.filter(included_in=run).values_list(
        "member_id", "text", "amount"
    ):
        found[member_id].append((text, amount))
    return found


def invoices_sie(run: AllocationRun, generated: datetime.date) -> bytes:
    """The run's invoices as SIE 4I, one balanced voucher per member, in the collaboration's
    books: the member owes the total (receivable), the account groups are income. Each
    posting carries the member's counterparty code (82, a municipality) in dimension 9."""
    collaboration = run.allocation_model.collaboration
    vouchers = []
    for number, invoice in enumerate(invoices(run), start=1):
        objects = ((COUNTERPARTY_DIMENSION, MEMBER_COUNTERPARTY), (MEMBER_DIMENSION, invoice.member.scb_code))
        rows = [sie.Transaction(RECEIVABLE_ACCOUNT, invoice.total, objects, _("Internal invoice"))]
        rows += [
            sie.Transaction(INVOICE_INCOME_ACCOUNT, -amount, objects, str(AccountGroup(group).label))
            for group, amount in invoice.rows
        ]
        rows += [
            sie.Transaction(INVOICE_INCOME_ACCOUNT, -amount, objects, text) for text, amount in invoice.adjustments
        ]
        vouchers.append(
            sie.Voucher(
                "F", number, generated, _("%(member)s %(period)s, run %(run)s")
                % {"member": invoice.member.name, "period": invoice.period, "run": run.pk},
                rows,
            )
        )  # fmt: skip
    members = {(MEMBER_DIMENSION, inv.member.scb_code): inv.member.name for inv in invoices(run)}
    file = sie.SieFile(
        sie_type="4I",
        program="Samdrift",
        program_version="1",
        generated=generated,
        company=collaboration.name,
        accounts={RECEIVABLE_ACCOUNT: "Kundfordringar kommuner", INVOICE_INCOME_ACCOUNT: "Försäljning till kommuner"},
        dimensions={COUNTERPARTY_DIMENSION: "Motpart", MEMBER_DIMENSION: "Kommun"},
        objects={(COUNTERPARTY_DIMENSION, MEMBER_COUNTERPARTY): "Kommun"} | members,
        vouchers=vouchers,
    )
    return sie.write(file)


def invoices_csv(run: AllocationRun) -> bytes:
    """The run's invoices as CSV: member, SCB code, period, account group, amount and the
    counterparty codes (the member's, and the collaboration's for the member's own books)."""
    seller = settings_for(run.allocation_model.collaboration).counterparty()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        ["member", "scb_code", "period", "account_group", "amount", "counterparty", "seller_counterparty", "text"]
    )
    for invoice in invoices(run):
        for group, amount in invoice.rows:
            writer.writerow(
                [
                    invoice.member.name,
                    invoice.member.scb_code,
                    invoice.period,
                    group,
                    amount,
                    MEMBER_COUNTERPARTY,
                    seller,
                ]
            )
        for text, amount in invoice.adjustments:
            writer.writerow(
                [
                    invoice.member.name,
                    invoice.member.scb_code,
                    invoice.period,
                    "",
                    amount,
                    MEMBER_COUNTERPARTY,
                    seller,
                    text,
                ]
            )
    return out.getvalue().encode("utf-8")
