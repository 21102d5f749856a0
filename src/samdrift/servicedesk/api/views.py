"""Tickets API: scoped like the UI; create is idempotent, updates need If-Match."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samdrift.accounts import policy
from samdrift.accounts.models import signed_in
from samdrift.core import access
from samdrift.core.api.pagination import KeysetPagination, StrictLimitOffsetPagination
from samdrift.core.api.schema import ErrorSerializer
from samdrift.core.api.viewsets import IF_MATCH, ScopedReadOnlyViewSet, etag, requested_version

from .. import actions, slareport
from ..access import can_work_ticket, is_requester_of
from ..filtersets import CategoryFilterSet, MajorIncidentFilterSet, ReplyTemplateFilterSet, TicketFilterSet
from ..forms import SLAReportForm
from ..models import (
    Attachment,
    Category,
    Comment,
    IdempotencyRecord,
    MajorIncident,
    Rating,
    ReplyTemplate,
    Ticket,
    TimeEntry,
)
from ..replytemplates import render_for_ticket, templates_for
from . import serializers as s

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="A unique key per intended ticket (e.g. a UUID). Retrying with the same key returns the ticket "
    "the first request created instead of creating another.",
)


class TicketViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedReadOnlyViewSet):
    """Tickets (ärenden). Filters as in the agent workspace; ``q`` is full-text search (Swedish stemming)."""

    model = Ticket
    select_related = ("member", "department", "unit", "assignee", "requester")
    serializer_class = s.TicketSerializer
    filterset_class = TicketFilterSet
    pagination_class = KeysetPagination
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        if self.action == "list":
            # The list row shows related objects by id only: no joins, and no texts read.
            fields = [f.attname for f in Ticket._meta.concrete_fields if f.name in s.TICKET_LIST_FIELDS]
            return Ticket.objects.visible_to(self.request.user).only(*fields)
        return super().get_queryset()

    def get_serializer_class(self) -> Any:
        if self.action == "list":
            return s.TicketListSerializer
        if self.action == "create":
            return s.TicketCreateSerializer
        if self.action in ("update", "partial_update"):
            return s.TicketUpdateSerializer
        return super().get_serializer_class()

    def ticket(self) -> Ticket:
        return self.get_object()

    def work(self) -> Ticket:
        ticket = self.ticket()
        if not can_work_ticket(self.request.user, ticket):
            raise PermissionDenied
        return ticket

    def done(self, ticket: Ticket, status: int = 200) -> Response:
        fresh = Ticket.objects.get(pk=ticket.pk)
        return Response(s.TicketSerializer(fresh).data, status=status, headers={"ETag": etag(fresh)})

    @extend_schema(parameters=[IDEMPOTENCY_KEY], responses={201: s.TicketSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = request.headers.get("Idempotency-Key", "").strip()[:100]
        if key:
            known = IdempotencyRecord.objects.filter(user=signed_in(request), key=key).select_related("ticket").first()
            if known:
                return self.replay(known.ticket)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            ticket = actions.do_raise_ticket(
                acting_user=signed_in(request),
                intake=actions.API_INTAKE,
                data=dict(serializer.validated_data),
                idempotency_key=key,
            )
        except actions.CannotRaise:
            raise PermissionDenied(str(actions.API_INTAKE.refusal)) from None
        except IntegrityError:
            if not key:
                raise
            # A concurrent retry with the same key won the race: answer with its ticket.
            return self.replay(IdempotencyRecord.objects.get(user=signed_in(request), key=key).ticket)
        # The ticket in memory is what was just stored: no need to read it back.
        return Response(s.TicketSerializer(ticket).data, status=201, headers={"ETag": etag(ticket)})

    def replay(self, ticket: Ticket) -> Response:
        response = self.done(ticket, status=201)
        response["Idempotent-Replayed"] = "true"
        return response

    @extend_schema(parameters=[IF_MATCH], request=s.TicketUpdateSerializer, responses=s.TicketSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        ticket = self.work()
        version = requested_version(request)
        serializer = self.get_serializer(ticket, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        updated = actions.do_update_ticket(
            ticket, acting_user=signed_in(request), expected_version=version, **serializer.validated_data
        )
        return self.done(updated)

    @extend_schema(parameters=[IF_MATCH], request=s.TransitionSerializer, responses=s.TicketSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """Change the status along the workflow (409-free: a stale If-Match answers 412)."""
        ticket = self.work()
        version = requested_version(request)
        body = s.TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        updated = actions.do_change_status(
            ticket,
            acting_user=signed_in(request),
            expected_version=version,
            require_handler=True,
            **body.validated_data,
        )
        return self.done(updated)

    @extend_schema(parameters=[IF_MATCH], request=s.AssignSerializer, responses=s.TicketSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str | None = None) -> Response:
        """Set the assignment group (unit) and assignee."""
        ticket = self.work()
        version = requested_version(request)
        body = s.AssignSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        updated = actions.do_assign(
            ticket, acting_user=signed_in(request), expected_version=version, **body.validated_data
        )
        return self.done(updated)

    @extend_schema(parameters=[IF_MATCH], request=s.MergeSerializer, responses=s.TicketSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str | None = None) -> Response:
        """Merge this ticket (a duplicate) into ``into``: its replies, notes, files and time
        move there and it is closed. Answers with the ticket that stays."""
        ticket = self.work()
        version = requested_version(request)
        body = s.MergeSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        kept = actions.do_merge_tickets(
            ticket, body.validated_data["into"], acting_user=signed_in(request), expected_version=version
        )
        return self.done(kept)

    @extend_schema(
        parameters=[IF_MATCH],
        request=s.DeclareIncidentSerializer,
        responses={201: s.MajorIncidentSerializer},
    )
    @action(detail=True, methods=["post"], url_path="declare-major-incident")
    def declare_major_incident(self, request: Request, pk: str | None = None) -> Response:
        """Declare this ticket a major incident: a disruption on Driftinformation, the
        ticket priority 1 and escalated, and the given tickets linked as its children."""
        ticket = self.work()
        version = requested_version(request)
        body = s.DeclareIncidentSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        incident = actions.do_declare_major_incident(
            ticket,
            acting_user=signed_in(request),
            expected_version=version,
            linked=data.pop("tickets", []),
            **data,
        )
        return incident_response(incident, status=201)

    @extend_schema(request=s.ReopenSerializer, responses=s.TicketSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        """The requester reopens a resolved ticket within the reopen window."""
        ticket = self.ticket()
        if not (is_requester_of(request.user, ticket) or can_work_ticket(request.user, ticket)):
            raise PermissionDenied
        body = s.ReopenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.done(actions.do_reopen(ticket, acting_user=signed_in(request), **body.validated_data))

    @extend_schema(methods=["GET"], responses=s.RatingSerializer)
    @extend_schema(methods=["POST"], request=s.RatingSerializer, responses={201: s.RatingSerializer})
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def rating(self, request: Request, pk: str | None = None) -> Response:
        """The requester's 1–5 rating of the resolution."""
        ticket = self.ticket()
        if request.method == "GET":
            rating = access.get_visible_or_404(Rating, request.user, ticket=ticket)
            return Response(s.RatingSerializer(rating).data)
        body = s.RatingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rating = actions.do_rate(ticket, acting_user=signed_in(request), **body.validated_data)
        return Response(s.RatingSerializer(rating).data, status=201)

    def page_of(self, rows: Any, serializer_class: Any) -> Response:
        """A ticket's comments, time or files as a page, like every other list (``limit``, ``offset``)."""
        paginator = StrictLimitOffsetPagination()
        page: list[Any] | None = paginator.paginate_queryset(rows, self.request, view=self)
        return paginator.get_paginated_response(
            serializer_class(page, many=True, context=self.get_serializer_context()).data
        )

    @extend_schema(methods=["GET"], responses=s.CommentSerializer(many=True))
    @extend_schema(methods=["POST"], request=s.CommentSerializer, responses={201: s.CommentSerializer})
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def comments(self, request: Request, pk: str | None = None) -> Response:
        """Public replies and (for desk staff) internal notes, oldest first."""
        ticket = self.ticket()
        if request.method == "GET":
            rows = Comment.objects.visible_to(request.user).filter(ticket=ticket).select_related("author")
            return self.page_of(rows.order_by("created", "pk"), s.CommentSerializer)
        body = s.CommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        comment = actions.do_add_comment(ticket, acting_user=signed_in(request), **body.validated_data)
        return Response(s.CommentSerializer(comment).data, status=201)

    @extend_schema(methods=["GET"], responses=s.TimeEntrySerializer(many=True))
    @extend_schema(methods=["POST"], request=s.TimeEntrySerializer, responses={201: s.TimeEntrySerializer})
    @action(detail=True, methods=["get", "post"], url_path="time-entries", filter_backends=[])
    def time_entries(self, request: Request, pk: str | None = None) -> Response:
        """Time logged on the ticket (desk staff log; orderers and controllers read)."""
        ticket = self.ticket()
        if request.method == "GET":
            rows = TimeEntry.objects.visible_to(request.user).filter(ticket=ticket)
            return self.page_of(rows.order_by("performed_on", "pk"), s.TimeEntrySerializer)
        ticket = self.work()
        body = s.TimeEntrySerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        entry = actions.do_log_time(ticket, acting_user=signed_in(request), **body.validated_data)
        return Response(s.TimeEntrySerializer(entry).data, status=201)

    @extend_schema(methods=["GET"], responses=s.AttachmentSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": s.AttachmentSerializer},
        responses={
            201: s.AttachmentSerializer,
            400: OpenApiResponse(
                ErrorSerializer, description="Too large, a forbidden type, or content not matching its type"
            ),
        },
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def attachments(self, request: Request, pk: str | None = None) -> Response:
        """Files on the ticket. Uploads are checked for size and type before anything is stored."""
        ticket = self.ticket()
        if request.method == "GET":
            rows = Attachment.objects.visible_to(request.user).filter(ticket=ticket)
            return self.page_of(rows.order_by("created", "pk"), s.AttachmentSerializer)
        body = s.AttachmentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        attachment = actions.do_add_attachment(
            ticket, acting_user=signed_in(request), upload=body.validated_data["file"]
        )
        return Response(s.AttachmentSerializer(attachment).data, status=201)


class CategoryViewSet(ScopedReadOnlyViewSet):
    """Ticket categories (read-only), for choosing one when creating a ticket."""

    model = Category
    serializer_class = s.CategorySerializer
    filterset_class = CategoryFilterSet


class ReplyTemplateViewSet(ScopedReadOnlyViewSet):
    """Reply templates (svarsmallar, read-only) and their text filled in for one ticket."""

    model = ReplyTemplate
    serializer_class = s.ReplyTemplateSerializer
    filterset_class = ReplyTemplateFilterSet

    @extend_schema(
        parameters=[OpenApiParameter("ticket", OpenApiTypes.INT, required=True, description="The ticket.")],
        responses={200: s.RenderedReplySerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    @action(detail=True, methods=["get"], url_path="render")
    def render_for_ticket(self, request: Request, pk: str | None = None) -> Response:
        """The template's text with the ticket's values; unknown placeholders are listed, not replaced."""
        self.get_object()  # a template the caller does not read is 404, whatever the query says
        raw = request.query_params.get("ticket", "")
        if not raw.isdigit():
            raise ValidationError({"ticket": [_("Give the ticket's id.")]})
        ticket = Ticket.objects.visible_to(request.user).filter(pk=int(raw)).first()
        if ticket is None or not can_work_ticket(request.user, ticket):
            raise NotFound()
        template = templates_for(ticket, request.user).filter(pk=pk).first()
        if template is None:
            raise NotFound()
        rendered = render_for_ticket(template, ticket, request.user)
        return Response({"text": rendered.text, "is_internal": template.is_internal, "unknown": rendered.unknown})


def incident_response(incident: MajorIncident, status: int = 200) -> Response:
    fresh = (
        MajorIncident.objects.select_related("ticket")
        .prefetch_related("entries", "ticket__children")
        .get(pk=incident.pk)
    )
    return Response(s.MajorIncidentSerializer(fresh).data, status=status, headers={"ETag": etag(fresh)})


class MajorIncidentViewSet(ScopedReadOnlyViewSet):
    """Major incidents (allvarliga störningar), for desk staff. Declared from a ticket
    (``POST /tickets/{id}/declare-major-incident/``); link tickets, send updates to all
    requesters, and resolve here."""

    model = MajorIncident
    serializer_class = s.MajorIncidentSerializer
    filterset_class = MajorIncidentFilterSet
    select_related = ("ticket",)
    prefetch_related = ("entries", "ticket__children")

    def work(self) -> MajorIncident:
        incident: MajorIncident = self.get_object()
        if not can_work_ticket(self.request.user, incident.ticket):
            raise PermissionDenied
        return incident

    @extend_schema(request=s.IncidentLinkSerializer, responses=s.IncidentLinkResultSerializer)
    @action(detail=True, methods=["post"])
    def link(self, request: Request, pk: str | None = None) -> Response:
        """Link tickets as children; closed, foreign and already linked ones are skipped."""
        incident = self.work()
        body = s.IncidentLinkSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        linked, skipped = actions.do_link_to_incident(
            incident, body.validated_data["tickets"], acting_user=signed_in(request)
        )
        return Response({"linked": linked, "skipped": skipped})

    @extend_schema(request=s.IncidentUpdateSerializer, responses=s.IncidentUpdateResultSerializer)
    @action(detail=True, methods=["post"])
    def updates(self, request: Request, pk: str | None = None) -> Response:
        """Send one update to the requesters of the incident's ticket and every open child."""
        incident = self.work()
        body = s.IncidentUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        told = actions.do_send_incident_update(incident, acting_user=signed_in(request), **body.validated_data)
        return Response({"recipients": told})

    @extend_schema(parameters=[IF_MATCH], request=s.IncidentResolveSerializer, responses=s.MajorIncidentSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, pk: str | None = None) -> Response:
        """Resolve the incident, its ticket and every open child with the closing message."""
        incident = self.work()
        version = requested_version(request)
        body = s.IncidentResolveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        resolved = actions.do_resolve_major_incident(
            incident, acting_user=signed_in(request), expected_version=version, **body.validated_data
        )
        return incident_response(resolved)


def register(router: Any) -> None:
    from ..views import CATEGORIES, MAJOR_INCIDENTS, REPLY_TEMPLATES, TICKETS

    TICKETS.register_api(router)
    MAJOR_INCIDENTS.register_api(router)
    CATEGORIES.register_api(router)
    REPLY_TEMPLATES.register_api(router)


class SLAReportView(APIView):
    """The SLA report per member and service for a period (whole days, Swedish time):
    response and resolution compliance, open breached tickets, availability against target.
    Members outside the caller's report scope are never included."""

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, required=True, description="First day of the period."),
            OpenApiParameter("end", OpenApiTypes.DATE, required=True, description="Last day of the period."),
            OpenApiParameter("member", OpenApiTypes.INT, description="Only this member."),
            OpenApiParameter("service", OpenApiTypes.INT, description="Only this service."),
            OpenApiParameter("system", OpenApiTypes.INT, description="Only tickets that name this system."),
        ],
        responses={200: s.SLAReportSerializer},
    )
    def get(self, request: Request) -> Response:
        if not policy.can_read_reports(request.user):
            raise PermissionDenied
        form = SLAReportForm(request.query_params.dict(), user=request.user)
        if not form.is_valid():
            raise ValidationError({name: [str(e) for e in errors] for name, errors in form.errors.items()})
        chosen = form.cleaned_data
        report = slareport.build(
            request.user,
            chosen["start"],
            chosen["end"],
            members=[chosen["member"]] if chosen["member"] else None,
            services=[chosen["service"]] if chosen["service"] else None,
            systems=[chosen["system"]] if chosen["system"] else None,
        )
        return Response(s.SLAReportSerializer(s.SLAReportSerializer.from_report(report)).data)
