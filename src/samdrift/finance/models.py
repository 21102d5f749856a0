"""The committee's finances: budget, forecasts and outcome per month, unit and account
group, investments, and the allocation of costs between members (models and runs).

Amounts are kronor with öre (``Decimal``); costs are positive and income negative. A line
with a member is *kommunspecifik* (that member's alone); without, it is *gemensam* and is
shared by the allocation model. Closed periods refuse changes. An issued allocation run
never changes: a correction is a new run.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samdrift.core.models import DomainModel
from samdrift.core.querysets import ScopedManager
from samdrift.core.tenancy import TenantPaths
from samdrift.tenancy.choices import LegalForm
from samdrift.tenancy.models import Collaboration, Member, Unit

from .choices import AccountGroup, ApprovalState, Basis, KeyType, ReportedKind, RunState


def _amount(label: Any, **kwargs: Any) -> models.DecimalField:
    return models.DecimalField(label, max_digits=14, decimal_places=2, **kwargs)


YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]
MONTH = [MinValueValidator(1), MaxValueValidator(12)]
COLLABORATION_PATHS = TenantPaths(collaboration="collaboration", member="member")


class FinanceSettings(DomainModel):
    """A collaboration's finance settings: how open the member statements are, and the
    counterparty code its internal invoices carry."""

    collaboration = models.OneToOneField(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.CASCADE, related_name="finance_settings"
    )
    transparent_statements = models.BooleanField(
        _("members see each other's statements"),
        default=True,
        help_text=_("On by default: agreed costs must be known. Off: each member sees its own and the common totals."),
    )
    counts_from_inventory = models.BooleanField(
        _("count devices and accounts from the inventory"),
        default=False,
        help_text=_(
            "On: the device and account keys are the assets registered in the inventory on 31 December; "
            "off: the counts members report."
        ),
    )
    seller_counterparty = models.CharField(
        _("counterparty code of the collaboration"),
        max_length=4,
        blank=True,
        help_text=_(
            "Kommun-Bas motpart the members book the invoices against: 83 for a kommunalförbund, 82 for a "
            "host municipality. Empty: from the legal form."
        ),
    )

    objects = ScopedManager["FinanceSettings"]()
    tenant_paths = TenantPaths(collaboration="collaboration")

    class Meta:
        verbose_name = _("finance settings")
        verbose_name_plural = _("finance settings")
        ordering = ["collaboration__name"]

    def __str__(self) -> str:
        return str(self.collaboration)

    def get_absolute_url(self) -> str:
        return reverse("finance:financesettings_detail", args=[self.pk])

    def counterparty(self) -> str:
        """The collaboration's Kommun-Bas motpart: as set, else 83 for a federation, else 82."""
        if self.seller_counterparty:
            return self.seller_counterparty
        return "83" if self.collaboration.legal_form == LegalForm.FEDERATION else "82"


def settings_for(collaboration: Collaboration) -> FinanceSettings:
    """The stored settings, or the defaults (unsaved) for a collaboration without any."""
    return FinanceSettings.objects.filter(collaboration=collaboration).first() or FinanceSettings(
        collaboration=collaboration
    )


MEMBER_COUNTERPARTY = "82"  # Kommun-Bas motpart of a municipality


class ClosedPeriod(DomainModel):
    """A month whose figures are final: budget, outcome and imports for it are refused."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    month = models.PositiveSmallIntegerField(_("month"), validators=MONTH)

    objects = ScopedManager["ClosedPeriod"]()
    tenant_paths = TenantPaths(collaboration="collaboration")

    class Meta:
        verbose_name = _("closed period")
        verbose_name_plural = _("closed periods")
        ordering = ["-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "year", "month"], name="closedperiod_unique_month")
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"

    def get_absolute_url(self) -> str:
        return reverse("finance:closedperiod_detail", args=[self.pk])


def is_closed(collaboration_id: int, year: int, month: int) -> bool:
    return ClosedPeriod.objects.filter(collaboration_id=collaboration_id, year=year, month=month).exists()


class FigureLine(DomainModel):
    """What budget and outcome lines share: a month, a unit, an account group, and a
    member when the amount is that member's alone."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    month = models.PositiveSmallIntegerField(_("month"), validators=MONTH)
    unit = models.ForeignKey(Unit, verbose_name=_("unit (cost centre)"), on_delete=models.PROTECT, related_name="+")
    account_group = models.CharField(_("account group"), max_length=1, choices=AccountGroup.choices)
    member = models.ForeignKey(
        Member,
        verbose_name=_("specific to member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: common (gemensam), shared by the allocation model."),
    )
    activity = models.CharField(_("activity"), max_length=40, blank=True)
    project = models.CharField(_("project"), max_length=40, blank=True)
    amount = _amount(_("amount (SEK)"))
    text = models.CharField(_("text"), max_length=200, blank=True)

    tenant_paths: ClassVar[TenantPaths] = COLLABORATION_PATHS
    label_related = ("unit",)

    class Meta:
        abstract = True
        ordering = ["-year", "month", "unit__name", "account_group"]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} {self.unit.name} {self.get_account_group_display()}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.unit_id and self.collaboration_id and self.unit.collaboration_id != self.collaboration_id:
            errors["unit"] = _("Choose a unit of the collaboration.")
        member = self.member if self.member_id else None
        if member is not None and member.collaboration_id != self.collaboration_id:
            errors["member"] = _("Choose a member of the collaboration.")
        if (
            self.collaboration_id
            and self.year
            and self.month
            and is_closed(self.collaboration_id, self.year, self.month)
        ):
            errors["month"] = _("%(year)s-%(month)02d is closed: its figures can no longer change.") % {
                "year": self.year,
                "month": self.month,
            }
        if errors:
            raise ValidationError(errors)


class BudgetLine(FigureLine):
    """One month's budgeted amount for a unit and account group (the committee's budget)."""

    objects = ScopedManager["BudgetLine"]()

    class Meta(FigureLine.Meta):
        verbose_name = _("budget line")
        verbose_name_plural = _("budget")
        indexes = [models.Index(fields=["collaboration", "year", "month"], name="budget_collab_period")]

    def get_absolute_url(self) -> str:
        return reverse("finance:budgetline_detail", args=[self.pk])


class OutcomeLine(FigureLine):
    """One month's booked amount for a unit and account group, imported from the ledger
    (SIE) or entered by a controller."""

    source = models.CharField(_("source"), max_length=100, blank=True, help_text=_("e.g. the imported file"))

    objects = ScopedManager["OutcomeLine"]()

    class Meta(FigureLine.Meta):
        verbose_name = _("outcome line")
        verbose_name_plural = _("outcome")
        indexes = [models.Index(fields=["collaboration", "year", "month"], name="outcome_collab_period")]

    def get_absolute_url(self) -> str:
        return reverse("finance:outcomeline_detail", args=[self.pk])


class Forecast(DomainModel):
    """A full-year forecast made at the end of a month. Each forecast is kept, so the
    follow-up shows the change since the one before."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    as_of_month = models.PositiveSmallIntegerField(
        _("as of month"), validators=MONTH, help_text=_("The forecast is made with the outcome up to this month.")
    )
    name = models.CharField(_("name"), max_length=100)
    comment = models.TextField(_("comment"), blank=True)
    # Set only by a decision (``governance.actions.do_decide`` → ``do_record_forecast_approval``).
    approval_state = models.CharField(
        _("approval"), max_length=20, choices=ApprovalState.choices, default=ApprovalState.NOT_APPROVED, editable=False
    )
    approved_by = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("approved by decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    objects = ScopedManager["Forecast"]()
    tenant_paths = TenantPaths(collaboration="collaboration")

    class Meta:
        verbose_name = _("forecast")
        verbose_name_plural = _("forecasts")
        ordering = ["-year", "-as_of_month"]
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "year", "as_of_month"], name="forecast_unique_month")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("finance:forecast_detail", args=[self.pk])

    def previous(self) -> Forecast | None:
        return (
            Forecast.objects.filter(
                collaboration_id=self.collaboration_id, year=self.year, as_of_month__lt=self.as_of_month
            )
            .order_by("-as_of_month")
            .first()
        )


class ForecastLine(DomainModel):
    """A forecast for the whole year, per unit and account group (and member if specific),
    with the deviation comment the committee reads."""

    forecast = models.ForeignKey(Forecast, verbose_name=_("forecast"), on_delete=models.CASCADE, related_name="lines")
    unit = models.ForeignKey(Unit, verbose_name=_("unit (cost centre)"), on_delete=models.PROTECT, related_name="+")
    account_group = models.CharField(_("account group"), max_length=1, choices=AccountGroup.choices)
    member = models.ForeignKey(
        Member,
        verbose_name=_("specific to member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: common (gemensam), shared by the allocation model."),
    )
    amount = _amount(_("full year (SEK)"))
    comment = models.TextField(_("deviation comment"), blank=True)

    objects = ScopedManager["ForecastLine"]()
    tenant_paths = TenantPaths(collaboration="forecast__collaboration", member="member")
    label_related = ("forecast", "unit")

    class Meta:
        verbose_name = _("forecast line")
        verbose_name_plural = _("forecast lines")
        ordering = ["forecast", "unit__name", "account_group"]

    def __str__(self) -> str:
        return f"{self.forecast.name}: {self.unit.name} {self.get_account_group_display()}"

    def get_absolute_url(self) -> str:
        return reverse("finance:forecastline_detail", args=[self.pk])

    def clean(self) -> None:
        collaboration_id = self.forecast.collaboration_id if self.forecast_id else None
        errors: dict[str, Any] = {}
        if self.unit_id and collaboration_id and self.unit.collaboration_id != collaboration_id:
            errors["unit"] = _("Choose a unit of the collaboration.")
        member = self.member if self.member_id else None
        if member is not None and member.collaboration_id != collaboration_id:
            errors["member"] = _("Choose a member of the collaboration.")
        if errors:
            raise ValidationError(errors)


class Investment(DomainModel):
    """An investment project of a year, budgeted in one member's accounts (e.g. "… VGA")
    or in the collaboration's own."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    name = models.CharField(_("project"), max_length=120)
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The member whose accounts carry the investment. Empty: the collaboration's own."),
    )
    budget = _amount(_("budget (SEK)"), default=Decimal("0"))
    outcome = _amount(_("outcome so far (SEK)"), default=Decimal("0"))

    objects = ScopedManager["Investment"]()
    tenant_paths = COLLABORATION_PATHS

    class Meta:
        verbose_name = _("investment")
        verbose_name_plural = _("investments")
        ordering = ["-year", "name"]
        constraints = [models.UniqueConstraint(fields=["collaboration", "year", "name"], name="investment_unique")]

    def __str__(self) -> str:
        return f"{self.name} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("finance:investment_detail", args=[self.pk])


class InvestmentForecast(DomainModel):
    """An investment's forecast for the whole year, in one forecast."""

    forecast = models.ForeignKey(
        Forecast, verbose_name=_("forecast"), on_delete=models.CASCADE, related_name="investments"
    )
    investment = models.ForeignKey(
        Investment, verbose_name=_("investment"), on_delete=models.CASCADE, related_name="forecasts"
    )
    amount = _amount(_("full year (SEK)"))
    comment = models.TextField(_("deviation comment"), blank=True)

    objects = ScopedManager["InvestmentForecast"]()
    tenant_paths = TenantPaths(collaboration="forecast__collaboration", member="investment__member")
    label_related = ("forecast", "investment")

    class Meta:
        verbose_name = _("investment forecast")
        verbose_name_plural = _("investment forecasts")
        ordering = ["forecast", "investment__name"]
        constraints = [models.UniqueConstraint(fields=["forecast", "investment"], name="investmentforecast_unique")]

    def __str__(self) -> str:
        return f"{self.forecast.name}: {self.investment.name}"

    def get_absolute_url(self) -> str:
        return reverse("finance:investmentforecast_detail", args=[self.pk])


class ReportedCount(DomainModel):
    """Devices or user accounts a member reports for a year (a key until the inventory
    app counts them)."""

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    kind = models.CharField(_("what"), max_length=20, choices=ReportedKind.choices)
    value = models.PositiveIntegerField(_("count"))

    objects = ScopedManager["ReportedCount"]()
    tenant_paths = TenantPaths(collaboration="member__collaboration", member="member")
    label_related = ("member",)

    new_label = _("New reported count")

    class Meta:
        verbose_name = _("reported count")
        verbose_name_plural = _("reported counts")
        ordering = ["-year", "member__name", "kind"]
        constraints = [models.UniqueConstraint(fields=["member", "year", "kind"], name="reportedcount_unique")]

    def __str__(self) -> str:
        return f"{self.member.name} {self.year}: {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("finance:reportedcount_detail", args=[self.pk])


class AllocationModel(DomainModel):
    """How a year's common costs are shared, as adopted by a decision. A new version for
    the same year is a new model; runs point at the model they used."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    name = models.CharField(_("name"), max_length=120)
    # The adopting decision of the committee (set by ``governance``); the free text is
    # kept for models adopted before the decision was taken in Samdrift.
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("adopted by decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    decision_text = models.CharField(
        _("adopted by decision (text)"),
        max_length=200,
        blank=True,
        help_text=_("e.g. the committee's § and diarienummer."),
    )
    description = models.TextField(_("description"), blank=True)

    objects = ScopedManager["AllocationModel"]()
    tenant_paths = TenantPaths(collaboration="collaboration")

    class Meta:
        verbose_name = _("allocation model")
        verbose_name_plural = _("allocation models")
        ordering = ["-year", "name"]
        constraints = [models.UniqueConstraint(fields=["collaboration", "year", "name"], name="allocationmodel_unique")]

    def __str__(self) -> str:
        return f"{self.name} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("finance:allocationmodel_detail", args=[self.pk])

    @property
    def adopted_by(self) -> str:
        """The adopting decision: the linked one, else the text kept from before."""
        return str(self.decision) if self.decision_id and self.decision else self.decision_text


class AllocationRule(DomainModel):
    """Which common costs a key shares: the first rule (by position) whose unit and
    account group match a cost takes it. Empty unit or group matches all."""

    allocation_model = models.ForeignKey(
        AllocationModel, verbose_name=_("allocation model"), on_delete=models.CASCADE, related_name="rules"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=10)
    label = models.CharField(_("label"), max_length=120)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit (cost centre)"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    account_group = models.CharField(_("account group"), max_length=1, choices=AccountGroup.choices, blank=True)
    key_parts = models.JSONField(
        _("key"),
        default=list,
        blank=True,
        help_text=_('Parts of the key with their weight in percent, e.g. [["equal", 30], ["population", 70]].'),
    )
    base_fee = _amount(_("base fee per member (SEK)"), default=Decimal("0"))
    via_services = models.BooleanField(
        _("two steps via services"),
        default=False,
        help_text=_(
            "First to services by the hours logged on each, then to members by each service's tickets "
            "(activity-based). The key above is then not used."
        ),
    )

    objects = ScopedManager["AllocationRule"]()
    tenant_paths = TenantPaths(collaboration="allocation_model__collaboration")
    label_related = ("allocation_model",)

    class Meta:
        verbose_name = _("allocation rule")
        verbose_name_plural = _("allocation rules")
        ordering = ["allocation_model", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.allocation_model.name}: {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("finance:allocationrule_detail", args=[self.pk])

    def parts(self) -> list[tuple[str, Decimal]]:
        return [(str(key), Decimal(str(percent))) for key, percent in self.key_parts]

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        parts = self.key_parts if isinstance(self.key_parts, list) else None
        valid = parts is not None and all(
            isinstance(p, list | tuple) and len(p) == 2 and p[0] in KeyType.values and _is_number(p[1]) for p in parts
        )
        if not valid:
            errors["key_parts"] = _("Give the key as pairs of a key type and a percentage.")
        elif not self.via_services:
            total = sum((Decimal(str(p[1])) for p in self.key_parts), Decimal(0))
            if not self.key_parts or total != 100:
                errors["key_parts"] = _("The key's percentages must sum to 100 (now %(sum)s).") % {"sum": total}
        unit = self.unit if self.unit_id else None
        if (
            unit is not None
            and self.allocation_model_id
            and unit.collaboration_id != self.allocation_model.collaboration_id
        ):
            errors["unit"] = _("Choose a unit of the collaboration.")
        if self.base_fee < 0:
            errors["base_fee"] = _("A base fee cannot be negative.")
        if errors:
            raise ValidationError(errors)


def _is_number(value: Any) -> bool:
    try:
        Decimal(str(value))
    except ArithmeticError:
        return False
    return not isinstance(value, bool)


class AllocationRun(DomainModel):
    """One computation of an allocation: every input and output kept as a snapshot, with a
    digest. Issued runs never change; a correction is a new run that names the old one."""

    allocation_model = models.ForeignKey(
        AllocationModel, verbose_name=_("allocation model"), on_delete=models.PROTECT, related_name="runs"
    )
    basis = models.CharField(_("figures"), max_length=20, choices=Basis.choices)
    forecast = models.ForeignKey(
        Forecast, verbose_name=_("forecast"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    first_month = models.PositiveSmallIntegerField(_("from month"), default=1, validators=MONTH)
    last_month = models.PositiveSmallIntegerField(_("to month"), default=12, validators=MONTH)
    state = models.CharField(_("state"), max_length=20, choices=RunState.choices, default=RunState.PREPARED)
    corrects = models.ForeignKey(
        "self", verbose_name=_("corrects"), null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    prepared_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("prepared by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_by = models.ForeignKey(
        "accounts.User", verbose_name=_("issued by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    inputs = models.JSONField(_("inputs"), default=dict, editable=False)
    output = models.JSONField(_("output"), default=dict, editable=False)
    digest = models.CharField(_("digest (SHA-256)"), max_length=64, editable=False)
    total = _amount(_("total (SEK)"), default=Decimal("0"))

    objects = ScopedManager["AllocationRun"]()
    tenant_paths = TenantPaths(collaboration="allocation_model__collaboration")
    label_related = ("allocation_model",)
    audit_exclude: ClassVar[frozenset[str]] = frozenset({"created", "updated", "inputs", "output"})

    class Meta:
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.allocation_model} #{self.pk} ({self.get_basis_display()})"

    def get_absolute_url(self) -> str:
        return reverse("finance:allocationrun_detail", args=[self.pk])


class AllocationLine(models.Model):
    """One member's part of one cost in a run, with its explanation (part of the snapshot)."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="lines")
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), null=True, on_delete=models.PROTECT, related_name="+")
    account_group = models.CharField(_("account group"), max_length=1, choices=AccountGroup.choices)
    service = models.CharField(_("service"), max_length=120, blank=True)
    rule = models.CharField(_("rule"), max_length=120, blank=True)
    amount = _amount(_("amount (SEK)"))
    explanation = models.JSONField(_("explanation"), default=dict)

    class Meta:
        verbose_name = _("allocation line")
        verbose_name_plural = _("allocation lines")
        ordering = ["run", "member__name", "account_group", "pk"]
        indexes = [models.Index(fields=["run", "member"], name="allocationline_run_member")]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.member_id} {self.amount}"


class InvoiceAdjustment(DomainModel):
    """An amount added to (or, negative, credited on) one member's internal invoice for a
    period, from outside the allocation: e.g. a penalty (vite) credited under an agreement.

    Finance knows nothing of where it comes from: ``source`` is a text reference. A pending
    adjustment is taken up by the next run issued whose period reaches its month
    (``included_in``), and from then on appears on that run's invoices; it never changes."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    month = models.PositiveSmallIntegerField(_("month"), validators=MONTH)
    amount = _amount(_("amount (SEK)"), help_text=_("Negative: a credit to the member."))
    text = models.CharField(_("text"), max_length=200)
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("What the amount comes from."))
    included_in = models.ForeignKey(
        AllocationRun,
        verbose_name=_("on the invoices of run"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adjustments",
    )

    objects = ScopedManager["InvoiceAdjustment"]()
    tenant_paths = COLLABORATION_PATHS
    label_related = ("member",)

    class Meta:
        verbose_name = _("invoice adjustment")
        verbose_name_plural = _("invoice adjustments")
        ordering = ["year", "month", "member__name", "pk"]

    def __str__(self) -> str:
        return f"{self.member.name} {self.year}-{self.month:02d}: {self.text}"

    def clean(self) -> None:
        if self.member_id and self.collaboration_id and self.member.collaboration_id != self.collaboration_id:
            raise ValidationError({"member": _("Choose a member of the collaboration.")})
