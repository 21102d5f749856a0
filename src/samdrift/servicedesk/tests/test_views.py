"""Agent workspace and requester portal in the UI."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samdrift.core.versions import SYSTEM
from samdrift.servicedesk import actions
from samdrift.servicedesk.choices import Status
from samdrift.servicedesk.models import Comment, Notification, SavedView, Ticket
from samdrift.testing.world import make_ticket


def test_requester_submits_from_the_portal(world, client_for) -> None:
    client = client_for("requester_a1")
    response = client.post(
        "/servicedesk/portal/new/",
        {
            "ticket_type": "incident",
            "subject": "Datorn startar inte",
            "description": "Svart skärm.",
            "impact": 3,
            "urgency": 1,
            "attachments": SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"0" * 32),
        },
    )
    ticket = Ticket.objects.get(subject="Datorn startar inte")
    assert response.status_code == 302 and response["Location"] == ticket.get_absolute_url()
    assert (ticket.requester, ticket.department, ticket.priority) == (world.requester_a1, world.dept_a1, 3)
    assert ticket.attachments.count() == 1
    portal = client.get("/servicedesk/portal/").content.decode()
    assert ticket.number in portal


def test_portal_refuses_bad_input_and_keeps_what_was_typed(world, client_for) -> None:
    client = client_for("requester_a1")
    response = client.post(
        "/servicedesk/portal/new/",
        {
            "ticket_type": "incident",
            "subject": "Med fil",
            "description": "Beskrivning som inte får försvinna",
            "impact": 3,
            "urgency": 2,
            "attachments": SimpleUploadedFile("program.exe", b"MZ" + b"0" * 32),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Beskrivning som inte får försvinna" in body and "exe" in body
    assert not Ticket.objects.exists()


def test_agent_registers_on_behalf(world, client_for) -> None:
    response = client_for("agent_alpha").post(
        "/servicedesk/tickets/add/",
        {
            "requester": world.requester_b1.pk,
            "ticket_type": "request",
            "subject": "Ny telefon",
            "description": "Ringde in.",
            "impact": 3,
            "urgency": 3,
        },
    )
    ticket = Ticket.objects.get(subject="Ny telefon")
    assert response.status_code == 302
    assert (ticket.member, ticket.created_by) == (world.member_b, world.agent_alpha)
    assert client_for("requester_a1").get("/servicedesk/tickets/add/").status_code == 302  # to the portal


def test_ticket_page_hides_internal_notes_and_staff_forms_from_requesters(world, client_for) -> None:
    ticket = make_ticket(world)
    actions.do_add_comment(ticket, acting_user=world.agent_alpha, body="Intern: byt moderkort", is_internal=True)
    actions.do_add_comment(ticket, acting_user=world.agent_alpha, body="Vi tittar på det.")
    staff = client_for("agent_alpha").get(ticket.get_absolute_url()).content.decode()
    own = client_for("requester_a1").get(ticket.get_absolute_url()).content.decode()
    assert "byt moderkort" in staff and "Vi tittar på det." in staff and "ticket_status" not in staff
    assert f'action="/servicedesk/tickets/{ticket.pk}/status/"' in staff
    assert "byt moderkort" not in own and "Vi tittar på det." in own
    assert "/status/" not in own and "/assign/" not in own and "/time/" not in own


def test_agent_works_a_ticket_through_the_forms(world, client_for) -> None:
    ticket = make_ticket(world)
    client = client_for("agent_alpha")
    base = f"/servicedesk/tickets/{ticket.pk}"
    assert (
        client.post(
            f"{base}/assign/", {"version": 1, "unit": world.unit_alpha.pk, "assignee": world.agent_alpha.pk}
        ).status_code
        == 302
    )
    stale = client.post(f"{base}/status/", {"version": 1, "status": "in_progress"})
    assert stale.status_code == 409 and "Någon annan har ändrat" in stale.content.decode()
    assert client.post(f"{base}/status/", {"version": 2, "status": "in_progress"}).status_code == 302
    assert (
        client.post(
            f"{base}/time/", {"minutes": 20, "work_type": "advice", "performed_on": "2026-11-20", "billable": "on"}
        ).status_code
        == 302
    )
    bad_time = client.post(f"{base}/time/", {"minutes": "-3", "work_type": "advice", "performed_on": "x"})
    assert bad_time.status_code == 400
    assert client.post(f"{base}/reply/", {"body": "Löst genom omstart"}).status_code == 302
    version = Ticket.objects.get(pk=ticket.pk).version  # the first reply recorded the response time
    assert client.post(f"{base}/status/", {"version": version, "status": "resolved"}).status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED and ticket.time_entries.get().minutes == 20
    page = client.get(ticket.get_absolute_url()).content.decode()
    assert "Löst genom omstart" in page and "20 min" in page
    assert client_for("requester_a1").post(f"{base}/status/", {"version": 4, "status": "closed"}).status_code == 403


def test_requester_reopens_and_rates(world, client_for) -> None:
    ticket = make_ticket(world, assignee=world.agent_alpha)
    actions.do_change_status(ticket, acting_user=world.agent_alpha, expected_version=SYSTEM, status=Status.RESOLVED)
    client = client_for("requester_a1")
    page = client.get(ticket.get_absolute_url()).content.decode()
    assert "/reopen/" in page and "/rate/" in page
    assert client.post(f"/servicedesk/tickets/{ticket.pk}/rate/", {"score": 5, "comment": "Toppen"}).status_code == 302
    assert client.post(f"/servicedesk/tickets/{ticket.pk}/rate/", {"score": 7}).status_code == 400
    assert client.post(f"/servicedesk/tickets/{ticket.pk}/reopen/", {"reason": "Igen"}).status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).status == Status.IN_PROGRESS
    assert client_for("colleague_a1").post(f"/servicedesk/tickets/{ticket.pk}/reply/", {"body": "x"}).status_code == 404


def test_list_filters_sort_and_saved_views(world, client_for) -> None:
    urgent = make_ticket(world, subject="Brådskande", impact=1, urgency=1, unit=world.unit_alpha)
    later = make_ticket(world, subject="Kan vänta", impact=3, urgency=3, unit=world.unit_alpha)
    other = make_ticket(world, requester="requester_b1", subject="Vårgårda")
    client = client_for("agent_alpha")
    page = client.get("/servicedesk/tickets/", {"unit": world.unit_alpha.pk, "state": "open", "sort": "due_at"})
    body = page.content.decode()
    assert body.index(urgent.number) < body.index(later.number) and other.number not in body
    assert other.number in client.get("/servicedesk/tickets/", {"member": world.member_b.pk}).content.decode()
    assert client.get("/servicedesk/tickets/", {"priority": "9", "due": "never"}).status_code == 200
    query = f"unit={world.unit_alpha.pk}&state=open&sort=due_at"
    assert client.post("/servicedesk/views/", {"name": "Min kö", "query": query}).status_code == 302
    assert SavedView.objects.get(user=world.agent_alpha).query == query
    assert "Min kö" in client.get("/servicedesk/tickets/").content.decode()
    mine = client.get("/servicedesk/mine/")
    assert mine.status_code == 302 and f"assignee={world.agent_alpha.pk}" in mine["Location"]


def test_bulk_assign_and_status(world, client_for) -> None:
    a, b = make_ticket(world), make_ticket(world)
    foreign = make_ticket(world, requester="requester_c1")
    client = client_for("agent_alpha")
    client.post(
        "/servicedesk/tickets/bulk/",
        {"tickets": [a.pk, b.pk], "action": "assign", "unit": world.unit_alpha.pk, "assignee": world.agent_alpha.pk},
    )
    assert set(Ticket.objects.filter(assignee=world.agent_alpha).values_list("pk", flat=True)) == {a.pk, b.pk}
    client.post(
        "/servicedesk/tickets/bulk/", {"tickets": [a.pk, b.pk, foreign.pk], "action": "status", "status": "resolved"}
    )
    assert Ticket.objects.filter(status=Status.RESOLVED).count() == 0, "a ticket outside scope spoils the batch"
    client.post("/servicedesk/tickets/bulk/", {"tickets": [a.pk, b.pk], "action": "status", "status": "resolved"})
    assert Ticket.objects.filter(status=Status.RESOLVED).count() == 2
    assert client_for("requester_a1").post("/servicedesk/tickets/bulk/", {}).status_code == 403


def test_queues_and_major_incident_banner(world, client_for) -> None:
    make_ticket(world, unit=world.unit_alpha, major_incident=True, subject="Stopp i e-posten")
    page = client_for("agent_alpha").get("/servicedesk/queues/").content.decode()
    assert "Stopp i e-posten" in page and world.unit_alpha.name in page
    assert client_for("requester_a1").get("/servicedesk/queues/").status_code == 403


def test_notifications_page(world, client_for) -> None:
    ticket = make_ticket(world)
    actions.do_add_comment(ticket, acting_user=world.agent_alpha, body="Svar")
    client = client_for("requester_a1")
    assert 'class="badge"' in client.get("/").content.decode()
    assert ticket.number in client.get("/servicedesk/notifications/").content.decode()
    client.post("/servicedesk/notifications/")
    assert not Notification.objects.filter(user=world.requester_a1, read_at__isnull=True).exists()


def test_ticket_list_runs_a_fixed_number_of_queries(world, client_for) -> None:
    client = client_for("agent_alpha")
    make_ticket(world)
    urls = [
        "/servicedesk/tickets/",
        "/servicedesk/tickets/?state=open&sort=due_at",
        "/servicedesk/portal/",
        "/servicedesk/queues/",
    ]
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts[url] = len(ctx)
    for i in range(12):
        ticket = make_ticket(world, requester="requester_b1" if i % 2 else "requester_a1", unit=world.unit_alpha)
        actions.do_assign(
            ticket,
            acting_user=world.agent_alpha,
            expected_version=SYSTEM,
            unit=world.unit_alpha,
            assignee=world.agent_alpha,
        )
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        assert len(ctx) == counts[url], url
        assert len(ctx) <= 19, url  # 19: the bulk form's options, the page's keys then its rows


def test_ticket_page_query_count_does_not_grow_with_history(world, client_for) -> None:
    ticket = make_ticket(world, unit=world.unit_alpha)
    actions.do_add_comment(ticket, acting_user=world.agent_alpha, body="Första svaret")
    client = client_for("agent_alpha")
    with CaptureQueriesContext(connection) as ctx:
        client.get(ticket.get_absolute_url())
    before = len(ctx)
    for i in range(7):
        actions.do_add_comment(ticket, acting_user=world.agent_alpha, body=f"Svar {i}")
        actions.do_log_time(
            ticket,
            acting_user=world.agent_alpha,
            minutes=5,
            work_type="advice",
            performed_on=datetime.date(2026, 11, 20),
        )
    assert Comment.objects.filter(ticket=ticket).count() == 8
    with CaptureQueriesContext(connection) as ctx:
        client.get(ticket.get_absolute_url())
    assert len(ctx) == before
