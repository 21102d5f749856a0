from __future__ import annotations

from rest_framework import serializers

from ..assessment import KEY_FACTOR_CODES, QUESTIONS
from ..choices import Criterion
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

ID = ["id", "version"]


class CooperationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Cooperation
        fields = [*ID, "collaboration", "name", "area", "kind", "legal_form", "host", "starts", "ends", "agreement",
                  "body", "annual_cost", "description"]  # fmt: skip
        read_only_fields = ID


class ParticipantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Participant
        fields = [*ID, "cooperation", "member", "representatives", "annual_cost", "joined_on"]
        read_only_fields = ID


class InitiativeSerializer(serializers.ModelSerializer):
    quadrant = serializers.CharField(read_only=True)

    class Meta:
        model = Initiative
        fields = [*ID, "title", "need", "need_owner", "area", "stage", "is_shared", "prestudy", "guiding_principles",
                  "agreement", "agreement_reference", "cooperation", "body", "coordinator", "lead_member", "lead_from",
                  "lead_until", "org_complexity", "innovation_complexity", "quadrant", "classifier_answers",
                  "raised_by"]  # fmt: skip
        read_only_fields = [*ID, "stage", "is_shared", "org_complexity", "innovation_complexity",
                            "classifier_answers", "raised_by"]  # fmt: skip


class ClassifierSerializer(serializers.Serializer):
    """The classifier's answers: each question's code, true for yes."""

    def get_fields(self) -> dict[str, serializers.Field]:
        return {q.code: serializers.BooleanField(help_text=str(q.text)) for q in QUESTIONS}


class ParticipationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Participation
        fields = [*ID, "initiative", "member", "decision", "decision_reference", "decided_on", "representative",
                  "key_factors", "key_factor_notes"]  # fmt: skip
        read_only_fields = [*ID, "key_factors", "key_factor_notes"]


class KeyFactorsSerializer(serializers.Serializer):
    ratings = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=5),
        help_text="Key factor code → 1..5. Codes: " + ", ".join(KEY_FACTOR_CODES),
    )
    notes = serializers.CharField(required=False, allow_blank=True)


class InitiativeFollowUpSerializer(serializers.ModelSerializer):
    class Meta:
        model = FollowUp
        fields = [*ID, "initiative", "year", "revisited", "priorities"]
        read_only_fields = ID


class SolutionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Solution
        fields = [*ID, "name", "description", "owner", "contact_name", "contact_email", "procurement_reference",
                  "contract_ends", "certified_on", "criteria"]  # fmt: skip
        read_only_fields = [*ID, "certified_on", "criteria"]


class CertifySerializer(serializers.Serializer):
    criteria = serializers.ListField(child=serializers.ChoiceField(choices=Criterion.choices))
    certified_on = serializers.DateField(required=False)


class JoinSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    message = serializers.CharField(required=False, allow_blank=True)


class StanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stance
        fields = [*ID, "solution", "member", "stance", "note", "join_requested_at"]
        read_only_fields = [*ID, "join_requested_at"]


class ProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = [*ID, "initiative", "manager", "starts", "ends", "budget", "budget_line", "benefits"]
        read_only_fields = ID


class StatusReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = StatusReport
        fields = [*ID, "project", "year", "month", "status", "progress", "next_steps", "risks"]
        read_only_fields = ID
