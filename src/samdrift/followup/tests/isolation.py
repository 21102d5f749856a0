from decimal import Decimal

from samdrift.followup import actions, stats
from samdrift.followup.models import Benefit, Goal, StatYear, TicketStat
from samdrift.testing.isolation import IsolationCase
from samdrift.testing.world import make_ticket


def collaboration_goal(world):  # type: ignore[no-untyped-def]
    return actions.do_create_goal(
        acting_user=None, collaboration=world.alpha, year=2026, name="Kö under 100", measure="backlog",
        direction="lower", target=Decimal(100),
    )  # fmt: skip


def member_goal(world):  # type: ignore[no-untyped-def]
    return actions.do_create_goal(
        acting_user=None, collaboration=world.alpha, member=world.member_a, year=2026, name="Nöjdhet – Herrljunga",
        measure="satisfaction", target=Decimal(4),
    )  # fmt: skip


def member_statistics(world):  # type: ignore[no-untyped-def]
    ticket = make_ticket(world)
    stats.refresh()
    return TicketStat.objects.filter(member_id=ticket.member_id).first()


def member_balance(world):  # type: ignore[no-untyped-def]
    ticket = make_ticket(world)
    stats.refresh()
    return StatYear.objects.filter(member_id=ticket.member_id).first()


def member_benefit(world):  # type: ignore[no-untyped-def]
    return actions.do_create_benefit(
        acting_user=None, collaboration=world.alpha, member=world.member_a, title="Färre utskrifter – ”Skrivarlyftet”",
        kind="savings", expected_value=Decimal("125000.50"), owner="Åsa Öberg",
    )  # fmt: skip


def collaboration_benefit(world):  # type: ignore[no-untyped-def]
    return actions.do_create_benefit(
        acting_user=None, collaboration=world.alpha, title="Kortare väntetid", kind="hours",
        expected_value=Decimal(400),
    )  # fmt: skip


ISOLATION_CASES = [
    IsolationCase(
        Benefit,
        member_benefit,
        name="followup.benefit (member)",
        insider="orderer_a",
        outsiders=("orderer_b", "admin_b", "admin_beta", "requester_a1", "requester_b1"),
    ),
    IsolationCase(
        Benefit,
        collaboration_benefit,
        name="followup.benefit (collaboration)",
        insider="orderer_b",
        outsiders=("admin_beta", "agent_beta", "requester_a1", "requester_c1", "nobody"),
    ),
    IsolationCase(
        Goal,
        collaboration_goal,
        name="followup.goal (collaboration)",
        insider="orderer_b",
        outsiders=("admin_beta", "agent_beta", "requester_a1", "requester_c1", "nobody"),
    ),
    IsolationCase(
        Goal,
        member_goal,
        name="followup.goal (member)",
        insider="orderer_a",
        outsiders=("orderer_b", "admin_b", "admin_beta", "requester_a1", "requester_b1"),
    ),
    IsolationCase(
        TicketStat,
        member_statistics,
        name="followup.ticketstat (member)",
        insider="orderer_a",
        outsiders=("orderer_b", "admin_b", "admin_beta", "agent_beta", "requester_a1", "requester_b1", "nobody"),
        ui=False,
        api=False,
        no_pages_reason="rollup rows have no page of their own; the statistics pages and API aggregate them "
        "(followup/tests/test_views.py and test_api.py check their scope)",
    ),
    IsolationCase(
        StatYear,
        member_balance,
        name="followup.statyear (member)",
        insider="orderer_a",
        outsiders=("orderer_b", "admin_b", "admin_beta", "agent_beta", "requester_a1", "requester_b1", "nobody"),
        ui=False,
        api=False,
        no_pages_reason="yearly backlog balances have no page of their own; the statistics pages and API "
        "aggregate them (followup/tests/test_views.py and test_api.py check their scope)",
    ),
]
