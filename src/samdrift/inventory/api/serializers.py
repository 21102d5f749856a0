from __future__ import annotations

from rest_framework import serializers

from ..models import (
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

ID = ["id", "version"]


def model_serializer(model: type, fields: list[str], read_only: tuple[str, ...] = ()) -> type:
    meta = type("Meta", (), {"model": model, "fields": [*ID, *fields], "read_only_fields": [*ID, *read_only]})
    return type(f"{model.__name__}Serializer", (serializers.ModelSerializer,), {"Meta": meta})


SystemSerializer = model_serializer(
    System,
    ["collaboration", "name", "area", "supplier", "description", "lifecycle", "shared", "members", "departments",
     "services", "in_use_since", "planned_retirement", "retired_on"],
)  # fmt: skip
SystemInstanceSerializer = model_serializer(
    SystemInstance, ["system", "name", "member", "host_member", "version_label"]
)
SystemRoleSerializer = model_serializer(SystemRole, ["system", "member", "role", "person", "email"])
AssetSerializer = model_serializer(
    Asset,
    ["collaboration", "member", "department", "kind", "asset_type", "model_name", "serial", "owner", "purchase_date",
     "price", "ownership", "end_of_life", "retired_on", "system"],
)  # fmt: skip
LicenceSerializer = model_serializer(Licence, ["system", "name", "metric", "valid_from", "valid_to"])
LicenceTierSerializer = model_serializer(LicenceTier, ["licence", "from_quantity", "unit_price"])
LicenceAssignmentSerializer = model_serializer(LicenceAssignment, ["licence", "member", "quantity"])
ConsolidationAreaSerializer = model_serializer(
    ConsolidationArea, ["collaboration", "name", "target_system", "plan_starts", "plan_ends", "description"]
)
ConsolidationStepSerializer = model_serializer(
    ConsolidationStep, ["area", "member", "leaves_system", "planned_on", "done_on"]
)


class SystemSLASerializer(serializers.ModelSerializer):
    """A system SLA with its targets (read-only here; set them on the page or through
    the catalogue's SLA endpoint of ``sla``)."""

    calendar = serializers.IntegerField(source="sla.calendar_id", read_only=True)
    resolution_hours = serializers.SerializerMethodField()
    response_hours = serializers.SerializerMethodField()

    class Meta:
        model = SystemSLA
        fields = [*ID, "system", "member", "sla", "calendar", "response_hours", "resolution_hours"]
        read_only_fields = fields

    def get_resolution_hours(self, obj: SystemSLA) -> dict[str, str]:
        return {str(p): str(getattr(obj.sla, f"resolution_p{p}")) for p in range(1, 5)}

    def get_response_hours(self, obj: SystemSLA) -> dict[str, str]:
        return {str(p): str(getattr(obj.sla, f"response_p{p}")) for p in range(1, 5)}


class PoolLineSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="member.pk")
    member_name = serializers.CharField(source="member.name")
    quantity = serializers.IntegerField()
    alone = serializers.DecimalField(max_digits=16, decimal_places=2)
    pooled = serializers.DecimalField(max_digits=16, decimal_places=2)
    saving = serializers.DecimalField(max_digits=16, decimal_places=2)


class PoolSerializer(serializers.Serializer):
    """The licence pooled (every member's units bought together) against each member alone."""

    quantity = serializers.IntegerField()
    unit = serializers.DecimalField(max_digits=16, decimal_places=2)
    total = serializers.DecimalField(max_digits=16, decimal_places=2)
    alone_total = serializers.DecimalField(max_digits=16, decimal_places=2)
    saving = serializers.DecimalField(max_digits=16, decimal_places=2)
    lines = PoolLineSerializer(many=True)
