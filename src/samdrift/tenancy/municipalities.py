"""The shipped reference list of Sweden's 290 municipalities (SCB kommunkoder)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DATA_FILE = Path(__file__).parent / "data" / "municipalities.csv"


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    county_code: str
    county: str


@cache
def all_municipalities() -> dict[str, Municipality]:
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: Municipality(**row) for row in csv.DictReader(handle)}


def get(code: str) -> Municipality | None:
    return all_municipalities().get(code)


def validate_scb_code(value: str) -> None:
    if not (len(value) == 4 and value.isdigit()):
        raise ValidationError(_("Enter the municipality's four-digit SCB code, e.g. 1466."), code="format")
    if value not in all_municipalities():
        raise ValidationError(
            _("%(code)s is not the SCB code of any Swedish municipality."),
            code="unknown",
            params={"code": value},
        )


def choices() -> list[tuple[str, str]]:
    return [(m.code, f"{m.code} {m.name}") for m in all_municipalities().values()]
