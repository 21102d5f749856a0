from __future__ import annotations

from typing import Any

from rest_framework import serializers

from .. import access
from ..choices import SnapshotKind
from ..models import (
    AgendaItem,
    Attendance,
    Body,
    CaseSeries,
    Decision,
    Document,
    Matter,
    Meeting,
    Membership,
    Minutes,
    Recipient,
    ReportSnapshot,
    Signature,
)

MEMO = [
    "summary", "background", "financial_assessment", "consultation", "motivation", "basis", "proposal",
    "dispatch_to", "author",
]  # fmt: skip


class SecretMixin:
    """Confidential rows keep their existence and marking; their content is blanked for
    users without the right to read it (title replaced by the marking)."""

    secret_fields: tuple[str, ...] = ()

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)  # type: ignore[misc]
        request = self.context.get("request")  # type: ignore[attr-defined]
        if instance.confidential and not access.can_read_secret(getattr(request, "user", None), instance):
            for name in self.secret_fields:
                if name in data:
                    data[name] = "" if name != "file" and name != "attachment" else None
            data["title"] = instance.public_title
        return data


class CaseSeriesSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseSeries
        fields = ["id", "version", "collaboration", "prefix", "pattern"]
        read_only_fields = ["id", "version"]


class BodySerializer(serializers.ModelSerializer):
    class Meta:
        model = Body
        fields = ["id", "version", "collaboration", "name", "short_name", "kind", "seats", "description"]
        read_only_fields = ["id", "version"]


class MembershipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Membership
        fields = [
            "id", "version", "body", "person", "party", "user", "member", "role", "office", "starts", "ends", "email",
        ]  # fmt: skip
        read_only_fields = ["id", "version"]


class RecipientSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recipient
        fields = ["id", "version", "collaboration", "name", "email", "member"]
        read_only_fields = ["id", "version"]


class MatterSerializer(serializers.ModelSerializer):
    class Meta:
        model = Matter
        fields = [
            "id", "version", "collaboration", "case_number", "year", "number", "title", "description",
            "registered_on", "state", "body", "ticket", "service", "allocation_model", "forecast",
            "collaboration_agreement", "service_agreement", "supplier_contract",
        ]  # fmt: skip
        read_only_fields = ["id", "version", "case_number", "year", "number"]


class DocumentSerializer(SecretMixin, serializers.ModelSerializer):
    secret_fields = ("title", "text", "file")

    class Meta:
        model = Document
        fields = [
            "id", "version", "matter", "number", "kind", "date", "counterpart", "title", "text", "file",
            "confidential", "osl_reference", "decision",
        ]  # fmt: skip
        read_only_fields = ["id", "version", "number", "decision"]


class MeetingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = ["id", "version", "body", "starts", "ends", "place", "remote_link", "state", "convened_on"]
        read_only_fields = ["id", "version", "convened_on"]


class AttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["id", "version", "meeting", "membership", "presence", "serving_for"]
        read_only_fields = ["id", "version"]


class AgendaItemSerializer(SecretMixin, serializers.ModelSerializer):
    secret_fields = ("title", *MEMO, "attachment")

    class Meta:
        model = AgendaItem
        fields = [
            "id", "version", "meeting", "position", "kind", "title", "matter", "presenter", "confidential",
            "osl_reference", *MEMO, "attachment",
        ]  # fmt: skip
        read_only_fields = ["id", "version"]


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = [
            "id", "version", "item", "body", "year", "paragraph", "decided_on", "text", "reservations", "votes_for",
            "votes_against", "abstentions", "effect", "forecast", "allocation_model", "budget_year", "service",
            "collaboration_agreement",
        ]  # fmt: skip
        read_only_fields = ["id", "version", "body", "year", "paragraph", "decided_on"]

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if instance.item.confidential and not access.can_read_secret(getattr(request, "user", None), instance):
            data["text"] = ""
            data["reservations"] = ""
        return data


class MinutesSerializer(serializers.ModelSerializer):
    justering_due = serializers.DateField(read_only=True)
    posting_due = serializers.DateField(read_only=True, allow_null=True)
    appeal_ends = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Minutes
        fields = [
            "id", "version", "meeting", "adjusters", "justering_place", "notes", "state", "signed_on", "posted_on",
            "justering_due", "posting_due", "appeal_ends",
        ]  # fmt: skip
        read_only_fields = ["id", "version", "state", "signed_on", "posted_on"]


class SignatureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Signature
        fields = ["id", "version", "minutes", "membership", "user", "signed_at"]
        read_only_fields = fields


class DispatchSerializer(serializers.Serializer):
    recipients = serializers.PrimaryKeyRelatedField(many=True, queryset=Recipient.objects.all())


class ReportSnapshotSerializer(serializers.ModelSerializer):
    """A frozen report: read-only; the file through ``download`` (the item's secrecy applies)."""

    download = serializers.SerializerMethodField()

    class Meta:
        model = ReportSnapshot
        fields = [
            "id", "version", "item", "kind", "title", "forecast", "period_start", "period_end", "size", "digest",
            "made_by", "made_at", "document", "download",
        ]  # fmt: skip
        read_only_fields = fields

    def get_download(self, instance: ReportSnapshot) -> str | None:
        from django.urls import reverse

        request = self.context.get("request")
        if instance.item.confidential and not access.can_read_secret(getattr(request, "user", None), instance):
            return None
        url = reverse("governance:reportsnapshot_file", args=[instance.pk])
        return request.build_absolute_uri(url) if request is not None else url


class AttachSnapshotSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SnapshotKind.choices)
    forecast = serializers.IntegerField(required=False, allow_null=True)
    start = serializers.DateField(required=False, allow_null=True, help_text="Any day of the first month.")
    end = serializers.DateField(required=False, allow_null=True, help_text="Any day of the last month.")
