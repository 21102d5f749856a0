from samdrift.servicedesk.models import Category, DeskSettings, Ticket
from samdrift.testing.isolation import IsolationCase
from samdrift.testing.world import make_ticket

ISOLATION_CASES = [
    IsolationCase(
        Ticket,
        make_ticket,
        insider="requester_a1",
        outsiders=(
            "colleague_a1",
            "requester_a2",
            "requester_b1",
            "orderer_b",
            "admin_b",
            "controller_alpha",
            "requester_c1",
            "admin_beta",
            "agent_beta",
            "nobody",
        ),
    ),
    IsolationCase(
        Ticket,
        make_ticket,
        name="servicedesk.ticket (orderer sees member's tickets)",
        insider="orderer_a",
        outsiders=("orderer_b", "requester_b1"),
    ),
    IsolationCase(
        Ticket,
        make_ticket,
        name="servicedesk.ticket (desk staff)",
        insider="agent_alpha",
        outsiders=("agent_beta", "admin_beta"),
    ),
]


def category(world):  # type: ignore[no-untyped-def]
    return Category.objects.create(collaboration=world.alpha, name="Skrivare")


def desk(world):  # type: ignore[no-untyped-def]
    from samdrift.servicedesk import actions

    return actions.do_configure_desk(world.alpha, acting_user=None, ticket_prefix="AB")


ISOLATION_CASES += [
    IsolationCase(
        Category,
        category,
        insider="requester_a1",
        outsiders=("requester_c1", "admin_beta", "agent_beta"),
        api_basename=None,
        name="servicedesk.category",
    ),
    IsolationCase(
        DeskSettings,
        desk,
        insider="admin_alpha",
        outsiders=("admin_beta", "agent_beta", "requester_c1"),
        name="servicedesk.desksettings",
        api=False,
    ),
]
