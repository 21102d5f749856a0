"""API: numbers come from the server, versions are required, bad input is a 4xx body."""

from __future__ import annotations

import pytest

from samdrift.accounts import actions as account_actions
from samdrift.accounts.choices import Role
from samdrift.testing.world import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def registrar(world):
    user = account_actions.do_create_user(
        acting_user=None, username="registrator", password=PASSWORD, collaboration=world.alpha
    )
    account_actions.do_grant_role(acting_user=None, user=user, role=Role.REGISTRAR, collaboration=world.alpha)
    world.users["registrator"] = user
    return user


def test_register_a_matter_and_edit_it_with_its_version(world, registrar, api_for) -> None:
    api = api_for("registrator")
    made = api.post(
        "/api/v1/governance/matters/",
        {"collaboration": world.alpha.pk, "registered_on": "2026-05-02", "title": "Ekonomi prognos", "number": 99},
        format="json",
    )
    assert made.status_code == 201, made.json()
    body = made.json()
    assert body["case_number"] == "Dnr 2026/1" and body["number"] == 1  # the client's number is ignored
    url = f"/api/v1/governance/matters/{body['id']}/"
    assert api.patch(url, {"title": "Ny"}, format="json").status_code == 428
    assert api.patch(url, {"title": "Ny"}, format="json", HTTP_IF_MATCH='"1"').status_code == 200
    stale = api.patch(url, {"title": "Äldre"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412 and stale.json()["detail"]


def test_bad_input_and_forbidden_changes(world, registrar, api_for) -> None:
    bad = api_for("registrator").post(
        "/api/v1/governance/bodies/", {"collaboration": world.alpha.pk, "name": "", "seats": 0}, format="json"
    )
    assert bad.status_code == 400 and {"name", "seats"} <= set(bad.json()["errors"])
    member = api_for("controller_alpha").post(
        "/api/v1/governance/bodies/", {"collaboration": world.alpha.pk, "name": "Nämnden"}, format="json"
    )
    assert member.status_code == 403
    other = api_for("registrator").post(
        "/api/v1/governance/bodies/", {"collaboration": world.beta.pk, "name": "Nämnden"}, format="json"
    )
    assert other.status_code == 400  # beta is not offered to alpha's registrar


def test_the_schema_lists_governance(world, api_for) -> None:
    schema = api_for("controller_alpha").get("/api/schema/?format=json").json()
    assert "/api/v1/governance/minutes/{id}/sign/" in schema["paths"]
    assert "/api/v1/governance/decisions/{id}/dispatch_to/" in schema["paths"]
