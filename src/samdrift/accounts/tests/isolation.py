from samdrift.accounts.models import User
from samdrift.testing.isolation import IsolationCase

ISOLATION_CASES = [
    IsolationCase(
        User,
        lambda w: w.requester_a1,
        insider="orderer_a",
        outsiders=("requester_a2", "requester_b1", "orderer_b", "admin_b", "admin_beta", "requester_c1"),
    ),
    IsolationCase(
        User,
        lambda w: w.agent_alpha,
        name="accounts.user (shared organisation staff)",
        insider="admin_alpha",
        outsiders=("requester_a1", "orderer_b", "admin_b", "admin_beta"),
    ),
]
