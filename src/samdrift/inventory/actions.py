"""The only way inventory objects change. Each action is one transaction with an audit row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from samdrift.catalog import actions as catalog_actions
from samdrift.catalog.models import SLA
from samdrift.core import audit
from samdrift.core.actions import create_object, delete_object, update_object
from samdrift.core.models import AuditAction, AuditEntry
from samdrift.core.versions import SYSTEM, ExpectedVersion
from samdrift.tenancy.models import Member

from .models import (
    Asset,
    ConsolidationArea,
    ConsolidationStep,
    Licence,
    LicenceAssignment,
    LicenceTier,
    System,
    SystemInstance,
    SystemRole,
    SystemSLA,
)

if TYPE_CHECKING:
    from samdrift.accounts.models import User

# The catalogue SLA fields a system SLA sets (its targets).
SLA_TARGETS = (
    "calendar", "response_p1", "response_p2", "response_p3", "response_p4",
    "resolution_p1", "resolution_p2", "resolution_p3", "resolution_p4", "availability_target",
)  # fmt: skip


def _crud(model: type) -> tuple[Any, Any, Any]:
    def create(*, acting_user: User | None, **fields: Any) -> Any:
        return create_object(model, acting_user=acting_user, **fields)

    def update(obj: Any, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any) -> Any:
        return update_object(obj, acting_user=acting_user, expected_version=expected_version, **changes)

    def delete(obj: Any, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
        delete_object(obj, acting_user=acting_user, expected_version=expected_version)

    return create, update, delete


do_create_system, do_update_system, do_delete_system = _crud(System)
do_create_instance, do_update_instance, do_delete_instance = _crud(SystemInstance)
do_assign_system_role, do_update_system_role, do_delete_system_role = _crud(SystemRole)
do_create_asset, do_update_asset, do_delete_asset = _crud(Asset)
do_create_licence, do_update_licence, do_delete_licence = _crud(Licence)
do_add_tier, do_update_tier, do_delete_tier = _crud(LicenceTier)
do_assign_licence, do_update_licence_assignment, do_delete_licence_assignment = _crud(LicenceAssignment)
do_create_area, do_update_area, do_delete_area = _crud(ConsolidationArea)
do_plan_step, do_update_step, do_delete_step = _crud(ConsolidationStep)


def _service_for(system: System, service: Any) -> Any:
    """The catalogue service the system SLA's targets hang on: the one given, else the
    first service that delivers the system."""
    if service is not None:
        return service
    found = system.services.order_by("pk").first()
    if found is None:
        raise ValidationError(
            {"system": _("Link the system to a catalogue service that delivers it before setting its SLA.")}
        )
    return found


def do_set_system_sla(
    *, acting_user: User | None, system: System, member: Member | None = None, service: Any = None, **targets: Any
) -> SystemSLA:
    """Set the SLA of a system (``member`` empty) or one member's override: the targets
    become a catalogue SLA row marked as system-level, linked from the system SLA."""
    unknown = set(targets) - set(SLA_TARGETS)
    if unknown:
        raise TypeError(f"unknown SLA fields: {sorted(unknown)}")
    with transaction.atomic():
        probe = SystemSLA(system=system, member=member)
        probe.clean()
        if SystemSLA.objects.filter(system=system, member=member).exists():
            raise ValidationError({"member": _("This system already has an SLA for that member; edit it instead.")})
        sla = create_object(
            SLA,
            acting_user=acting_user,
            service=_service_for(system, service),
            member=member,
            for_system=True,
            **targets,
        )
        return create_object(SystemSLA, acting_user=acting_user, system=system, member=member, sla=sla)


def do_update_system_sla(
    system_sla: SystemSLA, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> SystemSLA:
    """Change a system SLA's member or targets; tickets under it get their clocks recomputed."""
    targets = {name: changes.pop(name) for name in list(changes) if name in SLA_TARGETS}
    changes.pop("service", None)
    with transaction.atomic():
        saved = update_object(system_sla, acting_user=acting_user, expected_version=expected_version, **changes)
        sla = SLA.objects.get(pk=saved.sla_id)
        if targets or sla.member_id != saved.member_id:
            catalog_actions.do_update_sla(
                sla, acting_user=acting_user, expected_version=SYSTEM, member=saved.member, **targets
            )
    return saved


def do_delete_system_sla(system_sla: SystemSLA, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
    with transaction.atomic():
        sla = SLA.objects.get(pk=system_sla.sla_id)
        delete_object(system_sla, acting_user=acting_user, expected_version=expected_version)
        catalog_actions.do_delete_sla(sla, acting_user=acting_user, expected_version=SYSTEM)


def do_import_assets(*, acting_user: User | None, member: Member, assets: Sequence[Asset]) -> int:
    """Store checked asset rows of one member, all or nothing, with one audit row for the
    import (the rows are history brought in, not one change each). A serial that another
    import stored meanwhile fails the whole import."""
    for asset in assets:
        asset.collaboration_id = member.collaboration_id
        asset.member = member
    try:
        with transaction.atomic():
            Asset.objects.bulk_create(list(assets), batch_size=2000)
            AuditEntry.objects.create(
                **audit.actor_fields(acting_user),
                action=AuditAction.CREATE,
                content_type=ContentType.objects.get_for_model(Asset),
                object_id="import",
                object_repr=f"Import: {len(assets)} assets, {member.name}"[:300],
                after={"assets": len(assets), "member": member.pk},
                scope_collaboration=member.collaboration_id,
                scope_member=member.pk,
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("A serial number in the file was stored by someone else meanwhile; nothing was imported.")
        ) from exc
    if len(assets) >= ANALYZE_AFTER_ROWS:
        transaction.on_commit(_refresh_asset_statistics, robust=True)
    return len(assets)


# An import this large changes the table enough that the planner's row estimates (which
# autovacuum refreshes only after a while) would pick a plan for the old, small table: on
# PostgreSQL a bitmap scan of every asset and a sort, instead of the index in list order.
ANALYZE_AFTER_ROWS = 1000


def _refresh_asset_statistics() -> None:
    """Refresh the planner's statistics for the asset table (``ANALYZE``, both databases)."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(Asset._meta.db_table)}")
