"""Single sign-on through a real local SAML 2.0 identity provider (pysaml2's ``Server``,
``samdrift.testing.saml_idp``), over HTTP and in Chromium."""

from __future__ import annotations

import base64
import html
import re

import pytest
import requests
from saml2 import md

from samdrift.accounts import actions, saml
from samdrift.accounts.choices import Protocol, Role
from samdrift.accounts.models import ExternalIdentity, IdentityProvider, User
from samdrift.core import secrets
from samdrift.core.models import AuditEntry
from samdrift.testing import saml_idp
from samdrift.testing.browser import assert_accessible, log_in
from samdrift.testing.world import PASSWORD as WORLD_PASSWORD

SLUG = "herrljunga-saml"
PASSWORD = "idp-pw"
IDP_USERS = {
    "anna": {"password": PASSWORD, "subject": "anna-4711", "attributes": {
        "mail": ["anna.ny@herrljunga.example"], "givenName": ["Anna"], "sn": ["Åberg – Öst"],
        "departmentNumber": ["BAR"]}},
    "sealed": {"password": PASSWORD, "subject": "sealed-1", "encrypt": True, "attributes": {
        "mail": ["sealed@herrljunga.example"], "givenName": ["Sigrid"], "sn": ["”Krypterad”"]}},
    "known": {"password": PASSWORD, "subject": "known-1", "attributes": {"mail": ["requester_a1@example.org"]}},
    "other": {"password": PASSWORD, "subject": "other-1", "attributes": {"mail": ["requester_b1@example.org"]}},
}  # fmt: skip


@pytest.fixture(scope="module")
def idps(live_server):
    """Two IdPs that both know Samdrift: the member's, and another one of a federation."""
    sps = [f"{live_server.url}/accounts/sso/{SLUG}/saml/metadata/"]
    started = [saml_idp.start(sp_metadata_urls=sps, users=IDP_USERS) for _ in range(2)]
    yield started
    for idp in started:
        idp.stop()


@pytest.fixture
def idp(idps):
    return idps[0]


@pytest.fixture
def provider(live_world, idp) -> IdentityProvider:
    return actions.do_create_identity_provider(
        acting_user=live_world.admin_alpha,
        member=live_world.member_a,
        name="Herrljunga kommun (SAML)",
        slug=SLUG,
        protocol=Protocol.SAML,
        saml_metadata_url=idp.metadata_url,
        department_claim="departmentNumber",
    )


def _hidden(page: str) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in re.findall(r'name="([^"]+)" value="([^"]*)"', page)}


def to_idp(live_server, session: requests.Session, username: str, password: str = PASSWORD) -> tuple[str, str]:
    """Samdrift → the IdP's login form → the IdP's self-submitting answer: (ACS, SAMLResponse)."""
    form = session.get(f"{live_server.url}/accounts/sso/{SLUG}/login/", timeout=30)
    assert form.status_code == 200 and "Test identity provider" in form.text, form.text[:1000]
    idp_root = form.url.split("/sso/")[0]
    answer = session.post(
        f"{idp_root}/login", data=_hidden(form.text) | {"username": username, "password": password}, timeout=30
    )
    assert "SAMLResponse" in answer.text, answer.text[:1000]
    action = html.unescape(re.search(r'action="([^"]+)"', answer.text).group(1))  # type: ignore[union-attr]
    return action, _hidden(answer.text)["SAMLResponse"]


def sign_in(live_server, username: str) -> tuple[requests.Session, requests.Response]:
    session = requests.Session()
    acs, answer = to_idp(live_server, session, username)
    return session, session.post(acs, data={"SAMLResponse": answer}, timeout=30)


def test_a_first_login_creates_the_user_in_the_member_with_the_attributes(live_world, provider, live_server) -> None:
    session, answer = sign_in(live_server, "anna")
    assert answer.status_code == 200 and answer.url == f"{live_server.url}/", answer.text[:2000]
    user = User.objects.get(email="anna.ny@herrljunga.example")
    assert (user.member, user.department, user.first_name, user.last_name) == (
        live_world.member_a,
        live_world.dept_a1,
        "Anna",
        "Åberg – Öst",
    )
    assert not user.has_usable_password()
    assert [(a.role, a.department) for a in user.role_assignments.all()] == [(Role.REQUESTER, live_world.dept_a1)]
    identity = ExternalIdentity.objects.get(user=user)
    assert (identity.provider, identity.subject) == (provider, "anna-4711")
    assert session.get(f"{live_server.url}/accounts/profile/", timeout=30).status_code == 200
    # A second login finds the same user by the persistent NameID.
    sign_in(live_server, "anna")
    assert User.objects.filter(email="anna.ny@herrljunga.example").count() == 1


def test_an_encrypted_assertion_is_decrypted_with_the_providers_own_key(live_world, provider, live_server) -> None:
    _session, answer = sign_in(live_server, "sealed")
    assert answer.url == f"{live_server.url}/", answer.text[:2000]
    assert User.objects.get(email="sealed@herrljunga.example").last_name == "”Krypterad”"


def test_a_known_address_in_the_member_is_linked_and_keeps_its_roles(live_world, provider, live_server) -> None:
    before = set(live_world.requester_a1.role_assignments.values_list("pk", flat=True))
    _session, answer = sign_in(live_server, "known")
    assert answer.url == f"{live_server.url}/"
    assert ExternalIdentity.objects.get().user == live_world.requester_a1
    assert set(live_world.requester_a1.role_assignments.values_list("pk", flat=True)) == before


def test_a_user_of_another_member_and_strangers_without_create_users_are_refused(
    live_world, provider, live_server
) -> None:
    _session, answer = sign_in(live_server, "other")
    assert answer.status_code == 403 and "annan medlem" in answer.text
    actions.do_update_identity_provider(
        provider, acting_user=None, expected_version=provider.version, create_users=False
    )
    _session, answer = sign_in(live_server, "anna")
    assert answer.status_code == 403 and not User.objects.filter(email="anna.ny@herrljunga.example").exists()
    assert not ExternalIdentity.objects.exists()


def test_without_the_session_cookie_the_answer_is_posted_again_from_samdrifts_own_page(
    live_world, provider, live_server
) -> None:
    """A browser does not send the SameSite=Lax session cookie with the IdP's cross-site
    POST: the first post shows a page that posts the answer again, with the cookie."""
    session = requests.Session()
    acs, answer = to_idp(live_server, session, "anna")
    first = requests.post(acs, data={"SAMLResponse": answer}, timeout=30)  # no cookies, as cross-site
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-store"
    assert "_auth_user_id" not in first.text and not User.objects.filter(email="anna.ny@herrljunga.example").exists()
    form = re.search(r"<form [^>]*data-autosubmit.*?</form>", first.text, re.S).group(0)  # type: ignore[union-attr]
    again = _hidden(form)
    assert again == {"SAMLResponse": answer, "continued": "1"} and f'action="{acs.split(":", 2)[2][5:]}' in form
    done = session.post(acs, data=again, timeout=30)
    assert done.url == f"{live_server.url}/", done.text[:2000]
    assert User.objects.filter(email="anna.ny@herrljunga.example").exists()


def test_an_answer_without_a_request_of_this_browser_is_refused(live_world, provider, live_server) -> None:
    session = requests.Session()
    acs, answer = to_idp(live_server, session, "anna")
    stranger = requests.post(acs, data={"SAMLResponse": answer, "continued": "1"}, timeout=30)
    assert stranger.status_code == 400 and "inte startad i den här webbläsaren" in stranger.text
    assert not User.objects.filter(email="anna.ny@herrljunga.example").exists()
    assert session.post(acs, data={"SAMLResponse": answer}, timeout=30).url == f"{live_server.url}/"
    # Replayed in the same browser: the request it answered is used up.
    replay = session.post(acs, data={"SAMLResponse": answer, "continued": "1"}, timeout=30)
    assert replay.status_code == 400


def test_a_tampered_answer_is_refused_not_a_500(live_world, provider, live_server) -> None:
    session = requests.Session()
    acs, answer = to_idp(live_server, session, "anna")
    forged = base64.b64decode(answer).replace(b"anna.ny@herrljunga.example", b"admin_alpha@example.org")
    refused = session.post(acs, data={"SAMLResponse": base64.b64encode(forged).decode()}, timeout=30)
    assert refused.status_code == 400 and "kunde inte verifieras" in refused.text
    assert not ExternalIdentity.objects.exists()
    for junk in ("", "not base64 !", base64.b64encode(b"<nope/>").decode()):
        assert session.post(acs, data={"SAMLResponse": junk, "continued": "1"}, timeout=30).status_code == 400


def test_an_answer_signed_by_another_idp_of_the_federation_is_refused(live_world, idps, live_server) -> None:
    """Federation metadata names many IdPs; only the provider's own may sign its people in."""
    ours, theirs = idps
    federation = md.EntitiesDescriptor(
        entity_descriptor=[md.entity_descriptor_from_string(idp.metadata()) for idp in idps]
    )
    federated = actions.do_create_identity_provider(
        acting_user=None,
        member=live_world.member_a,
        name="Federationen",
        slug=SLUG,
        protocol=Protocol.SAML,
        saml_metadata=str(federation),
        saml_entity_id=theirs.entity_id,
    )
    session = requests.Session()
    acs, theirs_answer = to_idp(live_server, session, "anna")
    assert acs.startswith(live_server.url)
    # The provider is the other IdP's; its answer to this browser's request must not count.
    actions.do_update_identity_provider(
        federated, acting_user=None, expected_version=federated.version, saml_entity_id=ours.entity_id
    )
    answer = session.post(acs, data={"SAMLResponse": theirs_answer}, timeout=30)
    assert answer.status_code == 400 and "en annan identitetsleverantör" in answer.text, answer.text[:2000]
    assert not ExternalIdentity.objects.exists()


def test_the_metadata_names_the_entity_the_acs_and_the_providers_certificate(live_world, provider, live_server) -> None:
    answer = requests.get(f"{live_server.url}/accounts/sso/{SLUG}/saml/metadata/", timeout=30)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("application/samlmetadata+xml")
    descriptor = md.entity_descriptor_from_string(answer.text)
    assert descriptor.entity_id == f"{live_server.url}/accounts/sso/{SLUG}/saml/metadata/"
    sp = descriptor.spsso_descriptor[0]
    assert sp.authn_requests_signed == "true"
    assert [(a.location, a.binding) for a in sp.assertion_consumer_service] == [
        (f"{live_server.url}/accounts/sso/{SLUG}/saml/acs/", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST")
    ]
    body = "".join(provider.saml_sp_certificate.strip().splitlines()[1:-1])
    assert {k.use for k in sp.key_descriptor} == {"signing", "encryption"}
    assert {k.key_info.x509_data[0].x509_certificate.text.replace("\n", "") for k in sp.key_descriptor} == {body}
    # An OIDC provider has no SAML addresses; an unknown one neither.
    assert requests.get(f"{live_server.url}/accounts/sso/nope/saml/metadata/", timeout=30).status_code == 404


def test_the_key_pair_is_made_once_stored_encrypted_and_rotated(live_world, idp, settings) -> None:
    old, new = secrets.generate_key(), secrets.generate_key()
    settings.SAMDRIFT_ENCRYPTION_KEYS = [old]
    made = actions.do_create_identity_provider(
        acting_user=None, member=live_world.member_a, name="H", slug=SLUG, protocol=Protocol.SAML,
        saml_metadata=idp.metadata(),
    )  # fmt: skip
    key = secrets.decrypt(made.saml_sp_key_encrypted)
    assert key.startswith("-----BEGIN PRIVATE KEY-----") and "PRIVATE" not in made.saml_sp_key_encrypted
    audited = AuditEntry.objects.filter(object_id=str(made.pk), content_type__model="identityprovider")
    assert "PRIVATE KEY" not in str(list(audited.values_list("after", flat=True)))
    changed = actions.do_update_identity_provider(made, acting_user=None, expected_version=made.version, name="Ny")
    assert changed.saml_sp_certificate == made.saml_sp_certificate
    settings.SAMDRIFT_ENCRYPTION_KEYS = [new, old]
    assert actions.do_rotate_provider_secrets() == 1
    settings.SAMDRIFT_ENCRYPTION_KEYS = [new]
    changed.refresh_from_db()
    assert secrets.decrypt(changed.saml_sp_key_encrypted) == key


def test_an_oidc_provider_that_becomes_saml_gets_a_key_pair(live_world, idp) -> None:
    oidc = actions.do_create_identity_provider(
        acting_user=None, member=live_world.member_a, name="H", slug=SLUG, issuer="https://login.example",
        client_id="c", client_secret="s",
    )  # fmt: skip
    assert not oidc.saml_sp_certificate and not oidc.saml_sp_key_encrypted
    made = actions.do_update_identity_provider(
        oidc, acting_user=None, expected_version=oidc.version, protocol=Protocol.SAML, saml_metadata=idp.metadata()
    )
    assert made.saml_sp_certificate and secrets.decrypt(made.saml_sp_key_encrypted)
    assert made.saml_entity_id == idp.entity_id


def test_metadata_that_names_no_usable_idp_is_refused_in_the_form(live_world, idps, client) -> None:
    client.force_login(live_world.admin_alpha)
    base = {
        "member": live_world.member_a.pk,
        "name": "SAML",
        "slug": "saml-form",
        "protocol": "saml",
        "create_users": "on",
        "is_active": "on",
    }
    url = "/accounts/identityproviders/add/"
    cases = {
        "": "metadata-URL",
        "<EntityDescriptor": "kan inte läsas",
        str(md.EntitiesDescriptor(entity_descriptor=[md.entity_descriptor_from_string(i.metadata()) for i in idps])): (
            "2 identitetsleverantörer"
        ),
    }
    for metadata, message in cases.items():
        answer = client.post(url, base | {"saml_metadata": metadata})
        assert answer.status_code == 400 and message in answer.content.decode(), message
    assert not IdentityProvider.objects.exists()
    answer = client.post(url, base | {"saml_metadata": idps[0].metadata()})
    assert answer.status_code == 302, answer.content.decode()[:3000]
    made = IdentityProvider.objects.get()
    assert made.saml_entity_id == idps[0].entity_id and made.saml_sp_certificate.startswith("-----BEGIN CERTIFICATE")
    assert saml.idp_entity_id(made.saml_metadata) == idps[0].entity_id
    # OpenID Connect still needs its issuer, client ID and secret.
    answer = client.post(url, base | {"slug": "oidc-form", "protocol": "oidc"})
    page = answer.content.decode()
    assert answer.status_code == 400 and "utfärdar" in page.lower() and IdentityProvider.objects.count() == 1


@pytest.mark.browser
def test_signing_in_through_the_members_saml_idp_in_a_browser(live_world, provider, page, live_server) -> None:
    """In Chromium the IdP's cross-site POST comes without the session cookie, so this also
    goes through Samdrift's own continue page."""
    page.set_default_timeout(60_000)
    page.goto(f"{live_server.url}/login/?next=/accounts/profile/")
    assert_accessible(page)
    page.get_by_role("link", name="Logga in med Herrljunga kommun (SAML)").click()
    page.fill("#idp-username", "anna")
    page.fill("#idp-password", PASSWORD)
    page.get_by_role("button", name="Sign in at the IdP").click()
    page.wait_for_url(f"{live_server.url}/accounts/profile/")
    assert_accessible(page)
    assert "Anna" in page.content()
    assert User.objects.filter(email="anna.ny@herrljunga.example", member=live_world.member_a).exists()


@pytest.mark.browser
def test_the_providers_page_shows_what_to_register_at_the_idp(live_world, provider, page, live_server) -> None:
    log_in(page, live_server.url, "admin_alpha", WORLD_PASSWORD)
    page.goto(f"{live_server.url}{provider.get_absolute_url()}")
    assert_accessible(page)
    assert page.get_by_text(f"{live_server.url}/accounts/sso/{SLUG}/saml/acs/").is_visible()
    assert page.locator("pre.certificate").inner_text().startswith("-----BEGIN CERTIFICATE-----")
