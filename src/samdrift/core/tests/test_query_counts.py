"""Every list page and API list runs a fixed number of queries, however many rows it shows.

For each model with an isolation case (``samdrift.testing.isolation``), the insider's list
page and API list are requested with one object, and again after a second object was
made the same way: the number of queries must not change (a query per row is the
commonest way a page grows with the data). This is step 12 of the adding-a-model
checklist, checked for every model instead of by hand.
"""

from __future__ import annotations

import copy
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models.base import ModelState
from django.test.utils import CaptureQueriesContext

from samdrift.testing.isolation import IsolationCase, all_cases, api_urls, list_url

CASES = all_cases()

# Lists that compute a value per row by design, each with the reason. Nothing else may.
PER_ROW: dict[str, str] = {
    "followup.goal": (
        "each goal's actual value is its KPI computed from the statistics rollup (one aggregate per goal, a page "
        "of at most 50; followup/goals.py)"
    ),
}


def _count(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries)


def _twin(obj: models.Model) -> bool:
    """A copy of ``obj`` with each of its uniqueness rules kept by changing one text,
    number or date field in it (the same parents, so it lands in the same list); False
    when a rule has no such field (one settings row per collaboration)."""
    meta = obj._meta
    rules = [tuple(c.fields) for c in meta.constraints if isinstance(c, models.UniqueConstraint) and c.fields]
    rules += [tuple(fields) for fields in meta.unique_together]
    rules += [(f.name,) for f in meta.concrete_fields if f.unique and not f.primary_key]
    twin = copy.copy(obj)
    twin.pk = None
    twin._state = ModelState()
    for fields in rules:
        for name in fields:
            field = meta.get_field(name)
            if not isinstance(field, models.Field):
                continue
            value = getattr(twin, field.attname)
            if field.choices or value is None:
                continue
            if isinstance(field, models.CharField | models.TextField):
                setattr(twin, field.attname, f"{value}2"[: field.max_length or None])
                break
            if isinstance(field, models.IntegerField):
                setattr(twin, field.attname, value + 1)
                break
            if isinstance(field, models.DateField):
                setattr(twin, field.attname, value + datetime.timedelta(days=1))
                break
        else:
            return False
    try:
        with transaction.atomic():
            twin.save()
    except IntegrityError:
        return False
    return True


def _second(case: IsolationCase, world, first: models.Model) -> bool:
    """A second object in the same list: made like the first, or (when a uniqueness rule
    refuses that) a twin of the first; False when the model allows only one."""
    try:
        with transaction.atomic():
            case.make(world)
    except (IntegrityError, ValidationError):
        return _twin(first)
    return True


@pytest.mark.parametrize("case", [c for c in CASES if c.ui], ids=lambda c: c.id)
def test_a_list_page_runs_the_same_queries_for_one_row_and_for_two(case: IsolationCase, world, client_for) -> None:
    obj = case.make(world)
    client = client_for(case.insider)
    url = list_url(case)
    client.get(url)  # sessions, content types and caches warm
    status, one = _count(client, url)
    assert status == 200
    if not _second(case, world, obj):
        pytest.skip("the case makes one object only")
    assert _count(client, url) == (200, one), f"{url}: {one} queries for one row, more for two"


@pytest.mark.parametrize("case", [c for c in CASES if c.api], ids=lambda c: c.id)
def test_an_api_list_runs_the_same_queries_for_one_row_and_for_two(case: IsolationCase, world, api_for) -> None:
    if case.model._meta.label_lower in PER_ROW:
        pytest.skip(PER_ROW[case.model._meta.label_lower])
    obj = case.make(world)
    client = api_for(case.insider)
    url = api_urls(case, obj)[0]
    client.get(url)
    status, one = _count(client, url)
    assert status == 200
    if not _second(case, world, obj):
        pytest.skip("the case makes one object only")
    assert _count(client, url) == (200, one), f"{url}: {one} queries for one row, more for two"
