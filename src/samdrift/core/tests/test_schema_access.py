"""/api/schema/ and /api/docs/: public only when SAMDRIFT_PUBLIC_API_SCHEMA says so."""

from __future__ import annotations

from django.test import Client
from rest_framework.test import APIClient

from samdrift.accounts.actions import do_create_api_token

SCHEMA_JSON = "application/vnd.oai.openapi+json"


def test_by_default_only_signed_in_users_read_the_schema(world, client_for, settings) -> None:
    settings.SAMDRIFT_PUBLIC_API_SCHEMA = False
    anonymous = APIClient()
    response = anonymous.get("/api/schema/", HTTP_ACCEPT=SCHEMA_JSON)
    assert response.status_code == 401
    docs = Client().get("/api/docs/")
    assert docs.status_code == 302 and docs["Location"].startswith("/login/?next=/api/docs/")
    assert Client().get("/api/docs/?script=").status_code == 302

    browser = client_for("requester_a1")
    assert browser.get("/api/schema/", HTTP_ACCEPT=SCHEMA_JSON).json()["openapi"].startswith("3.")
    page = browser.get("/api/docs/")
    assert page.status_code == 200 and b"swagger-ui" in page.content
    script = browser.get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert b"/api/schema/" in script.content

    _, key = do_create_api_token(acting_user=None, user=world.orderer_a, name="schema", expires=None)
    with_token = APIClient()
    with_token.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert with_token.get("/api/schema/", HTTP_ACCEPT=SCHEMA_JSON).status_code == 200


def test_a_setting_makes_the_schema_public(db, settings) -> None:
    settings.SAMDRIFT_PUBLIC_API_SCHEMA = True
    schema = APIClient().get("/api/schema/", HTTP_ACCEPT=SCHEMA_JSON)
    assert schema.status_code == 200 and "/api/v1/auth/token/" in schema.json()["paths"]
    docs = Client().get("/api/docs/")
    assert docs.status_code == 200 and b"swagger-ui" in docs.content
    assert Client().get("/api/docs/?script=").status_code == 200


def test_the_docs_page_has_no_inline_script_or_style(world, client_for) -> None:
    page = client_for("requester_a1").get("/api/docs/")
    html = page.content.decode()
    assert "<style" not in html
    assert html.count("<script") == html.count("<script src=")
    assert "default-src 'self'" in page["Content-Security-Policy"]
