"""Login throttling (django-axes): lock a username + address, refuse it, unlock it, audit it."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from samdrift.core.models import AuditEntry
from samdrift.testing.world import PASSWORD

LIMIT = 3
ATTACKER = "10.0.0.66"
ELSEWHERE = "10.0.0.77"


@pytest.fixture(autouse=True)
def _small_limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


def form_login(client: Client, username: str, password: str, address: str = ATTACKER, **extra):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def api_login(username: str, password: str, address: str = ATTACKER, language: str = "sv"):
    return APIClient().post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        format="json",
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def lock_entries(user) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(content_type__model="user", object_id=str(user.pk), after__has_key="login_locked")
    )


def test_the_login_form_locks_after_the_limit(world, settings) -> None:
    client = Client()
    for _ in range(LIMIT - 1):
        response = form_login(client, "orderer_a", "fel-lösenord")
        assert response.status_code == 200
        assert "För många misslyckade inloggningar" not in response.content.decode()
    response = form_login(client, "orderer_a", "fel-lösenord")
    assert response.status_code == 429
    text = response.content.decode()
    assert "För många misslyckade inloggningar för den här användaren från din adress" in text
    assert 'role="alert"' in text, "the message is the form's error summary"
    assert 0 < int(response["Retry-After"]) <= 15 * 60

    refused = form_login(client, "orderer_a", PASSWORD)
    assert refused.status_code == 429 and not logged_in(client), "the right password is refused while locked"
    assert "För många misslyckade inloggningar" in refused.content.decode()

    english_client = Client()
    english_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch
    english = form_login(english_client, "orderer_a", PASSWORD)
    assert english.status_code == 429
    assert "Too many failed logins for this user from your address" in english.content.decode()

    (entry,) = lock_entries(world.orderer_a)
    assert entry.after == {"login_locked": True, "ip_address": ATTACKER, "failed_logins": LIMIT}
    assert entry.actor is None and entry.scope_member == world.member_a.pk

    other_user = Client()
    assert form_login(other_user, "orderer_b", PASSWORD).status_code == 302 and logged_in(other_user)
    other_address = Client()
    assert form_login(other_address, "orderer_a", PASSWORD, address=ELSEWHERE).status_code == 302
    assert logged_in(other_address), "the same user from another address is not locked"


def test_the_token_endpoint_locks_after_the_limit(world) -> None:
    for _ in range(LIMIT - 1):
        response = api_login("orderer_a", "fel")
        assert response.status_code == 400 and response.json()["code"] == "invalid_credentials"
    response = api_login("orderer_a", "fel")
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "locked_out"
    assert body["detail"].startswith("För många misslyckade inloggningar")
    assert int(response["Retry-After"]) > 0

    refused = api_login("orderer_a", PASSWORD, language="en")
    assert refused.status_code == 429 and "token" not in refused.json()
    assert refused.json()["detail"].startswith("Too many failed logins for this user from your address.")
    assert len(lock_entries(world.orderer_a)) == 1, "one audit row per lock, not per refused attempt"

    assert api_login("orderer_b", PASSWORD).status_code == 201
    assert api_login("orderer_a", PASSWORD, address=ELSEWHERE).status_code == 201


def test_form_and_api_failures_count_together(world) -> None:
    form_login(Client(), "orderer_a", "fel")
    api_login("orderer_a", "fel")
    assert api_login("orderer_a", "fel").status_code == 429
    assert form_login(Client(), "orderer_a", PASSWORD).status_code == 429


def test_a_success_before_the_limit_resets_the_count(world) -> None:
    for _ in range(LIMIT - 1):
        form_login(Client(), "orderer_a", "fel")
    assert form_login(Client(), "orderer_a", PASSWORD).status_code == 302
    for _ in range(LIMIT - 1):
        assert form_login(Client(), "orderer_a", "fel").status_code == 200
    assert api_login("orderer_a", PASSWORD).status_code == 201


def test_the_lock_ends_after_the_cool_off(world, settings) -> None:
    for _ in range(LIMIT):
        form_login(Client(), "orderer_a", "fel")
    assert form_login(Client(), "orderer_a", PASSWORD).status_code == 429
    attempt = AccessAttempt.objects.get(username="orderer_a")
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - settings.AXES_COOLOFF_TIME)
    assert form_login(Client(), "orderer_a", PASSWORD).status_code == 302


def test_an_administrator_unlocks_from_the_user_page(world, client_for) -> None:
    for _ in range(LIMIT):
        form_login(Client(), "requester_a1", "fel")
    lock = AccessAttempt.objects.get(username="requester_a1")
    user_page = f"/accounts/users/{world.requester_a1.pk}/"

    outsider = client_for("admin_beta")
    assert outsider.post(f"/accounts/lockouts/{lock.pk}/unlock/").status_code == 404
    member_b_admin = client_for("admin_b")
    assert "requester_a1" not in member_b_admin.get("/accounts/lockouts/").content.decode()
    assert member_b_admin.post(f"/accounts/lockouts/{lock.pk}/unlock/").status_code == 404
    assert client_for("agent_alpha").get("/accounts/lockouts/").status_code == 403
    assert form_login(Client(), "requester_a1", PASSWORD).status_code == 429, "still locked"

    admin = client_for("admin_alpha")
    page = admin.get(user_page).content.decode()
    assert "Inloggningen är låst" in page and ATTACKER in page
    listing = admin.get("/accounts/lockouts/").content.decode()
    assert "requester_a1" in listing and ATTACKER in listing
    response = admin.post(f"/accounts/lockouts/{lock.pk}/unlock/", {"next": user_page})
    assert response.status_code == 302 and response["Location"] == user_page
    assert "Inloggningen är låst" not in admin.get(user_page).content.decode()
    assert not AccessAttempt.objects.filter(username="requester_a1").exists()

    unlocked = [e for e in lock_entries(world.requester_a1) if (e.after or {}).get("login_locked") is False]
    assert len(unlocked) == 1 and unlocked[0].actor == world.admin_alpha
    assert unlocked[0].before is not None
    assert unlocked[0].before["ip_address"] == ATTACKER
    assert form_login(Client(), "requester_a1", PASSWORD).status_code == 302


def test_the_unlock_command(world, capsys) -> None:
    for address in (ATTACKER, ELSEWHERE):
        for _ in range(LIMIT):
            api_login("orderer_a", "fel", address=address)
    call_command("unlock_login", "--list")
    listed = capsys.readouterr().out
    assert ATTACKER in listed and ELSEWHERE in listed
    call_command("unlock_login", "orderer_a", "--ip", ATTACKER)
    assert "1" in capsys.readouterr().out
    assert api_login("orderer_a", PASSWORD).status_code == 201
    assert api_login("orderer_a", PASSWORD, address=ELSEWHERE).status_code == 429, "only that address"
    call_command("unlock_login", "orderer_a")
    assert api_login("orderer_a", PASSWORD, address=ELSEWHERE).status_code == 201
    unlocked = [e for e in lock_entries(world.orderer_a) if (e.after or {}).get("login_locked") is False]
    assert len(unlocked) == 2 and {e.actor_repr for e in unlocked} == {"system"}


def test_unknown_usernames_lock_too_and_only_superusers_see_them(world, client_for) -> None:
    for _ in range(LIMIT):
        form_login(Client(), "finns.inte", "fel")
    assert form_login(Client(), "finns.inte", "fel").status_code == 429
    assert "finns.inte" not in client_for("admin_alpha").get("/accounts/lockouts/").content.decode()
    entry = AuditEntry.objects.get(content_type__model="accessattempt")
    assert entry.after is not None
    assert entry.after["login_locked"] is True and entry.scope_collaboration is None
