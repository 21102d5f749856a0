"""Follow-up API: the statistics and the member dashboard as reports, goals as a resource."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samdrift.accounts import policy
from samdrift.core.api.viewsets import ScopedModelViewSet

from .. import actions, forms, queries
from ..choices import Dimension
from ..filtersets import BenefitFilterSet, GoalFilterSet
from ..models import Benefit, Goal
from . import serializers as s


def _errors(form: Any) -> ValidationError:
    return ValidationError({k: [str(e) for e in v] for k, v in form.errors.items()})


class StatisticsView(APIView):
    """Service-desk statistics per month × dimension for whole months (``YYYY-MM``)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.STR, required=True, description="First month, YYYY-MM."),
            OpenApiParameter("end", OpenApiTypes.STR, required=True, description="Last month, YYYY-MM."),
            OpenApiParameter("dimension", OpenApiTypes.STR, enum=Dimension.values, required=True),
            OpenApiParameter("member", OpenApiTypes.INT),
            OpenApiParameter("department", OpenApiTypes.INT),
        ],
        responses=s.StatisticsSerializer,
    )
    def get(self, request: Request) -> Response:
        if not policy.can_read_reports(request.user):
            raise PermissionDenied
        form = forms.StatisticsForm(request.query_params.dict(), user=request.user)
        if not form.is_valid():
            raise _errors(form)
        chosen = form.cleaned_data
        result = queries.statistics(
            request.user,
            chosen["start"],
            chosen["end"],
            chosen["dimension"],
            members=[chosen["member"]] if chosen["member"] else None,
            department=chosen["department"],
        )
        return Response(s.statistics_data(result))


class DashboardView(APIView):
    """A member's statistics for a year, with the collaboration's totals when transparent."""

    @extend_schema(
        parameters=[
            OpenApiParameter("member", OpenApiTypes.INT, required=True),
            OpenApiParameter("year", OpenApiTypes.INT, required=True),
        ],
        responses=s.StatisticsSerializer,
    )
    def get(self, request: Request) -> Response:
        import datetime

        if not policy.can_read_reports(request.user):
            raise PermissionDenied
        form = forms.DashboardForm(request.query_params.dict(), user=request.user)
        if not form.is_valid():
            raise _errors(form)
        member, year = form.cleaned_data["member"], form.cleaned_data["year"]
        result = queries.statistics(
            request.user,
            datetime.date(year, 1, 1),
            datetime.date(year, 12, 1),
            Dimension.UNIT,
            members=[member],
            with_average=True,
        )
        return Response(s.statistics_data(result))


class GoalViewSet(ScopedModelViewSet):
    """Goals (KPIs with a target for a year) with their actual value and status."""

    model = Goal
    serializer_class = s.GoalSerializer
    filterset_class = GoalFilterSet
    select_related = ("member", "service")
    create_action = actions.do_create_goal
    update_action = actions.do_update_goal
    delete_action = actions.do_delete_goal


class BenefitViewSet(ScopedModelViewSet):
    """The benefits register (nyttorealisering): expected and realised benefits."""

    model = Benefit
    serializer_class = s.BenefitSerializer
    filterset_class = BenefitFilterSet
    select_related = ("member", "service")
    create_action = actions.do_create_benefit
    update_action = actions.do_update_benefit
    delete_action = actions.do_delete_benefit


def register(router: Any) -> None:
    router.register("goals", GoalViewSet, basename="goal")
    router.register("benefits", BenefitViewSet, basename="benefit")
