from __future__ import annotations

from typing import Any

from rest_framework import serializers

from .. import goals
from ..models import Benefit, Goal, Question, Survey


class CellSerializer(serializers.Serializer):
    opened = serializers.IntegerField()
    resolved = serializers.IntegerField()
    backlog = serializers.IntegerField(help_text="Open tickets at the end of the month or period.")
    reopened = serializers.IntegerField()
    first_contact = serializers.IntegerField()
    sla_resolved = serializers.IntegerField(help_text="Resolved tickets that had an SLA.")
    sla_met = serializers.IntegerField()
    sla_percent = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    first_contact_percent = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    reopen_percent = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    minutes = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=12, decimal_places=1)


class GroupSerializer(serializers.Serializer):
    key = serializers.IntegerField(help_text="The id of the unit, service, … (the priority); 0 for none.")
    label = serializers.CharField()  # type: ignore[assignment]
    months = CellSerializer(many=True, help_text="One per month of the period, in order.")
    total = CellSerializer()


class StatisticsSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField(help_text="The first day of the last month.")
    dimension = serializers.CharField()
    months = serializers.ListField(child=serializers.DateField())
    groups = GroupSerializer(many=True)
    totals = GroupSerializer()
    average = GroupSerializer(
        allow_null=True, help_text="The collaboration's totals, when it is transparent (dashboard only)."
    )
    members_in_average = serializers.IntegerField()


def _cell(c: Any) -> dict[str, Any]:
    def pct(value: Any) -> str | None:
        return None if value is None else str(value)

    return {
        "opened": c.opened,
        "resolved": c.resolved,
        "backlog": c.backlog,
        "reopened": c.reopened,
        "first_contact": c.first_contact,
        "sla_resolved": c.sla_resolved,
        "sla_met": c.sla_met,
        "sla_percent": pct(c.sla_percent),
        "first_contact_percent": pct(c.first_contact_percent),
        "reopen_percent": pct(c.reopen_percent),
        "minutes": c.minutes,
        "hours": str(c.hours),
    }


def _group(g: Any) -> dict[str, Any] | None:
    if g is None:
        return None
    return {"key": g.key, "label": g.label, "months": [_cell(c) for c in g.months], "total": _cell(g.total)}


def statistics_data(result: Any) -> dict[str, Any]:
    """What ``StatisticsSerializer`` describes, built directly (DRF's per-field decimal
    handling would be most of the response time for a few hundred cells)."""
    return {
        "start": result.start.isoformat(),
        "end": result.end.isoformat(),
        "dimension": str(result.dimension),
        "months": [m.isoformat() for m in result.months],
        "groups": [_group(g) for g in result.groups],
        "totals": _group(result.totals),
        "average": _group(result.average),
        "members_in_average": result.members_in_average,
    }


class GoalSerializer(serializers.ModelSerializer):
    actual = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()

    class Meta:
        model = Goal
        fields = [
            "id",
            "version",
            "collaboration",
            "member",
            "service",
            "year",
            "name",
            "measure",
            "direction",
            "target",
            "tolerance",
            "manual_actual",
            "description",
            "actual",
            "status",
        ]
        read_only_fields = ["id", "version", "actual", "status"]

    def _actual(self, obj: Goal) -> Any:
        cache: dict[int, Any] = self.__dict__.setdefault("_actuals", {})
        if obj.pk not in cache:
            cache[obj.pk] = goals.actual(obj)
        return cache[obj.pk]

    def get_actual(self, obj: Goal) -> str | None:
        value = self._actual(obj).value
        return None if value is None else str(value)

    def get_status(self, obj: Goal) -> str:
        return str(self._actual(obj).status)


class BenefitSerializer(serializers.ModelSerializer):
    realised_percent = serializers.DecimalField(
        max_digits=8, decimal_places=1, read_only=True, allow_null=True, help_text="Realised of expected, in %."
    )

    class Meta:
        model = Benefit
        fields = [
            "id",
            "version",
            "collaboration",
            "member",
            "service",
            "title",
            "kind",
            "expected_value",
            "realised_value",
            "follow_up_on",
            "owner",
            "notes",
            "realised_percent",
        ]
        read_only_fields = ["id", "version", "realised_percent"]


class SurveySerializer(serializers.ModelSerializer):
    class Meta:
        model = Survey
        fields = [
            "id",
            "version",
            "collaboration",
            "kind",
            "title",
            "intro",
            "year",
            "closes_on",
            "remind_after_days",
            "state",
            "sent_at",
            "closed_at",
        ]
        read_only_fields = ["id", "version", "state", "sent_at", "closed_at"]


class QuestionSerializer(serializers.ModelSerializer):
    options = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, help_text="The options of a choice question."
    )

    class Meta:
        model = Question
        fields = ["id", "version", "survey", "position", "kind", "text", "options", "required", "factor"]
        read_only_fields = ["id", "version"]


class RecipientsSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    department = serializers.IntegerField(required=False, allow_null=True)
    roles = serializers.ListField(child=serializers.CharField(), required=False)
    addresses = serializers.ListField(child=serializers.CharField(), required=False)


class QuestionResultSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    answers = serializers.IntegerField()
    average = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    distribution = serializers.DictField(child=serializers.IntegerField())


class GroupResultSerializer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]
    invited = serializers.IntegerField()
    answered = serializers.IntegerField()
    response_rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    shown = serializers.BooleanField(help_text="False: fewer answers than the anonymity threshold; no figures.")
    questions = QuestionResultSerializer(many=True)


class SurveyResultsSerializer(serializers.Serializer):
    survey = serializers.IntegerField()
    min_group = serializers.IntegerField()
    overall = GroupResultSerializer()
    members = GroupResultSerializer(many=True)
    departments = GroupResultSerializer(many=True)
    collaboration = GroupResultSerializer(allow_null=True)
    texts = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        allow_null=True,
        help_text="Question id → free-text answers; only for the shared organisation's staff.",
    )


def _group_result(g: Any) -> dict[str, Any] | None:
    if g is None:
        return None
    return {
        "label": g.label,
        "invited": g.invited,
        "answered": g.answered,
        "response_rate": None if g.rate is None else str(g.rate),
        "shown": g.shown,
        "questions": [
            {
                "question": r.question.pk,
                "answers": r.answers,
                "average": None if r.average is None else str(r.average),
                "distribution": dict(r.distribution),
            }
            for r in g.questions
        ],
    }


def survey_results_data(found: Any) -> dict[str, Any]:
    return {
        "survey": found.survey.pk,
        "min_group": found.min_group,
        "overall": _group_result(found.overall),
        "members": [_group_result(g) for g in found.members],
        "departments": [_group_result(g) for g in found.departments],
        "collaboration": _group_result(found.collaboration),
        "texts": None if found.texts is None else {str(k): v for k, v in found.texts.items()},
    }
