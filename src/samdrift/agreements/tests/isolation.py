import datetime
from decimal import Decimal

from samdrift.agreements import actions, models
from samdrift.testing.isolation import IsolationCase

from . import factories as f

BASE = ("requester_c1", "admin_beta", "agent_beta", "nobody")
# Member B's own objects: not for member A's orderer, nor for B's requesters.
MEMBER_B_OUTSIDERS = (*BASE, "orderer_a", "requester_b1")


def notice(world):
    return actions.do_give_notice(
        acting_user=None, agreement=f.agreement(world), member=world.member_b, notice_date=datetime.date(2026, 3, 1)
    )


def proposal(world):
    made = f.service(world)
    return models.SubscriptionProposal.objects.get(
        pk=actions.create_object(
            models.SubscriptionProposal, acting_user=None, member=world.member_b, service=made,
            starts=datetime.date(2026, 12, 1),
        ).pk
    )  # fmt: skip


def penalty(world):
    return f.penalty_run(world).penalties.get()


def supplier(world):
    return actions.do_create_supplier(
        acting_user=None, collaboration=world.alpha, name="Atea", org_number="556448-0282"
    )


def contract(world):
    return actions.do_create_contract(
        acting_user=None, supplier=supplier(world), title="Klientavtal", starts=datetime.date(2024, 1, 1),
        ends=datetime.date(2027, 12, 31), procuring_member=world.member_b, value_per_year=Decimal("1200000"),
    )  # fmt: skip


def review(world):
    return actions.do_prepare_review(acting_user=None, member=world.member_b, year=2026, summary="Bra år")


ISOLATION_CASES = [
    # The collaboration agreement is every party's document.
    IsolationCase(models.CollaborationAgreement, f.agreement, insider="requester_b1", outsiders=BASE),
    IsolationCase(models.Supplier, supplier, insider="orderer_b", outsiders=(*BASE, "requester_b1")),
    # Collaboration-wide penalty terms are part of every member's agreement.
    IsolationCase(
        models.CollaborationPenaltyTerm, f.collaboration_term, insider="orderer_b", outsiders=(*BASE, "requester_b1")
    ),
    # A run covering every member is for the collaboration's staff only.
    IsolationCase(
        models.PenaltyRun, f.penalty_run, insider="controller_alpha", outsiders=(*MEMBER_B_OUTSIDERS, "orderer_b")
    ),
] + [
    IsolationCase(model, make, insider="orderer_b", outsiders=MEMBER_B_OUTSIDERS)
    for model, make in [
        (models.Notice, notice),
        (models.ServiceAgreement, f.service_agreement),
        (models.PenaltyTerm, lambda w: f.service_agreement(w).penalty_terms.get()),
        (models.SubscriptionProposal, proposal),
        (models.Penalty, penalty),
        (models.SupplierContract, contract),
        (models.AgreementReview, review),
    ]
]
