"""Merging duplicate tickets, and changing priority (impact and urgency) and category in bulk."""

from __future__ import annotations

import pytest
from django.utils import timezone

from samdrift.servicedesk import actions
from samdrift.servicedesk.choices import Impact, Priority, Status, Urgency
from samdrift.servicedesk.models import Comment, Notification, Ticket, TimeEntry
from samdrift.testing.browser import assert_accessible, log_in
from samdrift.testing.world import PASSWORD, make_ticket

pytestmark = pytest.mark.django_db


def _duplicate_pair(world):
    keep = make_ticket(world, subject="Skrivaren – plan 2")
    duplicate = make_ticket(world, subject="Skrivaren ”igen”", unit=world.unit_alpha)
    actions.do_add_comment(duplicate, acting_user=world.requester_a1, body="Den är fortfarande trasig.")
    actions.do_add_comment(duplicate, acting_user=world.agent_alpha, body="Intern anteckning", is_internal=True)
    actions.do_log_time(
        duplicate,
        acting_user=world.agent_alpha,
        minutes=25,
        work_type=TimeEntry._meta.get_field("work_type").choices[0][0],
        performed_on=timezone.localdate(),
    )
    child = make_ticket(world, parent=duplicate, acting="agent_alpha", requester="requester_a2")
    return keep, Ticket.objects.get(pk=duplicate.pk), child


def test_a_merge_moves_the_conversation_time_and_children_and_closes_the_duplicate(world) -> None:
    keep, duplicate, child = _duplicate_pair(world)
    kept = actions.do_merge_tickets(duplicate, keep, acting_user=world.agent_alpha, expected_version=duplicate.version)
    assert kept.pk == keep.pk
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into_id) == (Status.CLOSED, keep.pk)
    assert duplicate.closed_at is not None and duplicate.resolved_at is not None
    bodies = list(Comment.objects.filter(ticket=keep).order_by("pk").values_list("body", flat=True))
    assert bodies[:2] == ["Den är fortfarande trasig.", "Intern anteckning"]
    assert f"{duplicate.number} (Skrivaren ”igen”)" in bodies[-1]
    assert Comment.objects.get(ticket=keep, body__contains=duplicate.number).is_internal
    left = Comment.objects.get(ticket=duplicate)
    assert keep.number in left.body and not left.is_internal  # the requester sees where it went
    assert TimeEntry.objects.get().ticket_id == keep.pk
    child.refresh_from_db()
    assert child.parent_id == keep.pk
    note = Notification.objects.filter(user=world.requester_a1, ticket=keep).latest("pk")
    assert duplicate.number in note.text and keep.number in note.text


def test_a_merge_is_refused_with_a_reason_and_changes_nothing(world) -> None:
    keep, duplicate, _child = _duplicate_pair(world)
    stranger = make_ticket(world, requester="requester_a2")
    closed = make_ticket(world)
    Ticket.objects.filter(pk=closed.pk).update(status=Status.CLOSED)  # setup: a ticket closed long ago
    from django.core.exceptions import PermissionDenied, ValidationError

    from samdrift.core.versions import ConcurrentEditError

    cases = [
        (duplicate, duplicate, "sig självt"),
        (duplicate, stranger, "samma beställare"),
        (duplicate, closed, "stängt"),
    ]
    for source, target, reason in cases:
        with pytest.raises(ValidationError, match=reason):
            actions.do_merge_tickets(source, target, acting_user=world.agent_alpha, expected_version=source.version)
    with pytest.raises(ConcurrentEditError):
        actions.do_merge_tickets(duplicate, keep, acting_user=world.agent_alpha, expected_version=duplicate.version - 1)
    with pytest.raises(PermissionDenied):
        actions.do_merge_tickets(duplicate, keep, acting_user=world.agent_beta, expected_version=duplicate.version)
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id is None and duplicate.status != Status.CLOSED
    assert Comment.objects.filter(ticket=duplicate).count() == 2


def test_merging_on_the_ticket_page(world, client_for) -> None:
    keep, duplicate, _child = _duplicate_pair(world)
    client = client_for("agent_alpha")
    page = client.get(duplicate.get_absolute_url()).content.decode()
    assert "Slå ihop en dubblett" in page
    wrong = client.post(
        f"/servicedesk/tickets/{duplicate.pk}/merge/", {"number": "NOPE-1", "version": duplicate.version}
    )
    assert wrong.status_code == 400 and "Det finns inget ärende med det numret." in wrong.content.decode()
    assert 'value="NOPE-1"' in wrong.content.decode(), "what was typed is kept"
    stale = client.post(
        f"/servicedesk/tickets/{duplicate.pk}/merge/", {"number": keep.number, "version": duplicate.version - 1}
    )
    assert stale.status_code == 409
    done = client.post(
        f"/servicedesk/tickets/{duplicate.pk}/merge/", {"number": keep.number.lower(), "version": duplicate.version}
    )
    assert done.status_code == 302 and done["Location"] == keep.get_absolute_url()
    kept_page = client.get(keep.get_absolute_url()).content.decode()
    assert "Sammanslaget med detta ärende" in kept_page and duplicate.number in kept_page
    closed_page = client_for("requester_a1").get(duplicate.get_absolute_url()).content.decode()
    assert f"Ärendet slogs ihop med {keep.number}." in closed_page
    assert "Slå ihop en dubblett" not in client.get(duplicate.get_absolute_url()).content.decode()
    # Other members' staff and requesters cannot merge.
    other = make_ticket(world)
    assert client_for("requester_a1").post(f"/servicedesk/tickets/{other.pk}/merge/", {}).status_code == 403
    assert client_for("agent_beta").post(f"/servicedesk/tickets/{other.pk}/merge/", {}).status_code == 404


def test_merging_through_the_api(world, api_for) -> None:
    keep, duplicate, _child = _duplicate_pair(world)
    stranger = make_ticket(world, requester="requester_a2")
    api = api_for("agent_alpha")
    url = f"/api/v1/tickets/{duplicate.pk}/merge/"
    assert api.post(url, {"into": keep.pk}, format="json").status_code == 428
    refused = api.post(url, {"into": stranger.pk}, format="json", HTTP_IF_MATCH=str(duplicate.version))
    assert refused.status_code == 400 and "samma beställare" in str(refused.json())
    assert api.post(url, {"into": keep.pk}, format="json", HTTP_IF_MATCH=str(duplicate.version + 1)).status_code == 412
    foreign = make_ticket(world, requester="requester_c1")
    hidden = api.post(url, {"into": foreign.pk}, format="json", HTTP_IF_MATCH=str(duplicate.version))
    assert hidden.status_code == 400 and "into" in hidden.json()["errors"]
    done = api.post(url, {"into": keep.pk}, format="json", HTTP_IF_MATCH=str(duplicate.version))
    assert done.status_code == 200 and done.json()["id"] == keep.pk
    assert api.get(f"/api/v1/tickets/{duplicate.pk}/").json()["merged_into"] == keep.pk
    assert api_for("agent_beta").post(url, {"into": keep.pk}, format="json").status_code == 404


def test_bulk_change_of_impact_urgency_and_category(world, client_for) -> None:
    a, b = make_ticket(world), make_ticket(world)
    closed = make_ticket(world)
    Ticket.objects.filter(pk=closed.pk).update(status=Status.CLOSED)  # setup: a ticket closed long ago
    category = actions.do_create_category(acting_user=None, collaboration=world.alpha, name="Skrivare – ”plan 2”")
    client = client_for("agent_alpha")
    answer = client.post(
        "/servicedesk/tickets/bulk/",
        {
            "tickets": [a.pk, b.pk, closed.pk],
            "action": "classify",
            "impact": Impact.HIGH,
            "urgency": Urgency.HIGH,
            "category": category.pk,
        },
    )
    assert answer.status_code == 302
    for ticket in (a, b):
        ticket.refresh_from_db()
        assert (ticket.impact, ticket.urgency, ticket.category_id) == (Impact.HIGH, Urgency.HIGH, category.pk)
        assert ticket.priority == Priority.CRITICAL and ticket.due_at is not None
    closed.refresh_from_db()
    assert closed.category_id is None, "a closed ticket is left as it was"
    messages = [str(m) for m in client.get("/servicedesk/tickets/").context["messages"]]
    assert messages == ["2 ärenden ändrades; 1 kunde inte ändras."]
    # Nothing chosen: a message, nothing changed.
    client.post("/servicedesk/tickets/bulk/", {"tickets": [a.pk], "action": "classify"})
    assert "Välj en ny påverkan, brådska eller kategori." in [
        str(m) for m in client.get("/servicedesk/tickets/").context["messages"]
    ]


def test_bulk_category_skips_tickets_of_another_collaboration(world) -> None:
    ours = make_ticket(world)
    theirs = make_ticket(world, requester="requester_c1")
    category = actions.do_create_category(acting_user=None, collaboration=world.alpha, name="Nätverk")
    changed, skipped = actions.do_bulk_classify([ours, theirs], acting_user=None, category=category)
    assert (changed, skipped) == (1, 1)
    theirs.refresh_from_db()
    assert theirs.category_id is None


@pytest.mark.browser
def test_an_agent_merges_a_duplicate_and_reclassifies_in_bulk(live_world, page, live_server) -> None:
    keep = make_ticket(live_world, subject="E-posten – går inte")
    duplicate = make_ticket(live_world, subject="E-posten igen")
    other = make_ticket(live_world, subject="Skärmen flimrar")
    log_in(page, live_server.url, "agent_alpha", PASSWORD)
    page.goto(f"{live_server.url}{duplicate.get_absolute_url()}")
    page.get_by_label("Numret på ärendet som ska finnas kvar").fill(keep.number)
    page.get_by_role("button", name="Slå ihop med det ärendet").click()
    page.wait_for_url(f"{live_server.url}{keep.get_absolute_url()}")
    assert_accessible(page)
    assert page.get_by_text("Ärendena slogs ihop.").is_visible()
    assert page.get_by_role("link", name=f"{duplicate.number} E-posten igen").is_visible()
    page.goto(f"{live_server.url}/servicedesk/tickets/")
    page.get_by_label(f"Välj {keep.number}").check()
    page.get_by_label(f"Välj {other.number}").check()
    page.get_by_label("Åtgärd").select_option("classify")
    page.get_by_label("Ny påverkan").select_option(str(Impact.HIGH))
    page.get_by_label("Ny brådska").select_option(str(Urgency.HIGH))
    page.get_by_role("button", name="Utför").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.get_by_text("2 ärenden ändrades; 0 kunde inte ändras.").is_visible()
    assert set(Ticket.objects.filter(priority=Priority.CRITICAL).values_list("pk", flat=True)) == {keep.pk, other.pk}
