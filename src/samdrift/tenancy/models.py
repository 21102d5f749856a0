"""The collaboration, its member municipalities, their departments and the shared units."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samdrift.core.models import DomainModel
from samdrift.core.querysets import ScopedManager
from samdrift.core.tenancy import TenantPaths

from . import municipalities
from .choices import LegalForm


class Collaboration(DomainModel):
    """A shared IT organisation that several municipalities run together.

    It is the outermost tenant: every member, unit and role assignment belongs to one.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices)
    host_member = models.ForeignKey(
        "Member",
        verbose_name=_("host municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The member whose organisation employs the staff (värdkommun)."),
    )
    start_date = models.DateField(_("start date"))
    organisation_number = models.CharField(_("organisation number"), max_length=11, blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = ScopedManager["Collaboration"]()
    tenant_paths = TenantPaths(collaboration="pk")

    class Meta:
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tenancy:collaboration_detail", args=[self.pk])

    def clean(self) -> None:
        host = self.host_member
        if host is not None and self.pk and host.collaboration_id != self.pk:
            raise ValidationError({"host_member": _("The host must be a member of the collaboration.")})


class Member(DomainModel):
    """A municipality that is a member of a collaboration, identified by its SCB code."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="members"
    )
    scb_code = models.CharField(_("SCB municipality code"), max_length=4, validators=[municipalities.validate_scb_code])
    name = models.CharField(_("name"), max_length=100, blank=True)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    objects = ScopedManager["Member"]()
    tenant_paths = TenantPaths(collaboration="collaboration", member="pk")

    class Meta:
        verbose_name = _("member municipality")
        verbose_name_plural = _("member municipalities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "scb_code"], name="member_unique_scb_code"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tenancy:member_detail", args=[self.pk])

    @property
    def county(self) -> str:
        ref = municipalities.get(self.scb_code)
        return ref.county if ref else ""

    def is_member_on(self, day: datetime.date) -> bool:
        return self.joined_on <= day and (self.left_on is None or day <= self.left_on)

    def clean(self) -> None:
        ref = municipalities.get(self.scb_code)
        if ref and not self.name:
            self.name = ref.name
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": _("A member cannot leave before it joined.")})


class Population(DomainModel):
    """A member's inhabitants and employee headcount for one year: the basis of shares."""

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="populations")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1971), MaxValueValidator(2100)])
    inhabitants = models.PositiveIntegerField(_("inhabitants"))
    employees = models.PositiveIntegerField(_("employees"))
    reference_date = models.DateField(
        _("reference date"), help_text=_("The date the figures refer to, e.g. 31 December the year before.")
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = ScopedManager["Population"]()
    tenant_paths = TenantPaths(collaboration="member__collaboration", member="member")
    label_related = ("member",)

    class Meta:
        verbose_name = _("population")
        verbose_name_plural = _("populations")
        ordering = ["-year", "member__name"]
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="population_unique_year")]

    def __str__(self) -> str:
        return f"{self.member} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("tenancy:population_detail", args=[self.pk])


class Department(DomainModel):
    """A department (förvaltning or verksamhet) of a member: where requesters work."""

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("code"), max_length=20, blank=True, help_text=_("Short code, e.g. BUF."))
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedManager["Department"]()
    tenant_paths = TenantPaths(collaboration="member__collaboration", member="member", department="pk")
    label_related = ("member",)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["member__name", "name"]
        constraints = [models.UniqueConstraint(fields=["member", "name"], name="department_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.member.name})"

    def get_absolute_url(self) -> str:
        return reverse("tenancy:department_detail", args=[self.pk])


class Unit(DomainModel):
    """A unit of the shared organisation (Servicedesk, Klient …) that delivers services."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=20, blank=True)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedManager["Unit"]()
    tenant_paths = TenantPaths(collaboration="collaboration")

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["collaboration__name", "name"]
        constraints = [models.UniqueConstraint(fields=["collaboration", "name"], name="unit_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tenancy:unit_detail", args=[self.pk])
