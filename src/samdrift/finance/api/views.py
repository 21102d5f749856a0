"""Finance API: budget, forecasts, outcome, investments, allocation models and runs.

Runs are read-only resources: ``POST allocation-runs/prepare/`` computes one and
``POST allocation-runs/{id}/issue/`` issues it (controllers only); an issued run never
changes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samdrift.accounts.policy import signed_in
from samdrift.core import access
from samdrift.core.api.viewsets import (
    IF_MATCH,
    ScopedModelViewSet,
    ScopedReadOnlyViewSet,
    etag,
    requested_version,
    scope_related_fields,
)

from .. import actions, filtersets, forms, ledger, queries, statements
from ..access import FINANCE_READERS
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
from ..sie import SieError
from . import serializers as s


class ExportFailed(APIException):
    """A file (SIE) that cannot be made from the data: 422 with the reason, never a 500."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "export_failed"


class BudgetLineViewSet(ScopedModelViewSet):
    """Budget per month, unit and account group; with ``member`` specific to that member."""

    model = BudgetLine
    select_related = ("unit", "member")
    serializer_class = s.BudgetLineSerializer
    filterset_class = filtersets.BudgetLineFilterSet
    create_action = actions.do_add_budget_line
    update_action = actions.do_update_budget_line
    delete_action = actions.do_delete_budget_line


class OutcomeLineViewSet(ScopedModelViewSet):
    """Outcome per month, unit and account group (e.g. imported from the ledger)."""

    model = OutcomeLine
    select_related = ("unit", "member")
    serializer_class = s.OutcomeLineSerializer
    filterset_class = filtersets.OutcomeLineFilterSet
    create_action = actions.do_add_outcome_line
    update_action = actions.do_update_outcome_line
    delete_action = actions.do_delete_outcome_line


class ForecastViewSet(ScopedModelViewSet):
    model = Forecast
    serializer_class = s.ForecastSerializer
    filterset_class = filtersets.ForecastFilterSet
    create_action = actions.do_create_forecast
    update_action = actions.do_update_forecast
    delete_action = actions.do_delete_forecast


class ForecastLineViewSet(ScopedModelViewSet):
    model = ForecastLine
    select_related = ("forecast", "unit", "member")
    serializer_class = s.ForecastLineSerializer
    filterset_class = filtersets.ForecastLineFilterSet
    create_action = actions.do_add_forecast_line
    update_action = actions.do_update_forecast_line
    delete_action = actions.do_delete_forecast_line


class InvestmentViewSet(ScopedModelViewSet):
    model = Investment
    select_related = ("member",)
    serializer_class = s.InvestmentSerializer
    filterset_class = filtersets.InvestmentFilterSet
    create_action = actions.do_create_investment
    update_action = actions.do_update_investment
    delete_action = actions.do_delete_investment


class InvestmentForecastViewSet(ScopedModelViewSet):
    model = InvestmentForecast
    select_related = ("forecast", "investment")
    serializer_class = s.InvestmentForecastSerializer
    filterset_class = filtersets.InvestmentForecastFilterSet
    create_action = actions.do_forecast_investment
    update_action = actions.do_update_investment_forecast
    delete_action = actions.do_delete_investment_forecast


class ReportedCountViewSet(ScopedModelViewSet):
    model = ReportedCount
    select_related = ("member",)
    serializer_class = s.ReportedCountSerializer
    filterset_class = filtersets.ReportedCountFilterSet
    create_action = actions.do_report_count
    update_action = actions.do_update_reported_count
    delete_action = actions.do_delete_reported_count


class ClosedPeriodViewSet(ScopedModelViewSet):
    """Closed months; deleting one reopens it."""

    model = ClosedPeriod
    serializer_class = s.ClosedPeriodSerializer
    filterset_class = filtersets.ClosedPeriodFilterSet
    http_method_names = ["get", "post", "delete", "head", "options"]
    create_action = actions.do_close_period
    update_action = actions.do_update_closed_period
    delete_action = actions.do_reopen_period


class FinanceSettingsViewSet(ScopedModelViewSet):
    """Whether members see each other's statements; the collaboration's counterparty code."""

    model = FinanceSettings
    serializer_class = s.FinanceSettingsSerializer
    filterset_class = filtersets.FinanceSettingsFilterSet
    create_action = actions.do_create_finance_settings
    update_action = actions.do_update_finance_settings
    delete_action = actions.do_delete_finance_settings


class AllocationModelViewSet(ScopedModelViewSet):
    model = AllocationModel
    serializer_class = s.AllocationModelSerializer
    filterset_class = filtersets.AllocationModelFilterSet
    create_action = actions.do_create_allocation_model
    update_action = actions.do_update_allocation_model
    delete_action = actions.do_delete_allocation_model


class AllocationRuleViewSet(ScopedModelViewSet):
    model = AllocationRule
    select_related = ("allocation_model", "unit")
    serializer_class = s.AllocationRuleSerializer
    filterset_class = filtersets.AllocationRuleFilterSet
    create_action = actions.do_add_allocation_rule
    update_action = actions.do_update_allocation_rule
    delete_action = actions.do_delete_allocation_rule


class AllocationRunViewSet(ScopedReadOnlyViewSet):
    """Allocation runs with their snapshots. Prepared by controllers, issued once."""

    model = AllocationRun
    select_related = ("allocation_model",)
    serializer_class = s.AllocationRunSerializer
    filterset_class = filtersets.AllocationRunFilterSet

    @extend_schema(request=s.PrepareRunSerializer, responses={201: s.AllocationRunSerializer})
    @action(detail=False, methods=["post"])
    def prepare(self, request: Request) -> Response:
        access.require_manage(request.user, AllocationRun)
        serializer = scope_related_fields(
            s.PrepareRunSerializer(data=request.data, context={"request": request}), request.user
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        run = actions.do_prepare_run(
            acting_user=signed_in(request),
            model=data["allocation_model"],
            basis=data["basis"],
            forecast=data.get("forecast"),
            first_month=data["first_month"],
            last_month=data["last_month"],
            corrects=data.get("corrects"),
        )
        return Response(
            s.AllocationRunSerializer(run).data, status=status.HTTP_201_CREATED, headers={"ETag": etag(run)}
        )

    @extend_schema(
        parameters=[OpenApiParameter("kind", OpenApiTypes.STR, enum=["sie", "csv"])],
        responses={
            (200, "text/plain"): OpenApiTypes.BINARY,
            400: OpenApiResponse(description="The run is not issued"),
            422: OpenApiResponse(description="The file could not be made (code export_failed)"),
        },
    )
    @action(detail=True, methods=["get"], url_path="invoices")
    def invoices(self, request: Request, pk: Any = None) -> HttpResponse:
        """The issued run's internal invoices: SIE 4I (``kind=sie``, CP437) or CSV."""
        run = self.get_object()
        try:
            if request.query_params.get("kind") == "sie":
                return HttpResponse(
                    ledger.invoices_sie(run, timezone.localdate()), content_type="text/plain; charset=cp437"
                )
            return HttpResponse(ledger.invoices_csv(run), content_type="text/csv; charset=utf-8")
        except DjangoValidationError as exc:
            raise ValidationError({"detail": exc.messages}) from exc
        except SieError as exc:
            raise ExportFailed(_("The file could not be made: %(reason)s") % {"reason": exc}) from exc

    @extend_schema(parameters=[IF_MATCH], request=None, responses=s.AllocationRunSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: Any = None) -> Response:
        run = self.get_object()
        try:
            issued = actions.do_issue_run(
                run, acting_user=signed_in(request), expected_version=requested_version(request)
            )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return Response(s.AllocationRunSerializer(issued).data, headers={"ETag": etag(issued)})


class FollowUpView(APIView):
    """The committee's follow-up table for a forecast (``?forecast=``, optional ``unit``)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("forecast", OpenApiTypes.INT, required=True),
            OpenApiParameter("unit", OpenApiTypes.INT),
        ],
        responses=s.FollowUpSerializer,
    )
    def get(self, request: Request) -> Response:
        if not access.has_any_role(request.user, FINANCE_READERS):
            raise PermissionDenied
        form = forms.FollowUpForm(request.query_params.dict(), user=request.user)
        if not form.is_valid():
            raise ValidationError({k: [str(e) for e in v] for k, v in form.errors.items()})
        table = queries.follow_up(form.cleaned_data["forecast"], form.cleaned_data["unit"])
        return Response(s.FollowUpSerializer(table).data)


class StatementView(APIView):
    """A member's statement for a year (``?member=&year=``): Vad fick vi för pengarna?"""

    @extend_schema(
        parameters=[
            OpenApiParameter("member", OpenApiTypes.INT, required=True),
            OpenApiParameter("year", OpenApiTypes.INT, required=True),
        ],
        responses=s.StatementSerializer,
    )
    def get(self, request: Request) -> Response:
        if not access.has_any_role(request.user, FINANCE_READERS):
            raise PermissionDenied
        form = forms.StatementForm(
            request.query_params.dict(), members=statements.readable_statement_members(request.user)
        )
        if not form.is_valid():
            raise ValidationError({k: [str(e) for e in v] for k, v in form.errors.items()})
        statement = statements.member_statement(form.cleaned_data["member"], form.cleaned_data["year"])
        return Response(s.StatementSerializer(statement).data)


def register(router: Any) -> None:
    from ..views import OBJECTS

    for declared in OBJECTS:
        declared.register_api(router)
