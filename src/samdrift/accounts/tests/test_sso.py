"""Single sign-on through a real local OpenID Connect provider (django-oidc-provider)."""

from __future__ import annotations

import re

import pytest
import requests

from samdrift.accounts import actions
from samdrift.accounts.choices import Role
from samdrift.accounts.models import ExternalIdentity, User
from samdrift.testing import oidc_idp
from samdrift.testing.browser import assert_accessible

IDP_USERS = [
    {"username": "anna", "email": "anna.ny@herrljunga.example", "password": "idp-pw", "first_name": "Anna",
     "last_name": "Åberg – Öst", "department": "BAR"},
    {"username": "known", "email": "requester_a1@example.org", "password": "idp-pw", "first_name": "R"},
    {"username": "other", "email": "requester_b1@example.org", "password": "idp-pw"},
]  # fmt: skip


@pytest.fixture(scope="module")
def provider(live_server):
    started = oidc_idp.start(redirect_uris=[f"{live_server.url}/accounts/sso/herrljunga/callback/"], users=IDP_USERS)
    yield started
    started.stop()


@pytest.fixture
def idp(live_world, provider):
    return actions.do_create_identity_provider(
        acting_user=live_world.admin_alpha,
        member=live_world.member_a,
        name="Herrljunga kommun",
        slug="herrljunga",
        issuer=provider.issuer,
        client_id=oidc_idp.CLIENT_ID,
        client_secret=oidc_idp.CLIENT_SECRET,
        scopes="openid email profile department",
        department_claim="department",
    )


def sign_in(live_server, username: str, password: str = "idp-pw") -> tuple[requests.Session, requests.Response]:  # noqa: S107
    """The browser's way, with plain HTTP: Samdrift → the provider's login form → back."""
    session = requests.Session()
    form = session.get(f"{live_server.url}/accounts/sso/herrljunga/login/", timeout=30)
    assert "Test identity provider" in form.text, form.text[:500]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    nxt = re.search(r'name="next" value="([^"]*)"', form.text).group(1).replace("&amp;", "&")  # type: ignore[union-attr]
    answer = session.post(
        form.url,
        data={"csrfmiddlewaretoken": token, "username": username, "password": password, "next": nxt},
        headers={"Referer": form.url},
        timeout=30,
    )
    return session, answer


def test_a_first_login_creates_the_user_in_the_member_with_the_claimed_department(live_world, idp, live_server) -> None:
    session, answer = sign_in(live_server, "anna")
    assert answer.status_code == 200 and answer.url == f"{live_server.url}/", answer.text[:1000]
    user = User.objects.get(email="anna.ny@herrljunga.example")
    assert (user.member, user.department, user.last_name) == (live_world.member_a, live_world.dept_a1, "Åberg – Öst")
    assert not user.has_usable_password()
    assert [(a.role, a.department) for a in user.role_assignments.all()] == [(Role.REQUESTER, live_world.dept_a1)]
    assert ExternalIdentity.objects.get(user=user).provider == idp
    assert session.get(f"{live_server.url}/accounts/profile/", timeout=30).status_code == 200
    # A second login finds the same user by the provider's subject.
    sign_in(live_server, "anna")
    assert User.objects.filter(email="anna.ny@herrljunga.example").count() == 1


def test_a_known_address_in_the_member_is_linked_and_keeps_its_roles(live_world, idp, live_server) -> None:
    before = set(live_world.requester_a1.role_assignments.values_list("pk", flat=True))
    _session, answer = sign_in(live_server, "known")
    assert answer.url == f"{live_server.url}/"
    identity = ExternalIdentity.objects.get()
    assert identity.user == live_world.requester_a1
    assert set(live_world.requester_a1.role_assignments.values_list("pk", flat=True)) == before


def test_a_user_of_another_member_is_refused(live_world, idp, live_server) -> None:
    _session, answer = sign_in(live_server, "other")
    assert (answer.status_code == 403 and "another member" in answer.text) or "annan medlem" in answer.text
    assert not ExternalIdentity.objects.exists()


def test_without_creating_users_an_unknown_person_is_refused(live_world, idp, live_server) -> None:
    actions.do_update_identity_provider(idp, acting_user=None, expected_version=idp.version, create_users=False)
    _session, answer = sign_in(live_server, "anna")
    assert answer.status_code == 403 and not User.objects.filter(email="anna.ny@herrljunga.example").exists()


def test_a_forged_callback_is_refused_not_a_500(live_world, idp, live_server) -> None:
    answer = requests.get(f"{live_server.url}/accounts/sso/herrljunga/callback/?code=x&state=y", timeout=30)
    assert answer.status_code == 400
    assert requests.get(f"{live_server.url}/accounts/sso/nope/login/", timeout=30).status_code == 404


def test_restricted_local_login_keeps_passwords_for_administrators(live_world, idp, client, settings) -> None:
    from samdrift.testing.world import PASSWORD

    settings.SAMDRIFT_LOCAL_LOGIN = "restricted"
    refused = client.post("/login/", {"username": "requester_a1", "password": PASSWORD})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    for username in ("admin_alpha", "requester_c1"):  # an administrator; a member without an IdP
        assert client.post("/login/", {"username": username, "password": PASSWORD}).status_code == 302
        client.logout()
    settings.SAMDRIFT_LOCAL_LOGIN = "all"
    assert client.post("/login/", {"username": "requester_a1", "password": PASSWORD}).status_code == 302


@pytest.mark.browser
def test_signing_in_through_the_members_identity_provider_in_a_browser(live_world, idp, page, live_server) -> None:
    page.set_default_timeout(60_000)  # the provider and Samdrift share a loaded machine
    page.goto(f"{live_server.url}/login/")
    assert_accessible(page)
    page.get_by_role("link", name="Logga in med Herrljunga kommun").click()
    page.fill("#idp-username", "anna")
    page.fill("#idp-password", "idp-pw")
    page.get_by_role("button", name="Sign in at the IdP").click()
    page.wait_for_url(f"{live_server.url}/")
    assert "Anna" in page.content()
    assert User.objects.filter(email="anna.ny@herrljunga.example", member=live_world.member_a).exists()
