from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ..choices import Basis
from ..models import (
    AllocationModel,
    AllocationRule,
    AllocationRun,
    BudgetLine,
    ClosedPeriod,
    FinanceSettings,
    Forecast,
    ForecastLine,
    Investment,
    InvestmentForecast,
    OutcomeLine,
    ReportedCount,
)

LINE_FIELDS = [
    "id",
    "version",
    "collaboration",
    "year",
    "month",
    "unit",
    "account_group",
    "member",
    "activity",
    "project",
    "amount",
    "text",
]


class BudgetLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = BudgetLine
        fields = LINE_FIELDS
        read_only_fields = ["id", "version"]


class OutcomeLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutcomeLine
        fields = [*LINE_FIELDS, "source"]
        read_only_fields = ["id", "version"]


class ForecastSerializer(serializers.ModelSerializer):
    class Meta:
        model = Forecast
        fields = [
            "id", "version", "collaboration", "year", "as_of_month", "name", "comment", "approval_state", "approved_by",
        ]  # fmt: skip
        read_only_fields = ["id", "version", "approval_state", "approved_by"]


class ForecastLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = ForecastLine
        fields = ["id", "version", "forecast", "unit", "account_group", "member", "amount", "comment"]
        read_only_fields = ["id", "version"]


class InvestmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Investment
        fields = ["id", "version", "collaboration", "year", "name", "member", "budget", "outcome"]
        read_only_fields = ["id", "version"]


class InvestmentForecastSerializer(serializers.ModelSerializer):
    class Meta:
        model = InvestmentForecast
        fields = ["id", "version", "forecast", "investment", "amount", "comment"]
        read_only_fields = ["id", "version"]


class ReportedCountSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportedCount
        fields = ["id", "version", "member", "year", "kind", "value"]
        read_only_fields = ["id", "version"]


class ClosedPeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClosedPeriod
        fields = ["id", "version", "collaboration", "year", "month"]
        read_only_fields = ["id", "version"]


class FinanceSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = FinanceSettings
        fields = [
            "id",
            "version",
            "collaboration",
            "transparent_statements",
            "counts_from_inventory",
            "seller_counterparty",
        ]
        read_only_fields = ["id", "version"]


class AllocationModelSerializer(serializers.ModelSerializer):
    class Meta:
        model = AllocationModel
        fields = ["id", "version", "collaboration", "year", "name", "decision", "decision_text", "description"]
        read_only_fields = ["id", "version", "decision"]


class AllocationRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = AllocationRule
        fields = [
            "id",
            "version",
            "allocation_model",
            "position",
            "label",
            "unit",
            "account_group",
            "key_parts",
            "base_fee",
            "via_services",
        ]
        read_only_fields = ["id", "version"]


class AllocationRunSerializer(serializers.ModelSerializer):
    """A run with its snapshot: ``inputs``, ``output`` (lines with explanations, totals per
    member) and the SHA-256 ``digest``. Read-only: runs change only by issuing."""

    class Meta:
        model = AllocationRun
        fields = [
            "id",
            "version",
            "allocation_model",
            "basis",
            "forecast",
            "first_month",
            "last_month",
            "state",
            "corrects",
            "prepared_by",
            "issued_by",
            "issued_at",
            "total",
            "digest",
            "inputs",
            "output",
        ]
        read_only_fields = fields


class PrepareRunSerializer(serializers.Serializer):
    allocation_model = serializers.PrimaryKeyRelatedField(queryset=AllocationModel.objects.all())
    basis = serializers.ChoiceField(choices=Basis.choices)
    forecast = serializers.PrimaryKeyRelatedField(queryset=Forecast.objects.all(), required=False, allow_null=True)
    first_month = serializers.IntegerField(min_value=1, max_value=12, default=1)
    last_month = serializers.IntegerField(min_value=1, max_value=12, default=12)
    corrects = serializers.PrimaryKeyRelatedField(queryset=AllocationRun.objects.all(), required=False, allow_null=True)


class FollowUpRowSerializer(serializers.Serializer):
    name = serializers.CharField(source="label")
    budget = serializers.DecimalField(max_digits=16, decimal_places=2)
    forecast = serializers.DecimalField(max_digits=16, decimal_places=2)
    deviation = serializers.DecimalField(max_digits=16, decimal_places=2)
    change = serializers.DecimalField(max_digits=16, decimal_places=2)
    member = serializers.CharField(allow_blank=True)
    comments = serializers.ListField(child=serializers.CharField())


class FollowUpSerializer(serializers.Serializer):
    forecast = serializers.IntegerField(source="forecast.pk")
    previous = serializers.IntegerField(source="previous.pk", allow_null=True, default=None)
    unit = serializers.IntegerField(source="unit.pk", allow_null=True, default=None)
    rows = FollowUpRowSerializer(many=True)
    total = FollowUpRowSerializer()
    investments = FollowUpRowSerializer(many=True)
    investments_total = FollowUpRowSerializer()
    thousands = serializers.DictField(
        source="in_thousands", help_text="The same columns in whole tkr, summing exactly."
    )


class StatementSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="member.pk")
    year = serializers.IntegerField()
    run = serializers.IntegerField(source="run.pk", allow_null=True, default=None)
    by_group = serializers.ListField(child=serializers.ListField())
    by_service = serializers.ListField(child=serializers.ListField())
    cost = serializers.DecimalField(source="figures.cost", max_digits=16, decimal_places=2)
    per_inhabitant = serializers.DecimalField(
        source="figures.per_inhabitant", max_digits=16, decimal_places=2, allow_null=True
    )
    per_employee = serializers.DecimalField(
        source="figures.per_employee", max_digits=16, decimal_places=2, allow_null=True
    )
    tickets = serializers.IntegerField(source="figures.tickets")
    hours = serializers.DecimalField(source="figures.hours", max_digits=12, decimal_places=1)
    billable_hours = serializers.DecimalField(source="figures.billable_hours", max_digits=12, decimal_places=1)
    rating = serializers.DecimalField(source="figures.rating", max_digits=3, decimal_places=1, allow_null=True)
    response_compliance = serializers.DecimalField(
        source="sla.response_percent", max_digits=5, decimal_places=1, allow_null=True, default=None
    )
    resolution_compliance = serializers.DecimalField(
        source="sla.resolution_percent", max_digits=5, decimal_places=1, allow_null=True, default=None
    )
    availability = serializers.ListField(child=serializers.ListField())
    collaboration_total = serializers.DecimalField(max_digits=16, decimal_places=2)
    others = serializers.SerializerMethodField()

    def get_others(self, statement: Any) -> list[dict[str, Any]]:
        return [
            {
                "member": o.member.pk,
                "name": o.member.name,
                "cost": str(o.cost),
                "tickets": o.tickets,
                "hours": str(o.hours),
            }
            for o in statement.others
        ]
