"""Initiatives: the collaborations the members are in, and how new ones come about.

* the **register of collaborations** (:class:`Cooperation`) across areas, not only IT,
  with each member's part — representatives and yearly cost (:class:`Participant`);
* **initiatives** (:class:`Initiative`) from a member's need through the stages of seed
  004, each member's decision to join and self-assessment of the key factors
  (:class:`Participation`), and the **yearly follow-up** (:class:`FollowUp`);
* **shared solutions** (:class:`Solution`), certified by the collaboration, and each
  member's stance on them, with "join this procurement" requests (:class:`Stance`);
* **projects** (:class:`Project`) with a budget line and benefits, and a status report
  per month (:class:`StatusReport`).

The registry is shared: every member reads all of it. A need is private to the member
that raised it until it is shared (``is_shared``; ``private_when`` in ``access.py``).
Money is ``Decimal`` to the öre.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samdrift.agreements.models import CollaborationAgreement
from samdrift.core.models import DomainModel
from samdrift.core.querysets import ScopedManager
from samdrift.core.tenancy import TenantPaths
from samdrift.finance.models import BudgetLine
from samdrift.followup.models import Benefit
from samdrift.governance.models import Body
from samdrift.tenancy.models import Collaboration, Member

from .choices import (
    STAGE_ORDER,
    CooperationForm,
    CooperationKind,
    Decision,
    Level,
    Quadrant,
    ReportStatus,
    Stage,
    StanceKind,
)

NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]
YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]
MONTH = [MinValueValidator(1), MaxValueValidator(12)]


def _amount(label: Any, **kwargs: Any) -> models.DecimalField:
    return models.DecimalField(label, max_digits=14, decimal_places=2, validators=NOT_NEGATIVE, **kwargs)


def _same_collaboration(errors: dict[str, Any], collaboration_id: Any, **related: Any) -> None:
    for name, obj in related.items():
        if obj is not None and collaboration_id and obj.collaboration_id != collaboration_id:
            errors[name] = _("Choose one of the collaboration's own.")


class Cooperation(DomainModel):
    """One collaboration in the register (samverkan): what it does, in which area, its
    type and legal form, the host, when it started and — when they exist in Samdrift —
    its agreement and governing body. Shared with every member of the platform's
    collaboration."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    area = models.CharField(_("area"), max_length=100, help_text=_("e.g. IT, överförmyndare, räddningstjänst"))
    kind = models.CharField(_("type"), max_length=20, choices=CooperationKind.choices)
    legal_form = models.CharField(_("legal form"), max_length=20, choices=CooperationForm.choices)
    host = models.ForeignKey(
        Member, verbose_name=_("host member"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    starts = models.DateField(_("started"))
    ends = models.DateField(_("ended"), null=True, blank=True)
    agreement = models.ForeignKey(
        CollaborationAgreement,
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.ForeignKey(
        Body, verbose_name=_("governing body"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    annual_cost = _amount(_("yearly cost in total (SEK)"), default=Decimal("0"))
    description = models.TextField(_("description"), blank=True)

    objects = ScopedManager["Cooperation"]()
    tenant_paths = TenantPaths(collaboration="collaboration")

    class Meta:
        verbose_name = _("registered collaboration")
        verbose_name_plural = _("register of collaborations")
        ordering = ["area", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("initiatives:cooperation_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.starts and self.ends and self.ends < self.starts:
            errors["ends"] = _("A collaboration cannot end before it starts.")
        for name in ("host", "body", "agreement"):
            related = getattr(self, name) if getattr(self, f"{name}_id") else None
            _same_collaboration(errors, self.collaboration_id, **{name: related})
        if errors:
            raise ValidationError(errors)


class Participant(DomainModel):
    """A member's part in a registered collaboration: who represents it, with what
    mandate, and what it costs the member per year."""

    cooperation = models.ForeignKey(
        Cooperation, verbose_name=_("collaboration"), on_delete=models.CASCADE, related_name="participants"
    )
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    representatives = models.CharField(
        _("representatives"), max_length=300, blank=True, help_text=_("Names, roles and mandates.")
    )
    annual_cost = _amount(_("the member's yearly cost (SEK)"), default=Decimal("0"))
    joined_on = models.DateField(_("joined"), null=True, blank=True)

    objects = ScopedManager["Participant"]()
    tenant_paths = TenantPaths(collaboration="cooperation__collaboration", member="member")
    label_related = ("cooperation", "member")

    class Meta:
        verbose_name = _("participating member")
        verbose_name_plural = _("participating members")
        ordering = ["cooperation__name", "member__name"]
        constraints = [models.UniqueConstraint(fields=["cooperation", "member"], name="participant_unique_member")]

    def __str__(self) -> str:
        return f"{self.member.name} – {self.cooperation.name}"

    def get_absolute_url(self) -> str:
        return reverse("initiatives:participant_detail", args=[self.pk])

    def clean(self) -> None:
        if self.cooperation_id and self.member_id and self.member.collaboration_id != self.cooperation.collaboration_id:
            raise ValidationError({"member": _("Choose one of the collaboration's own.")})


class Initiative(DomainModel):
    """A collaboration initiative: a need raised by one member (the need owner), moved
    through the stages of seed 004 — need, internal preparation, joint framing,
    agreement, organising, governing, yearly follow-up — with what each stage requires,
    its coordinator and lead member (who rotates), and where it lands on the complexity
    classifier of seed 002. Private to the need owner until shared."""

    title = models.CharField(_("title"), max_length=200)
    need = models.TextField(_("the need"), help_text=_("What the member needs, in its own words."))
    need_owner = models.ForeignKey(Member, verbose_name=_("need owner"), on_delete=models.PROTECT, related_name="+")
    area = models.CharField(_("area"), max_length=100, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.NEED, editable=False)
    is_shared = models.BooleanField(
        _("shared with the other members"),
        default=False,
        editable=False,
        help_text=_("Until shared, only the need owner's people see the initiative."),
    )
    prestudy = models.CharField(
        _("pre-study"), max_length=500, blank=True, help_text=_("The pre-study document: its title, dnr or link.")
    )
    guiding_principles = models.TextField(
        _("guiding principles"), blank=True, help_text=_("Responsibilities, costs and how the parties work together.")
    )
    agreement = models.ForeignKey(
        CollaborationAgreement,
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agreement_reference = models.CharField(
        _("agreement reference"),
        max_length=200,
        blank=True,
        help_text=_("An agreement outside Samdrift: title or dnr."),
    )
    cooperation = models.ForeignKey(
        Cooperation,
        verbose_name=_("registered as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
    )
    body = models.ForeignKey(
        Body, verbose_name=_("governing body"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    coordinator = models.CharField(_("coordinator"), max_length=200, blank=True)
    lead_member = models.ForeignKey(
        Member, verbose_name=_("lead member"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lead_from = models.DateField(_("leads from"), null=True, blank=True)
    lead_until = models.DateField(
        _("leadership rotates on"), null=True, blank=True, help_text=_("When another member takes the lead.")
    )
    org_complexity = models.CharField(
        _("organisational complexity"), max_length=4, choices=Level.choices, blank=True, editable=False
    )
    innovation_complexity = models.CharField(
        _("innovation complexity"), max_length=4, choices=Level.choices, blank=True, editable=False
    )
    classifier_answers = models.JSONField(_("classifier answers"), default=dict, blank=True, editable=False)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = ScopedManager["Initiative"]()
    tenant_paths = TenantPaths(collaboration="need_owner__collaboration", member="need_owner")
    label_related = ()

    new_label = _("New initiative")

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:initiative_detail", args=[self.pk])

    @property
    def quadrant(self) -> str:
        """The quadrant of seed 002, once classified ("" before)."""
        if not self.org_complexity or not self.innovation_complexity:
            return ""
        return {
            (Level.LOW, Level.LOW): Quadrant.STANDARD_SOURCING,
            (Level.HIGH, Level.LOW): Quadrant.UNNECESSARY,
            (Level.LOW, Level.HIGH): Quadrant.EXPENSIVE,
            (Level.HIGH, Level.HIGH): Quadrant.COLLABORATION,
        }[(Level(self.org_complexity), Level(self.innovation_complexity))]

    def get_quadrant_display(self) -> str:
        return str(Quadrant(self.quadrant).label) if self.quadrant else ""

    @property
    def stage_index(self) -> int:
        return STAGE_ORDER.index(self.stage)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        collaboration_id = self.need_owner.collaboration_id if self.need_owner_id else None
        for name in ("lead_member", "agreement", "cooperation", "body"):
            related = getattr(self, name) if getattr(self, f"{name}_id") else None
            _same_collaboration(errors, collaboration_id, **{name: related})
        if self.lead_from and self.lead_until and self.lead_until < self.lead_from:
            errors["lead_until"] = _("The lead cannot rotate before it starts.")
        if errors:
            raise ValidationError(errors)


class Participation(DomainModel):
    """One member's part in an initiative: its decision to join (in, out, undecided) with
    the reference of that decision, its representative, and its self-assessment of the
    key factors for long-term collaboration (seed 004, model 5)."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="participations"
    )
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.UNDECIDED)
    decision_reference = models.CharField(
        _("decision reference"), max_length=200, blank=True, help_text=_("e.g. KS § 45, dnr 2026/118")
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    representative = models.CharField(
        _("representative"), max_length=200, blank=True, help_text=_("Who represents the member, with what mandate.")
    )
    key_factors = models.JSONField(_("key factors (self-assessment)"), default=dict, blank=True, editable=False)
    key_factor_notes = models.TextField(_("notes on the key factors"), blank=True, editable=False)

    objects = ScopedManager["Participation"]()
    tenant_paths = TenantPaths(collaboration="initiative__need_owner__collaboration", member="member")
    label_related = ("initiative", "member")

    new_label = _("New participation")

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["member__name"]
        constraints = [models.UniqueConstraint(fields=["initiative", "member"], name="participation_unique_member")]

    def __str__(self) -> str:
        return f"{self.member.name} – {self.initiative.title}"

    def get_absolute_url(self) -> str:
        return reverse("initiatives:participation_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.initiative_id and self.member_id:
            if self.member.collaboration_id != self.initiative.need_owner.collaboration_id:
                errors["member"] = _("Choose one of the collaboration's own.")
            elif not self.initiative.is_shared and self.member_id != self.initiative.need_owner_id:
                errors["member"] = _("Other members join once the need owner has shared the initiative.")
        if self.decision != Decision.UNDECIDED and not self.decision_reference.strip():
            errors["decision_reference"] = _("Give the reference of the member's decision.")
        if errors:
            raise ValidationError(errors)


class FollowUp(DomainModel):
    """The yearly follow-up of an initiative: how last year's priorities went, and this
    year's priorities (revisited next year)."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="followups"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    revisited = models.TextField(_("how last year's priorities went"), blank=True)
    priorities = models.TextField(_("priorities for the year"))

    objects = ScopedManager["FollowUp"]()
    tenant_paths = TenantPaths(collaboration="initiative__need_owner__collaboration", member="initiative__need_owner")
    label_related = ("initiative",)

    class Meta:
        verbose_name = _("yearly follow-up")
        verbose_name_plural = _("yearly follow-ups")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["initiative", "year"], name="followup_unique_year")]

    def __str__(self) -> str:
        return f"{self.initiative.title} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("initiatives:followup_detail", args=[self.pk])

    @property
    def previous(self) -> FollowUp | None:
        return FollowUp.objects.filter(initiative_id=self.initiative_id, year__lt=self.year).order_by("-year").first()


class Solution(DomainModel):
    """A solution a member has built or procured and offers the others: what it is, who
    owns it, whom to ask, the procurement and when its contract ends — and, once the
    collaboration has checked it against the criteria, its certification
    (kvalitetsstämpel)."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what it is"), blank=True)
    owner = models.ForeignKey(Member, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+")
    contact_name = models.CharField(_("contact"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    procurement_reference = models.CharField(_("procurement reference"), max_length=200, blank=True)
    contract_ends = models.DateField(_("contract ends"), null=True, blank=True)
    certified_on = models.DateField(_("certified on"), null=True, blank=True, editable=False)
    criteria = models.JSONField(_("criteria met"), default=list, blank=True, editable=False)

    objects = ScopedManager["Solution"]()
    tenant_paths = TenantPaths(collaboration="owner__collaboration", member="owner")
    label_related = ()

    class Meta:
        verbose_name = _("shared solution")
        verbose_name_plural = _("shared solutions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("initiatives:solution_detail", args=[self.pk])

    @property
    def is_certified(self) -> bool:
        return self.certified_on is not None

    def clean(self) -> None:
        if self.contract_ends and self.certified_on and self.contract_ends < self.certified_on:
            raise ValidationError({"contract_ends": _("The contract ended before the certification.")})


class Stance(DomainModel):
    """A member's stance on a shared solution — leader, follower or not interested — and
    its request to join the solution's procurement, sent to the owner's contact."""

    solution = models.ForeignKey(Solution, verbose_name=_("solution"), on_delete=models.CASCADE, related_name="stances")
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    stance = models.CharField(_("stance"), max_length=20, choices=StanceKind.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    join_requested_at = models.DateTimeField(_("asked to join the procurement"), null=True, blank=True, editable=False)

    objects = ScopedManager["Stance"]()
    tenant_paths = TenantPaths(collaboration="solution__owner__collaboration", member="member")
    label_related = ("solution", "member")

    class Meta:
        verbose_name = _("stance")
        verbose_name_plural = _("stances")
        ordering = ["solution__name", "member__name"]
        constraints = [models.UniqueConstraint(fields=["solution", "member"], name="stance_unique_member")]

    def __str__(self) -> str:
        return f"{self.member.name} – {self.solution.name}"

    def get_absolute_url(self) -> str:
        return reverse("initiatives:stance_detail", args=[self.pk])

    def clean(self) -> None:
        if self.solution_id and self.member_id and self.member.collaboration_id != self.solution.owner.collaboration_id:
            raise ValidationError({"member": _("Choose one of the collaboration's own.")})


class Project(DomainModel):
    """An initiative carried out as a project: its manager, dates, budget (and the budget
    line in finance that funds it) and the benefits followed up in the follow-up app."""

    initiative = models.OneToOneField(
        Initiative, verbose_name=_("initiative"), on_delete=models.PROTECT, related_name="project"
    )
    manager = models.CharField(_("project manager"), max_length=200)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"), null=True, blank=True)
    budget = _amount(_("budget (SEK)"), default=Decimal("0"))
    budget_line = models.ForeignKey(
        BudgetLine, verbose_name=_("budget line"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    benefits = models.ManyToManyField(Benefit, verbose_name=_("benefits"), blank=True, related_name="+")

    objects = ScopedManager["Project"]()
    tenant_paths = TenantPaths(collaboration="initiative__need_owner__collaboration", member="initiative__need_owner")
    label_related = ("initiative",)

    new_label = _("New project")

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-starts"]

    def __str__(self) -> str:
        return self.initiative.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:project_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.starts and self.ends and self.ends < self.starts:
            errors["ends"] = _("A project cannot end before it starts.")
        if self.initiative_id:
            if not self.initiative.is_shared:
                errors["initiative"] = _("Share the initiative before it becomes a project.")
            line = self.budget_line if self.budget_line_id else None
            _same_collaboration(errors, self.initiative.need_owner.collaboration_id, budget_line=line)
        if errors:
            raise ValidationError(errors)


class StatusReport(DomainModel):
    """A project's status report for one month: overall status, progress, next steps
    and risks."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    month = models.PositiveSmallIntegerField(_("month"), validators=MONTH)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices)
    progress = models.TextField(_("progress"))
    next_steps = models.TextField(_("next steps"), blank=True)
    risks = models.TextField(_("risks"), blank=True)

    objects = ScopedManager["StatusReport"]()
    tenant_paths = TenantPaths(
        collaboration="project__initiative__need_owner__collaboration", member="project__initiative__need_owner"
    )
    label_related = ("project__initiative",)

    class Meta:
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        ordering = ["-year", "-month"]
        constraints = [models.UniqueConstraint(fields=["project", "year", "month"], name="statusreport_unique_month")]

    def __str__(self) -> str:
        return f"{self.project.initiative.title} {self.year}-{self.month:02d}"

    def get_absolute_url(self) -> str:
        return reverse("initiatives:statusreport_detail", args=[self.pk])
