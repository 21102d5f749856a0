"""The ticket page as agents use it: take, a handler before resolve, the SLA badge, a
readable history, the combobox for tickets and people, one create path, and pages that
do not grow with the number of tickets."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samdrift.core.versions import SYSTEM
from samdrift.servicedesk import actions
from samdrift.servicedesk.choices import SLAState, Status
from samdrift.servicedesk.models import Ticket
from samdrift.servicedesk.templatetags.servicedesk import sla_view
from samdrift.testing.world import make_ticket


def test_take_from_the_queue_returns_to_the_queue(world, client_for) -> None:
    ticket = make_ticket(world, unit=world.unit_alpha)
    client = client_for("agent_alpha")
    queue = f"/servicedesk/tickets/?unit={world.unit_alpha.pk}&state=open"
    page = client.get(queue).content.decode()
    assert f'formaction="/servicedesk/tickets/{ticket.pk}/take/"' in page
    response = client.post(f"/servicedesk/tickets/{ticket.pk}/take/", {"version": ticket.version, "next": queue})
    assert response.status_code == 302 and response["Location"] == queue
    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.status, ticket.unit) == (world.agent_alpha, Status.ASSIGNED, world.unit_alpha)
    # Taken by me: no take button for it any more.
    assert f"/servicedesk/tickets/{ticket.pk}/take/" not in client.get(queue).content.decode()


def test_take_refuses_stale_versions_other_sites_and_requesters(world, client_for) -> None:
    ticket = make_ticket(world, unit=world.unit_alpha)
    url = f"/servicedesk/tickets/{ticket.pk}/take/"
    stale = client_for("agent_alpha").post(url, {"version": ticket.version + 5, "next": "https://evil.example/"})
    assert stale.status_code == 409 and "Någon annan har ändrat" in stale.content.decode()
    assert client_for("requester_a1").post(url, {"version": ticket.version}).status_code == 403
    assert client_for("agent_beta").post(url, {"version": ticket.version}).status_code == 404
    missing = client_for("agent_alpha").post(url, {})
    assert missing.status_code == 400
    ok = client_for("agent_alpha").post(url, {"version": ticket.version, "next": "https://evil.example/"})
    assert ok.status_code == 302 and ok["Location"] == ticket.get_absolute_url()  # never off-site
    assert Ticket.objects.get(pk=ticket.pk).assignee == world.agent_alpha


def test_resolving_needs_a_handler_by_default(world, client_for) -> None:
    ticket = make_ticket(world, unit=world.unit_alpha)
    client = client_for("agent_alpha")
    base = f"/servicedesk/tickets/{ticket.pk}"
    page = client.get(base + "/").content.decode()
    assert "En handläggare krävs innan ärendet kan lösas." in page
    refused = client.post(f"{base}/status/", {"version": ticket.version, "status": "resolved", "note": "Klart"})
    body = refused.content.decode()
    assert refused.status_code == 400 and "Tilldela ärendet en handläggare innan det löses" in body
    assert 'role="alert"' in body and "Klart" in body  # the form error, and what was typed is kept
    assert Ticket.objects.get(pk=ticket.pk).status == Status.NEW
    client.post(f"{base}/take/", {"version": ticket.version})
    version = Ticket.objects.get(pk=ticket.pk).version
    assert client.post(f"{base}/status/", {"version": version, "status": "resolved"}).status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).status == Status.RESOLVED


def test_the_handler_rule_is_a_desk_setting_and_holds_in_bulk_and_api(world, client_for, api_for) -> None:
    a = make_ticket(world, unit=world.unit_alpha)
    b = make_ticket(world, unit=world.unit_alpha, assignee=world.agent_alpha)
    changed, skipped = actions.do_bulk_status(
        [a, b], acting_user=world.agent_alpha, status=Status.RESOLVED, require_handler=True
    )
    assert (changed, skipped) == (1, 1)
    c = make_ticket(world, unit=world.unit_alpha)
    api = api_for("agent_alpha").post(
        f"/api/v1/tickets/{c.pk}/transition/", {"status": "resolved"}, format="json", HTTP_IF_MATCH=f'"{c.version}"'
    )
    assert api.status_code == 400 and "status" in api.json()["errors"]
    actions.do_configure_desk(world.alpha, acting_user=world.admin_alpha, require_assignee_to_resolve=False)
    actions.do_change_status(
        c, acting_user=world.agent_alpha, expected_version=SYSTEM, status=Status.RESOLVED, require_handler=True
    )
    assert Ticket.objects.get(pk=c.pk).status == Status.RESOLVED


def test_sla_badge_tells_state_and_time_left_in_words(world) -> None:
    now = timezone.now()
    ticket = make_ticket(world)
    ticket.due_at = now + datetime.timedelta(hours=3, minutes=10)
    on_track = sla_view(ticket, now)
    assert on_track and (on_track["state"], on_track["symbol"]) == ("on_track", "●")
    assert on_track["detail"] == "3 tim 10 min kvar"
    ticket.due_at = now - datetime.timedelta(minutes=45)
    breached = sla_view(ticket, now)
    assert breached and breached["state"] == "breached" and "45 min" in breached["detail"]
    ticket.sla_state = SLAState.ON_TRACK
    ticket.due_at = now + datetime.timedelta(hours=1)
    ticket.sla_at_risk_at = now - datetime.timedelta(minutes=1)
    at_risk = sla_view(ticket, now)
    assert at_risk and at_risk["state"] == "at_risk"  # ahead of the watch job
    ticket.sla_state = SLAState.PAUSED
    paused = sla_view(ticket, now)
    assert paused and paused["state"] == "paused" and paused["detail"] == ""


def test_sla_badge_on_the_list_and_the_ticket_page(world, client_for) -> None:
    ticket = make_ticket(world, unit=world.unit_alpha)
    client = client_for("agent_alpha")
    for page in (client.get("/servicedesk/tickets/"), client.get(ticket.get_absolute_url())):
        body = page.content.decode()
        assert re.search(
            r'class="sla-badge sla-on_track"[^>]*><span aria-hidden="true">●</span> Enligt plan · [^<]*kvar', body
        )


def test_history_is_readable(world, client_for) -> None:
    ticket = make_ticket(world, unit=world.unit_alpha)
    actions.do_take(ticket, acting_user=world.agent_alpha, expected_version=ticket.version)
    actions.do_change_status(ticket, acting_user=world.agent_alpha, expected_version=SYSTEM, status=Status.RESOLVED)
    client = client_for("agent_alpha")
    page = client.get(ticket.get_absolute_url()).content.decode()
    timeline = page[page.index('class="timeline"') : page.index("</ol>")]
    assert "Tilldelad → <strong>Löst</strong>" in timeline
    assert "Handläggare: — → Agent_Alpha" in timeline
    assert "agent_alpha" not in timeline and "assignee_id" not in timeline
    resolved = timezone.localtime(Ticket.objects.get(pk=ticket.pk).resolved_at).strftime("%Y-%m-%d %H:%M")
    admin = client_for("admin_alpha").get(f"/servicedesk/tickets/{ticket.pk}/history/")
    history = admin.content.decode()
    assert admin.status_code == 200
    assert "Löst" in history and resolved in history and "resolved_at" not in history
    assert "SLA-status" not in history or "on_track" not in history
    assert "<td>Agent_Alpha</td>" in history and "<td>agent_alpha</td>" not in history


def test_combobox_lookup_is_scoped(world, client_for) -> None:
    mine = make_ticket(world, subject="Skrivaren på plan 3")
    client = client_for("agent_alpha")
    found = client.get("/lookup/tickets/", {"q": mine.number}).json()["results"]
    assert found == [{"value": mine.number, "label": f"{mine.number} Skrivaren på plan 3"}]
    assert client_for("agent_beta").get("/lookup/tickets/", {"q": mine.number}).json()["results"] == []
    assert client_for("agent_beta").get("/lookup/tickets/", {"q": "skrivaren"}).json()["results"] == []
    words = client.get("/lookup/tickets/", {"q": "skrivaren"}).json()["results"]
    assert [r["value"] for r in words] == [mine.number]
    people = client.get("/lookup/requesters/", {"q": "requester"}).json()["results"]
    assert "requester_a1" in {p["value"] for p in people} and "requester_c1" not in {p["value"] for p in people}
    agents = client.get("/lookup/agents/", {"q": "a"}).json()["results"]
    assert {p["value"] for p in agents} >= {"agent_alpha"} and "requester_a1" not in {p["value"] for p in agents}
    assert client.get("/lookup/nothing/", {"q": "x"}).status_code == 404
    assert client.get("/lookup/tickets/", {"q": ""}).json()["results"] == []


def test_parent_is_typed_as_a_number_and_checked(world, client_for) -> None:
    parent = make_ticket(world, subject="Nätverket nere")
    child = make_ticket(world)
    client = client_for("agent_alpha")
    edit = client.get(f"/servicedesk/tickets/{child.pk}/edit/").content.decode()
    assert (
        'role="combobox"' in edit
        and 'data-combobox="/lookup/tickets/"' in edit
        and "<option" not in edit.split('name="parent"', 1)[1].split("</div>", 1)[0]
    )
    assert "samdrift/js/combobox.js" in edit and "<script>" not in edit
    form = {
        "version": child.version,
        "ticket_type": "incident",
        "subject": child.subject,
        "description": child.description,
        "impact": 3,
        "urgency": 2,
        "member": world.member_a.pk,
        "parent": "SD-2026-999999",
    }
    refused = client.post(f"/servicedesk/tickets/{child.pk}/edit/", form)
    assert refused.status_code == 400 and "Inget hittades" in refused.content.decode()
    saved = client.post(
        f"/servicedesk/tickets/{child.pk}/edit/", form | {"parent": f"{parent.number.lower()} Nätverket"}
    )
    assert saved.status_code == 302 and Ticket.objects.get(pk=child.pk).parent == parent
    again = client.get(f"/servicedesk/tickets/{child.pk}/edit/").content.decode()
    assert f'value="{parent.number}"' in again


def test_the_three_ways_in_share_one_create_path(world, client_for, api_for) -> None:
    with pytest.raises(TypeError):
        actions.do_raise_ticket(
            acting_user=world.requester_a1,
            intake=actions.PORTAL_INTAKE,
            data={"subject": "x", "description": "y", "assignee": world.agent_alpha},
        )
    with pytest.raises(actions.CannotRaise):
        actions.do_raise_ticket(
            acting_user=world.requester_a1,
            intake=actions.DESK_INTAKE,
            data={"subject": "x", "description": "y", "requester": world.colleague_a1},
        )
    refused = client_for("agent_alpha").post(
        "/servicedesk/tickets/add/",
        {
            "requester": "nobody",
            "ticket_type": "incident",
            "subject": "x",
            "description": "y",
            "impact": 3,
            "urgency": 2,
        },
    )
    assert refused.status_code == 400 and not Ticket.objects.filter(subject="x").exists()
    denied = api_for("requester_a1").post(
        "/api/v1/tickets/", {"requester": world.colleague_a1.pk, "subject": "x", "description": "y"}, format="json"
    )
    assert denied.status_code == 403 and denied.json()["detail"]


PAGES = (
    "/servicedesk/tickets/add/",
    "/servicedesk/tickets/{child}/edit/",
    "/servicedesk/tickets/{child}/",
    "/servicedesk/tickets/?state=open",
    "/servicedesk/queues/",
)


def _measure(client, child: Ticket) -> dict[str, tuple[int, int]]:
    sizes = {}
    for page in PAGES:
        url = page.format(child=child.pk)
        client.get(url)  # warm caches (desk settings, content types)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        sizes[page] = (len(queries), len(response.content))
    return sizes


def test_pages_do_not_grow_with_the_number_of_tickets(world, client_for) -> None:
    """N and 3N tickets: the same queries and (within a few bytes for longer numbers) the
    same HTML on the pages that once listed every ticket as a choice."""
    n = 55  # more than one list page, so the list shows a full page both times
    child = make_ticket(world, unit=world.unit_alpha)
    for _ in range(n):
        make_ticket(world, unit=world.unit_alpha)
    client = client_for("agent_alpha")
    small = _measure(client, child)
    for _ in range(2 * n):
        make_ticket(world, unit=world.unit_alpha)
    large = _measure(client, child)
    for page in PAGES:
        (q_small, html_small), (q_large, html_large) = small[page], large[page]
        assert q_large == q_small, f"{page}: {q_small} → {q_large} queries"
        # Longer primary keys in links are the only growth allowed (the add and edit pages
        # once grew by megabytes: every ticket an <option>).
        assert abs(html_large - html_small) <= html_small // 100, f"{page}: {html_small} → {html_large} bytes"
