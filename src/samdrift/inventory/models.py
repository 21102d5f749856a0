"""The inventory: the IT systems the members use (with instances, responsible people and
system-level SLAs), the devices and accounts per member (assets), licence agreements and
their pooling, and the consolidation towards a common standard per area."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samdrift.catalog.models import SLA, Service
from samdrift.core.models import DomainModel
from samdrift.core.querysets import ScopedManager
from samdrift.core.tenancy import TenantPaths
from samdrift.tenancy.models import Collaboration, Department, Member

from .choices import AssetKind, LicenceMetric, Lifecycle, Ownership, SystemRoleKind

NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]


def _member_of(errors: dict[str, Any], field: str, member: Member | None, collaboration_id: int | None) -> None:
    if member is not None and collaboration_id and member.collaboration_id != collaboration_id:
        errors[field] = _("Choose a member of the same collaboration.")


class System(DomainModel):
    """An IT system (verksamhetssystem), e.g. a school or case-management system: its
    supplier, the members and departments that use it, the catalogue services that deliver
    it and its lifecycle. A shared system is seen by every member; other systems by the
    members that use them and the collaboration-wide roles."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    area = models.CharField(
        _("area"), max_length=100, blank=True, help_text=_("What the system is for, e.g. school, case management.")
    )
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    lifecycle = models.CharField(_("lifecycle"), max_length=20, choices=Lifecycle.choices, default=Lifecycle.IN_USE)
    shared = models.BooleanField(
        _("shared system"), default=False, help_text=_("Run by the shared organisation for every member.")
    )
    members = models.ManyToManyField(Member, verbose_name=_("used by members"), blank=True, related_name="+")
    departments = models.ManyToManyField(
        Department, verbose_name=_("used by departments"), blank=True, related_name="+"
    )
    services = models.ManyToManyField(Service, verbose_name=_("delivered by services"), blank=True, related_name="+")
    in_use_since = models.DateField(_("in use since"), null=True, blank=True)
    planned_retirement = models.DateField(_("planned retirement"), null=True, blank=True)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)

    objects = ScopedManager["System"]()
    tenant_paths = TenantPaths(collaboration="collaboration")

    class Meta:
        verbose_name = _("IT system")
        verbose_name_plural = _("systems")
        ordering = ["area", "name"]
        constraints = [models.UniqueConstraint(fields=["collaboration", "name"], name="system_unique_name")]
        indexes = [models.Index(fields=["collaboration", "area"], name="system_collab_area")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("inventory:system_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.retired_on and self.in_use_since and self.retired_on < self.in_use_since:
            errors["retired_on"] = _("A system cannot be retired before it was taken into use.")
        if self.lifecycle == Lifecycle.RETIRED and not self.retired_on:
            errors["retired_on"] = _("Give the date the system was retired.")
        if errors:
            raise ValidationError(errors)


SYSTEM_PATHS = TenantPaths(collaboration="system__collaboration", member="member")


class SystemInstance(DomainModel):
    """One installation of a system: shared by its users, or one member's own, hosted by a
    member or by the shared organisation (seed 000: a large member runs a system for small
    ones, sometimes as two separate instances)."""

    system = models.ForeignKey(System, verbose_name=_("IT system"), on_delete=models.CASCADE, related_name="instances")
    name = models.CharField(_("name"), max_length=200)
    member = models.ForeignKey(
        Member, verbose_name=_("for member"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("Empty: one instance shared by every member using the system."),
    )  # fmt: skip
    host_member = models.ForeignKey(
        Member, verbose_name=_("hosted by member"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("Empty: hosted by the shared organisation."),
    )  # fmt: skip
    version_label = models.CharField(_("version"), max_length=50, blank=True)

    objects = ScopedManager["SystemInstance"]()
    tenant_paths = TenantPaths(collaboration="system__collaboration")
    label_related = ("system",)

    class Meta:
        verbose_name = _("system instance")
        verbose_name_plural = _("system instances")
        ordering = ["system__name", "name"]

    def __str__(self) -> str:
        return f"{self.system.name}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("inventory:systeminstance_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        collaboration_id = self.system.collaboration_id if self.system_id else None
        _member_of(errors, "member", self.member if self.member_id else None, collaboration_id)
        _member_of(errors, "host_member", self.host_member if self.host_member_id else None, collaboration_id)
        if errors:
            raise ValidationError(errors)


class SystemRole(DomainModel):
    """Who carries responsibility for a system, for one member or the shared organisation:
    systemägare, systemförvaltare, objektägare."""

    system = models.ForeignKey(System, verbose_name=_("IT system"), on_delete=models.CASCADE, related_name="roles")
    member = models.ForeignKey(
        Member, verbose_name=_("member"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("Empty: for the shared organisation."),
    )  # fmt: skip
    role = models.CharField(_("role"), max_length=30, choices=SystemRoleKind.choices)
    person = models.CharField(_("person"), max_length=200)
    email = models.EmailField(_("email"), blank=True)

    objects = ScopedManager["SystemRole"]()
    tenant_paths = SYSTEM_PATHS
    label_related = ("system", "member")

    class Meta:
        verbose_name = _("system role")
        verbose_name_plural = _("system roles")
        ordering = ["system__name", "member__name", "role"]

    def __str__(self) -> str:
        return f"{self.system.name}: {self.get_role_display()} {self.person}"

    def get_absolute_url(self) -> str:
        return reverse("inventory:systemrole_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        _member_of(
            errors,
            "member",
            self.member if self.member_id else None,
            self.system.collaboration_id if self.system_id else None,
        )
        if errors:
            raise ValidationError(errors)


class SystemSLA(DomainModel):
    """The SLA of a system, for every member or overriding it for one. Its targets are a
    catalogue SLA row marked ``for_system`` (so the ticket's clock, the SLA report and
    the recompute treat it like any other SLA); the clock takes it when a ticket names
    the system (``inventory.queries.system_sla``)."""

    system = models.ForeignKey(System, verbose_name=_("IT system"), on_delete=models.CASCADE, related_name="slas")
    member = models.ForeignKey(
        Member, verbose_name=_("only for member"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("Leave empty for the system's SLA; set to agree other levels with one member."),
    )  # fmt: skip
    sla = models.OneToOneField(SLA, verbose_name=_("targets"), on_delete=models.PROTECT, related_name="system_sla")

    objects = ScopedManager["SystemSLA"]()
    tenant_paths = SYSTEM_PATHS
    label_related = ("system", "member")

    class Meta:
        verbose_name = _("system SLA")
        verbose_name_plural = _("system SLAs")
        ordering = ["system__name", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["system"], condition=Q(member__isnull=True), name="systemsla_unique"),
            models.UniqueConstraint(
                fields=["system", "member"], condition=Q(member__isnull=False), name="systemsla_unique_member"
            ),
        ]

    def __str__(self) -> str:
        who = f" ({self.member.name})" if self.member_id and self.member else ""
        return f"{self.system.name}{who}"

    def get_absolute_url(self) -> str:
        return reverse("inventory:systemsla_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        _member_of(
            errors,
            "member",
            self.member if self.member_id else None,
            self.system.collaboration_id if self.system_id else None,
        )
        if errors:
            raise ValidationError(errors)


class Asset(DomainModel):
    """A device or an account of a member (and department): type, model, serial, owner,
    purchase, lease or owned, end of life. Counted for the allocation keys when the
    collaboration counts devices and accounts from the inventory."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AssetKind.choices)
    asset_type = models.CharField(_("type"), max_length=100, help_text=_("e.g. laptop, tablet, AD account."))
    model_name = models.CharField(_("model"), max_length=200, blank=True)
    serial = models.CharField(_("serial number"), max_length=100, blank=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True, help_text=_("The person using it."))
    purchase_date = models.DateField(_("purchase date"), null=True, blank=True)
    price = models.DecimalField(
        _("price (SEK)"), max_digits=14, decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE
    )
    ownership = models.CharField(_("lease or owned"), max_length=10, choices=Ownership.choices, default=Ownership.OWNED)
    end_of_life = models.DateField(_("end of life"), null=True, blank=True)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    system = models.ForeignKey(
        System, verbose_name=_("IT system"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("For an account: the system it is an account in."),
    )  # fmt: skip

    objects = ScopedManager["Asset"]()
    tenant_paths = TenantPaths(collaboration="collaboration", member="member", department="department")
    label_related = ()

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        # Newest first. The (collaboration, id) and (member, id) indexes serve the first
        # page of a collaboration's or a member's list in that order, read backwards.
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "serial"], condition=~Q(serial=""), name="asset_unique_serial"
            )
        ]
        indexes = [
            models.Index(fields=["member", "kind"], name="asset_member_kind"),
            models.Index(fields=["collaboration", "kind"], name="asset_collab_kind"),
            models.Index(fields=["collaboration", "id"], name="asset_collab_newest"),
            models.Index(fields=["member", "id"], name="asset_member_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.asset_type} {self.serial}".strip() if self.serial else f"{self.asset_type} #{self.pk or ''}"

    def get_absolute_url(self) -> str:
        return reverse("inventory:asset_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        member = self.member if self.member_id else None
        if member is not None and self.collaboration_id and member.collaboration_id != self.collaboration_id:
            errors["member"] = _("Choose a member of the same collaboration.")
        department = self.department if self.department_id else None
        if department is not None and member is not None and department.member_id != member.pk:
            errors["department"] = _("The department belongs to another member.")
        if self.end_of_life and self.purchase_date and self.end_of_life < self.purchase_date:
            errors["end_of_life"] = _("End of life cannot be before the purchase date.")
        if errors:
            raise ValidationError(errors)


LICENCE_PATHS = TenantPaths(collaboration="licence__system__collaboration")


class Licence(DomainModel):
    """A licence agreement for a system, priced by a metric (users, devices, inhabitants)
    in volume tiers: the more licences bought together, the lower the unit price."""

    system = models.ForeignKey(System, verbose_name=_("IT system"), on_delete=models.PROTECT, related_name="licences")
    name = models.CharField(_("name"), max_length=200)
    metric = models.CharField(_("metric"), max_length=20, choices=LicenceMetric.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = ScopedManager["Licence"]()
    tenant_paths = TenantPaths(collaboration="system__collaboration")
    label_related = ("system",)

    class Meta:
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        ordering = ["system__name", "name"]

    def __str__(self) -> str:
        return f"{self.system.name}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("inventory:licence_detail", args=[self.pk])

    def clean(self) -> None:
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The licence cannot end before it starts.")})


class LicenceTier(DomainModel):
    """A volume tier: from ``from_quantity`` units on, every unit costs ``unit_price`` a year."""

    licence = models.ForeignKey(Licence, verbose_name=_("licence"), on_delete=models.CASCADE, related_name="tiers")
    from_quantity = models.PositiveIntegerField(_("from quantity"))
    unit_price = models.DecimalField(
        _("price per unit and year (SEK)"), max_digits=14, decimal_places=2, validators=NOT_NEGATIVE
    )

    objects = ScopedManager["LicenceTier"]()
    tenant_paths = LICENCE_PATHS
    label_related = ("licence__system",)

    class Meta:
        verbose_name = _("volume tier")
        verbose_name_plural = _("volume tiers")
        ordering = ["licence__name", "from_quantity"]
        constraints = [models.UniqueConstraint(fields=["licence", "from_quantity"], name="tier_unique_quantity")]

    def __str__(self) -> str:
        return f"{self.licence}: {self.from_quantity}+"

    def get_absolute_url(self) -> str:
        return reverse("inventory:licencetier_detail", args=[self.pk])


class LicenceAssignment(DomainModel):
    """How many units of a licence one member uses."""

    licence = models.ForeignKey(
        Licence, verbose_name=_("licence"), on_delete=models.CASCADE, related_name="assignments"
    )
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"))

    objects = ScopedManager["LicenceAssignment"]()
    tenant_paths = TenantPaths(collaboration="licence__system__collaboration", member="member")
    label_related = ("licence__system", "member")

    class Meta:
        verbose_name = _("licence assignment")
        verbose_name_plural = _("licence assignments")
        ordering = ["licence__name", "member__name"]
        constraints = [models.UniqueConstraint(fields=["licence", "member"], name="assignment_unique_member")]

    def __str__(self) -> str:
        return f"{self.licence}: {self.member.name}"

    def get_absolute_url(self) -> str:
        return reverse("inventory:licenceassignment_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        _member_of(
            errors,
            "member",
            self.member if self.member_id else None,
            self.licence.system.collaboration_id if self.licence_id else None,
        )
        if errors:
            raise ValidationError(errors)


class ConsolidationArea(DomainModel):
    """An area consolidated to a common standard (e.g. school systems): the target system
    and the plan's dates; the systems of the area are those with the same ``area``."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("area"), max_length=100, help_text=_("The same text as the systems' area."))
    target_system = models.ForeignKey(
        System, verbose_name=_("target standard"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    plan_starts = models.DateField(_("plan starts"))
    plan_ends = models.DateField(_("plan ends"))
    description = models.TextField(_("plan"), blank=True)

    objects = ScopedManager["ConsolidationArea"]()
    tenant_paths = TenantPaths(collaboration="collaboration")

    class Meta:
        verbose_name = _("consolidation area")
        verbose_name_plural = _("consolidation areas")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["collaboration", "name"], name="area_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("inventory:consolidationarea_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.plan_ends and self.plan_starts and self.plan_ends < self.plan_starts:
            errors["plan_ends"] = _("The plan cannot end before it starts.")
        target = self.target_system if self.target_system_id else None
        if target is not None and self.collaboration_id and target.collaboration_id != self.collaboration_id:
            errors["target_system"] = _("Choose a system of the same collaboration.")
        if errors:
            raise ValidationError(errors)


class ConsolidationStep(DomainModel):
    """One step of a consolidation plan: a member leaves a system for the standard by a date."""

    area = models.ForeignKey(
        ConsolidationArea, verbose_name=_("consolidation area"), on_delete=models.CASCADE, related_name="steps"
    )
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    leaves_system = models.ForeignKey(
        System, verbose_name=_("leaves system"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    planned_on = models.DateField(_("planned date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    objects = ScopedManager["ConsolidationStep"]()
    tenant_paths = TenantPaths(collaboration="area__collaboration", member="member")
    label_related = ("area", "member")

    class Meta:
        verbose_name = _("consolidation step")
        verbose_name_plural = _("consolidation steps")
        ordering = ["area__name", "planned_on", "member__name"]

    def __str__(self) -> str:
        return f"{self.area.name}: {self.member.name} {self.planned_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("inventory:consolidationstep_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        _member_of(
            errors,
            "member",
            self.member if self.member_id else None,
            self.area.collaboration_id if self.area_id else None,
        )
        if errors:
            raise ValidationError(errors)
