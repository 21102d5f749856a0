import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samdrift.core.exceptions import ConcurrentEditError
from samdrift.core.models import AuditEntry
from samdrift.core.versions import SYSTEM
from samdrift.servicedesk import actions
from samdrift.servicedesk.choices import Status
from samdrift.servicedesk.models import Category, DeskSettings, Notification, Ticket
from samdrift.testing.world import make_ticket


def test_numbers_are_sequential_per_collaboration_and_year(world) -> None:
    year = timezone.localdate().year
    first, second = make_ticket(world), make_ticket(world, requester="requester_b1")
    other = make_ticket(world, requester="requester_c1")
    assert (first.number, second.number) == (f"SD-{year}-000001", f"SD-{year}-000002")
    assert other.number == f"SD-{year}-000001" and other.collaboration == world.beta
    assert Ticket.objects.filter(collaboration=world.alpha, number=first.number).count() == 1


def test_each_desk_has_its_own_prefix(world) -> None:
    actions.do_configure_desk(world.beta, acting_user=None, ticket_prefix="HIT")
    a, c = make_ticket(world), make_ticket(world, requester="requester_c1")
    assert a.number.startswith("SD-") and c.number.startswith("HIT-")


def test_a_desk_settings_change_applies_to_the_next_ticket(world, monkeypatch) -> None:
    make_ticket(world)  # caches the settings in this process
    actions.do_configure_desk(world.alpha, acting_user=None, ticket_prefix="IT")
    assert make_ticket(world).number.startswith("IT-")
    # Another process's change is seen once the cached copy expires.
    DeskSettings.objects.filter(collaboration=world.alpha).update(ticket_prefix="ITN")
    assert make_ticket(world).number.startswith("IT-")
    monkeypatch.setattr(actions, "DESK_SETTINGS_TTL", 0.0)
    actions.forget_desk_settings()
    assert make_ticket(world).number.startswith("ITN-")


def test_member_and_department_come_from_the_requester(world) -> None:
    ticket = make_ticket(world, requester="requester_a1", acting="agent_alpha")
    assert (ticket.member, ticket.department, ticket.created_by) == (world.member_a, world.dept_a1, world.agent_alpha)
    corrected = make_ticket(world, requester="requester_a1", acting="agent_alpha", department=world.dept_a2)
    assert corrected.department == world.dept_a2


def test_priority_from_the_matrix_and_due_time(world) -> None:
    ticket = make_ticket(world, impact=1, urgency=1)
    assert ticket.priority == 1
    assert ticket.due_at - ticket.created < datetime.timedelta(hours=4, seconds=5)
    low = make_ticket(world, impact=3, urgency=3)
    assert low.priority == 4
    actions.do_configure_desk(world.alpha, acting_user=None, priority_matrix=[[1, 1, 1], [1, 1, 1], [2, 2, 2]])
    assert make_ticket(world, impact=3, urgency=3).priority == 2
    updated = actions.do_update_ticket(low, acting_user=world.agent_alpha, expected_version=low.version, impact=1)
    assert updated.priority == 1 and updated.due_at < low.due_at


def test_category_routes_to_its_unit(world) -> None:
    category = Category.objects.create(collaboration=world.alpha, name="Skrivare", default_unit=world.unit_alpha)
    assert make_ticket(world, category=category).unit == world.unit_alpha


def test_major_incident_escalates_to_the_unit_lead(world) -> None:
    ticket = make_ticket(
        world, acting="agent_alpha", major_incident=True, unit=world.unit_alpha, subject="Stopp i Procapita"
    )
    assert ticket.priority == 1
    assert Notification.objects.filter(user=world.lead_alpha, ticket=ticket, kind="major_incident").exists()
    calm = make_ticket(world, unit=world.unit_alpha)
    actions.do_update_ticket(calm, acting_user=world.agent_alpha, expected_version=1, major_incident=True)
    assert Notification.objects.filter(user=world.lead_alpha, ticket=calm, kind="major_incident").exists()


def test_assigning_moves_new_to_assigned_and_notifies(world) -> None:
    ticket = make_ticket(world)
    ticket = actions.do_assign(
        ticket, acting_user=world.lead_alpha, expected_version=1, unit=world.unit_alpha, assignee=world.agent_alpha
    )
    assert ticket.status == Status.ASSIGNED
    assert Notification.objects.filter(user=world.agent_alpha, ticket=ticket, kind="assigned").exists()
    with pytest.raises(ConcurrentEditError):
        actions.do_assign(ticket, acting_user=world.lead_alpha, expected_version=1, unit=None, assignee=None)


def test_workflow_is_enforced_and_times_are_recorded(world) -> None:
    ticket = make_ticket(world)
    with pytest.raises(ValidationError):
        actions.do_change_status(ticket, acting_user=world.agent_alpha, expected_version=SYSTEM, status=Status.CLOSED)
    ticket = actions.do_change_status(
        ticket, acting_user=world.agent_alpha, expected_version=1, status=Status.RESOLVED, note="Bytt toner."
    )
    assert ticket.resolved_at is not None
    assert ticket.comments.get().body == "Bytt toner."
    ticket = actions.do_change_status(
        ticket, acting_user=world.agent_alpha, expected_version=SYSTEM, status=Status.CLOSED
    )
    assert ticket.closed_at is not None
    statuses = [
        (e.after or {}).get("status")
        for e in AuditEntry.objects.filter(content_type__model="ticket", object_id=str(ticket.pk), action="update")
    ]
    assert Status.RESOLVED in statuses and Status.CLOSED in statuses


def test_requester_reopens_within_the_window_only(world) -> None:
    ticket = make_ticket(world)
    ticket = actions.do_change_status(
        ticket, acting_user=world.agent_alpha, expected_version=SYSTEM, status=Status.RESOLVED
    )
    with pytest.raises(ValidationError):
        actions.do_reopen(ticket, acting_user=world.requester_a1, reason="  ")
    reopened = actions.do_reopen(ticket, acting_user=world.requester_a1, reason="Fortfarande trasig")
    assert reopened.status == Status.IN_PROGRESS and reopened.resolved_at is None

    reopened = actions.do_change_status(
        reopened, acting_user=world.agent_alpha, expected_version=SYSTEM, status=Status.RESOLVED
    )
    Ticket.objects.filter(pk=ticket.pk).update(resolved_at=timezone.now() - datetime.timedelta(days=11))
    with pytest.raises(ValidationError, match="10"):
        actions.do_reopen(Ticket.objects.get(pk=ticket.pk), acting_user=world.requester_a1, reason="Igen")


def test_replies_move_the_workflow_and_set_first_response(world) -> None:
    ticket = make_ticket(world)
    actions.do_add_comment(ticket, acting_user=world.agent_alpha, body="Vilken skrivare?")
    ticket.refresh_from_db()
    assert ticket.first_response_at is not None
    assert Notification.objects.filter(user=world.requester_a1, ticket=ticket, kind="reply").exists()
    actions.do_change_status(
        ticket, acting_user=world.agent_alpha, expected_version=SYSTEM, status=Status.WAITING_REQUESTER
    )
    actions.do_add_comment(ticket, acting_user=world.requester_a1, body="Den på plan 2.")
    ticket.refresh_from_db()
    assert ticket.status == Status.IN_PROGRESS


def test_requesters_cannot_write_internal_notes(world) -> None:
    ticket = make_ticket(world)
    with pytest.raises(PermissionDenied):
        actions.do_add_comment(ticket, acting_user=world.requester_a1, body="x", is_internal=True)
    with pytest.raises(ValidationError):
        actions.do_add_comment(ticket, acting_user=world.requester_a1, body="   ")


def test_time_entries_and_rating(world) -> None:
    ticket = make_ticket(world, unit=world.unit_alpha)
    entry = actions.do_log_time(
        ticket,
        acting_user=world.agent_alpha,
        minutes=30,
        work_type="troubleshooting",
        billable=True,
        performed_on=timezone.localdate(),
    )
    assert (entry.unit, entry.billable) == (world.unit_alpha, True)
    with pytest.raises(ValidationError):
        actions.do_log_time(
            ticket,
            acting_user=world.agent_alpha,
            minutes=0,
            work_type="troubleshooting",
            performed_on=timezone.localdate(),
        )
    with pytest.raises(ValidationError):
        actions.do_rate(ticket, acting_user=world.requester_a1, score=5)
    actions.do_change_status(ticket, acting_user=world.agent_alpha, expected_version=SYSTEM, status=Status.RESOLVED)
    with pytest.raises(PermissionDenied):
        actions.do_rate(ticket, acting_user=world.agent_alpha, score=5)
    assert actions.do_rate(ticket, acting_user=world.requester_a1, score=4, comment="Snabbt").score == 4
    assert actions.do_rate(ticket, acting_user=world.requester_a1, score=5).score == 5
    with pytest.raises(ValidationError):
        actions.do_rate(ticket, acting_user=world.requester_a1, score=6)


def test_bulk_status_skips_what_the_workflow_forbids(world) -> None:
    a, b = make_ticket(world), make_ticket(world)
    actions.do_change_status(b, acting_user=world.agent_alpha, expected_version=SYSTEM, status=Status.RESOLVED)
    actions.do_change_status(
        Ticket.objects.get(pk=b.pk), acting_user=world.agent_alpha, expected_version=SYSTEM, status=Status.CLOSED
    )
    changed, skipped = actions.do_bulk_status(
        Ticket.objects.filter(pk__in=[a.pk, b.pk]), acting_user=world.agent_alpha, status=Status.IN_PROGRESS
    )
    assert (changed, skipped) == (1, 1)


def test_resolved_tickets_close_after_the_reopen_window(world) -> None:
    ticket = make_ticket(world)
    actions.do_change_status(ticket, acting_user=world.agent_alpha, expected_version=SYSTEM, status=Status.RESOLVED)
    assert actions.do_close_resolved() == 0
    assert actions.do_close_resolved(now=timezone.now() + datetime.timedelta(days=11)) == 1
    assert Ticket.objects.get(pk=ticket.pk).status == Status.CLOSED


def test_links_between_tickets(world) -> None:
    a, b = make_ticket(world), make_ticket(world)
    actions.do_link_tickets(a, b, acting_user=world.agent_alpha)
    with pytest.raises(ValidationError):
        actions.do_link_tickets(b, a, acting_user=world.agent_alpha)
    with pytest.raises(ValidationError):
        actions.do_link_tickets(a, a, acting_user=world.agent_alpha)


def test_close_resolved_command(world) -> None:
    import io

    from django.core.management import call_command

    ticket = make_ticket(world)
    actions.do_change_status(ticket, acting_user=world.agent_alpha, expected_version=SYSTEM, status=Status.RESOLVED)
    Ticket.objects.filter(pk=ticket.pk).update(resolved_at=timezone.now() - datetime.timedelta(days=30))
    out = io.StringIO()
    call_command("close_resolved_tickets", stdout=out)
    assert "Closed 1 tickets." in out.getvalue()
    assert Ticket.objects.get(pk=ticket.pk).status == Status.CLOSED


def test_references_must_stay_within_the_collaboration_and_member(world) -> None:
    with pytest.raises(ValidationError) as info:
        make_ticket(world, acting="agent_alpha", department=world.dept_b1)
    assert "department" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        make_ticket(world, acting="agent_alpha", unit=world.unit_beta)
    assert "unit" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        make_ticket(world, acting="agent_alpha", assignee=world.requester_a2)
    assert "assignee" in info.value.message_dict
    moved = make_ticket(world, acting="agent_alpha", member=world.member_b)
    assert (moved.member, moved.department) == (world.member_b, None), "another member: the department is cleared"
    ticket = make_ticket(world)
    with pytest.raises(ValidationError):
        actions.do_update_ticket(ticket, acting_user=world.agent_alpha, expected_version=1, parent=ticket)


def test_the_action_refuses_resolving_without_a_handler_by_the_default_setting(world) -> None:
    """The rule lives in do_change_status, not only in the view: a desk with default settings refuses."""
    assert DeskSettings().require_assignee_to_resolve is True
    assert actions.desk_settings(world.alpha.pk).require_assignee_to_resolve is True
    ticket = make_ticket(world, unit=world.unit_alpha)
    audits = AuditEntry.objects.count()
    assert actions.handler_missing(ticket, Status.RESOLVED) and actions.handler_missing(ticket, Status.CLOSED)
    with pytest.raises(ValidationError) as refused:
        actions.do_change_status(
            ticket, acting_user=world.agent_alpha, expected_version=SYSTEM, status=Status.RESOLVED, require_handler=True
        )
    assert refused.value.error_dict["status"][0].code == "handler_required"
    stored = Ticket.objects.get(pk=ticket.pk)
    assert stored.status == Status.NEW and stored.resolved_at is None and stored.version == ticket.version
    assert AuditEntry.objects.count() == audits  # nothing was written
    assert not actions.handler_missing(ticket, Status.IN_PROGRESS)
    assigned = make_ticket(world, unit=world.unit_alpha, assignee=world.agent_alpha)
    actions.do_change_status(
        assigned, acting_user=world.agent_alpha, expected_version=SYSTEM, status=Status.RESOLVED, require_handler=True
    )
    assert Ticket.objects.get(pk=assigned.pk).status == Status.RESOLVED
