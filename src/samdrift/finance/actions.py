"""The only way finance objects change. Each action is one transaction with an audit row.

Allocation runs: :func:`do_prepare_run` gathers every input into a JSON snapshot,
computes the output from that snapshot alone (both pure, in :mod:`.runs`) and stores both
with a SHA-256 digest. :func:`do_issue_run` makes a run final; an issued run is never edited or
deleted — a correction is a new run naming the one it corrects.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samdrift.core.actions import create_object, delete_object, update_object
from samdrift.core.versions import SYSTEM, ExpectedVersion

from . import allocation, ledger
from .access import can_issue_run
from .choices import Basis, RunState
from .models import (
    AllocationLine,
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
from .runs import compute, digest, gather_inputs, reproduces

if TYPE_CHECKING:
    from samdrift.accounts.models import User


# Plain create / update / delete ---------------------------------------------------
def _crud(model: type) -> tuple[Any, Any, Any]:
    def create(*, acting_user: User | None, **fields: Any) -> Any:
        return create_object(model, acting_user=acting_user, **fields)

    def update(obj: Any, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any) -> Any:
        return update_object(obj, acting_user=acting_user, expected_version=expected_version, **changes)

    def delete(obj: Any, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
        delete_object(obj, acting_user=acting_user, expected_version=expected_version)

    return create, update, delete


do_add_budget_line, do_update_budget_line, _delete_budget_line = _crud(BudgetLine)
do_add_outcome_line, do_update_outcome_line, _delete_outcome_line = _crud(OutcomeLine)
do_create_forecast, do_update_forecast, do_delete_forecast = _crud(Forecast)
do_add_forecast_line, do_update_forecast_line, do_delete_forecast_line = _crud(ForecastLine)
do_create_investment, do_update_investment, do_delete_investment = _crud(Investment)
do_forecast_investment, do_update_investment_forecast, do_delete_investment_forecast = _crud(InvestmentForecast)
do_report_count, do_update_reported_count, do_delete_reported_count = _crud(ReportedCount)
do_create_allocation_model, do_update_allocation_model, do_delete_allocation_model = _crud(AllocationModel)
do_add_allocation_rule, do_update_allocation_rule, do_delete_allocation_rule = _crud(AllocationRule)
do_close_period, _update_closed_period, _reopen_period = _crud(ClosedPeriod)
do_create_finance_settings, do_update_finance_settings, do_delete_finance_settings = _crud(FinanceSettings)


def _refuse_closed(line: Any) -> None:
    from .models import is_closed

    if is_closed(line.collaboration_id, line.year, line.month):
        raise ValidationError(
            _("%(year)s-%(month)02d is closed: its figures can no longer change.")
            % {"year": line.year, "month": line.month}
        )


def do_delete_budget_line(line: BudgetLine, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
    _refuse_closed(line)
    _delete_budget_line(line, acting_user=acting_user, expected_version=expected_version)


def do_delete_outcome_line(line: OutcomeLine, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
    _refuse_closed(line)
    _delete_outcome_line(line, acting_user=acting_user, expected_version=expected_version)


def do_update_closed_period(*args: Any, **kwargs: Any) -> ClosedPeriod:
    raise ValidationError(_("A closed period is not edited. Reopen it (delete) and close it again."))


def do_reopen_period(period: ClosedPeriod, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
    _reopen_period(period, acting_user=acting_user, expected_version=expected_version)


# Allocation runs -------------------------------------------------------------------
def do_prepare_run(
    *,
    acting_user: User | None,
    model: AllocationModel,
    basis: str,
    forecast: Forecast | None = None,
    first_month: int = 1,
    last_month: int = 12,
    corrects: AllocationRun | None = None,
) -> AllocationRun:
    """Compute an allocation from the current figures and keep it as a prepared run."""
    if basis == Basis.FORECAST and forecast is None:
        raise ValidationError({"forecast": _("Choose the forecast to allocate.")})
    if forecast is not None and (forecast.collaboration_id != model.collaboration_id or forecast.year != model.year):
        raise ValidationError({"forecast": _("Choose a forecast of the model's collaboration and year.")})
    if not 1 <= first_month <= last_month <= 12:
        raise ValidationError({"last_month": _("The last month must be on or after the first.")})
    if corrects is not None and corrects.state != RunState.ISSUED:
        raise ValidationError({"corrects": _("Only an issued run is corrected; a prepared one is simply replaced.")})
    inputs = gather_inputs(model, basis, forecast if basis == Basis.FORECAST else None, first_month, last_month)
    try:
        output = compute(inputs)
    except allocation.AllocationError as exc:
        raise ValidationError(str(exc)) from exc
    with transaction.atomic():
        run = create_object(
            AllocationRun,
            acting_user=acting_user,
            allocation_model=model,
            basis=basis,
            forecast=forecast if basis == Basis.FORECAST else None,
            first_month=first_month,
            last_month=last_month,
            corrects=corrects,
            prepared_by=acting_user if getattr(acting_user, "pk", None) else None,
            inputs=inputs,
            output=output,
            digest=digest(inputs, output),
            total=Decimal(output["total"]),
        )
        AllocationLine.objects.bulk_create(_lines(run, output["lines"]))
    return run


def _lines(run: AllocationRun, lines: Iterable[dict[str, Any]]) -> list[AllocationLine]:
    return [
        AllocationLine(
            run=run,
            member_id=line["member"],
            unit_id=line["unit"],
            account_group=line["group"],
            service=line["service"],
            rule=line["rule"],
            amount=Decimal(line["amount"]),
            explanation=line["explanation"],
        )
        for line in lines
    ]


def do_issue_run(run: AllocationRun, *, acting_user: User | None, expected_version: ExpectedVersion) -> AllocationRun:
    """Make a prepared run final. Only a controller of the whole collaboration may."""
    if not can_issue_run(acting_user, run):
        raise PermissionDenied(_("Only a controller of the collaboration issues an allocation run."))
    if run.state == RunState.ISSUED:
        raise ValidationError(_("The run is already issued."))
    if not reproduces(run):
        raise ValidationError(_("The run's output no longer follows from its inputs; prepare it again."))
    with transaction.atomic():
        issued = update_object(
            run,
            acting_user=acting_user,
            expected_version=expected_version,
            state=RunState.ISSUED,
            issued_by=acting_user,
            issued_at=timezone.now(),
        )
        _take_up_adjustments(issued, acting_user=acting_user)
    return issued


def do_discard_run(run: AllocationRun, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
    """Throw away a prepared run. An issued run is never deleted."""
    if run.state == RunState.ISSUED:
        raise ValidationError(_("An issued run is never deleted; prepare a correcting run instead."))
    delete_object(run, acting_user=acting_user, expected_version=expected_version)


def do_update_run(*args: Any, **kwargs: Any) -> AllocationRun:
    raise ValidationError(_("A run is not edited: prepare a new run (a correction, once issued)."))


# Files from the ledgers -------------------------------------------------------------
def do_import_outcome_sie(
    *, acting_user: User | None, collaboration: Any, year: int, data: bytes, filename: str
) -> ledger.Imported:
    """Replace the outcome of the months in a SIE 4 ledger export with its vouchers; all or
    nothing. Each replaced line is deleted and each new one created through the audited
    object actions, so the history shows what the import took away and what it put in."""
    sums = ledger.read_outcome_sie(collaboration=collaboration, year=year, data=data)
    months = tuple(sorted({key[0] for key in sums}))
    with transaction.atomic():
        replaced = OutcomeLine.objects.filter(collaboration=collaboration, year=year, month__in=months).order_by("pk")
        for old in replaced:
            delete_object(old, acting_user=acting_user, expected_version=SYSTEM)
        for key in sorted(sums, key=ledger.outcome_order):
            month, unit_id, group, member_id, project = key
            create_object(
                OutcomeLine,
                acting_user=acting_user,
                collaboration=collaboration,
                year=year,
                month=month,
                unit_id=unit_id,
                account_group=group,
                member_id=member_id,
                project=project,
                amount=sums[key],
                source=filename[:100],
            )
    return ledger.Imported(lines=len(sums), months=months, total=sum(sums.values(), Decimal(0)))


def do_import_lines(*, acting_user: User | None, model: type, collaboration: Any, data: bytes, filename: str) -> int:
    """Add budget or outcome lines from a CSV or XLSX file; all or nothing."""
    rows = ledger.read_xlsx(data) if filename.lower().endswith(".xlsx") else ledger.read_csv(data)
    return ledger.import_lines(acting_user=acting_user, model=model, collaboration=collaboration, rows=rows)


# Set by the committee's decisions (``samdrift.governance``), never by a form.


def do_record_forecast_approval(forecast: Forecast, *, acting_user: User | None, decision: Any) -> Forecast:
    """A decision approves the forecast ("godkänner prognos")."""
    from .choices import ApprovalState

    return update_object(
        forecast, acting_user=acting_user, expected_version=SYSTEM, approval_state=ApprovalState.APPROVED,
        approved_by=decision,
    )  # fmt: skip


def do_record_model_adoption(model: AllocationModel, *, acting_user: User | None, decision: Any) -> AllocationModel:
    """A decision adopts the allocation model."""
    return update_object(model, acting_user=acting_user, expected_version=SYSTEM, decision=decision)


# Adjustments on the internal invoices ------------------------------------------------
def do_add_invoice_adjustment(
    *,
    acting_user: User | None,
    collaboration: Any,
    member: Any,
    year: int,
    month: int,
    amount: Decimal,
    text: str,
    source: str = "",
) -> InvoiceAdjustment:
    """Queue an amount for a member's invoice (negative: a credit). The next run issued
    whose period reaches ``year``-``month`` carries it."""
    return create_object(
        InvoiceAdjustment,
        acting_user=acting_user,
        collaboration=collaboration,
        member=member,
        year=year,
        month=month,
        amount=amount,
        text=text,
        source=source,
    )


def _take_up_adjustments(run: AllocationRun, *, acting_user: User | None) -> None:
    """Attach the pending adjustments the run's period reaches (inside the issuing transaction)."""
    model = run.allocation_model
    pending = InvoiceAdjustment.objects.select_for_update().filter(
        collaboration_id=model.collaboration_id, included_in__isnull=True
    )
    for adjustment in pending:
        if (adjustment.year, adjustment.month) <= (model.year, run.last_month):
            update_object(adjustment, acting_user=acting_user, expected_version=adjustment.version, included_in=run)
