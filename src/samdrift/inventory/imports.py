"""Reading asset files: Samdrift's own CSV/XLSX layout and a Lansweeper asset export.

:func:`read_assets` checks every row and returns unsaved :class:`Asset` objects and the
problems, each naming the row (as the spreadsheet numbers it: the header is row 1) and
the column. Nothing is stored here; the import action stores all rows or none.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from samdrift.tenancy.models import Department, Member

from .choices import AssetKind, ImportFormat, Ownership
from .models import Asset

MAX_ROWS = 200_000

# Samdrift layout: column → accepted headers (Swedish or English, case-insensitive).
COLUMNS: dict[str, tuple[str, ...]] = {
    "kind": ("kind", "slag"),
    "asset_type": ("type", "typ"),
    "model_name": ("model", "modell"),
    "serial": ("serial", "serienummer"),
    "owner": ("owner", "ägare", "användare"),
    "department": ("department", "förvaltning"),
    "purchase_date": ("purchase date", "inköpsdatum"),
    "price": ("price", "pris"),
    "ownership": ("ownership", "ägd/leasad", "leasad"),
    "end_of_life": ("end of life", "livslängd till", "utfasning"),
}
REQUIRED = ("kind", "asset_type")
# Lansweeper's asset export ("Assets" report saved as CSV): header → our field.
LANSWEEPER: dict[str, str] = {
    "assettype": "asset_type",
    "manufacturer": "manufacturer",
    "model": "model_name",
    "serialnumber": "serial",
    "username": "owner",
    "purchasedate": "purchase_date",
    "warrantydate": "end_of_life",
    "assetname": "name",
}
KINDS = {
    "device": AssetKind.DEVICE,
    "enhet": AssetKind.DEVICE,
    "account": AssetKind.ACCOUNT,
    "konto": AssetKind.ACCOUNT,
}
OWNERSHIP = {
    "": Ownership.OWNED, "owned": Ownership.OWNED, "ägd": Ownership.OWNED, "köpt": Ownership.OWNED,
    "leased": Ownership.LEASED, "leasad": Ownership.LEASED, "lease": Ownership.LEASED,
}  # fmt: skip


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class Parsed:
    assets: list[Asset] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.assets)


def _table(name: str, content: bytes) -> list[list[str]]:
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        table = []
        for values in sheet.iter_rows(values_only=True):
            table.append(
                ["" if v is None else (v.isoformat()[:10] if isinstance(v, datetime.date) else str(v)) for v in values]
            )
        workbook.close()
        return table
    text = content.decode("utf-8-sig", errors="strict")
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _date(raw: str) -> datetime.date:
    raw = raw.strip()[:10]
    return datetime.date.fromisoformat(raw)


def _price(raw: str) -> Decimal:
    cleaned = raw.replace("\u00a0", "").replace(" ", "").replace("kr", "").replace(",", ".")
    value = Decimal(cleaned)
    if value < 0 or value != value.quantize(Decimal("0.01")):
        raise InvalidOperation
    return value


def read_assets(name: str, content: bytes, *, member: Member, fmt: str) -> Parsed:
    """Check a file of assets for ``member``; see the module docstring."""
    parsed = Parsed()
    try:
        table = _table(name, content)
    except Exception:  # a file that is not CSV or XLSX at all
        parsed.problems.append(Problem(1, "–", _("The file could not be read as CSV (UTF-8) or XLSX.")))
        return parsed
    table = [row for row in table if any(cell.strip() for cell in row)]
    if not table:
        parsed.problems.append(Problem(1, "–", _("The file is empty.")))
        return parsed
    header = [cell.strip().lower() for cell in table[0]]
    if fmt == ImportFormat.LANSWEEPER:
        index = {LANSWEEPER[h.replace(" ", "")]: i for i, h in enumerate(header) if h.replace(" ", "") in LANSWEEPER}
        missing = [h for h, f in LANSWEEPER.items() if f in ("asset_type",) and f not in index]
    else:
        index = {}
        for column, names in COLUMNS.items():
            for i, h in enumerate(header):
                if h in names:
                    index[column] = i
        missing = [COLUMNS[c][0] for c in REQUIRED if c not in index]
    if missing:
        parsed.problems.append(Problem(1, ", ".join(missing), _("A required column is missing.")))
        return parsed
    if len(table) - 1 > MAX_ROWS:
        parsed.problems.append(Problem(1, "–", _("At most %(n)s rows per file.") % {"n": MAX_ROWS}))
        return parsed
    departments: dict[str, Department] = {}
    for department in Department.objects.filter(member=member):
        departments[department.name.lower()] = department
        if department.code:
            departments[department.code.lower()] = department
    taken = set(
        Asset.objects.filter(collaboration_id=member.collaboration_id)
        .exclude(serial="")
        .values_list("serial", flat=True)
    )
    seen: dict[str, int] = {}
    # Problems name the column as the file's header does.
    original = [cell.strip() for cell in table[0]]
    labels = {c: names[0] for c, names in COLUMNS.items()} | {c: original[i] for c, i in index.items()}
    for number, row in enumerate(table[1:], start=2):
        parsed.rows += 1

        def cell(column: str, row: list[str] = row) -> str:
            i = index.get(column)
            return row[i].strip() if i is not None and i < len(row) else ""

        def problem(column: str, message: str, number: int = number) -> None:
            parsed.problems.append(Problem(number, labels.get(column, column), message))

        values: dict[str, Any] = {}
        if fmt == ImportFormat.LANSWEEPER:
            values["kind"] = AssetKind.DEVICE
            values["asset_type"] = cell("asset_type")
            values["model_name"] = " ".join(p for p in (cell("manufacturer"), cell("model_name")) if p)
            values["ownership"] = Ownership.OWNED
        else:
            kind = KINDS.get(cell("kind").lower())
            if kind is None:
                problem("kind", _("Write device (enhet) or account (konto)."))
            values["kind"] = kind
            values["asset_type"] = cell("asset_type")
            values["model_name"] = cell("model_name")
            ownership = OWNERSHIP.get(cell("ownership").lower())
            if ownership is None:
                problem("ownership", _("Write owned (ägd) or leased (leasad)."))
            values["ownership"] = ownership
            if cell("price"):
                try:
                    values["price"] = _price(cell("price"))
                except (InvalidOperation, ValueError):
                    problem("price", _("Write an amount in kronor with at most two decimals, e.g. 12 499,50."))
            if cell("department"):
                found = departments.get(cell("department").lower())
                if found is None:
                    problem(
                        "department", _("No department of %(member)s has this name or code.") % {"member": member.name}
                    )
                values["department"] = found
        if not values["asset_type"]:
            problem("asset_type", _("The type is required."))
        elif len(values["asset_type"]) > 100:
            problem("asset_type", _("At most 100 characters."))
        values["owner"] = cell("owner")[:200]
        values["model_name"] = values["model_name"][:200]
        serial = cell("serial")
        if len(serial) > 100:
            problem("serial", _("At most 100 characters."))
        elif serial:
            if serial in seen:
                problem("serial", _("The serial number is also on row %(row)s.") % {"row": seen[serial]})
            elif serial in taken:
                problem("serial", _("An asset with this serial number is already registered."))
            seen.setdefault(serial, number)
        values["serial"] = serial
        for column in ("purchase_date", "end_of_life"):
            if cell(column):
                try:
                    values[column] = _date(cell(column))
                except ValueError:
                    problem(column, _("Write the date as YYYY-MM-DD."))
        if (
            values.get("purchase_date")
            and values.get("end_of_life")
            and values["end_of_life"] < values["purchase_date"]
        ):
            problem("end_of_life", _("End of life cannot be before the purchase date."))
        if len(parsed.problems) > 200:
            break
        parsed.assets.append(Asset(collaboration_id=member.collaboration_id, member=member, **values))
    if parsed.problems:
        parsed.assets = []
    elif not parsed.assets:
        parsed.problems.append(Problem(2, "–", _("The file has no rows.")))
    return parsed
