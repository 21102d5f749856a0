"""Agreements API: every model, with the exit liability, signing, penalties and the review PDF."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from samdrift.accounts.policy import signed_in
from samdrift.core.api.viewsets import IF_MATCH, ScopedModelViewSet, ScopedReadOnlyViewSet, etag, requested_version
from samdrift.tenancy.models import Member

from .. import actions, exports, filtersets
from ..models import (
    AgreementReview,
    CollaborationAgreement,
    CollaborationPenaltyTerm,
    Notice,
    Penalty,
    PenaltyRun,
    PenaltyTerm,
    ServiceAgreement,
    SubscriptionProposal,
    Supplier,
    SupplierContract,
)
from . import serializers as s


def _denied(exc: DjangoPermissionDenied) -> PermissionDenied:
    return PermissionDenied(str(exc) or None)


class CollaborationAgreementViewSet(ScopedModelViewSet):
    """Collaboration agreement versions (samverkansavtal, reglemente, förbundsordning)."""

    model = CollaborationAgreement
    prefetch_related = ("parties",)
    serializer_class = s.CollaborationAgreementSerializer
    filterset_class = filtersets.CollaborationAgreementFilterSet
    create_action = actions.do_create_agreement
    update_action = actions.do_update_agreement
    delete_action = actions.do_delete_agreement

    @extend_schema(
        parameters=[
            OpenApiParameter("member", OpenApiTypes.INT, required=True),
            OpenApiParameter("notice_date", OpenApiTypes.DATE, required=True),
        ],
        responses=s.ExitLiabilitySerializer,
    )
    @action(detail=True, methods=["get"], url_path="exit-liability")
    def exit_liability(self, request: Request, pk: Any = None) -> Response:
        """What ``member`` would owe if it gave notice on ``notice_date`` (nothing stored)."""
        agreement = self.get_object()
        try:
            member = Member.objects.visible_to(request.user).get(pk=int(request.query_params.get("member", "")))
            day = datetime.date.fromisoformat(request.query_params.get("notice_date", ""))
        except (ValueError, Member.DoesNotExist) as exc:
            raise ValidationError({"member": ["Give a member and a notice_date (YYYY-MM-DD)."]}) from exc
        computed = actions.exit_liability(agreement, member, day)
        return Response(s.ExitLiabilitySerializer(computed["output"]).data)


class NoticeViewSet(ScopedModelViewSet):
    """Notices of exit: the end date and exit liability, computed when notice is given."""

    model = Notice
    select_related = ("member", "agreement")
    serializer_class = s.NoticeSerializer
    filterset_class = filtersets.NoticeFilterSet
    http_method_names = ["get", "post", "delete", "head", "options"]
    create_action = actions.do_give_notice
    update_action = actions.do_update_notice
    delete_action = actions.do_withdraw_notice

    def perform_create(self, serializer: Any) -> None:
        self.check_manage(self.candidate(serializer.validated_data))
        try:
            serializer.instance = actions.do_give_notice(
                acting_user=signed_in(self.request), **serializer.validated_data
            )
        except DjangoPermissionDenied as exc:
            raise _denied(exc) from exc


class ServiceAgreementViewSet(ScopedModelViewSet):
    """Yearly service agreements; POST drafts one from the subscriptions and price list."""

    model = ServiceAgreement
    select_related = ("member", "department")
    prefetch_related = ("lines",)
    serializer_class = s.ServiceAgreementSerializer
    filterset_class = filtersets.ServiceAgreementFilterSet
    create_action = actions.do_draft_service_agreement
    update_action = actions.do_update_service_agreement
    delete_action = actions.do_delete_service_agreement

    @extend_schema(parameters=[IF_MATCH], request=None, responses=s.ServiceAgreementSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: Any = None) -> Response:
        """The member's orderer signs (today); the agreement is then immutable."""
        agreement = self.get_object()
        try:
            signed = actions.do_sign_service_agreement(
                agreement, acting_user=signed_in(request), expected_version=requested_version(request)
            )
        except DjangoPermissionDenied as exc:
            raise _denied(exc) from exc
        return Response(self.get_serializer(signed).data, headers={"ETag": etag(signed)})

    @extend_schema(request=None, responses={201: s.ServiceAgreementSerializer})
    @action(detail=True, methods=["post"])
    def revise(self, request: Request, pk: Any = None) -> Response:
        """Start the next revision (a draft) of a signed agreement."""
        agreement = self.get_object()
        self.check_manage(agreement)
        revision = actions.do_revise_service_agreement(agreement, acting_user=signed_in(request))
        return Response(
            self.get_serializer(revision).data, status=status.HTTP_201_CREATED, headers={"ETag": etag(revision)}
        )


class PenaltyTermViewSet(ScopedModelViewSet):
    """A service agreement's penalty terms (vite); fixed once the agreement is signed."""

    model = PenaltyTerm
    select_related = ("agreement__member", "service")
    serializer_class = s.PenaltyTermSerializer
    filterset_class = filtersets.PenaltyTermFilterSet
    create_action = actions.do_add_penalty_term
    update_action = actions.do_update_penalty_term
    delete_action = actions.do_delete_penalty_term


class CollaborationPenaltyTermViewSet(ScopedModelViewSet):
    """Penalty terms for every member's agreement of their years, unless a member's
    agreement has its own term for the service; fixed once signed agreements use them."""

    model = CollaborationPenaltyTerm
    select_related = ("collaboration", "service")
    serializer_class = s.CollaborationPenaltyTermSerializer
    filterset_class = filtersets.CollaborationPenaltyTermFilterSet
    create_action = actions.do_add_collaboration_penalty_term
    update_action = actions.do_update_collaboration_penalty_term
    delete_action = actions.do_delete_collaboration_penalty_term


class SubscriptionProposalViewSet(ScopedModelViewSet):
    """Subscriptions proposed by portal orders, for the member's orderer to accept."""

    model = SubscriptionProposal
    select_related = ("member", "service")
    serializer_class = s.SubscriptionProposalSerializer
    filterset_class = filtersets.SubscriptionProposalFilterSet
    http_method_names = ["get", "patch", "put", "post", "head", "options"]
    update_action = actions.do_update_proposal

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise ValidationError({"detail": ["Proposals come from portal orders."]})

    @extend_schema(parameters=[IF_MATCH], request=None, responses=s.SubscriptionProposalSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: Any = None) -> Response:
        proposal = self.get_object()
        try:
            done = actions.do_accept_proposal(
                proposal, acting_user=signed_in(request), expected_version=requested_version(request)
            )
        except DjangoPermissionDenied as exc:
            raise _denied(exc) from exc
        return Response(self.get_serializer(done).data, headers={"ETag": etag(done)})

    @extend_schema(parameters=[IF_MATCH], request=None, responses=s.SubscriptionProposalSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: Any = None) -> Response:
        proposal = self.get_object()
        try:
            done = actions.do_decline_proposal(
                proposal, acting_user=signed_in(request), expected_version=requested_version(request)
            )
        except DjangoPermissionDenied as exc:
            raise _denied(exc) from exc
        return Response(self.get_serializer(done).data, headers={"ETag": etag(done)})


class PenaltyRunViewSet(ScopedModelViewSet):
    """Penalty runs: POST computes a month (reproducible); ``credit`` queues the credits."""

    model = PenaltyRun
    serializer_class = s.PenaltyRunSerializer
    filterset_class = filtersets.PenaltyRunFilterSet
    http_method_names = ["get", "post", "delete", "head", "options"]
    create_action = actions.do_compute_penalties
    update_action = actions.do_update_penalty_run
    delete_action = actions.do_discard_penalty_run

    @extend_schema(parameters=[IF_MATCH], request=None, responses=s.PenaltyRunSerializer)
    @action(detail=True, methods=["post"])
    def credit(self, request: Request, pk: Any = None) -> Response:
        run = self.get_object()
        self.check_manage(run)
        credited = actions.do_credit_penalties(
            run, acting_user=signed_in(request), expected_version=requested_version(request)
        )
        return Response(self.get_serializer(credited).data, headers={"ETag": etag(credited)})


class PenaltyViewSet(ScopedReadOnlyViewSet):
    """Each member's penalty of a run, with the explanation per service."""

    model = Penalty
    select_related = ("member",)
    serializer_class = s.PenaltySerializer
    filterset_class = filtersets.PenaltyFilterSet


class SupplierViewSet(ScopedModelViewSet):
    """The supplier register (organisation numbers checked with the Luhn algorithm)."""

    model = Supplier
    serializer_class = s.SupplierSerializer
    filterset_class = filtersets.SupplierFilterSet
    create_action = actions.do_create_supplier
    update_action = actions.do_update_supplier
    delete_action = actions.do_delete_supplier


class SupplierContractViewSet(ScopedModelViewSet):
    """Supplier contracts: term, extension options, notice date, value per year."""

    model = SupplierContract
    select_related = ("supplier",)
    prefetch_related = ("services", "inventory_systems")
    serializer_class = s.SupplierContractSerializer
    filterset_class = filtersets.SupplierContractFilterSet
    create_action = actions.do_create_contract
    update_action = actions.do_update_contract
    delete_action = actions.do_delete_contract


class AgreementReviewViewSet(ScopedModelViewSet):
    """Yearly agreement reviews (SLA-dialog); ``pdf`` gives the member's copy."""

    model = AgreementReview
    select_related = ("member",)
    serializer_class = s.AgreementReviewSerializer
    filterset_class = filtersets.AgreementReviewFilterSet
    create_action = actions.do_prepare_review
    update_action = actions.do_update_review
    delete_action = actions.do_delete_review

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: Any = None) -> HttpResponse:
        review = self.get_object()
        return exports.review_response(review, request)


def register(router: Any) -> None:
    router.register("collaboration-agreements", CollaborationAgreementViewSet, basename="collaborationagreement")
    router.register("notices", NoticeViewSet, basename="notice")
    router.register("service-agreements", ServiceAgreementViewSet, basename="serviceagreement")
    router.register("penalty-terms", PenaltyTermViewSet, basename="penaltyterm")
    router.register("collaboration-penalty-terms", CollaborationPenaltyTermViewSet, basename="collaborationpenaltyterm")
    router.register("subscription-proposals", SubscriptionProposalViewSet, basename="subscriptionproposal")
    router.register("penalty-runs", PenaltyRunViewSet, basename="penaltyrun")
    router.register("penalties", PenaltyViewSet, basename="penalty")
    router.register("suppliers", SupplierViewSet, basename="supplier")
    router.register("supplier-contracts", SupplierContractViewSet, basename="suppliercontract")
    router.register("agreement-reviews", AgreementReviewViewSet, basename="agreementreview")
