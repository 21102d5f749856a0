"""The service catalogue: services and their SLAs, disruptions (driftstörningar), and the
business calendars the SLA clock counts in (versioned per year, with closures and
per-member overrides). The calendar arithmetic lives in :mod:`.businesstime`."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samdrift.core.models import DomainModel
from samdrift.core.querysets import ScopedManager, ScopedQuerySet
from samdrift.core.tenancy import TenantPaths
from samdrift.tenancy.models import Collaboration, Department, Member, Unit

from . import businesstime
from .choices import (
    DisruptionImpact,
    DisruptionKind,
    MeasurementPeriod,
    OrderFieldKind,
    PriceModel,
    ServiceLevel,
    ServiceState,
    Weekday,
)

CALENDAR_PATHS = TenantPaths(collaboration="calendar__collaboration")
HOURS_PROBLEMS = {
    "no_workdays": _("Choose at least one working day: a calendar with no working time cannot be used."),
    "closes_before_opens": _("The closing time must be after the opening time."),
    "shortened_outside_hours": _("Shortened days must close after opening and no later than ordinary days."),
}


class BusinessCalendar(DomainModel):
    """A business calendar of a collaboration (Europe/Stockholm), e.g. "Kontorstid" or
    "Dygnet runt". Its hours are versioned per year (:class:`CalendarYear`) and it has
    closures (:class:`CalendarClosure`); both may be overridden for one member."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="calendars"
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    objects = ScopedManager["BusinessCalendar"]()
    tenant_paths = TenantPaths(collaboration="collaboration")

    class Meta:
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")
        ordering = ["collaboration__name", "name"]
        constraints = [models.UniqueConstraint(fields=["collaboration", "name"], name="calendar_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:businesscalendar_detail", args=[self.pk])


class CalendarYear(DomainModel):
    """A calendar's opening hours from ``year`` on, until a later year has its own.

    Rows with a member override the collaboration's hours for that member's tickets."""

    calendar = models.ForeignKey(
        BusinessCalendar, verbose_name=_("calendar"), on_delete=models.CASCADE, related_name="hours"
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("only for member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty for the whole collaboration."),
    )
    year = models.PositiveSmallIntegerField(
        _("from year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    opens = models.TimeField(_("opens"), default=datetime.time(8, 0))
    closes = models.TimeField(
        _("closes"), null=True, blank=True, default=datetime.time(17, 0), help_text=_("Empty means midnight.")
    )
    shortened_closes = models.TimeField(
        _("closes on shortened days"),
        null=True,
        blank=True,
        default=datetime.time(13, 0),
        help_text=_("Trettondagsafton, skärtorsdagen, valborgsmässoafton and other eves. Empty: ordinary hours."),
    )
    workdays = models.CharField(_("working days"), max_length=7, default="12345")
    closed_on_holidays = models.BooleanField(
        _("closed on public holidays"),
        default=True,
        help_text=_("Also closed on midsommarafton, julafton and nyårsafton. Off for services run around the clock."),
    )

    objects = ScopedManager["CalendarYear"]()
    tenant_paths = CALENDAR_PATHS
    label_related = ("calendar", "member")

    new_label = _("New opening hours")

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["calendar__name", "member__name", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["calendar", "year"], condition=Q(member__isnull=True), name="hours_unique_year"
            ),
            models.UniqueConstraint(
                fields=["calendar", "member", "year"],
                condition=Q(member__isnull=False),
                name="hours_unique_member_year",
            ),
        ]

    def __str__(self) -> str:
        who = f" ({self.member.name})" if self.member_id and self.member else ""
        return f"{self.calendar.name} {self.year}{who}"

    def get_absolute_url(self) -> str:
        return reverse("catalog:calendaryear_detail", args=[self.pk])

    def get_workdays_display(self) -> str:
        names = dict(Weekday.choices)
        return ", ".join(str(names[d]) for d in self.workdays if d in names)

    def get_closes_display(self) -> str:
        return self.closes.strftime("%H:%M") if self.closes else "24:00"

    def weekday_numbers(self) -> frozenset[int]:
        """Python weekdays (Monday = 0)."""
        return frozenset(int(d) - 1 for d in self.workdays if d.isdigit() and "1" <= d <= "7")

    def as_hours(self) -> businesstime.Hours:
        return businesstime.Hours(
            year=self.year,
            opens=self.opens,
            closes=self.closes,
            shortened_closes=self.shortened_closes,
            workdays=self.weekday_numbers(),
            closed_on_holidays=self.closed_on_holidays,
        )

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if any(d not in Weekday.values for d in self.workdays):
            errors["workdays"] = _("Working days are ISO weekday numbers 1–7.")
        for problem in self.as_hours().problems():
            field = {"no_workdays": "workdays", "closes_before_opens": "closes"}.get(problem, "shortened_closes")
            errors.setdefault(field, HOURS_PROBLEMS[problem])
        member = self.member if self.member_id else None
        if member is not None and self.calendar_id and member.collaboration_id != self.calendar.collaboration_id:
            errors["member"] = _("The member is not part of the calendar's collaboration.")
        if errors:
            raise ValidationError(errors)


class CalendarClosure(DomainModel):
    """A period a calendar is closed (a staff day, a move), for everyone or one member."""

    calendar = models.ForeignKey(
        BusinessCalendar, verbose_name=_("calendar"), on_delete=models.CASCADE, related_name="closures"
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("only for member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty for the whole collaboration."),
    )
    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"))
    reason = models.CharField(_("reason"), max_length=200)

    objects = ScopedManager["CalendarClosure"]()
    tenant_paths = CALENDAR_PATHS
    label_related = ("calendar",)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["calendar__name", "starts"]
        indexes = [models.Index(fields=["calendar", "starts"], name="closure_calendar_starts")]

    def __str__(self) -> str:
        return f"{self.calendar.name}: {self.reason}"

    def get_absolute_url(self) -> str:
        return reverse("catalog:calendarclosure_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.starts and self.ends and self.ends <= self.starts:
            errors["ends"] = _("A closure must end after it starts.")
        member = self.member if self.member_id else None
        if member is not None and self.calendar_id and member.collaboration_id != self.calendar.collaboration_id:
            errors["member"] = _("The member is not part of the calendar's collaboration.")
        if errors:
            raise ValidationError(errors)

    def as_closure(self) -> businesstime.Closure:
        return businesstime.Closure(self.starts, self.ends, self.reason)


class Service(DomainModel):
    """A service of the catalogue: what members get, at which level, from which unit."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    level = models.CharField(_("service level"), max_length=20, choices=ServiceLevel.choices)
    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="services"
    )
    included = models.TextField(_("included"), blank=True, help_text=_("What the service includes."))
    excluded = models.TextField(_("not included"), blank=True, help_text=_("What members must not expect."))
    is_standard = models.BooleanField(
        _("part of the common base"), default=True, help_text=_("Off for services a member orders as an option.")
    )
    state = models.CharField(_("state"), max_length=20, choices=ServiceState.choices, default=ServiceState.ACTIVE)
    orderable = models.BooleanField(
        _("orderable in the portal"),
        default=False,
        help_text=_("Requesters can order it with the service's order form; an order becomes a service request."),
    )

    objects = ScopedManager["Service"]()
    tenant_paths = TenantPaths(collaboration="collaboration")

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["collaboration__name", "name"]
        constraints = [models.UniqueConstraint(fields=["collaboration", "name"], name="service_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:service_detail", args=[self.pk])

    def clean(self) -> None:
        if self.owner_unit_id and self.collaboration_id and self.owner_unit.collaboration_id != self.collaboration_id:
            raise ValidationError({"owner_unit": _("Choose a unit of this collaboration.")})


HOURS = [
    MinValueValidator(Decimal("0.01"), message=_("A target must be more than zero.")),
    MaxValueValidator(Decimal("10000")),
]
PRIORITIES = (1, 2, 3, 4)


def _hours_field(label: Any, default: str) -> models.DecimalField:  # label: a lazy translation
    return models.DecimalField(label, max_digits=7, decimal_places=2, default=Decimal(default), validators=HOURS)


class SLA(DomainModel):
    """The agreed service level of a service, or of one member's use of it (an override).

    Targets are business hours in ``calendar`` (as it applies to the ticket's member),
    per priority 1–4."""

    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="slas")
    member = models.ForeignKey(
        Member,
        verbose_name=_("only for member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty for the service's SLA; set to agree other levels with one member."),
    )
    calendar = models.ForeignKey(
        BusinessCalendar,
        verbose_name=_("support hours"),
        on_delete=models.PROTECT,
        related_name="slas",
        help_text=_("The business calendar the targets are counted in."),
    )
    response_p1 = _hours_field(_("response, priority 1 (h)"), "0.5")
    response_p2 = _hours_field(_("response, priority 2 (h)"), "2")
    response_p3 = _hours_field(_("response, priority 3 (h)"), "8")
    response_p4 = _hours_field(_("response, priority 4 (h)"), "16")
    resolution_p1 = _hours_field(_("resolution, priority 1 (h)"), "4")
    resolution_p2 = _hours_field(_("resolution, priority 2 (h)"), "8")
    resolution_p3 = _hours_field(_("resolution, priority 3 (h)"), "24")
    resolution_p4 = _hours_field(_("resolution, priority 4 (h)"), "40")
    availability_target = models.DecimalField(
        _("availability target (%)"),
        max_digits=6,
        decimal_places=3,
        default=Decimal("99.5"),
        validators=[MinValueValidator(Decimal("0.001")), MaxValueValidator(Decimal("100"))],
    )
    measurement_period = models.CharField(
        _("measurement period"), max_length=10, choices=MeasurementPeriod.choices, default=MeasurementPeriod.MONTH
    )
    penalty_terms = models.TextField(_("penalty terms (vite)"), blank=True)
    # Set by the inventory: the targets of one system (``inventory.SystemSLA``), chosen
    # when a ticket names the system instead of the service's own SLA.
    for_system = models.BooleanField(_("system-level"), default=False, editable=False)

    objects = ScopedManager["SLA"]()
    tenant_paths = TenantPaths(collaboration="service__collaboration")
    label_related = ("service", "member")

    new_label = _("New SLA")

    class Meta:
        verbose_name = _("SLA")
        verbose_name_plural = _("SLAs")
        ordering = ["service__name", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["service"], condition=Q(member__isnull=True, for_system=False), name="sla_unique_service"
            ),
            models.UniqueConstraint(
                fields=["service", "member"],
                condition=Q(member__isnull=False, for_system=False),
                name="sla_unique_member",
            ),
        ]

    def __str__(self) -> str:
        who = f" ({self.member.name})" if self.member_id and self.member else ""
        return f"{self.service.name}{who}"

    def get_absolute_url(self) -> str:
        return reverse("catalog:sla_detail", args=[self.pk])

    def response_target(self, priority: int) -> datetime.timedelta:
        return datetime.timedelta(hours=float(getattr(self, f"response_p{priority}")))

    def resolution_target(self, priority: int) -> datetime.timedelta:
        return datetime.timedelta(hours=float(getattr(self, f"resolution_p{priority}")))

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        collaboration_id = self.service.collaboration_id if self.service_id else None
        if self.calendar_id and collaboration_id and self.calendar.collaboration_id != collaboration_id:
            errors["calendar"] = _("Choose a calendar of the service's collaboration.")
        member = self.member if self.member_id else None
        if member is not None and collaboration_id and member.collaboration_id != collaboration_id:
            errors["member"] = _("The member is not part of the service's collaboration.")
        for priority in PRIORITIES:
            response, resolution = getattr(self, f"response_p{priority}"), getattr(self, f"resolution_p{priority}")
            if response is not None and resolution is not None and response > resolution:
                errors[f"response_p{priority}"] = _("The response target cannot be longer than the resolution target.")
        if errors:
            raise ValidationError(errors)


class DisruptionQuerySet(ScopedQuerySet["Disruption"]):
    def affecting(self, member: Member | int) -> DisruptionQuerySet:
        """Disruptions of the member: those naming it, and those naming no member (all)."""
        member_id = member.pk if isinstance(member, Member) else member
        return self.filter(Q(affected_members__isnull=True) | Q(affected_members=member_id)).distinct()

    def current_or_planned(self, now: datetime.datetime) -> DisruptionQuerySet:
        return self.filter(Q(ends__isnull=True) | Q(ends__gt=now))


class Disruption(DomainModel):
    """A driftstörning of a service: an unplanned outage, or planned work announced ahead.

    The public text is shown on the Driftinformation page without login; the internal
    notes only to the desk. Unplanned outages count against the service's availability.
    """

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="disruptions"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=DisruptionKind.choices, default=DisruptionKind.UNPLANNED)
    impact = models.CharField(
        _("impact"), max_length=20, choices=DisruptionImpact.choices, default=DisruptionImpact.OUTAGE
    )
    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(
        _("ends"), null=True, blank=True, help_text=_("Leave empty while it lasts and the end is unknown.")
    )
    affected_members = models.ManyToManyField(
        Member,
        verbose_name=_("affected members"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty when every member is affected."),
    )
    public_text = models.TextField(_("public information"), help_text=_("Shown on the public Driftinformation page."))
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("Only for the desk: never shown publicly or to requesters.")
    )

    objects = DisruptionQuerySet.as_manager()
    tenant_paths = TenantPaths(collaboration="service__collaboration")
    label_related = ("service",)

    class Meta:
        verbose_name = _("disruption")
        verbose_name_plural = _("disruptions")
        ordering = ["-starts"]
        indexes = [
            models.Index(fields=["service", "starts"], name="disruption_service_starts"),
            models.Index(fields=["ends"], name="disruption_ends"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalog:disruption_detail", args=[self.pk])

    def clean(self) -> None:
        if self.starts and self.ends and self.ends <= self.starts:
            raise ValidationError({"ends": _("A disruption must end after it starts.")})

    def affected_members_display(self) -> str:
        names = [member.name for member in self.affected_members.all()]
        return ", ".join(sorted(names)) if names else str(_("All members"))

    def is_current(self, now: datetime.datetime) -> bool:
        return self.starts <= now and (self.ends is None or self.ends > now)


def _periods_overlap(
    a_start: datetime.date, a_end: datetime.date | None, b_start: datetime.date, b_end: datetime.date | None
) -> bool:
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


class Price(DomainModel):
    """One version of a service's price at one level, in effect from ``valid_from`` to
    ``valid_to`` (inclusive; empty: until further notice). Versions of one service and
    level never overlap, so a date has exactly one price."""

    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="prices")
    level = models.CharField(
        _("level"), max_length=60, default="Bas", help_text=_("The service level priced, e.g. Bas or Utökad.")
    )
    price_model = models.CharField(_("price model"), max_length=20, choices=PriceModel.choices)
    unit_price = models.DecimalField(
        _("price (SEK)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("Empty: until further notice."))
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedManager["Price"]()
    tenant_paths = TenantPaths(collaboration="service__collaboration")
    label_related = ("service",)

    new_label = _("New price")

    class Meta:
        verbose_name = _("price")
        verbose_name_plural = _("price list")
        ordering = ["service__name", "level", "-valid_from"]
        indexes = [models.Index(fields=["service", "level", "valid_from"], name="price_service_level_from")]

    def __str__(self) -> str:
        return f"{self.service.name} {self.level} {self.valid_from.isoformat()}"

    def get_absolute_url(self) -> str:
        return reverse("catalog:price_detail", args=[self.pk])

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("A price cannot end before it starts.")})
        if not (self.service_id and self.valid_from):
            return
        others = Price.objects.filter(service_id=self.service_id, level=self.level).exclude(pk=self.pk)
        for other in others:
            if _periods_overlap(self.valid_from, self.valid_to, other.valid_from, other.valid_to):
                until = other.valid_to.isoformat() if other.valid_to else "…"
                raise ValidationError(
                    {
                        "valid_from": _(
                            "This overlaps the price version %(start)s–%(end)s of the same service and level. "
                            "End that version first."
                        )
                        % {"start": other.valid_from.isoformat(), "end": until}
                    }
                )


class Subscription(DomainModel):
    """A member's (or one department's) subscription to a service at a level and quantity."""

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="subscriptions")
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subscriptions",
        help_text=_("Leave empty when the whole member subscribes."),
    )
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="subscriptions"
    )
    level = models.CharField(_("level"), max_length=60, default="Bas")
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "User accounts, devices, licences or hours a year, as the price model counts. Ignored for fixed "
            "and per-inhabitant prices."
        ),
    )
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"), null=True, blank=True, help_text=_("Empty: until further notice."))

    objects = ScopedManager["Subscription"]()
    tenant_paths = TenantPaths(collaboration="member__collaboration", member="member", department="department")
    label_related = ("member", "service")

    new_label = _("New subscription")

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["member__name", "service__name", "starts"]
        indexes = [models.Index(fields=["member", "starts"], name="subscription_member_starts")]

    def __str__(self) -> str:
        return f"{self.member.name}: {self.service.name} {self.level}"

    def get_absolute_url(self) -> str:
        return reverse("catalog:subscription_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.starts and self.ends and self.ends < self.starts:
            errors["ends"] = _("A subscription cannot end before it starts.")
        member = self.member if self.member_id else None
        if member is not None and self.service_id and self.service.collaboration_id != member.collaboration_id:
            errors["service"] = _("Choose a service of the member's collaboration.")
        department = self.department if self.department_id else None
        if member is not None and department is not None and department.member_id != member.pk:
            errors["department"] = _("Choose a department of the member.")
        if self.service_id and not errors:
            levels = set(Price.objects.filter(service_id=self.service_id).values_list("level", flat=True))
            if levels and self.level not in levels:
                errors["level"] = _("The service has no price at this level. Levels: %(levels)s.") % {
                    "levels": ", ".join(sorted(levels))
                }
        if errors:
            raise ValidationError(errors)


class OrderField(DomainModel):
    """One question of a service's order form in the portal (e.g. "Which model?")."""

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="order_fields"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=10, help_text=_("Lower comes first."))
    label = models.CharField(_("question"), max_length=200)
    kind = models.CharField(
        _("answer type"), max_length=20, choices=OrderFieldKind.choices, default=OrderFieldKind.TEXT
    )
    choices = models.TextField(_("choices"), blank=True, help_text=_("For a list: one choice per line."))
    required = models.BooleanField(_("required"), default=True)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)

    objects = ScopedManager["OrderField"]()
    tenant_paths = TenantPaths(collaboration="service__collaboration")
    label_related = ("service",)

    class Meta:
        verbose_name = _("order form question")
        verbose_name_plural = _("order form questions")
        ordering = ["service__name", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["service", "label"], name="orderfield_unique_label")]

    def __str__(self) -> str:
        return f"{self.service.name}: {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("catalog:orderfield_detail", args=[self.pk])

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self) -> None:
        if self.kind == OrderFieldKind.CHOICE and len(self.choice_list()) < 2:
            raise ValidationError({"choices": _("A list needs at least two choices, one per line.")})
        if self.kind != OrderFieldKind.CHOICE and self.choices.strip():
            raise ValidationError({"choices": _("Only a list has choices.")})
