"""Follow-up: the service-desk statistics rollup, and goals (KPIs with targets).

Follow-up reads every other app and nothing reads back from it. The statistics are not
computed from the tickets on each request: ``stats`` keeps a rollup (``TicketStat``) up
to date from the tickets that changed (``StatDirty``, filled by signal receivers in the
same transaction as the change) and can rebuild it from scratch.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samdrift.accounts import policy
from samdrift.core.models import DomainModel
from samdrift.core.querysets import ScopedManager, ScopedQuerySet
from samdrift.core.tenancy import TenantPaths
from samdrift.tenancy.models import Collaboration, Member

from .choices import BenefitKind, Direction, HealthFactor, Measure, QuestionKind, StatKind, SurveyKind, SurveyState


class TicketStat(models.Model):
    """One cell of the service-desk statistics: the tickets of one member (and department)
    in one month (Swedish time), for one value of one breakdown (``kind``: unit, service,
    category or priority; ``value`` is that object's id or the priority, 0 for none).

    Every ticket is counted once per kind, so any kind summed over its values gives the
    member's totals. ``opened`` counts tickets registered in the month, ``resolved`` those
    whose (last) resolution fell in it; of those, ``reopened`` had been reopened,
    ``first_contact`` were resolved at first contact, ``sla_resolved`` had an SLA and
    ``sla_met`` met it. ``minutes`` is the time logged in the month. The backlog at the end
    of a month is the sum of ``opened - resolved`` up to and including it.
    Written only by ``followup.stats``.
    """

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="+", db_index=False)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+", db_index=False)
    department_key = models.PositiveBigIntegerField(default=0)  # 0: no department
    month = models.DateField()
    kind = models.CharField(max_length=10, choices=StatKind.choices)
    value = models.PositiveBigIntegerField(default=0)  # 0: none
    opened = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)
    reopened = models.IntegerField(default=0)
    first_contact = models.IntegerField(default=0)
    sla_resolved = models.IntegerField(default=0)
    sla_met = models.IntegerField(default=0)
    minutes = models.BigIntegerField(default=0)

    objects = ScopedManager["TicketStat"]()
    tenant_paths = TenantPaths("collaboration", "member", "department_key")

    class Meta:
        verbose_name = _("ticket statistics")
        verbose_name_plural = _("ticket statistics")
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "kind", "month", "member", "department_key", "value"],
                name="ticketstat_unique_cell",
            )
        ]
        # A member's reader (orderer, member administrator) filters on the member, not the
        # collaboration: without this the unique index cannot serve the month range.
        indexes = [models.Index(fields=["member", "kind", "month"], name="ticketstat_member_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.kind}={self.value} member {self.member_id}"


class StatYear(models.Model):
    """The yearly net change of the backlog of one rollup cell without its month: the
    ``opened - resolved`` of ``TicketStat`` summed over one calendar year (Swedish months).
    The opening backlog of a period is then the sum over the earlier years plus the months
    of its first year before it, so reading it never scans the whole history. Kept by
    ``followup.stats`` together with the cells (rows whose net is 0 are dropped)."""

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="+", db_index=False)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+", db_index=False)
    department_key = models.PositiveBigIntegerField(default=0)  # 0: no department
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=StatKind.choices)
    value = models.PositiveBigIntegerField(default=0)  # 0: none
    net = models.IntegerField(default=0)

    objects = ScopedManager["StatYear"]()
    tenant_paths = TenantPaths("collaboration", "member", "department_key")

    class Meta:
        verbose_name = _("ticket backlog per year")
        verbose_name_plural = _("ticket backlog per year")
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "kind", "year", "member", "department_key", "value"],
                name="statyear_unique_cell",
            )
        ]
        indexes = [models.Index(fields=["member", "kind", "year"], name="statyear_member_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.kind}={self.value} member {self.member_id}: {self.net}"


class TicketFact(models.Model):
    """What one ticket contributes to the rollup, as last counted (so a change can take the
    old contribution out before adding the new one). Written only by ``followup.stats``."""

    ticket_id = models.BigIntegerField(primary_key=True)
    collaboration_id = models.BigIntegerField()
    member_id = models.BigIntegerField()
    department_id = models.BigIntegerField(default=0)
    unit_id = models.BigIntegerField(default=0)
    service_id = models.BigIntegerField(default=0)
    category_id = models.BigIntegerField(default=0)
    priority = models.PositiveSmallIntegerField(default=0)
    opened_month = models.DateField()
    resolved_month = models.DateField(null=True)
    reopened = models.BooleanField(default=False)
    first_contact = models.BooleanField(default=False)
    sla = models.CharField(max_length=10, blank=True)  # "", "met" or "breached"
    minutes = models.JSONField(default=dict)  # {"2026-01": 45}

    class Meta:
        verbose_name = _("ticket statistics fact")
        verbose_name_plural = _("ticket statistics facts")

    def __str__(self) -> str:
        return str(self.ticket_id)


class StatDirty(models.Model):
    """A ticket whose statistics must be counted again (an outbox the refresh job drains).
    Rows are written by ``followup.receivers`` in the transaction that changed the ticket."""

    ticket_id = models.BigIntegerField(primary_key=True)
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ticket to recount")
        verbose_name_plural = _("tickets to recount")

    def __str__(self) -> str:
        return str(self.ticket_id)


class StatState(models.Model):
    """The rollup's bookkeeping (one row): when it was last refreshed and rebuilt. The row
    is locked while the rollup is written, so two workers never add to the same cell."""

    refreshed_at = models.DateTimeField(null=True)
    rebuilt_at = models.DateTimeField(null=True)
    tickets_counted = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("statistics state")
        verbose_name_plural = _("statistics states")

    def __str__(self) -> str:
        return f"refreshed {self.refreshed_at}"


class GoalQuerySet(ScopedQuerySet["Goal"]):
    def visible_to(self, user: Any) -> ScopedQuerySet[Goal]:
        """A member's goals within the reader's scope, and the collaboration's common goals
        (no member) for every report reader in it (the ``read`` roles of ``followup.access``)."""
        readers = policy.scope(user, policy.rules_for(self.model).read)
        common = Q(member__isnull=True, collaboration_id__in=sorted(readers.any_collaboration_ids))
        return self.filter(policy.visibility_q(user, self.model) | common)


class GoalManager(ScopedManager["Goal"]):
    def get_queryset(self) -> GoalQuerySet:
        return GoalQuerySet(self.model, using=self._db)


class Goal(DomainModel):
    """A goal (mål): a KPI with a target for one year, for the whole collaboration or one
    member, optionally one service. The actual value is computed by Samdrift from the
    statistics, the SLA report, ratings or the finances (``measure``), or entered by hand."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the collaboration as a whole."),
    )
    service = models.ForeignKey(
        "catalog.Service", verbose_name=_("service"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=200)
    measure = models.CharField(_("measure"), max_length=30, choices=Measure.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    tolerance = models.DecimalField(
        _("tolerance"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        help_text=_("How far from the target still counts as close (same unit as the target)."),
    )
    manual_actual = models.DecimalField(
        _("actual value (by hand)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Only for goals entered by hand."),
    )
    description = models.TextField(_("description"), blank=True)

    objects = GoalManager()
    tenant_paths = TenantPaths("collaboration", "member")

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["-year", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("followup:goal_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, object] = {}
        member, service = self.member, self.service
        if member is not None and member.collaboration_id != self.collaboration_id:
            errors["member"] = _("The member is not part of this collaboration.")
        if service is not None and service.collaboration_id != self.collaboration_id:
            errors["service"] = _("Choose a service of this collaboration's catalogue.")
        if self.measure == Measure.AVAILABILITY and not self.service_id:
            errors["service"] = _("Availability is measured for one service: choose it.")
        if self.measure != Measure.MANUAL and self.manual_actual is not None:
            errors["manual_actual"] = _("Only goals entered by hand take an actual value.")
        if self.tolerance is not None and self.tolerance < 0:
            errors["tolerance"] = _("The tolerance cannot be negative.")
        if self.year is not None and not 2000 <= self.year <= 2100:
            errors["year"] = _("Give a year between 2000 and 2100.")
        if errors:
            raise ValidationError(errors)


class BenefitQuerySet(ScopedQuerySet["Benefit"]):
    def visible_to(self, user: Any) -> ScopedQuerySet[Benefit]:
        """A member's benefits within the reader's scope, and the collaboration's common
        benefits (no member) for every report reader in it, as for goals."""
        readers = policy.scope(user, policy.rules_for(self.model).read)
        common = Q(member__isnull=True, collaboration_id__in=sorted(readers.any_collaboration_ids))
        return self.filter(policy.visibility_q(user, self.model) | common)


class BenefitManager(ScopedManager["Benefit"]):
    def get_queryset(self) -> BenefitQuerySet:
        return BenefitQuerySet(self.model, using=self._db)


class Benefit(DomainModel):
    """A benefit in the benefits register (nyttorealisering): what a change or service is
    expected to bring the collaboration or one member — savings in kronor, hours saved or a
    quality improvement — and what has been realised so far, followed up on a date by its
    owner."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the collaboration as a whole."),
    )
    service = models.ForeignKey(
        "catalog.Service", verbose_name=_("service"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=BenefitKind.choices, default=BenefitKind.SAVINGS)
    expected_value = models.DecimalField(_("expected value"), max_digits=14, decimal_places=2)
    realised_value = models.DecimalField(
        _("realised value"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty until the benefit has been followed up."),
    )
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    owner = models.CharField(
        _("benefit owner"), max_length=200, blank=True, help_text=_("Who answers for realising the benefit.")
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = BenefitManager()
    tenant_paths = TenantPaths("collaboration", "member")

    class Meta:
        verbose_name = _("benefit")
        verbose_name_plural = _("benefits")
        ordering = ["follow_up_on", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("followup:benefit_detail", args=[self.pk])

    @property
    def realised_percent(self) -> Decimal | None:
        """The realised value as a share of the expected one (None before follow-up)."""
        if self.realised_value is None or not self.expected_value:
            return None
        return (Decimal(100) * self.realised_value / self.expected_value).quantize(Decimal("0.1"))

    def clean(self) -> None:
        errors: dict[str, object] = {}
        member, service = self.member, self.service
        if member is not None and member.collaboration_id != self.collaboration_id:
            errors["member"] = _("The member is not part of this collaboration.")
        if service is not None and service.collaboration_id != self.collaboration_id:
            errors["service"] = _("Choose a service of this collaboration's catalogue.")
        if self.expected_value is not None and self.expected_value < 0:
            errors["expected_value"] = _("The expected value cannot be negative.")
        if errors:
            raise ValidationError(errors)


# Surveys ------------------------------------------------------------------------------


class Survey(DomainModel):
    """A survey (enkät) of the collaboration: satisfaction with the service, the yearly
    collaboration-health survey built from seed 004's key factors, or another. Its
    questions are asked by e-mail with a personal link (``SurveyRecipient``,
    ``SurveyLink``) that works without login while the survey is open, until it closes."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SurveyKind.choices, default=SurveyKind.SATISFACTION)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True, help_text=_("Shown above the questions."))
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("The year the survey follows up."))
    closes_on = models.DateField(_("closes on"), help_text=_("The last day the links work."))
    remind_after_days = models.PositiveSmallIntegerField(
        _("remind after (days)"),
        default=7,
        help_text=_("Those who have not answered get a reminder this many days after the last mail (0: never)."),
    )
    state = models.CharField(_("state"), max_length=10, choices=SurveyState.choices, default=SurveyState.DRAFT)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = ScopedManager["Survey"]()
    tenant_paths = TenantPaths("collaboration")

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("followup:survey_detail", args=[self.pk])

    def clean(self) -> None:
        if self.year is not None and not 2000 <= self.year <= 2100:
            raise ValidationError({"year": _("Give a year between 2000 and 2100.")})


class Question(DomainModel):
    """One question of a survey: a scale from 1 to 5, a choice among options, or free
    text. A question of the collaboration-health survey names its key factor."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.SCALE)
    text = models.CharField(_("question"), max_length=500)
    options = models.JSONField(_("options"), default=list, blank=True, help_text=_("One option per line."))
    required = models.BooleanField(_("required"), default=True)
    factor = models.CharField(_("key factor"), max_length=30, choices=HealthFactor.choices, blank=True)

    objects = ScopedManager["Question"]()
    tenant_paths = TenantPaths("survey__collaboration")
    label_related = ("survey",)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["survey", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.survey}: {self.text}"

    def get_absolute_url(self) -> str:
        return reverse("followup:question_detail", args=[self.pk])

    def clean(self) -> None:
        options = self.options or []
        if not isinstance(options, list) or not all(isinstance(o, str) and o.strip() for o in options):
            raise ValidationError({"options": _("Give each option as a line of text.")})
        if self.kind == QuestionKind.CHOICE and len(options) < 2:
            raise ValidationError({"options": _("A choice question needs at least two options.")})
        if self.kind != QuestionKind.CHOICE and options:
            raise ValidationError({"options": _("Only choice questions take options.")})


class SurveyRecipient(DomainModel):
    """Someone asked to answer a survey, for one member (and department): a user holding a
    chosen role there, or an address entered by hand. Whether they answered is kept here,
    but not what: the answer (``SurveyResponse``) carries only member and department."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="recipients")
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "tenancy.Department", verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    user = models.ForeignKey(
        "accounts.User", verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(_("e-mail"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders"), default=0)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)

    objects = ScopedManager["SurveyRecipient"]()
    tenant_paths = TenantPaths("survey__collaboration", "member", "department")

    class Meta:
        verbose_name = _("survey recipient")
        verbose_name_plural = _("survey recipients")
        ordering = ["survey", "member__name", "email"]
        constraints = [models.UniqueConstraint(fields=["survey", "email"], name="surveyrecipient_unique_email")]

    def __str__(self) -> str:
        return self.email


class SurveyLink(models.Model):
    """A personal link mailed to a recipient: only the SHA-256 of its random token is
    stored (``accounts.tokens.hash_key``). Every mail (the first and each reminder) carries
    a new link; all of them work until the survey closes, and answer only once."""

    recipient = models.ForeignKey(SurveyRecipient, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey link")
        verbose_name_plural = _("survey links")

    def __str__(self) -> str:
        return f"link {self.pk} of recipient {self.recipient_id}"


class SurveyResponse(models.Model):
    """One submitted answer to a survey, anonymous: it keeps the member and department it
    counts for and the day, never who answered (the recipient only records that they did)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "tenancy.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_on = models.DateField()

    objects = ScopedManager["SurveyResponse"]()
    tenant_paths = TenantPaths("survey__collaboration", "member", "department")

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self) -> str:
        return f"response {self.pk} to {self.survey_id}"


class SurveyAnswerQuerySet(ScopedQuerySet["SurveyAnswer"]):
    def visible_to(self, user: Any) -> ScopedQuerySet[SurveyAnswer]:
        """Answers within the reader's scope; free-text answers only for the staff of the
        shared organisation, collaboration-wide (``followup.access.SURVEY_TEXT_READERS``)."""
        from .access import SURVEY_TEXT_READERS

        visible = self.filter(policy.visibility_q(user, self.model))
        if getattr(user, "is_superuser", False) and user.is_active:
            return visible
        staff = policy.scope(user, SURVEY_TEXT_READERS).collaboration_ids
        return visible.filter(
            ~Q(question__kind=QuestionKind.TEXT) | Q(response__survey__collaboration_id__in=sorted(staff))
        )


class SurveyAnswerManager(ScopedManager["SurveyAnswer"]):
    def get_queryset(self) -> SurveyAnswerQuerySet:
        return SurveyAnswerQuerySet(self.model, using=self._db)


class SurveyAnswer(models.Model):
    """The answer to one question in a response: a score (1–5), the option chosen, or text."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    choice = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True)

    objects = SurveyAnswerManager()
    tenant_paths = TenantPaths("response__survey__collaboration", "response__member", "response__department")

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")

    def __str__(self) -> str:
        return f"answer {self.pk} to question {self.question_id}"
