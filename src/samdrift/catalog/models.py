"""Business calendars: when the shared organisation works, versioned per year, with
closures and per-member overrides. The arithmetic lives in :mod:`.businesstime`."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samdrift.core.models import DomainModel
from samdrift.core.querysets import ScopedManager
from samdrift.core.tenancy import TenantPaths
from samdrift.tenancy.models import Collaboration, Member

from . import businesstime
from .choices import Weekday

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
