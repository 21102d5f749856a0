from __future__ import annotations

from rest_framework import serializers

from ..models import (
    AgreementReview,
    CollaborationAgreement,
    CollaborationPenaltyTerm,
    Notice,
    Penalty,
    PenaltyRun,
    PenaltyTerm,
    ServiceAgreement,
    ServiceAgreementLine,
    SubscriptionProposal,
    Supplier,
    SupplierContract,
)

ID = ["id", "version"]


class CollaborationAgreementSerializer(serializers.ModelSerializer):
    class Meta:
        model = CollaborationAgreement
        fields = [
            *ID, "collaboration", "kind", "title", "legal_form", "parties", "valid_from", "valid_to", "term_years",
            "notice_months", "exit_at_year_end", "exit_fixed_cost_years", "exit_fixed_cost_percent",
            "exit_investment_percent", "depreciation_years", "exit_terms", "cost_sharing", "allocation_model",
            "decision_reference",
            "decision",
        ]  # fmt: skip
        read_only_fields = ID


class ExitLineSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["fixed_costs", "investment"])
    label = serializers.CharField()  # type: ignore[assignment]
    basis = serializers.DecimalField(max_digits=16, decimal_places=2)
    factors = serializers.DictField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)


class ExitLiabilitySerializer(serializers.Serializer):
    """What a member would owe on leaving (the same figures as the notice page)."""

    end_date = serializers.DateField()
    share = serializers.CharField(help_text="The member's share of the shared costs, as an exact fraction.")
    lines = ExitLineSerializer(many=True)
    total = serializers.DecimalField(max_digits=16, decimal_places=2)


class NoticeSerializer(serializers.ModelSerializer):
    output = ExitLiabilitySerializer(read_only=True)

    class Meta:
        model = Notice
        fields = [*ID, "agreement", "member", "notice_date", "end_date", "liability", "given_by", "output", "digest"]
        read_only_fields = [*ID, "end_date", "liability", "given_by", "output", "digest"]


class ServiceAgreementLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceAgreementLine
        fields = ["service", "level", "quantity", "price_model", "unit_price", "starts", "ends", "amount",
                  "availability_target"]  # fmt: skip
        read_only_fields = fields


class ServiceAgreementSerializer(serializers.ModelSerializer):
    lines = ServiceAgreementLineSerializer(many=True, read_only=True)

    class Meta:
        model = ServiceAgreement
        fields = [*ID, "member", "department", "year", "revision", "state", "supersedes", "notes", "total",
                  "signed_by", "signed_on", "lines"]  # fmt: skip
        read_only_fields = [*ID, "revision", "state", "supersedes", "total", "signed_by", "signed_on", "lines"]


class PenaltyTermSerializer(serializers.ModelSerializer):
    class Meta:
        model = PenaltyTerm
        fields = [*ID, "agreement", "service", "percent_per_point", "amount_per_p1_breach", "cap"]
        read_only_fields = ID


class CollaborationPenaltyTermSerializer(serializers.ModelSerializer):
    class Meta:
        model = CollaborationPenaltyTerm
        fields = [*ID, "collaboration", "service", "first_year", "last_year", "percent_per_point",
                  "amount_per_p1_breach", "cap"]  # fmt: skip
        read_only_fields = ID


class SubscriptionProposalSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubscriptionProposal
        fields = [*ID, "member", "department", "service", "level", "quantity", "starts", "order_reference", "state",
                  "decided_by", "decided_on", "subscription"]  # fmt: skip
        read_only_fields = [*ID, "member", "department", "service", "order_reference", "state", "decided_by",
                            "decided_on", "subscription"]  # fmt: skip


class PenaltyRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = PenaltyRun
        fields = [*ID, "collaboration", "member", "year", "month", "state", "computed_by", "total", "digest", "output"]
        read_only_fields = [*ID, "state", "computed_by", "total", "digest", "output"]


class PenaltySerializer(serializers.ModelSerializer):
    class Meta:
        model = Penalty
        fields = [*ID, "run", "member", "year", "month", "amount", "lines", "credited"]
        read_only_fields = fields


class SupplierSerializer(serializers.ModelSerializer):
    class Meta:
        model = Supplier
        fields = [*ID, "collaboration", "name", "org_number"]
        read_only_fields = ID


class SupplierContractSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupplierContract
        fields = [*ID, "supplier", "title", "services", "systems", "inventory_systems", "starts", "ends",
                  "extension_options",
                  "notice_date", "value_per_year", "procuring_member", "owner", "reminded_on"]  # fmt: skip
        read_only_fields = [*ID, "reminded_on"]


class AgreementReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgreementReview
        fields = [*ID, "member", "year", "held_on", "satisfaction", "summary", "agreed_changes", "outcome"]
        read_only_fields = [*ID, "outcome"]
