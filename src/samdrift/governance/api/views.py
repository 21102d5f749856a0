"""Governance API: every model, scoped to the user's collaborations; numbers, justering
and posting only through their actions."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from samdrift.accounts import policy
from samdrift.accounts.policy import signed_in
from samdrift.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet, etag

from .. import actions, filtersets
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
from . import serializers

NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


class CaseSeriesViewSet(ScopedModelViewSet):
    """A collaboration's case number prefix and pattern."""

    model = CaseSeries
    serializer_class = serializers.CaseSeriesSerializer
    filterset_class = filtersets.CaseSeriesFilterSet
    create_action = actions.do_create_case_series
    update_action = actions.do_update_case_series
    http_method_names = NO_DELETE


class BodyViewSet(ScopedModelViewSet):
    """Committees, management groups, delivery forums, strategy meetings, preparatory groups."""

    model = Body
    serializer_class = serializers.BodySerializer
    filterset_class = filtersets.BodyFilterSet
    create_action = actions.do_create_body
    update_action = actions.do_update_body
    http_method_names = NO_DELETE


class MembershipViewSet(ScopedModelViewSet):
    """Appointments to bodies with mandate periods (history kept: end one, appoint again)."""

    model = Membership
    select_related = ("body", "member")
    serializer_class = serializers.MembershipSerializer
    filterset_class = filtersets.MembershipFilterSet
    create_action = actions.do_appoint
    update_action = actions.do_update_membership
    http_method_names = NO_DELETE


class RecipientViewSet(ScopedModelViewSet):
    """Stored addressees of expediering."""

    model = Recipient
    serializer_class = serializers.RecipientSerializer
    filterset_class = filtersets.RecipientFilterSet
    create_action = actions.do_create_recipient
    update_action = actions.do_update_recipient
    delete_action = actions.do_delete_recipient


class MatterViewSet(ScopedModelViewSet):
    """The case register: a new matter gets the next case number of its collaboration and year."""

    model = Matter
    serializer_class = serializers.MatterSerializer
    filterset_class = filtersets.MatterFilterSet
    create_action = actions.do_register_matter
    update_action = actions.do_update_matter
    http_method_names = NO_DELETE


class DocumentViewSet(ScopedModelViewSet):
    """Registered documents; confidential ones show their marking, not their content."""

    model = Document
    select_related = ("matter",)
    serializer_class = serializers.DocumentSerializer
    filterset_class = filtersets.DocumentFilterSet
    create_action = actions.do_register_document
    update_action = actions.do_update_document
    http_method_names = NO_DELETE


class MeetingViewSet(ScopedModelViewSet):
    """Meetings; a new one gets the standard opening items."""

    model = Meeting
    select_related = ("body",)
    serializer_class = serializers.MeetingSerializer
    filterset_class = filtersets.MeetingFilterSet
    create_action = actions.do_create_meeting
    update_action = actions.do_update_meeting
    http_method_names = NO_DELETE


class AttendanceViewSet(ScopedModelViewSet):
    model = Attendance
    select_related = ("meeting", "membership")
    serializer_class = serializers.AttendanceSerializer
    filterset_class = filtersets.AttendanceFilterSet
    create_action = actions.do_record_attendance
    update_action = actions.do_update_attendance
    delete_action = actions.do_delete_attendance


class AgendaItemViewSet(ScopedModelViewSet):
    model = AgendaItem
    select_related = ("meeting",)
    serializer_class = serializers.AgendaItemSerializer
    filterset_class = filtersets.AgendaItemFilterSet
    create_action = actions.do_add_item
    update_action = actions.do_update_item
    delete_action = actions.do_delete_item

    @extend_schema(request=serializers.AttachSnapshotSerializer, responses=serializers.ReportSnapshotSerializer)
    @action(detail=True, methods=["post"])
    def snapshot(self, request: Request, pk: Any = None) -> Response:
        """Freeze a report on the item as PDF: the follow-up table of ``forecast``, or the SLA
        or delivery report for the months ``start``–``end``. It never changes afterwards."""
        from django.core.exceptions import PermissionDenied as DjangoDenied
        from rest_framework.exceptions import ValidationError as DrfValidationError

        from samdrift.finance.models import Forecast

        item = self.get_object()
        if not policy.can_manage(request.user, ReportSnapshot(item=item)):
            raise PermissionDenied
        data = serializers.AttachSnapshotSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        chosen = data.validated_data
        forecast = None
        if chosen.get("forecast"):
            forecast = Forecast.objects.visible_to(request.user).filter(pk=chosen["forecast"]).first()
            if forecast is None:
                raise DrfValidationError({"forecast": ["No forecast you can see has this id."]})
        try:
            made = actions.do_attach_report_snapshot(
                acting_user=signed_in(request), item=item, kind=chosen["kind"], forecast=forecast,
                start=chosen.get("start"), end=chosen.get("end"),
            )  # fmt: skip
        except DjangoDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return Response(serializers.ReportSnapshotSerializer(made, context={"request": request}).data, status=201)


class ReportSnapshotViewSet(ScopedReadOnlyViewSet):
    """Reports frozen on agenda items (made with ``POST agenda-items/{id}/snapshot/``)."""

    model = ReportSnapshot
    select_related = ("item__meeting__body",)
    serializer_class = serializers.ReportSnapshotSerializer
    filterset_class = filtersets.ReportSnapshotFilterSet


class DecisionViewSet(ScopedModelViewSet):
    """Decisions: the § number is allocated per body and year; what it adopts is applied."""

    model = Decision
    select_related = ("body", "item")
    serializer_class = serializers.DecisionSerializer
    filterset_class = filtersets.DecisionFilterSet
    create_action = actions.do_decide
    update_action = actions.do_update_decision
    http_method_names = NO_DELETE

    @extend_schema(request=serializers.DispatchSerializer, responses=serializers.DocumentSerializer)
    @action(detail=True, methods=["post"])
    def dispatch_to(self, request: Request, pk: Any = None) -> Response:
        """Expediering: e-mail the decision and register the sending as an outgoing document."""
        decision = self.get_object()
        matter = decision.item.matter
        if matter is None or not policy.can_manage(request.user, Document(matter=matter)):
            raise PermissionDenied
        data = serializers.DispatchSerializer(data=request.data, context={"request": request})
        recipients_field: Any = data.fields["recipients"]
        recipients_field.child_relation.queryset = Recipient.objects.visible_to(request.user).filter(
            collaboration_id=decision.body.collaboration_id
        )
        data.is_valid(raise_exception=True)
        doc = actions.do_dispatch(
            decision, acting_user=signed_in(request), recipients=data.validated_data["recipients"]
        )
        return Response(serializers.DocumentSerializer(doc, context={"request": request}).data, status=201)


class MinutesViewSet(ScopedModelViewSet):
    """Minutes; justering by the chair and justerare (``sign``), then ``post`` on the notice board."""

    model = Minutes
    select_related = ("meeting__body",)
    serializer_class = serializers.MinutesSerializer
    filterset_class = filtersets.MinutesFilterSet
    create_action = actions.do_create_minutes
    update_action = actions.do_update_minutes
    http_method_names = NO_DELETE

    @extend_schema(request=None, responses=serializers.MinutesSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: Any = None) -> Response:
        """Justera as the chair or a justerare (the acting user's own appointment)."""
        from django.core.exceptions import PermissionDenied as DjangoDenied

        try:
            saved = actions.do_sign_minutes(self.get_object(), acting_user=signed_in(request))
        except DjangoDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return Response(self.get_serializer(saved).data, headers={"ETag": etag(saved)})

    @extend_schema(request=None, responses=serializers.MinutesSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: Any = None) -> Response:
        """Post the justerade minutes on the notice board (today)."""
        minutes = self.get_object()
        if not policy.can_manage(request.user, minutes.meeting):
            raise PermissionDenied
        saved = actions.do_post_minutes(minutes, acting_user=signed_in(request))
        return Response(self.get_serializer(saved).data, headers={"ETag": etag(saved)})


class SignatureViewSet(ScopedReadOnlyViewSet):
    """Justeringar: who signed the minutes, when."""

    model = Signature
    select_related = ("membership",)
    serializer_class = serializers.SignatureSerializer
    filterset_class = filtersets.SignatureFilterSet


def register(router: Any) -> None:
    router.register("governance/case-series", CaseSeriesViewSet, basename="caseseries")
    router.register("governance/bodies", BodyViewSet, basename="body")
    router.register("governance/memberships", MembershipViewSet, basename="membership")
    router.register("governance/recipients", RecipientViewSet, basename="recipient")
    router.register("governance/matters", MatterViewSet, basename="matter")
    router.register("governance/documents", DocumentViewSet, basename="document")
    router.register("governance/meetings", MeetingViewSet, basename="meeting")
    router.register("governance/attendance", AttendanceViewSet, basename="attendance")
    router.register("governance/agenda-items", AgendaItemViewSet, basename="agendaitem")
    router.register("governance/decisions", DecisionViewSet, basename="decision")
    router.register("governance/minutes", MinutesViewSet, basename="minutes")
    router.register("governance/signatures", SignatureViewSet, basename="signature")
    router.register("governance/report-snapshots", ReportSnapshotViewSet, basename="reportsnapshot")
