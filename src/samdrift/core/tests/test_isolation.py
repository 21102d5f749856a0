"""Cross-member isolation on every list, detail and API endpoint of every tenant model."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps

from samdrift.testing.isolation import IsolationCase, all_cases, api_urls, list_url, ui_urls

CASES = all_cases()


def test_every_tenant_model_has_an_isolation_case() -> None:
    covered = {case.model for case in CASES}
    tenant_models = {m for m in apps.get_models() if hasattr(m, "tenant_paths")}
    assert tenant_models - covered == set()
    silent = [c.id for c in CASES if not (c.ui or c.api or c.pages or c.no_pages_reason)]
    assert silent == [], "a case without UI and API pages must name the pages that show the object (or why none)"
    no_ui = [c.id for c in CASES if c.ui and not hasattr(c.model, "get_absolute_url")]
    assert no_ui == [], "a model without get_absolute_url has no detail page: ui=False and pages=..."


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_queryset_hides_object_from_outsiders(case: IsolationCase, world) -> None:
    obj = case.make(world)
    manager = case.model._default_manager
    assert manager.visible_to(world.users[case.insider]).filter(pk=obj.pk).exists()  # type: ignore[attr-defined]
    for outsider in case.outsiders:
        assert not manager.visible_to(world.users[outsider]).filter(pk=obj.pk).exists(), outsider  # type: ignore[attr-defined]


@pytest.mark.parametrize("case", [c for c in CASES if c.pages], ids=lambda c: c.id)
def test_pages_hide_object_from_outsiders(case: IsolationCase, world, client_for) -> None:
    assert case.pages and case.marker
    obj = case.make(world)
    marker = case.marker(obj)
    for url in case.pages(obj):
        page = client_for(case.insider).get(url)
        assert page.status_code == 200 and marker in page.content.decode(), f"{case.insider} GET {url}"
        for outsider in case.outsiders:
            page = client_for(outsider).get(url)
            shown = page.status_code == 200 and marker in page.content.decode()
            assert page.status_code in (200, 403, 404) and not shown, f"{outsider} GET {url} -> {page.status_code}"


@pytest.mark.parametrize("case", [c for c in CASES if c.ui], ids=lambda c: c.id)
def test_ui_hides_object_from_outsiders(case: IsolationCase, world, client_for) -> None:
    obj = case.make(world)
    urls = ui_urls(case, obj)
    detail = urls["detail"]

    insider = client_for(case.insider)
    assert insider.get(detail).status_code == 200
    assert detail in insider.get(list_url(case)).content.decode()

    for outsider in case.outsiders:
        client = client_for(outsider)
        for action, url in urls.items():
            assert client.get(url).status_code == 404, f"{outsider} GET {action} {url}"
            if action in ("edit", "delete"):
                assert client.post(url, {}).status_code == 404, f"{outsider} POST {action} {url}"
        page = client.get(list_url(case))
        assert page.status_code == 200
        assert detail not in page.content.decode(), f"{outsider} sees {obj} in the list"


@pytest.mark.parametrize("case", [c for c in CASES if c.api], ids=lambda c: c.id)
def test_api_hides_object_from_outsiders(case: IsolationCase, world, api_for) -> None:
    obj = case.make(world)
    list_endpoint, detail_endpoint = api_urls(case, obj)

    insider = api_for(case.insider)
    assert insider.get(detail_endpoint).status_code == 200
    assert obj.pk in _ids(insider.get(list_endpoint, {"limit": 500}).json())

    for outsider in case.outsiders:
        client = api_for(outsider)
        response = client.get(detail_endpoint)
        assert response.status_code == 404, f"{outsider} GET {detail_endpoint}"
        assert response.json()["detail"]
        for method in ("patch", "put", "delete"):
            status = getattr(client, method)(detail_endpoint, {}, format="json", HTTP_IF_MATCH='"1"').status_code
            assert status in (404, 405), f"{outsider} {method.upper()} {detail_endpoint} -> {status}"
        assert obj.pk not in _ids(client.get(list_endpoint, {"limit": 500}).json())


def _ids(payload: dict[str, Any]) -> set[int]:
    return {row["id"] for row in payload["results"]}
