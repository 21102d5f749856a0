"""Optimistic locking: a change without the version it was made on is refused, in every
web form and in the generic actions; only an explicit ``SYSTEM`` skips the comparison."""

import pytest

from samdrift.core.actions import SYSTEM, delete_object, update_object
from samdrift.core.exceptions import ConcurrentEditError, VersionRequiredError
from samdrift.servicedesk.models import Ticket
from samdrift.tenancy.models import Department
from samdrift.testing.world import make_ticket

MESSAGE_SV = "utan versionen"


def test_the_generic_edit_refuses_a_post_without_version(world, client_for) -> None:
    client = client_for("admin_b")
    url = f"/tenancy/departments/{world.dept_b1.pk}/edit/"
    for data in ({}, {"version": ""}, {"version": "abc"}, {"version": "-1"}):
        response = client.post(url, {"member": world.member_b.pk, "name": "Utan version", **data})
        assert response.status_code == 400, data
        body = response.content.decode()
        assert 'class="error-summary"' in body and MESSAGE_SV in body, data
    dept = Department.objects.get(pk=world.dept_b1.pk)
    assert (dept.name, dept.version) == (world.dept_b1.name, 1)
    # Creating needs no version: there is no earlier change to overwrite.
    created = client.post("/tenancy/departments/add/", {"member": world.member_b.pk, "name": "Ny", "code": "NY"})
    assert created.status_code == 302


def test_the_generic_delete_refuses_a_post_without_version(world, client_for) -> None:
    empty = Department.objects.create(member=world.member_a, name="Tom")
    client = client_for("admin_alpha")
    for data in ({}, {"version": "x"}):
        response = client.post(f"/tenancy/departments/{empty.pk}/delete/", data)
        assert response.status_code == 400 and MESSAGE_SV in response.content.decode()
        assert Department.objects.filter(pk=empty.pk).exists()
    assert client.post(f"/tenancy/departments/{empty.pk}/delete/", {"version": 1}).status_code == 302


def test_ticket_forms_refuse_a_post_without_version(world, client_for) -> None:
    ticket = make_ticket(world)
    client = client_for("agent_alpha")
    base = f"/servicedesk/tickets/{ticket.pk}"
    edit = client.post(f"{base}/edit/", {"subject": "Ändrad", "description": "x", "impact": 3, "urgency": 3})
    assert edit.status_code == 400 and MESSAGE_SV in edit.content.decode()
    status = client.post(f"{base}/status/", {"status": "in_progress"})
    assert status.status_code == 400 and MESSAGE_SV in status.content.decode()
    assign = client.post(f"{base}/assign/", {"unit": world.unit_alpha.pk, "assignee": world.agent_alpha.pk})
    assert assign.status_code == 400
    stored = Ticket.objects.get(pk=ticket.pk)
    assert (stored.subject, stored.status, stored.assignee_id, stored.version) == (
        ticket.subject,
        ticket.status,
        ticket.assignee_id,
        ticket.version,
    )


def test_the_api_still_answers_428_without_if_match(world, api_for) -> None:
    response = api_for("admin_b").patch(
        f"/api/v1/departments/{world.dept_b1.pk}/", {"name": "Utan"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 428 and response.json()["code"] == "precondition_required"
    assert Department.objects.get(pk=world.dept_b1.pk).name == world.dept_b1.name


def test_update_and_delete_refuse_none_but_accept_system(world) -> None:
    dept = world.dept_b1
    with pytest.raises(VersionRequiredError):
        update_object(dept, acting_user=None, expected_version=None, name="Ingen version")  # type: ignore[arg-type]
    with pytest.raises(VersionRequiredError):
        delete_object(dept, acting_user=None, expected_version=None)  # type: ignore[arg-type]
    assert Department.objects.get(pk=dept.pk).name == dept.name
    saved = update_object(dept, acting_user=None, expected_version=SYSTEM, name="Systemjobb")
    assert (saved.name, saved.version) == ("Systemjobb", 2)
    # SYSTEM skips the comparison; a stale number still fails.
    with pytest.raises(ConcurrentEditError):
        update_object(saved, acting_user=None, expected_version=1, name="Gammal")
    again = update_object(saved, acting_user=None, expected_version=SYSTEM, name="Igen")
    assert again.version == 3
    empty = Department.objects.create(member=world.member_a, name="Tom")
    delete_object(empty, acting_user=None, expected_version=SYSTEM)
    assert not Department.objects.filter(pk=empty.pk).exists()


def test_system_jobs_in_the_desk_still_work(world) -> None:
    from samdrift.servicedesk import actions

    ticket = make_ticket(world)
    actions.do_change_status(ticket, acting_user=world.agent_alpha, expected_version=SYSTEM, status="in_progress")
    actions.do_change_status(ticket, acting_user=world.agent_alpha, expected_version=SYSTEM, status="resolved")
    with pytest.raises(VersionRequiredError):
        actions.do_change_status(ticket, acting_user=world.agent_alpha, expected_version=None, status="closed")  # type: ignore[arg-type]
    assert Ticket.objects.get(pk=ticket.pk).status == "resolved"
