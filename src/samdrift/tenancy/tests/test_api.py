"""REST API v1 for tenancy: scoping, auth, If-Match versions, JSON errors in sv and en."""

import pytest
from rest_framework.test import APIClient

from samdrift.accounts.actions import do_create_api_token
from samdrift.tenancy.models import Department


def test_requester_gets_404_on_another_members_department_in_the_api(world, api_for) -> None:
    client = api_for("requester_a1")
    response = client.get(f"/api/v1/departments/{world.dept_b1.pk}/")
    assert response.status_code == 404
    assert response.json()["detail"]
    assert client.get(f"/api/v1/departments/{world.dept_a1.pk}/").status_code == 200


def test_token_authentication(world) -> None:
    _, key = do_create_api_token(acting_user=None, user=world.orderer_a, name="test", expires=None)
    client = APIClient()
    assert client.get("/api/v1/members/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    payload = client.get("/api/v1/members/").json()
    assert [m["name"] for m in payload["results"]] == [world.member_a.name]
    client.credentials(HTTP_AUTHORIZATION="Token wrong")
    response = client.get("/api/v1/members/")
    assert response.status_code == 401 and response.json()["detail"]


def test_obtain_token_with_password(world) -> None:
    from samdrift.testing.world import PASSWORD

    response = APIClient().post("/api/v1/auth/token/", {"username": "orderer_a", "password": PASSWORD})
    assert response.status_code == 201 and response.json()["token"]


def test_create_update_delete_with_versions(world, api_for) -> None:
    client = api_for("admin_b")
    response = client.post("/api/v1/departments/", {"member": world.member_b.pk, "name": "Teknik"}, format="json")
    assert response.status_code == 201, response.json()
    url = f"/api/v1/departments/{response.json()['id']}/"
    etag = client.get(url)["ETag"]
    assert etag == '"1"'

    missing = client.patch(url, {"name": "Utan version"}, format="json")
    assert missing.status_code == 428 and "If-Match" in missing.json()["detail"]

    ok = client.patch(url, {"name": "Teknik och fritid"}, format="json", HTTP_IF_MATCH=etag)
    assert ok.status_code == 200 and ok.json()["version"] == 2 and ok["ETag"] == '"2"'

    stale = client.patch(url, {"name": "Gammal"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert stale.json()["code"] == "version_conflict" and stale.json()["current_version"] == 2
    assert Department.objects.get(pk=ok.json()["id"]).name == "Teknik och fritid"

    assert client.delete(url, HTTP_IF_MATCH='"2"').status_code == 204
    assert client.get(url).status_code == 404


def test_api_refuses_objects_outside_scope_as_references(world, api_for) -> None:
    client = api_for("admin_b")
    response = client.post("/api/v1/departments/", {"member": world.member_a.pk, "name": "X"}, format="json")
    assert response.status_code == 400
    assert "member" in response.json()["errors"]


def test_non_managers_get_403(world, api_for) -> None:
    client = api_for("orderer_a")
    response = client.patch(
        f"/api/v1/departments/{world.dept_a1.pk}/", {"name": "X"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 403 and response.json()["detail"]
    response = client.post("/api/v1/departments/", {"member": world.member_a.pk, "name": "X"}, format="json")
    assert response.status_code == 403


@pytest.mark.parametrize(("language", "expected"), [("sv", "ogiltiga"), ("en", "invalid data")])
def test_validation_errors_are_json_in_the_requested_language(world, api_for, language, expected) -> None:
    client = api_for("admin_alpha")
    response = client.post(
        "/api/v1/members/",
        {"collaboration": world.alpha.pk, "scb_code": "9999", "joined_on": "igår"},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    body = response.json()
    assert expected in body["detail"]
    assert set(body["errors"]) >= {"joined_on"}


def test_model_validation_errors_become_400(world, api_for) -> None:
    client = api_for("admin_alpha")
    response = client.post(
        "/api/v1/members/",
        {"collaboration": world.alpha.pk, "scb_code": "9999", "joined_on": "2024-01-01"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "9999" in str(response.json()["errors"]["scb_code"])


def test_malformed_json_is_a_400(world, api_for) -> None:
    response = api_for("admin_alpha").generic(
        "POST", "/api/v1/departments/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["detail"]


def test_unknown_api_path_is_json_404(world, api_for) -> None:
    response = api_for("admin_alpha").get("/api/v1/does-not-exist/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_members_cannot_be_deleted(world, api_for) -> None:
    response = api_for("admin_alpha").delete(f"/api/v1/members/{world.member_b.pk}/", HTTP_IF_MATCH='"1"')
    assert response.status_code == 405 and response.json()["detail"]


def test_populations_and_filters(world, api_for) -> None:
    client = api_for("controller_alpha")
    for member, inhabitants in ((world.member_a, 9500), (world.member_b, 12000)):
        response = client.post(
            "/api/v1/populations/",
            {
                "member": member.pk,
                "year": 2026,
                "inhabitants": inhabitants,
                "employees": 900,
                "reference_date": "2025-12-31",
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
    rows = client.get("/api/v1/populations/", {"member": world.member_b.pk}).json()["results"]
    assert [(r["year"], r["inhabitants"]) for r in rows] == [(2026, 12000)]
    assert api_for("orderer_a").get("/api/v1/populations/").json()["count"] == 1


def test_schema_and_docs(world, api_for) -> None:
    client = api_for("admin_alpha")
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    document = schema.json()
    assert document["openapi"].startswith("3.")
    for path in (
        "/api/v1/members/",
        "/api/v1/departments/{id}/",
        "/api/v1/units/",
        "/api/v1/populations/",
        "/api/v1/users/",
    ):
        assert path in document["paths"], path
    patch = document["paths"]["/api/v1/departments/{id}/"]["patch"]
    assert any(p["name"] == "If-Match" for p in patch["parameters"])
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=abc", "limit"),
        ("limit=0", "limit"),
        ("limit=-5", "limit"),
        ("limit=100000", "limit"),
        ("offset=-1", "offset"),
        ("offset=x", "offset"),
        ("is_active=maybe", "is_active"),
        ("is_active=", "is_active"),
        ("member=abc", "member"),
    ],
)
def test_bad_paging_and_filter_values_are_a_400(world, api_for, query, field) -> None:
    """They were silently ignored: a typo gave every row, or the first page."""
    client = api_for("admin_alpha")
    response = client.get(f"/api/v1/departments/?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid" and set(body) == {"detail", "code", "errors"}
    assert field in body["errors"]
    swedish = client.get(f"/api/v1/departments/?{query}", HTTP_ACCEPT_LANGUAGE="sv")
    assert swedish.json()["detail"] == "Begäran innehåller ogiltiga uppgifter."


def test_good_paging_and_filter_values_still_work(world, api_for) -> None:
    client = api_for("admin_alpha")
    everything = client.get("/api/v1/departments/").json()
    for value, active in (("true", True), ("false", False), ("1", True), ("0", False)):
        page = client.get(f"/api/v1/departments/?is_active={value}&limit=1&offset=0").json()
        assert all(d["is_active"] is active for d in page["results"]) and len(page["results"]) <= 1
    assert client.get(f"/api/v1/departments/?offset={everything['count']}").json()["results"] == []
