"""API tokens: hashed at rest, several per user, expiry, last use, revocation, migration."""

from __future__ import annotations

import datetime
import hashlib
import importlib
import re

from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from samdrift.accounts import actions, tokens
from samdrift.accounts.models import ApiToken
from samdrift.core.models import AuditEntry
from samdrift.testing.world import PASSWORD


def api_with(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def create_on_profile(client, name: str, expires: str = "") -> str:
    page = client.post("/accounts/profile/", {"create_token": "1", "name": name, "expires": expires})
    assert page.status_code == 200, page.content.decode()[:1500]
    match = re.search(r'id="new-token">([^<]+)<', page.content.decode())
    assert match, "the new key is shown once"
    return match.group(1)


def test_profile_creates_a_token_and_stores_only_its_hash(world, client_for) -> None:
    client = client_for("orderer_a")
    key = create_on_profile(client, "Rapportskript – ”nattlig” körning", expires="")
    assert key.startswith("sd_") and len(key) >= 40
    token = ApiToken.objects.get(user=world.orderer_a)
    assert token.name == "Rapportskript – ”nattlig” körning"
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    stored = [str(v) for v in ApiToken.objects.filter(pk=token.pk).values().get().values()]
    assert not any(key in value for value in stored), "the key itself is not stored"
    assert key.startswith(token.prefix) and len(token.prefix) < 10
    assert token.expires is None

    entry = AuditEntry.objects.get(content_type__model="apitoken", object_id=str(token.pk), action="create")
    assert entry.after is not None
    assert key not in str(entry.after) and "key_hash" not in entry.after
    assert entry.scope_member == world.member_a.pk, "scoped like the owner, for their administrators"

    assert api_with(key).get("/api/v1/members/").status_code == 200
    listing = client.get("/accounts/profile/").content.decode()
    assert token.name in listing and key not in listing, "shown once, never again"


def test_several_named_tokens_with_the_default_expiry(world, client_for, settings) -> None:
    settings.SAMDRIFT_API_TOKEN_DEFAULT_DAYS = 30
    client = client_for("orderer_a")
    form = client.get("/accounts/profile/").content.decode()
    default_day = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    assert f'value="{default_day}"' in form, "the expiry field starts at the configured default"
    first = create_on_profile(client, "Första", expires=default_day)
    second = create_on_profile(client, "Andra", expires=default_day)
    assert first != second
    for key in (first, second):
        assert api_with(key).get("/api/v1/members/").status_code == 200
    expiries = {t.expires for t in ApiToken.objects.filter(user=world.orderer_a)}
    assert len(expiries) == 1
    (expires,) = expiries
    assert timezone.localtime(expires).date().isoformat() == default_day, "works through the chosen day"


def test_a_past_expiry_is_refused_with_a_message(world, client_for) -> None:
    client = client_for("orderer_a")
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    page = client.post("/accounts/profile/", {"create_token": "1", "name": "Gammal", "expires": yesterday})
    assert page.status_code == 400
    assert "Välj i dag eller en senare dag" in page.content.decode()
    assert not ApiToken.objects.filter(user=world.orderer_a).exists()


def test_expired_and_revoked_tokens_answer_401_json(world) -> None:
    past = timezone.now() - datetime.timedelta(minutes=1)
    _, expired = actions.do_create_api_token(acting_user=None, user=world.orderer_a, name="old", expires=past)
    token, revoked = actions.do_create_api_token(acting_user=None, user=world.orderer_a, name="gone", expires=None)
    actions.do_revoke_api_token(token, acting_user=world.orderer_a)

    response = api_with(expired).get("/api/v1/members/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "The API token has expired.", "code": "token_expired"}
    response = api_with(revoked).get("/api/v1/members/")
    assert response.status_code == 401
    assert response.json() == {"detail": "API-token är inte giltig.", "code": "invalid_token"}
    response = api_with("sd_not-a-token").get("/api/v1/members/")
    assert response.status_code == 401 and response.json()["code"] == "invalid_token"


def test_a_token_of_an_inactive_user_is_refused(world) -> None:
    _, key = actions.do_create_api_token(acting_user=None, user=world.orderer_a, name="x", expires=None)
    type(world.orderer_a).objects.filter(pk=world.orderer_a.pk).update(is_active=False)
    response = api_with(key).get("/api/v1/members/")
    assert response.status_code == 401 and response.json()["code"] == "user_inactive"


def test_last_used_is_written_at_most_once_a_minute(world, django_assert_num_queries) -> None:
    token, key = actions.do_create_api_token(acting_user=None, user=world.orderer_a, name="x", expires=None)
    assert token.last_used is None
    client = api_with(key)
    before = timezone.now()
    assert client.get("/api/v1/members/").status_code == 200
    token.refresh_from_db()
    assert token.last_used is not None and token.last_used >= before
    first_use = token.last_used

    assert client.get("/api/v1/members/").status_code == 200
    token.refresh_from_db()
    assert token.last_used == first_use, "no second write within the interval"

    ApiToken.objects.filter(pk=token.pk).update(last_used=first_use - datetime.timedelta(minutes=2))
    assert client.get("/api/v1/members/").status_code == 200
    token.refresh_from_db()
    assert token.last_used >= before and token.last_used != first_use - datetime.timedelta(minutes=2)

    # Within the interval, authenticating writes nothing: one query reads the token.
    fresh = ApiToken.objects.get(pk=token.pk)
    with django_assert_num_queries(0):
        actions.note_api_token_use(fresh, now=fresh.last_used + datetime.timedelta(seconds=30))


def test_revoking_from_the_profile_stops_the_token_and_is_audited(world, client_for) -> None:
    client = client_for("orderer_a")
    key = create_on_profile(client, "Skript")
    token = ApiToken.objects.get(user=world.orderer_a)
    response = client.post(f"/accounts/profile/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert api_with(key).get("/api/v1/members/").status_code == 401
    token.refresh_from_db()
    assert token.revoked is not None
    entry = AuditEntry.objects.get(content_type__model="apitoken", object_id=str(token.pk), action="update")
    assert entry.before is not None and entry.after is not None
    assert entry.before["revoked"] is None and entry.after["revoked"]
    assert entry.actor == world.orderer_a
    page = client.get("/accounts/profile/").content.decode()
    assert f"/accounts/profile/tokens/{token.pk}/revoke/" not in page, "revoked tokens leave the list"
    assert client.post(f"/accounts/profile/tokens/{token.pk}/revoke/").status_code == 404


def test_another_user_cannot_revoke_your_token(world, client_for) -> None:
    token, key = actions.do_create_api_token(acting_user=None, user=world.orderer_a, name="mine", expires=None)
    for other in ("orderer_b", "admin_alpha", "requester_a1"):
        assert client_for(other).post(f"/accounts/profile/tokens/{token.pk}/revoke/").status_code == 404
        assert "mine" not in client_for(other).get("/accounts/profile/").content.decode()
    token.refresh_from_db()
    assert token.revoked is None
    assert api_with(key).get("/api/v1/members/").status_code == 200


def test_the_token_endpoint_creates_a_named_token(world, settings) -> None:
    settings.SAMDRIFT_API_TOKEN_DEFAULT_DAYS = 90
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "orderer_a", "password": PASSWORD, "name": "CI"}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    token = ApiToken.objects.get(pk=body["id"])
    assert token.name == "CI" and token.key_hash == tokens.hash_key(body["token"])
    assert timezone.localtime(token.expires).date() == timezone.localdate() + datetime.timedelta(days=90)
    assert api_with(body["token"]).get("/api/v1/members/").status_code == 200

    never = APIClient().post(
        "/api/v1/auth/token/", {"username": "orderer_a", "password": PASSWORD, "expires": None}, format="json"
    )
    assert never.status_code == 201 and never.json()["expires"] is None

    wrong = APIClient().post("/api/v1/auth/token/", {"username": "orderer_a", "password": "nope"}, format="json")
    assert wrong.status_code == 400 and wrong.json()["code"] == "invalid_credentials"
    assert wrong.json()["detail"]


def test_old_drf_tokens_are_migrated_as_hashes(world) -> None:
    """Migration 0004 on a database that still has DRF's authtoken table."""
    from django.apps import apps

    migration = importlib.import_module("samdrift.accounts.migrations.0004_hash_drf_tokens")
    old_key = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute(
            'CREATE TABLE authtoken_token ("key" varchar(40) PRIMARY KEY, user_id bigint NOT NULL, created timestamp with time zone NOT NULL)'
            if connection.vendor == "postgresql"
            else 'CREATE TABLE authtoken_token ("key" varchar(40) PRIMARY KEY, user_id bigint NOT NULL, created datetime NOT NULL)'
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)",
            [old_key, world.orderer_a.pk, datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)],
        )

    class Editor:
        def __init__(self) -> None:
            self.connection = connection

        def execute(self, sql: str) -> None:
            with connection.cursor() as cursor:
                cursor.execute(sql)

    migration.hash_old_tokens(apps, Editor())
    token = ApiToken.objects.get(user=world.orderer_a)
    assert token.key_hash == hashlib.sha256(old_key.encode()).hexdigest() and token.expires is None
    assert token.created == datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    assert "authtoken_token" not in connection.introspection.table_names()
    assert api_with(old_key).get("/api/v1/members/").status_code == 200, "existing scripts keep working"
