"""Agreements: what binds the collaboration and its members, and what follows from it.

* the **collaboration agreement** (samverkansavtal, reglemente, förbundsordning) with its
  exit terms, in versions that never overlap;
* a member's **notice** (uppsägning) and the exit liability computed from those terms;
* **yearly service agreements** (tjänsteöverenskommelser) per member and optionally per
  department, their lines and **penalty terms** (vite); signed ones never change;
* **subscription proposals** from portal orders, for the orderer to accept;
* **penalty runs** (reproducible, like allocation runs) and each member's **penalty**;
* the **supplier register** and **supplier contracts**;
* the yearly **agreement review** (SLA-dialog) per member.

Money is ``Decimal`` to the öre.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samdrift.catalog.models import Service
from samdrift.core.models import DomainModel
from samdrift.core.querysets import ScopedManager
from samdrift.core.tenancy import TenantPaths
from samdrift.finance.models import AllocationModel
from samdrift.tenancy.choices import LegalForm
from samdrift.tenancy.models import Collaboration, Department, Member

from .choices import AgreementKind, PenaltyRunState, ProposalState, Satisfaction, ServiceAgreementState

YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]
MONTH = [MinValueValidator(1), MaxValueValidator(12)]
NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]
PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


def _amount(label: Any, **kwargs: Any) -> models.DecimalField:
    return models.DecimalField(label, max_digits=14, decimal_places=2, **kwargs)


def _percent(label: Any, default: str, **kwargs: Any) -> models.DecimalField:
    return models.DecimalField(
        label, max_digits=7, decimal_places=3, default=Decimal(default), validators=PERCENT, **kwargs
    )


def overlaps(start: Any, end: Any, other_start: Any, other_end: Any) -> bool:
    """Whether two date ranges (``None`` end: open) share a day."""
    return (end is None or other_start <= end) and (other_end is None or start <= other_end)


class CollaborationAgreement(DomainModel):
    """One version of the document that binds the collaboration: its parties, legal form,
    term, notice period, exit terms and cost-sharing principle. A new version is a new
    record; versions of one collaboration never overlap in time."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices, default=AgreementKind.AGREEMENT)
    title = models.CharField(_("title"), max_length=200)
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices)
    parties = models.ManyToManyField(Member, verbose_name=_("parties"), related_name="+")
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force to"), null=True, blank=True, help_text=_("Empty: until further notice."))
    term_years = models.PositiveSmallIntegerField(
        _("initial term (years)"), null=True, blank=True, help_text=_("Empty: no fixed term.")
    )
    notice_months = models.PositiveSmallIntegerField(
        _("notice period (months)"), default=12, validators=[MaxValueValidator(120)]
    )
    exit_at_year_end = models.BooleanField(
        _("exit at the turn of the year"),
        default=True,
        help_text=_("A member leaves at the end of the calendar year in which the notice period ends."),
    )
    exit_fixed_cost_years = models.PositiveSmallIntegerField(
        _("years of fixed costs a leaving member pays"), default=0, validators=[MaxValueValidator(10)]
    )
    exit_fixed_cost_percent = _percent(_("share of its fixed costs it pays (%)"), "100")
    exit_investment_percent = _percent(_("share of its part of undepreciated investments it pays (%)"), "100")
    depreciation_years = models.PositiveSmallIntegerField(
        _("depreciation period of investments (years)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("Straight line from the end of the investment's year."),
    )
    exit_terms = models.TextField(_("exit terms (text)"), blank=True)
    cost_sharing = models.TextField(_("cost-sharing principle"), blank=True)
    allocation_model = models.ForeignKey(
        AllocationModel,
        verbose_name=_("allocation model adopted"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_reference = models.CharField(
        _("adopted by decision (text)"),
        max_length=200,
        null=True,
        blank=True,
        help_text=_("For an agreement adopted outside Samdrift, e.g. each council's § and diarienummer."),
    )
    # The adopting decision taken in Samdrift (set only by ``governance`` through
    # ``actions.do_record_agreement_adoption``); the text above stays for agreements
    # adopted outside it.
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("adopted by decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    objects = ScopedManager["CollaborationAgreement"]()
    tenant_paths = TenantPaths(collaboration="collaboration")

    new_label = _("New collaboration agreement")

    class Meta:
        verbose_name = _("collaboration agreement")
        verbose_name_plural = _("collaboration agreements")
        ordering = ["collaboration__name", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.title} ({self.valid_from.isoformat()})"

    def get_absolute_url(self) -> str:
        return reverse("agreements:collaborationagreement_detail", args=[self.pk])

    @property
    def adopted_by(self) -> str:
        """The adopting decision: the linked one, else the text reference."""
        return str(self.decision) if self.decision_id and self.decision else (self.decision_reference or "")

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("An agreement cannot end before it comes into force.")
        model = self.allocation_model if self.allocation_model_id else None
        if model is not None and self.collaboration_id and model.collaboration_id != self.collaboration_id:
            errors["allocation_model"] = _("Choose an allocation model of the collaboration.")
        if self.collaboration_id and self.valid_from and "valid_to" not in errors:
            others = CollaborationAgreement.objects.filter(collaboration_id=self.collaboration_id).exclude(pk=self.pk)
            for other in others:
                if overlaps(self.valid_from, self.valid_to, other.valid_from, other.valid_to):
                    errors["valid_from"] = _(
                        "This overlaps the version in force %(start)s–%(end)s. End that version first "
                        "(set its last day), then add the new one."
                    ) % {
                        "start": other.valid_from.isoformat(),
                        "end": other.valid_to.isoformat() if other.valid_to else "…",
                    }
                    break
        if errors:
            raise ValidationError(errors)


class Notice(DomainModel):
    """A member's notice of leaving the collaboration (uppsägning), with its end date and
    exit liability as computed from the agreement's terms when it was given (kept with
    its inputs and digest, so it can be checked later)."""

    agreement = models.ForeignKey(
        CollaborationAgreement, verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="notices"
    )
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    notice_date = models.DateField(_("notice given on"))
    end_date = models.DateField(_("leaves on"), editable=False)
    liability = _amount(_("exit liability (SEK)"), default=Decimal("0"), editable=False)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("given by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    inputs = models.JSONField(_("inputs"), default=dict, editable=False)
    output = models.JSONField(_("output"), default=dict, editable=False)
    digest = models.CharField(_("digest (SHA-256)"), max_length=64, editable=False)

    objects = ScopedManager["Notice"]()
    tenant_paths = TenantPaths(collaboration="agreement__collaboration", member="member")
    label_related = ("member",)
    audit_exclude: ClassVar[frozenset[str]] = frozenset({"created", "updated", "inputs", "output"})

    class Meta:
        verbose_name = _("notice of exit")
        verbose_name_plural = _("notices of exit")
        ordering = ["-notice_date"]
        constraints = [models.UniqueConstraint(fields=["agreement", "member"], name="notice_unique_member")]

    def __str__(self) -> str:
        return f"{self.member.name}: {self.notice_date.isoformat()}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:notice_detail", args=[self.pk])


class ServiceAgreement(DomainModel):
    """A member's (or one department's) yearly service agreement (tjänsteöverenskommelse):
    which services at which levels, volumes and prices. Signed by the member's orderer and
    then immutable; a change during the year is a new revision that supersedes it."""

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the whole member."),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    revision = models.PositiveSmallIntegerField(_("revision"), default=1, editable=False)
    state = models.CharField(
        _("state"), max_length=20, choices=ServiceAgreementState.choices, default=ServiceAgreementState.DRAFT,
        editable=False,
    )  # fmt: skip
    supersedes = models.ForeignKey(
        "self", verbose_name=_("supersedes"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="superseded_by", editable=False,
    )  # fmt: skip
    notes = models.TextField(_("notes"), blank=True)
    total = _amount(_("total for the year (SEK)"), default=Decimal("0"), editable=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", editable=False,
    )  # fmt: skip
    signed_on = models.DateField(_("signed on"), null=True, blank=True, editable=False)

    objects = ScopedManager["ServiceAgreement"]()
    tenant_paths = TenantPaths(collaboration="member__collaboration", member="member", department="department")
    label_related = ("member", "department")

    class Meta:
        verbose_name = _("service agreement")
        verbose_name_plural = _("service agreements")
        ordering = ["-year", "member__name", "department__name", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "department", "year", "revision"],
                name="serviceagreement_unique_revision",
            )
        ]

    def __str__(self) -> str:
        who = f"{self.member.name}" + (f" – {self.department.name}" if self.department_id and self.department else "")
        return f"{who} {self.year} ({self.revision})"

    def get_absolute_url(self) -> str:
        return reverse("agreements:serviceagreement_detail", args=[self.pk])

    @property
    def is_signed(self) -> bool:
        return self.state != ServiceAgreementState.DRAFT

    def clean(self) -> None:
        department = self.department if self.department_id else None
        if department is not None and self.member_id and department.member_id != self.member_id:
            raise ValidationError({"department": _("Choose a department of the member.")})


class ServiceAgreementLine(models.Model):
    """One service of a service agreement: level, volume, price and the year's amount
    (part of the agreement; changes only with it)."""

    agreement = models.ForeignKey(ServiceAgreement, on_delete=models.CASCADE, related_name="lines")
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("level"), max_length=60)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2, default=Decimal("1"))
    price_model = models.CharField(_("price model"), max_length=20, blank=True)
    unit_price = models.DecimalField(_("price (SEK)"), max_digits=12, decimal_places=2, null=True, blank=True)
    starts = models.DateField(_("from"))
    ends = models.DateField(_("to"))
    amount = _amount(_("amount for the year (SEK)"))
    availability_target = models.DecimalField(
        _("availability target (%)"), max_digits=6, decimal_places=3, null=True, blank=True
    )

    class Meta:
        verbose_name = _("service agreement line")
        verbose_name_plural = _("service agreement lines")
        ordering = ["agreement", "service__name", "starts", "pk"]

    def __str__(self) -> str:
        return f"{self.service_id} {self.level} {self.amount}"


class PenaltyTerm(DomainModel):
    """What a service agreement says the collaboration owes when a service misses its SLA
    (vite): a percentage of the service's monthly fee for each started percentage point of
    availability below target, an amount per breached priority-1 resolution, and a cap
    per month."""

    agreement = models.ForeignKey(
        ServiceAgreement, verbose_name=_("service agreement"), on_delete=models.CASCADE, related_name="penalty_terms"
    )
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="+")
    percent_per_point = _percent(
        _("percentage of the monthly fee per started point below target (%)"), "0", help_text=_("e.g. 5 for 5 %.")
    )
    amount_per_p1_breach = _amount(
        _("amount per breached priority-1 resolution (SEK)"), default=Decimal("0"), validators=NOT_NEGATIVE
    )
    cap = _amount(
        _("cap per month (SEK)"), null=True, blank=True, validators=NOT_NEGATIVE, help_text=_("Empty: no cap.")
    )

    objects = ScopedManager["PenaltyTerm"]()
    tenant_paths = TenantPaths(
        collaboration="agreement__member__collaboration", member="agreement__member", department="agreement__department"
    )
    label_related = ("agreement__member", "agreement__department", "service")

    new_label = _("New penalty term")

    class Meta:
        verbose_name = _("penalty term")
        verbose_name_plural = _("penalty terms")
        ordering = ["agreement", "service__name"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "service"], name="penaltyterm_unique_service"),
            models.CheckConstraint(
                condition=models.Q(cap__gte=0) | models.Q(cap__isnull=True), name="penaltyterm_cap_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement}: {self.service.name}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:penaltyterm_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.cap is not None and self.cap < 0:
            errors["cap"] = _("A penalty cap cannot be below zero.")
        if (
            self.service_id
            and self.agreement_id
            and self.service.collaboration_id != self.agreement.member.collaboration_id
        ):
            errors["service"] = _("Choose a service of the member's collaboration.")
        if errors:
            raise ValidationError(errors)


class CollaborationPenaltyTerm(DomainModel):
    """A penalty term (vite) that applies to every member's yearly service agreement for a
    service, in the years it is in force, unless the member's agreement has its own term for
    that service (which then overrides it). Same rules as :class:`PenaltyTerm`."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="+"
    )
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="+")
    first_year = models.PositiveSmallIntegerField(_("from year"), validators=YEAR)
    last_year = models.PositiveSmallIntegerField(
        _("to year"), null=True, blank=True, validators=YEAR, help_text=_("Empty: until further notice.")
    )
    percent_per_point = _percent(
        _("percentage of the monthly fee per started point below target (%)"), "0", help_text=_("e.g. 5 for 5 %.")
    )
    amount_per_p1_breach = _amount(
        _("amount per breached priority-1 resolution (SEK)"), default=Decimal("0"), validators=NOT_NEGATIVE
    )
    cap = _amount(
        _("cap per month (SEK)"), null=True, blank=True, validators=NOT_NEGATIVE, help_text=_("Empty: no cap.")
    )

    objects = ScopedManager["CollaborationPenaltyTerm"]()
    tenant_paths = TenantPaths(collaboration="collaboration")
    label_related = ("service",)

    new_label = _("New shared penalty term")

    class Meta:
        verbose_name = _("collaboration-wide penalty term")
        verbose_name_plural = _("collaboration-wide penalty terms")
        ordering = ["collaboration__name", "service__name", "-first_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cap__gte=0) | models.Q(cap__isnull=True), name="collabpenaltyterm_cap_not_negative"
            ),
        ]

    def __str__(self) -> str:
        until = self.last_year or "…"
        return f"{self.service.name} {self.first_year}–{until}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:collaborationpenaltyterm_detail", args=[self.pk])

    def applies_in(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.cap is not None and self.cap < 0:
            errors["cap"] = _("A penalty cap cannot be below zero.")
        if self.last_year is not None and self.first_year and self.last_year < self.first_year:
            errors["last_year"] = _("The last year cannot be before the first.")
        if self.service_id and self.collaboration_id and self.service.collaboration_id != self.collaboration_id:
            errors["service"] = _("Choose a service of the collaboration.")
        if self.service_id and self.collaboration_id and self.first_year and "last_year" not in errors:
            others = CollaborationPenaltyTerm.objects.filter(
                collaboration_id=self.collaboration_id, service_id=self.service_id
            ).exclude(pk=self.pk)
            for other in others:
                if overlaps(self.first_year, self.last_year, other.first_year, other.last_year):
                    errors["first_year"] = _(
                        "The service already has a collaboration-wide term for %(start)s–%(end)s."
                    ) % {"start": other.first_year, "end": other.last_year or "…"}
                    break
        if errors:
            raise ValidationError(errors)


class SubscriptionProposal(DomainModel):
    """A subscription change proposed by a portal order, for the member's orderer to
    accept. Accepting subscribes the member from ``starts`` (charged from that date)."""

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("level"), max_length=60, default="Bas")
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=2, default=Decimal("1"), validators=NOT_NEGATIVE
    )
    starts = models.DateField(_("starts"))
    order_reference = models.CharField(_("order"), max_length=40, blank=True, help_text=_("The ticket number."))
    state = models.CharField(
        _("state"), max_length=20, choices=ProposalState.choices, default=ProposalState.PROPOSED, editable=False
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", editable=False,
    )  # fmt: skip
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    subscription = models.ForeignKey(
        "catalog.Subscription", verbose_name=_("subscription"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", editable=False,
    )  # fmt: skip

    objects = ScopedManager["SubscriptionProposal"]()
    tenant_paths = TenantPaths(collaboration="member__collaboration", member="member", department="department")
    label_related = ("member", "service")

    new_label = _("New subscription proposal")

    class Meta:
        verbose_name = _("subscription proposal")
        verbose_name_plural = _("subscription proposals")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.member.name}: {self.service.name} {self.level}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:subscriptionproposal_detail", args=[self.pk])


class PenaltyRun(DomainModel):
    """One computation of the penalties of a month, for every member with a signed service
    agreement (or one member): every input kept as a snapshot with a digest, like an
    allocation run. Crediting it queues the credits for the members' invoices."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("only member"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("Empty: every member with a signed service agreement."),
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    month = models.PositiveSmallIntegerField(_("month"), validators=MONTH)
    state = models.CharField(
        _("state"), max_length=20, choices=PenaltyRunState.choices, default=PenaltyRunState.PREPARED, editable=False
    )
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("computed by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", editable=False,
    )  # fmt: skip
    inputs = models.JSONField(_("inputs"), default=dict, editable=False)
    output = models.JSONField(_("output"), default=dict, editable=False)
    digest = models.CharField(_("digest (SHA-256)"), max_length=64, editable=False)
    total = _amount(_("total (SEK)"), default=Decimal("0"), editable=False)

    objects = ScopedManager["PenaltyRun"]()
    # A run without a member covers all members: only collaboration-wide roles see it.
    tenant_paths = TenantPaths(collaboration="collaboration", member="member")
    audit_exclude: ClassVar[frozenset[str]] = frozenset({"created", "updated", "inputs", "output"})

    class Meta:
        verbose_name = _("penalty run")
        verbose_name_plural = _("penalty runs")
        ordering = ["-year", "-month", "-created"]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:penaltyrun_detail", args=[self.pk])


class Penalty(DomainModel):
    """One member's penalty of one run: the amount and, per service, why (the measured
    availability and the downtime behind it, the breached priority-1 tickets, the cap)."""

    run = models.ForeignKey(
        PenaltyRun, verbose_name=_("penalty run"), on_delete=models.CASCADE, related_name="penalties"
    )
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    month = models.PositiveSmallIntegerField(_("month"), validators=MONTH)
    amount = _amount(_("penalty (SEK)"))
    lines = models.JSONField(_("explanation"), default=list)
    credited = models.BooleanField(_("credited on the invoice"), default=False, editable=False)

    objects = ScopedManager["Penalty"]()
    tenant_paths = TenantPaths(collaboration="run__collaboration", member="member")
    label_related = ("member",)

    new_label = _("New penalty")

    class Meta:
        verbose_name = _("penalty")
        verbose_name_plural = _("penalties")
        ordering = ["-year", "-month", "member__name"]

    def __str__(self) -> str:
        return f"{self.member.name} {self.year}-{self.month:02d}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:penalty_detail", args=[self.pk])


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check of a Swedish organisation number's ten digits."""
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def validate_org_number(value: str) -> None:
    digits = value.replace("-", "")
    if len(digits) != 10 or not digits.isdigit() or value.count("-") > 1:
        raise ValidationError(_("Give the organisation number as NNNNNN-NNNN."))
    if not luhn_valid(digits):
        raise ValidationError(_("%(value)s is not a valid organisation number (check digit).") % {"value": value})


class Supplier(DomainModel):
    """A supplier the collaboration (or a member) holds contracts with."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(_("organisation number"), max_length=11, validators=[validate_org_number])

    objects = ScopedManager["Supplier"]()
    tenant_paths = TenantPaths(collaboration="collaboration")

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["collaboration", "org_number"], name="supplier_unique_org")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("agreements:supplier_detail", args=[self.pk])


class SupplierContract(DomainModel):
    """A contract with a supplier: what it covers, its term and extension options, the
    last day to give notice, value per year, and who procured it (a member, or jointly)."""

    supplier = models.ForeignKey(
        Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="contracts"
    )
    title = models.CharField(_("title"), max_length=200)
    services = models.ManyToManyField(Service, verbose_name=_("services"), blank=True, related_name="+")
    systems = models.CharField(_("systems covered"), max_length=300, blank=True)
    inventory_systems = models.ManyToManyField(
        "inventory.System", verbose_name=_("systems in the inventory"), blank=True, related_name="contracts"
    )
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    extension_options = models.CharField(
        _("extension options"), max_length=200, blank=True, help_text=_("e.g. 2 + 1 years.")
    )
    notice_date = models.DateField(_("last day to give notice"), null=True, blank=True)
    value_per_year = _amount(_("value per year (SEK)"), default=Decimal("0"), validators=NOT_NEGATIVE)
    procuring_member = models.ForeignKey(
        Member, verbose_name=_("procured by member"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("Empty: joint procurement by the collaboration."),
    )  # fmt: skip
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("contract owner"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("Reminded by e-mail before the notice date."),
    )  # fmt: skip
    reminded_on = models.DateField(_("reminder sent"), null=True, blank=True, editable=False)

    objects = ScopedManager["SupplierContract"]()
    tenant_paths = TenantPaths(collaboration="supplier__collaboration", member="procuring_member")
    label_related = ("supplier",)

    new_label = _("New supplier contract")

    class Meta:
        verbose_name = _("supplier contract")
        verbose_name_plural = _("supplier contracts")
        ordering = ["ends", "title"]

    def __str__(self) -> str:
        return f"{self.supplier.name}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:suppliercontract_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.starts and self.ends and self.ends < self.starts:
            errors["ends"] = _("A contract cannot end before it starts.")
        if self.notice_date and self.ends and self.notice_date > self.ends:
            errors["notice_date"] = _("The notice date must be on or before the end.")
        member = self.procuring_member if self.procuring_member_id else None
        if member is not None and self.supplier_id and member.collaboration_id != self.supplier.collaboration_id:
            errors["procuring_member"] = _("Choose a member of the supplier's collaboration.")
        if errors:
            raise ValidationError(errors)


class AgreementReview(DomainModel):
    """The yearly review of a member's agreement (SLA-dialog): outcome per service (a
    snapshot of the SLA report and the penalties when prepared), satisfaction, and the
    changes agreed. Given to the member as a PDF."""

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"), choices=Satisfaction.choices, null=True, blank=True
    )
    summary = models.TextField(_("summary"), blank=True)
    agreed_changes = models.TextField(_("agreed changes"), blank=True)
    outcome = models.JSONField(_("outcome per service"), default=dict, editable=False)

    objects = ScopedManager["AgreementReview"]()
    tenant_paths = TenantPaths(collaboration="member__collaboration", member="member")
    label_related = ("member",)
    audit_exclude: ClassVar[frozenset[str]] = frozenset({"created", "updated", "outcome"})

    class Meta:
        verbose_name = _("agreement review")
        verbose_name_plural = _("agreement reviews")
        ordering = ["-year", "member__name"]
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="agreementreview_unique_year")]

    def __str__(self) -> str:
        return f"{self.member.name} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:agreementreview_detail", args=[self.pk])
