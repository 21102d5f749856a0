"""Read-side helpers for tenancy: who is a member in a year, and their shares."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import Collaboration, Member, Population

Basis = Literal["inhabitants", "employees"]


@dataclass(frozen=True)
class Share:
    member: Member
    value: int
    share: Fraction

    @property
    def percent(self) -> Decimal:
        """The share in percent, rounded to two decimals (for display only)."""
        return (Decimal(self.share.numerator) * 100 / Decimal(self.share.denominator)).quantize(Decimal("0.01"))


def members_in_year(collaboration: Collaboration, year: int) -> list[Member]:
    """Members that were members on at least one day of ``year``."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return list(
        Member.objects.filter(collaboration=collaboration, joined_on__lte=last)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=first))
        .order_by("scb_code")
    )


def year_shares(collaboration: Collaboration, year: int, basis: Basis = "inhabitants") -> list[Share]:
    """Each member's exact share of ``basis`` in ``year``; the shares sum to exactly 1.

    Raises ``ValidationError`` naming the members that have no figures for the year.
    """
    members = members_in_year(collaboration, year)
    figures = {p.member_id: p for p in Population.objects.filter(member__in=members, year=year)}
    missing = [m.name for m in members if m.pk not in figures]
    if missing:
        raise ValidationError(
            _("No population figures for %(year)s for: %(members)s.") % {"year": year, "members": ", ".join(missing)}
        )
    values = {m.pk: getattr(figures[m.pk], basis) for m in members}
    total = sum(values.values())
    if total == 0:
        label = {"inhabitants": _("inhabitants"), "employees": _("employees")}[basis]
        raise ValidationError(
            _("The %(basis)s of all members sum to zero in %(year)s.") % {"basis": label, "year": year}
        )
    return [Share(member=m, value=values[m.pk], share=Fraction(values[m.pk], total)) for m in members]
