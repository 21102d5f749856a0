"""Numbers, money, percentages and dates as the UI shows them: the one place for it.

Templates use the filters of ``{% load samdrift %}`` (``money``, ``number``, ``percent``,
``day``, ``moment``); the generic tables (``core/tables.py``) call these functions too.
Everything follows the active language (Swedish by default, English complete):

* money: ``15 199 000,00 kr`` (sv), ``SEK 15,199,000.00`` (en) — Decimal in, never float;
* numbers: grouped thousands, the decimals asked for;
* percentages: at most one decimal (``99,5 %``); a value below 100 never shows as 100;
* dates and times: in Europe/Stockholm, the locale's short formats.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import get_language

EMPTY = "–"


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def number(value: Any, decimals: int | None = None) -> str:
    """``value`` with grouped thousands; ``decimals`` places, or as many as it has."""
    amount = _decimal(value)
    if amount is None:
        return EMPTY if value in (None, "") else str(value)
    if decimals is not None:
        amount = amount.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return formats.number_format(amount, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def money(value: Any) -> str:
    """An amount in kronor with öre: ``15 199 000,00 kr``."""
    amount = _decimal(value)
    if amount is None:
        return EMPTY
    text = number(amount, 2)
    if (get_language() or "sv").startswith("en"):
        return f"SEK\xa0{text}"
    return f"{text}\xa0kr"


def percent(value: Any) -> str:
    """A percentage with at most one decimal, and its sign: ``99,5 %``.

    A value under 100 that would round up to 100 shows as 99,9: an availability of
    99.96 % is not 100 %.
    """
    amount = _decimal(value)
    if amount is None:
        return EMPTY
    rounded = amount.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if amount < 100 <= rounded:
        rounded = Decimal("99.9")
    if rounded == rounded.to_integral_value():
        rounded = rounded.quantize(Decimal(1))
    return f"{number(rounded)}\xa0%"


def day(value: Any) -> str:
    """A date (or the local date of a time) in the locale's short format."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def moment(value: Any) -> str:
    """A point in time, in Swedish time, in the locale's short date and time format."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if not isinstance(value, datetime.datetime):
        return day(value)
    return formats.date_format(value, "SHORT_DATETIME_FORMAT")
