from samdrift.accounts import actions
from samdrift.accounts.models import ApiToken, IdentityProvider, RoleAssignment, User
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


def role_assignment(world):
    from samdrift.accounts import actions
    from samdrift.accounts.choices import Role

    return actions.do_grant_role(
        acting_user=None, user=world.requester_b1, role=Role.ORDERER, collaboration=world.alpha, member=world.member_b
    )


# A role assignment is shown on its user's page (and granted or revoked from there).
ISOLATION_CASES += [
    IsolationCase(
        RoleAssignment,
        role_assignment,
        insider="admin_b",
        outsiders=("admin_beta", "requester_c1", "orderer_a", "requester_a1"),
        ui=False,
        api=False,
        pages=lambda a: [f"/accounts/users/{a.user_id}/"],
        marker=lambda a: f"/accounts/users/{a.user_id}/roles/{a.pk}/revoke/",
    ),
]


def api_token(world):
    from samdrift.accounts import actions

    token, _key = actions.do_create_api_token(
        acting_user=world.requester_a1, user=world.requester_a1, name="Skript – ”export” å", expires=None
    )
    return token


# Tokens are personal: even the owner's administrators never see them (404 on revoke).
ISOLATION_CASES += [
    IsolationCase(
        ApiToken,
        api_token,
        insider="requester_a1",
        outsiders=("requester_a2", "orderer_a", "admin_b", "admin_beta", "nobody"),
        ui=False,
        api=False,
        pages=lambda t: ["/accounts/profile/"],
        marker=lambda t: f"/accounts/profile/tokens/{t.pk}/revoke/",
    ),
]


def identity_provider(world):
    return actions.do_create_identity_provider(
        acting_user=None,
        member=world.member_b,
        name="Vårgårda – ”Entra ID”",
        slug="vargarda",
        issuer="https://login.example/vargarda/v2.0",
        client_id="c",
        client_secret="s",
    )


# A member's identity providers: its own and the collaboration's administrators.
ISOLATION_CASES += [
    IsolationCase(
        IdentityProvider,
        identity_provider,
        insider="admin_b",
        outsiders=("admin_beta", "requester_b1", "agent_alpha", "orderer_a"),
        api=False,
    ),
]
