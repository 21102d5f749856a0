from __future__ import annotations

from typing import Any

from rest_framework import serializers

from samdrift.tenancy.models import Member

from ..access import can_read_internal_notes
from ..models import (
    SLA,
    BusinessCalendar,
    CalendarClosure,
    CalendarYear,
    Disruption,
    OrderField,
    Price,
    Service,
    Subscription,
)


class BusinessCalendarSerializer(serializers.ModelSerializer):
    class Meta:
        model = BusinessCalendar
        fields = ["id", "version", "collaboration", "name", "description"]
        read_only_fields = ["id", "version"]


class CalendarYearSerializer(serializers.ModelSerializer):
    workdays = serializers.RegexField(
        r"^1?2?3?4?5?6?7?$",
        max_length=7,
        allow_blank=True,
        help_text="ISO weekday numbers in order, e.g. 12345 for Monday to Friday.",
    )

    class Meta:
        model = CalendarYear
        fields = [
            "id",
            "version",
            "calendar",
            "member",
            "year",
            "opens",
            "closes",
            "shortened_closes",
            "workdays",
            "closed_on_holidays",
        ]
        read_only_fields = ["id", "version"]


class CalendarClosureSerializer(serializers.ModelSerializer):
    class Meta:
        model = CalendarClosure
        fields = ["id", "version", "calendar", "member", "starts", "ends", "reason"]
        read_only_fields = ["id", "version"]


class ServiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Service
        fields = [
            "id",
            "version",
            "collaboration",
            "name",
            "level",
            "owner_unit",
            "state",
            "is_standard",
            "orderable",
            "description",
            "included",
            "excluded",
        ]
        read_only_fields = ["id", "version"]


class SLASerializer(serializers.ModelSerializer):
    class Meta:
        model = SLA
        fields = [
            "id",
            "version",
            "service",
            "member",
            "calendar",
            "response_p1",
            "resolution_p1",
            "response_p2",
            "resolution_p2",
            "response_p3",
            "resolution_p3",
            "response_p4",
            "resolution_p4",
            "availability_target",
            "measurement_period",
            "penalty_terms",
        ]
        read_only_fields = ["id", "version"]


class DisruptionSerializer(serializers.ModelSerializer):
    affected_members = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Member.objects.all(),
        required=False,
        help_text="Member ids; empty means every member of the collaboration.",
    )
    internal_notes = serializers.CharField(
        required=False, allow_blank=True, help_text="Only returned to the desk staff covering the disruption."
    )

    class Meta:
        model = Disruption
        fields = [
            "id",
            "version",
            "service",
            "title",
            "kind",
            "impact",
            "starts",
            "ends",
            "affected_members",
            "public_text",
            "internal_notes",
        ]
        read_only_fields = ["id", "version"]

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not can_read_internal_notes(request.user, instance):
            data.pop("internal_notes", None)
        return data


class PriceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Price
        fields = ["id", "version", "service", "level", "price_model", "unit_price", "valid_from", "valid_to", "note"]
        read_only_fields = ["id", "version"]


class SubscriptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Subscription
        fields = ["id", "version", "member", "department", "service", "level", "quantity", "starts", "ends"]
        read_only_fields = ["id", "version"]


class OrderFieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderField
        fields = ["id", "version", "service", "position", "label", "kind", "choices", "required", "help_text"]
        read_only_fields = ["id", "version"]
