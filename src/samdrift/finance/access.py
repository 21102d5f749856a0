"""Access rules of the committee's finances.

Controllers prepare budgets, forecasts, outcome and allocation runs for the whole
collaboration; the committee and the members' orderers read them (an orderer its own
member's specific lines and the common ones), unit leads their budget.

An allocation run's snapshot (inputs, output, lines, invoice files) holds every member's
figures and member-specific costs. Collaboration-wide finance readers read every run; a
member's people (orderer, member administrator) read runs only while the collaboration
has "members see each other's statements" on (the default) — otherwise each reads their
own member's part through the member statement (``statements.member_statement``).
"""

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samdrift.accounts.choices import Role, ScopeLevel
from samdrift.accounts.policy import holds_role_over, register
from samdrift.core import navigation
from samdrift.core.navigation import NavItem

from .models import (
    AllocationModel,
    AllocationRule,
    AllocationRun,
    BudgetLine,
    ClosedPeriod,
    FinanceSettings,
    Forecast,
    ForecastLine,
    Investment,
    InvestmentForecast,
    InvoiceAdjustment,
    OutcomeLine,
    ReportedCount,
)

FINANCE_READERS = frozenset({Role.CONTROLLER, Role.ADMINISTRATOR, Role.COMMITTEE_MEMBER, Role.ORDERER, Role.UNIT_LEAD})
CONTROLLER = frozenset({Role.CONTROLLER})

for model in (
    FinanceSettings,
    ClosedPeriod,
    BudgetLine,
    OutcomeLine,
    Forecast,
    ForecastLine,
    Investment,
    InvestmentForecast,
    AllocationModel,
    AllocationRule,
):
    register(model, read=FINANCE_READERS, manage=CONTROLLER)
# Members report their own device and account counts through their orderer too.
register(ReportedCount, read=FINANCE_READERS, manage=CONTROLLER | {Role.ORDERER}, manage_level=ScopeLevel.MEMBER)
# The snapshot names what every member pays: shared with members only in a transparent
# collaboration (no settings row means the default, transparent).
TRANSPARENT = Q(allocation_model__collaboration__finance_settings__isnull=True) | Q(
    allocation_model__collaboration__finance_settings__transparent_statements=True
)
register(AllocationRun, read=FINANCE_READERS, shared_when=TRANSPARENT, manage=CONTROLLER)
# Amounts queued for a member's internal invoice (penalty credits from agreements): the
# member's own rows, and every member's for the collaboration-wide finance roles.
register(InvoiceAdjustment, read=FINANCE_READERS, manage=CONTROLLER)


def can_issue_run(user: Any, run: models.Model) -> bool:
    """Only a controller covering the whole collaboration issues an allocation run."""
    return holds_role_over(user, run, CONTROLLER)


navigation.add(NavItem(_("Finance"), "finance:home", FINANCE_READERS, order=81, group=navigation.FINANCE))
