"""Initiatives API: the register, initiatives with their stages and assessments, shared
solutions with certification and join requests, projects and status reports."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from samdrift.accounts.policy import signed_in
from samdrift.core import access as core_access
from samdrift.core.api.viewsets import IF_MATCH, ScopedModelViewSet, etag, requested_version
from samdrift.tenancy.models import Member

from .. import access, actions, filtersets
from ..models import (
    Cooperation,
    FollowUp,
    Initiative,
    Participant,
    Participation,
    Project,
    Solution,
    Stance,
    StatusReport,
)
from . import serializers as s


class CooperationViewSet(ScopedModelViewSet):
    """The register of collaborations (shared with every member)."""

    model = Cooperation
    serializer_class = s.CooperationSerializer
    filterset_class = filtersets.CooperationFilterSet
    create_action = actions.do_create_cooperation
    update_action = actions.do_update_cooperation
    delete_action = actions.do_delete_cooperation


class ParticipantViewSet(ScopedModelViewSet):
    """Each member's part in a registered collaboration: representatives and yearly cost."""

    model = Participant
    select_related = ("cooperation", "member")
    serializer_class = s.ParticipantSerializer
    filterset_class = filtersets.ParticipantFilterSet
    create_action = actions.do_add_participant
    update_action = actions.do_update_participant
    delete_action = actions.do_remove_participant


class InitiativeViewSet(ScopedModelViewSet):
    """Initiatives from a need to the yearly follow-up. A need is private to its owner until shared."""

    model = Initiative
    select_related = ("need_owner",)
    serializer_class = s.InitiativeSerializer
    filterset_class = filtersets.InitiativeFilterSet
    create_action = actions.do_raise_need
    update_action = actions.do_update_initiative
    delete_action = actions.do_delete_initiative

    def _act(self, request: Request, act: Any, **kwargs: Any) -> Response:
        initiative = self.get_object()
        self.check_manage(initiative)
        saved = act(initiative, acting_user=signed_in(request), expected_version=requested_version(request), **kwargs)
        return Response(self.get_serializer(saved).data, headers={"ETag": etag(saved)})

    @extend_schema(request=None, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def share(self, request: Request, pk: Any = None) -> Response:
        """Share the need with the other members."""
        return self._act(request, actions.do_share_initiative)

    @extend_schema(request=None, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def advance(self, request: Request, pk: Any = None) -> Response:
        """Move to the next stage; 400 with what is missing."""
        return self._act(request, actions.do_advance_stage)

    @extend_schema(request=s.ClassifierSerializer, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def classify(self, request: Request, pk: Any = None) -> Response:
        """Answer the complexity classifier (seed 002)."""
        self.get_object()
        answers = s.ClassifierSerializer(data=request.data)
        answers.is_valid(raise_exception=True)
        return self._act(request, actions.do_classify, answers=answers.validated_data)


class ParticipationViewSet(ScopedModelViewSet):
    """Each member's decision on an initiative, with its key-factor self-assessment."""

    model = Participation
    select_related = ("initiative", "member")
    serializer_class = s.ParticipationSerializer
    filterset_class = filtersets.ParticipationFilterSet
    create_action = actions._create_participation
    update_action = actions.do_update_participation
    delete_action = actions.do_delete_participation

    @extend_schema(request=s.KeyFactorsSerializer, responses=s.ParticipationSerializer, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"], url_path="key-factors")
    def key_factors(self, request: Request, pk: Any = None) -> Response:
        participation = self.get_object()
        self.check_manage(participation)
        body = s.KeyFactorsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        saved = actions.do_assess_key_factors(
            participation, acting_user=signed_in(request), expected_version=requested_version(request),
            ratings=body.validated_data["ratings"], notes=body.validated_data.get("notes", ""),
        )  # fmt: skip
        return Response(self.get_serializer(saved).data, headers={"ETag": etag(saved)})


class FollowUpViewSet(ScopedModelViewSet):
    model = FollowUp
    select_related = ("initiative",)
    serializer_class = s.InitiativeFollowUpSerializer
    filterset_class = filtersets.FollowUpFilterSet
    create_action = actions.do_record_followup
    update_action = actions.do_update_followup
    delete_action = actions.do_delete_followup


class SolutionViewSet(ScopedModelViewSet):
    """Shared solutions: what members have built or procured, and its certification."""

    model = Solution
    select_related = ("owner",)
    serializer_class = s.SolutionSerializer
    filterset_class = filtersets.SolutionFilterSet
    create_action = actions.do_create_solution
    update_action = actions.do_update_solution
    delete_action = actions.do_delete_solution

    @extend_schema(request=s.CertifySerializer, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def certify(self, request: Request, pk: Any = None) -> Response:
        solution = self.get_object()
        if not access.can_certify(request.user, solution):
            raise PermissionDenied
        body = s.CertifySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        saved = actions.do_certify_solution(
            solution, acting_user=signed_in(request), expected_version=requested_version(request), **body.validated_data
        )
        return Response(self.get_serializer(saved).data, headers={"ETag": etag(saved)})

    @extend_schema(request=s.JoinSerializer, responses=s.StanceSerializer)
    @action(detail=True, methods=["post"])
    def join(self, request: Request, pk: Any = None) -> Response:
        """Ask to join the solution's procurement for a member (the owner's contact gets a mail)."""
        solution = self.get_object()
        body = s.JoinSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        member = core_access.visible(Member, request.user).filter(pk=body.validated_data["member"]).first()
        if member is None:
            raise NotFound
        if not access.acts_for(request.user, Stance(solution=solution, member=member)):
            raise PermissionDenied
        try:
            stance = actions.do_request_join(acting_user=signed_in(request), solution=solution, member=member,
                                             message=body.validated_data.get("message", ""))  # fmt: skip
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc) or None) from exc
        return Response(s.StanceSerializer(stance).data, status=201)


class StanceViewSet(ScopedModelViewSet):
    model = Stance
    select_related = ("solution", "member")
    serializer_class = s.StanceSerializer
    filterset_class = filtersets.StanceFilterSet
    create_action = actions.do_create_stance
    update_action = actions.do_update_stance
    delete_action = actions.do_delete_stance


class ProjectViewSet(ScopedModelViewSet):
    model = Project
    select_related = ("initiative",)
    prefetch_related = ("benefits",)
    serializer_class = s.ProjectSerializer
    filterset_class = filtersets.ProjectFilterSet
    create_action = actions.do_start_project
    update_action = actions.do_update_project
    delete_action = actions.do_delete_project


class StatusReportViewSet(ScopedModelViewSet):
    model = StatusReport
    select_related = ("project__initiative",)
    serializer_class = s.StatusReportSerializer
    filterset_class = filtersets.StatusReportFilterSet
    create_action = actions.do_report_status
    update_action = actions.do_update_status_report
    delete_action = actions.do_delete_status_report


def register(router: Any) -> None:
    router.register("cooperations", CooperationViewSet, basename="cooperation")
    router.register("cooperation-participants", ParticipantViewSet, basename="participant")
    router.register("initiatives", InitiativeViewSet, basename="initiative")
    router.register("participations", ParticipationViewSet, basename="participation")
    router.register("initiative-followups", FollowUpViewSet, basename="followup")
    router.register("solutions", SolutionViewSet, basename="solution")
    router.register("solution-stances", StanceViewSet, basename="stance")
    router.register("projects", ProjectViewSet, basename="project")
    router.register("status-reports", StatusReportViewSet, basename="statusreport")
