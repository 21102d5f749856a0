"""A portal order proposes a subscription; accepted, it is charged from its start date."""

import datetime
from decimal import Decimal

from samdrift.agreements import actions
from samdrift.agreements.models import SubscriptionProposal
from samdrift.catalog.models import Subscription
from samdrift.catalog.queries import portfolio
from samdrift.servicedesk import actions as desk

from . import factories as f


def test_an_order_proposes_and_acceptance_subscribes_from_the_start(world) -> None:
    service = f.service(world, "Signering")
    desk.do_order_service(acting_user=world.requester_b1, requester=world.requester_b1, service=service, answers=[])
    proposal = SubscriptionProposal.objects.get()
    assert proposal.member == world.member_b and proposal.state == "proposed" and proposal.order_reference
    # A second order of the same service does not propose twice.
    desk.do_order_service(acting_user=world.requester_b1, requester=world.requester_b1, service=service, answers=[])
    assert SubscriptionProposal.objects.count() == 1

    accepted = actions.do_accept_proposal(
        proposal, acting_user=world.orderer_b, expected_version=proposal.version, starts=datetime.date(2026, 7, 1)
    )
    assert accepted.state == "accepted" and accepted.subscription is not None
    assert accepted.subscription.starts == datetime.date(2026, 7, 1)
    line = portfolio(world.member_b, 2026, Subscription.objects.all()).lines[0]
    # Charged from 1 July: 184 of 365 days of 120 000.12
    assert line.amount == Decimal("60493.21")


def test_api_accepts_only_for_the_orderer(world, api_for) -> None:
    service = f.service(world, "Signering")
    desk.do_order_service(acting_user=world.requester_b1, requester=world.requester_b1, service=service, answers=[])
    proposal = SubscriptionProposal.objects.get()
    url = f"/api/v1/subscription-proposals/{proposal.pk}/accept/"
    assert api_for("controller_alpha").post(url, HTTP_IF_MATCH='"1"').status_code == 403
    assert api_for("orderer_a").post(url, HTTP_IF_MATCH='"1"').status_code == 404
    done = api_for("orderer_b").post(url, HTTP_IF_MATCH='"1"')
    assert done.status_code == 200 and done.json()["state"] == "accepted"
