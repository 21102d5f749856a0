"""Money in finance: kronor with öre, exact on SQLite and PostgreSQL.

Every amount that the database adds up goes through :class:`MoneySum`, and every amount
written into a snapshot (an allocation run's inputs) through :func:`money_text`.

Why: SQLite keeps a ``DecimalField`` as a floating-point number and ``SUM`` adds floats,
so ``Sum("amount")`` of 123.45 comes back as ``Decimal("123.450000000000")`` and of
12 345 678.91 as ``Decimal("12345678.9100000")``; PostgreSQL answers ``Decimal("123.45")``.
:class:`MoneySum` adds whole öre instead — each amount times 100, rounded to an integer
(the float of an amount with two decimals is never half an öre off) — so the sum is
exact however many lines there are, and returns it as a ``Decimal`` with two decimals on
both databases. :func:`money_text` writes an amount as a fixed two-decimal string
(``"250000.00"``, never ``"250000"`` or ``"2.5E+5"``), so the same figures give the
same snapshot, and the same digest, whichever database they came from.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import BigIntegerField, F, Sum
from django.db.models.functions import Cast, Round

ORE = Decimal("0.01")
ZERO = Decimal("0.00")


def to_ore(value: Decimal | int | str) -> Decimal:
    """``value`` as kronor with exactly two decimals (half an öre rounds away from zero);
    never ``-0.00``."""
    amount = Decimal(value).quantize(ORE, rounding=ROUND_HALF_UP)
    return ZERO if amount == 0 else amount


def money_text(value: Decimal | int | str) -> str:
    """The one text form of an amount in a snapshot: plain digits, two decimals."""
    return f"{to_ore(value):f}"


class MoneySum(Sum):
    """``Sum`` of a money column, added in whole öre: exact on every database, and a
    :class:`~decimal.Decimal` with two decimals (``0.00`` for no rows) on every database.

    Use it wherever finance sums amounts in the database::

        BudgetLine.objects.values("account_group").annotate(total=MoneySum("amount"))
    """

    def __init__(self, field: str, **extra: Any) -> None:
        in_ore = Cast(Round(F(field) * 100), output_field=BigIntegerField())
        super().__init__(in_ore, output_field=BigIntegerField(), **extra)

    def convert_value(self, value: Any, expression: Any, connection: Any) -> Decimal:
        """The database's integer öre (an ``int`` on SQLite, a ``Decimal`` on PostgreSQL)
        as kronor."""
        if value is None:
            return ZERO
        return to_ore(Decimal(int(value)) * ORE)
