"""Follow-up API: the statistics and the member dashboard as reports, goals as a resource."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samdrift.accounts import policy
from samdrift.accounts.policy import signed_in
from samdrift.core.api.viewsets import IF_MATCH, ScopedModelViewSet, etag, requested_version

from .. import access as followup_access
from .. import actions, forms, queries, surveys
from ..choices import Dimension
from ..filtersets import BenefitFilterSet, GoalFilterSet, QuestionFilterSet, SurveyFilterSet
from ..models import Benefit, Goal, Question, Survey
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


class SurveyViewSet(ScopedModelViewSet):
    """Surveys: built as drafts, sent by e-mail with personal links, reminded, closed.
    ``results`` gives the answers per member and department within the reader's scope."""

    model = Survey
    serializer_class = s.SurveySerializer
    filterset_class = SurveyFilterSet
    select_related = ("collaboration",)
    create_action = actions.do_create_survey
    update_action = actions.do_update_survey
    delete_action = actions.do_delete_survey

    def _runnable(self) -> Survey:
        survey = self.get_object()
        if not followup_access.can_run_survey(self.request.user, survey):
            raise PermissionDenied
        return survey

    @extend_schema(request=s.RecipientsSerializer, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def recipients(self, request: Request, pk: Any = None) -> Response:
        """Add recipients for one member (or department): people with roles, or addresses."""
        from samdrift.tenancy.models import Department, Member

        survey = self._runnable()
        data = s.RecipientsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        chosen = data.validated_data
        member = Member.objects.filter(pk=chosen["member"], collaboration_id=survey.collaboration_id).first()
        if member is None:
            raise ValidationError({"member": ["Okänd medlem / Unknown member."]})
        department = None
        if chosen.get("department"):
            department = Department.objects.filter(pk=chosen["department"], member=member).first()
            if department is None:
                raise ValidationError({"department": ["Okänd förvaltning / Unknown department."]})
        added = actions.do_add_recipients(
            survey, acting_user=signed_in(request), member=member, department=department,
            roles=chosen.get("roles", []), addresses=chosen.get("addresses", []),
        )  # fmt: skip
        return Response({"added": added})

    @extend_schema(request=None, parameters=[IF_MATCH], responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: Any = None) -> Response:
        """Send a draft survey: a personal link to every recipient."""
        survey = self._runnable()
        sent = actions.do_send_survey(
            survey, acting_user=signed_in(request), expected_version=requested_version(request)
        )
        return Response({"sent": sent})

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def remind(self, request: Request, pk: Any = None) -> Response:
        """Send a reminder (a new link) to those who have not answered."""
        survey = self._runnable()
        return Response({"reminded": actions.do_remind(survey, acting_user=signed_in(request))})

    @extend_schema(request=None, parameters=[IF_MATCH], responses=s.SurveySerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: Any = None) -> Response:
        """Close an open survey: its links stop working."""
        survey = self._runnable()
        closed = actions.do_close_survey(
            survey, acting_user=signed_in(request), expected_version=requested_version(request)
        )
        return Response(s.SurveySerializer(closed).data, headers={"ETag": etag(closed)})

    @extend_schema(responses=s.SurveyResultsSerializer)
    @action(detail=True, methods=["get"])
    def results(self, request: Request, pk: Any = None) -> Response:
        """Results per member and department with the response rate, in the reader's scope."""
        return Response(s.survey_results_data(surveys.results(request.user, self.get_object())))


class QuestionViewSet(ScopedModelViewSet):
    """The questions of surveys (scale 1–5, choice, text); changed only while a draft."""

    model = Question
    serializer_class = s.QuestionSerializer
    filterset_class = QuestionFilterSet
    select_related = ("survey",)
    create_action = actions.do_create_question
    update_action = actions.do_update_question
    delete_action = actions.do_delete_question


class SurveyAnswerApiView(APIView):
    """Answer a survey through its personal link's token, without login (JSON): ``GET``
    the questions, ``POST {"answers": {"<question id>": value}}`` once."""

    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []

    def _link(self, token: str) -> Any:
        link = actions.find_link(token)
        if link is None:
            raise NotFound
        return link

    def _questions(self, link: Any) -> list[Question]:
        return list(Question.objects.filter(survey_id=link.recipient.survey_id).order_by("position", "pk"))

    def _refused(self, error: actions.SurveyError) -> Response:
        return Response({"detail": error.message, "code": error.code, "errors": {}}, status=error.status)

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, auth=[])
    def get(self, request: Request, token: str) -> Response:
        link = self._link(token)
        try:
            actions.check_answerable(link.recipient)
        except actions.SurveyError as error:
            return self._refused(error)
        survey = link.recipient.survey
        questions = [
            {"id": q.pk, "kind": q.kind, "text": q.text, "options": q.options, "required": q.required}
            for q in self._questions(link)
        ]
        return Response({"title": survey.title, "intro": survey.intro, "questions": questions})

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT}, auth=[])
    def post(self, request: Request, token: str) -> Response:
        link = self._link(token)
        try:
            actions.check_answerable(link.recipient)
        except actions.SurveyError as error:
            return self._refused(error)
        raw = request.data.get("answers") if isinstance(request.data, dict) else None
        if not isinstance(raw, dict):
            raise ValidationError({"answers": ["Ange svaren som ett objekt / Give the answers as an object."]})
        form = forms.AnswerForm({f"q{k}": v for k, v in raw.items()}, questions=self._questions(link))
        if not form.is_valid():
            raise _errors(form)
        try:
            actions.do_answer_survey(link.recipient, answers=form.answers())
        except actions.SurveyError as error:
            return self._refused(error)
        except DjangoValidationError as exc:
            raise ValidationError(exc.messages) from None
        return Response({"detail": "Tack! / Thank you!"}, status=201)


def register(router: Any) -> None:
    router.register("surveys", SurveyViewSet, basename="survey")
    router.register("questions", QuestionViewSet, basename="question")
    router.register("goals", GoalViewSet, basename="goal")
    router.register("benefits", BenefitViewSet, basename="benefit")
