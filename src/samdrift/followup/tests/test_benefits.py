"""The benefits register (nyttorealisering): actions with audit, pages, API, the report."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samdrift.core.models import AuditEntry
from samdrift.followup import actions, report
from samdrift.followup.models import Benefit

TITLE = "Färre utskrifter – ”Skrivarlyftet” på Åsens skola"


def make(world, **fields):
    values = {
        "collaboration": world.alpha, "member": world.member_a, "title": TITLE, "kind": "savings",
        "expected_value": Decimal("125000.50"), "follow_up_on": datetime.date(2026, 3, 31), "owner": "Åsa Öberg",
    } | fields  # fmt: skip
    return actions.do_create_benefit(acting_user=world.users["controller_alpha"], **values)


def test_actions_write_audit_rows_and_validate(world) -> None:
    benefit = make(world)
    audit = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Benefit), object_id=str(benefit.pk)
    )
    assert audit.filter(action="create").count() == 1
    actions.do_update_benefit(
        benefit, acting_user=world.users["controller_alpha"], expected_version=benefit.version,
        realised_value=Decimal("62500.25"),
    )  # fmt: skip
    benefit.refresh_from_db()
    assert benefit.realised_value == Decimal("62500.25")
    assert benefit.realised_percent == Decimal("50.0")
    update = audit.get(action="update")
    assert update.after is not None
    assert update.after["realised_value"] == "62500.25"
    with pytest.raises(ValidationError) as error:
        make(world, member=world.member_c, expected_value=Decimal(-1))
    assert {"member", "expected_value"} <= set(error.value.message_dict)


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    expected=st.decimals(min_value=0, max_value=Decimal("999999999.99"), places=2),
    title=st.text(alphabet="abcåäöÅÄÖ –”'", min_size=1, max_size=60).filter(lambda t: t.strip() == t and t.strip()),
)
def test_amounts_and_titles_are_kept_exactly(world, expected, title) -> None:
    benefit = make(world, expected_value=expected, title=title)
    stored = Benefit.objects.get(pk=benefit.pk)
    assert (stored.expected_value, stored.title) == (expected, title)
    stored.delete()


def test_pages_edit_with_versions(world, client_for) -> None:
    client = client_for("controller_alpha")
    data = {
        "collaboration": world.alpha.pk, "member": world.member_a.pk, "title": TITLE, "kind": "hours",
        "expected_value": "400.00", "follow_up_on": "2026-03-31", "owner": "Åsa Öberg",
    }  # fmt: skip
    assert client.post("/followup/benefits/add/", data).status_code == 302
    benefit = Benefit.objects.get()
    assert client.get("/followup/benefits/").status_code == 200
    assert TITLE in client.get(f"/followup/benefits/{benefit.pk}/").content.decode()
    stale = client.post(f"/followup/benefits/{benefit.pk}/edit/", data | {"version": 0, "realised_value": "10"})
    assert stale.status_code == 409
    benefit.refresh_from_db()
    assert benefit.realised_value is None
    assert client_for("admin_alpha").get(f"/followup/benefits/{benefit.pk}/history/").status_code == 200
    assert client_for("orderer_a").post("/followup/benefits/add/", data).status_code == 403
    assert client_for("orderer_a").get(f"/followup/benefits/{benefit.pk}/").status_code == 200
    assert client_for("orderer_b").get(f"/followup/benefits/{benefit.pk}/").status_code == 404


def test_api_with_versions_and_filters(world, api_for) -> None:
    client = api_for("controller_alpha")
    created = client.post(
        "/api/v1/benefits/",
        {"collaboration": world.alpha.pk, "title": TITLE, "kind": "savings", "expected_value": "1000.10"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    url = f"/api/v1/benefits/{created.json()['id']}/"
    assert client.patch(url, {"realised_value": "500.05"}, format="json").status_code == 428
    changed = client.patch(url, {"realised_value": "500.05"}, format="json", HTTP_IF_MATCH='"1"')
    assert changed.status_code == 200
    assert changed.json()["realised_percent"] == "50.0"
    assert [b["title"] for b in client.get("/api/v1/benefits/", {"kind": "savings"}).json()["results"]] == [TITLE]
    assert client.get("/api/v1/benefits/", {"kind": "hours"}).json()["results"] == []
    bad = client.post("/api/v1/benefits/", {"collaboration": world.alpha.pk, "title": "x"}, format="json")
    assert bad.status_code == 400 and "expected_value" in bad.json()["errors"]


def test_the_delivery_report_lists_due_benefits_with_totals(world) -> None:
    due = make(world, follow_up_on=datetime.date(2026, 2, 10), realised_value=Decimal("100.50"))
    overdue = make(world, title="Försenad", follow_up_on=datetime.date(2025, 6, 1), expected_value=Decimal(10))
    make(world, title="Senare", follow_up_on=datetime.date(2026, 9, 1))
    make(world, title="Följd tidigare", follow_up_on=datetime.date(2025, 6, 1), realised_value=Decimal(5))
    built = report.build(world.users["controller_alpha"], datetime.date(2026, 1, 1), datetime.date(2026, 3, 1))
    assert [b.pk for b in built.benefits] == [overdue.pk, due.pk]
    (total,) = built.benefit_totals
    assert (total.expected, total.realised) == (Decimal("125010.50"), Decimal("100.50"))
    other = report.build(world.users["orderer_b"], datetime.date(2026, 1, 1), datetime.date(2026, 3, 1))
    assert other.benefits == []
