from __future__ import annotations

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
        fields = ["id", "version", "collaboration", "year", "as_of_month", "name", "comment"]
        read_only_fields = ["id", "version"]


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
        fields = ["id", "version", "collaboration", "transparent_statements", "seller_counterparty"]
        read_only_fields = ["id", "version"]


class AllocationModelSerializer(serializers.ModelSerializer):
    class Meta:
        model = AllocationModel
        fields = ["id", "version", "collaboration", "year", "name", "decision", "description"]
        read_only_fields = ["id", "version"]


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
