from __future__ import annotations

from typing import Any

from rest_framework import serializers

from samdrift.accounts.models import User
from samdrift.catalog.choices import DisruptionImpact
from samdrift.core.api.fields import ScopedPrimaryKeyRelatedField

from ..choices import Status
from ..models import (
    Attachment,
    Category,
    Comment,
    IncidentEntry,
    MajorIncident,
    Rating,
    ReplyTemplate,
    Ticket,
    TimeEntry,
)

TICKET_INPUT = [
    "ticket_type",
    "subject",
    "description",
    "service",
    "system",
    "category",
    "impact",
    "urgency",
    "member",
    "department",
    "unit",
    "assignee",
    "major_incident",
    "parent",
]


class ReplyTemplateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReplyTemplate
        fields = ["id", "collaboration", "unit", "title", "body", "is_internal", "is_active"]
        read_only_fields = fields


class RenderedReplySerializer(serializers.Serializer):
    text = serializers.CharField()
    is_internal = serializers.BooleanField()
    unknown = serializers.ListField(child=serializers.CharField())


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "collaboration", "parent", "name", "default_unit", "is_active"]
        read_only_fields = fields


class TicketSerializer(serializers.ModelSerializer):
    class Meta:
        model = Ticket
        fields = [
            "id",
            "number",
            "version",
            "collaboration",
            "requester",
            "created_by",
            *TICKET_INPUT,
            "priority",
            "status",
            "sla",
            "sla_state",
            "response_due_at",
            "due_at",
            "first_response_at",
            "resolved_at",
            "closed_at",
            "merged_into",
            "created",
            "updated",
        ]
        read_only_fields = fields


# What a list row carries: enough to show and pick a ticket, no texts (a page of 50 full
# tickets with descriptions was 55 KB). The full ticket is at /api/v1/tickets/<id>/.
TICKET_LIST_FIELDS = [
    "id",
    "number",
    "version",
    "collaboration",
    "member",
    "department",
    "requester",
    "ticket_type",
    "subject",
    "category",
    "service",
    "unit",
    "assignee",
    "priority",
    "status",
    "major_incident",
    "sla_state",
    "due_at",
    "created",
    "updated",
]


class TicketListSerializer(serializers.ModelSerializer):
    """A ticket in a list: no description or other long texts."""

    class Meta:
        model = Ticket
        fields = TICKET_LIST_FIELDS
        read_only_fields = fields


class TicketCreateSerializer(serializers.ModelSerializer):
    requester = serializers.PrimaryKeyRelatedField(
        # The joins survive the viewset's scoping: creating the ticket needs them.
        queryset=User.objects.select_related("member", "department"),
        required=False,
        help_text="Defaults to the caller. Desk staff may register on someone's behalf.",
    )

    class Meta:
        model = Ticket
        fields = ["requester", *TICKET_INPUT]
        extra_kwargs = {"member": {"required": False, "allow_null": True}}


class TicketUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Ticket
        fields = TICKET_INPUT
        extra_kwargs = {name: {"required": False} for name in TICKET_INPUT}


class TransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MergeSerializer(serializers.Serializer):
    into = ScopedPrimaryKeyRelatedField(
        model_label="servicedesk.Ticket", help_text="The ticket that stays (same requester and collaboration)."
    )


class DeclareIncidentSerializer(serializers.Serializer):
    service = ScopedPrimaryKeyRelatedField(model_label="catalog.Service", help_text="The affected service.")
    title = serializers.CharField(max_length=200, help_text="The title on Driftinformation.")
    public_text = serializers.CharField(max_length=5000, help_text="Shown on the public Driftinformation page.")
    impact = serializers.ChoiceField(choices=DisruptionImpact.choices, default=DisruptionImpact.OUTAGE)
    affected_members = ScopedPrimaryKeyRelatedField(
        model_label="tenancy.Member", many=True, required=False, help_text="None: every member is affected."
    )
    tickets = ScopedPrimaryKeyRelatedField(
        model_label="servicedesk.Ticket", many=True, required=False, help_text="Related tickets to link at once."
    )


class IncidentLinkSerializer(serializers.Serializer):
    tickets = ScopedPrimaryKeyRelatedField(model_label="servicedesk.Ticket", many=True, allow_empty=False)


class IncidentLinkResultSerializer(serializers.Serializer):
    linked = serializers.IntegerField()
    skipped = serializers.IntegerField()


class IncidentUpdateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=10000)
    publish = serializers.BooleanField(
        default=False, help_text="Also replace the public information on Driftinformation."
    )


class IncidentUpdateResultSerializer(serializers.Serializer):
    recipients = serializers.IntegerField(help_text="How many requesters were told.")


class IncidentResolveSerializer(serializers.Serializer):
    closing_message = serializers.CharField(max_length=10000)


class IncidentEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = IncidentEntry
        fields = ["kind", "body", "author", "recipients", "created"]
        read_only_fields = fields


class MajorIncidentSerializer(serializers.ModelSerializer):
    children = serializers.SerializerMethodField(help_text="The linked tickets' ids.")
    entries = IncidentEntrySerializer(many=True, read_only=True)

    class Meta:
        model = MajorIncident
        fields = [
            "id",
            "collaboration",
            "ticket",
            "disruption",
            "declared_by",
            "created",
            "resolved_at",
            "closing_message",
            "version",
            "children",
            "entries",
        ]
        read_only_fields = fields

    def get_children(self, incident: MajorIncident) -> list[int]:
        return sorted(child.pk for child in incident.ticket.children.all())


class AssignSerializer(serializers.Serializer):
    unit = ScopedPrimaryKeyRelatedField(model_label="tenancy.Unit", allow_null=True)
    assignee = ScopedPrimaryKeyRelatedField(model_label="accounts.User", allow_null=True)


class CommentSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.get_full_name", read_only=True)

    class Meta:
        model = Comment
        fields = ["id", "author", "author_name", "body", "is_internal", "created"]
        read_only_fields = ["id", "author", "author_name", "created"]


class TimeEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = TimeEntry
        fields = ["id", "user", "unit", "minutes", "work_type", "billable", "performed_on", "note", "created"]
        read_only_fields = ["id", "user", "created"]
        extra_kwargs = {"unit": {"required": False}}


class AttachmentSerializer(serializers.ModelSerializer):
    file = serializers.FileField(write_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "filename", "size", "content_type", "uploaded_by", "comment", "created", "file", "download_url"]
        read_only_fields = ["id", "filename", "size", "content_type", "uploaded_by", "comment", "created"]

    def get_download_url(self, obj: Attachment) -> str:
        from django.urls import reverse

        return reverse("servicedesk:attachment_download", args=[obj.ticket_id, obj.pk])


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField()


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ["score", "comment", "created"]
        read_only_fields = ["created"]


class AvailabilityFigureSerializer(serializers.Serializer):
    percent = serializers.DecimalField(max_digits=7, decimal_places=3, allow_null=True)
    target = serializers.DecimalField(max_digits=6, decimal_places=3)
    met = serializers.BooleanField(allow_null=True)
    measured_seconds = serializers.IntegerField()
    downtime_seconds = serializers.IntegerField()
    outages = serializers.IntegerField()


class SLAReportRowSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    member_name = serializers.CharField()
    service = serializers.IntegerField()
    service_name = serializers.CharField()
    sla = serializers.IntegerField()
    resolved = serializers.IntegerField()
    resolved_in_time = serializers.IntegerField()
    resolution_compliance = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    response_decided = serializers.IntegerField()
    response_in_time = serializers.IntegerField()
    response_compliance = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    open_breached = serializers.IntegerField()
    availability = AvailabilityFigureSerializer()


class BreachedTicketSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    member = serializers.IntegerField(source="member_id")
    service = serializers.IntegerField(source="service_id")
    priority = serializers.IntegerField()
    created = serializers.DateTimeField()
    resolved_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)


class SLAReportSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    rows = SLAReportRowSerializer(many=True)
    breached_total = serializers.IntegerField(help_text="Breached tickets in the period that the caller may open.")
    breached = BreachedTicketSerializer(many=True, help_text="The first 500 of them.")

    @staticmethod
    def from_report(report: Any) -> dict[str, Any]:
        rows = []
        for row in report.rows:
            figure = row.availability
            rows.append(
                {
                    "member": row.member.pk,
                    "member_name": row.member.name,
                    "service": row.service.pk,
                    "service_name": row.service.name,
                    "sla": row.sla.pk,
                    "resolved": row.resolved,
                    "resolved_in_time": row.resolved_in_time,
                    "resolution_compliance": row.resolution_percent,
                    "response_decided": row.response_decided,
                    "response_in_time": row.response_in_time,
                    "response_compliance": row.response_percent,
                    "open_breached": row.open_breached,
                    "availability": {
                        "percent": figure.percent,
                        "target": figure.target,
                        "met": figure.met,
                        "measured_seconds": int(figure.measured.total_seconds()),
                        "downtime_seconds": int(figure.downtime.total_seconds()),
                        "outages": figure.outages,
                    },
                }
            )
        return {
            "start": report.start,
            "end": report.end,
            "rows": rows,
            "breached_total": report.breached_total,
            "breached": report.breached,
        }
