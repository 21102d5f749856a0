import datetime

from samdrift.tenancy import actions
from samdrift.tenancy.models import Collaboration, Department, Member, Population, Unit
from samdrift.testing.isolation import IsolationCase


def population(world):
    return actions.do_record_population(
        acting_user=None,
        member=world.member_a,
        year=2026,
        inhabitants=9500,
        employees=900,
        reference_date=datetime.date(2025, 12, 31),
    )


ISOLATION_CASES = [
    IsolationCase(Collaboration, lambda w: w.alpha, insider="requester_a1", outsiders=("requester_c1", "admin_beta")),
    IsolationCase(
        Member,
        lambda w: w.member_a,
        insider="requester_a1",
        outsiders=("requester_b1", "orderer_b", "admin_b", "requester_c1", "admin_beta", "nobody"),
    ),
    IsolationCase(
        Population,
        population,
        insider="orderer_a",
        outsiders=("requester_b1", "orderer_b", "admin_b", "admin_beta", "nobody"),
    ),
    IsolationCase(
        Department,
        lambda w: w.dept_a1,
        insider="requester_a1",
        outsiders=("requester_a2", "requester_b1", "orderer_b", "admin_b", "requester_c1", "admin_beta", "nobody"),
    ),
    IsolationCase(Unit, lambda w: w.unit_alpha, insider="requester_b1", outsiders=("requester_c1", "admin_beta")),
]
