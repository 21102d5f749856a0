"""Major incidents (allvarliga störningar): declare with a disruption, link related tickets,
send updates to all their requesters, resolve them all with one closing message."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samdrift.catalog import actions as catalog
from samdrift.catalog.models import Disruption
from samdrift.core.versions import ConcurrentEditError
from samdrift.servicedesk import actions
from samdrift.servicedesk.choices import IncidentEntryKind, NotificationKind, Priority, Status
from samdrift.servicedesk.models import Comment, IncidentEntry, MajorIncident, Notification, Ticket
from samdrift.testing.browser import assert_accessible, log_in
from samdrift.testing.world import PASSWORD, make_ticket

pytestmark = pytest.mark.django_db

TITLE = "E-post – ”nere” för Alpha"


def _service(world, collaboration=None, name="E-post"):
    return catalog.do_create_service(
        acting_user=None,
        collaboration=collaboration or world.alpha,
        name=name,
        level="it",
        owner_unit=world.unit_alpha if collaboration is None else world.unit_beta,
    )


def _declare(world, **extra):
    service = _service(world)
    master = make_ticket(world, subject="E-posten går inte", acting="agent_alpha")
    related = [make_ticket(world, requester="requester_a2"), make_ticket(world, requester="requester_b1")]
    incident = actions.do_declare_major_incident(
        master,
        acting_user=world.agent_alpha,
        expected_version=master.version,
        service=service,
        title=TITLE,
        public_text="Vi felsöker. Nästa uppdatering 10.00.",
        impact="outage",
        affected_members=[world.member_a],
        linked=related,
        **extra,
    )
    return incident, master, related


def test_declaring_publishes_a_disruption_escalates_and_links_the_related_tickets(world) -> None:
    incident, master, related = _declare(world)
    master.refresh_from_db()
    assert master.major_incident and master.priority == Priority.CRITICAL
    assert master.service_id == incident.disruption.service_id, "the ticket gets the affected service"
    disruption = Disruption.objects.get(pk=incident.disruption_id)
    assert disruption.title == TITLE and disruption.ends is None and disruption.kind == "unplanned"
    assert list(disruption.affected_members.all()) == [world.member_a]
    assert set(Ticket.objects.filter(parent=master).values_list("pk", flat=True)) == {t.pk for t in related}
    # The unit lead is told of the incident; each linked requester that the fault is known.
    assert Notification.objects.filter(user=world.lead_alpha, kind=NotificationKind.MAJOR_INCIDENT).exists()
    for ticket in related:
        reply = Comment.objects.filter(ticket=ticket, is_internal=False).latest("pk")
        assert TITLE in reply.body
    kinds = list(incident.entries.values_list("kind", "recipients"))
    assert kinds == [(IncidentEntryKind.DECLARED, 0), (IncidentEntryKind.LINKED, 2)]


def test_declaring_is_refused_with_a_reason_and_stores_nothing(world) -> None:
    incident, master, related = _declare(world)
    other_service = _service(world, collaboration=world.beta)
    fresh = make_ticket(world)
    cases = [
        (Ticket.objects.get(pk=master.pk), incident.disruption.service, "redan"),  # already a major incident
        (Ticket.objects.get(pk=related[0].pk), incident.disruption.service, "överordnade"),  # a child
        (fresh, other_service, "samverkans"),  # a service of another collaboration
    ]
    for ticket, service, reason in cases:
        with pytest.raises(ValidationError, match=reason):
            actions.do_declare_major_incident(
                ticket,
                acting_user=world.agent_alpha,
                expected_version=ticket.version,
                service=service,
                title="x",
                public_text="x",
                impact="outage",
            )
    with pytest.raises(ConcurrentEditError):
        actions.do_declare_major_incident(
            fresh,
            acting_user=world.agent_alpha,
            expected_version=fresh.version + 1,
            service=incident.disruption.service,
            title="x",
            public_text="x",
            impact="outage",
        )
    with pytest.raises(PermissionDenied):
        actions.do_declare_major_incident(
            fresh,
            acting_user=world.agent_beta,
            expected_version=fresh.version,
            service=incident.disruption.service,
            title="x",
            public_text="x",
            impact="outage",
        )
    assert MajorIncident.objects.count() == 1 and Disruption.objects.count() == 1
    fresh.refresh_from_db()
    assert not fresh.major_incident


def test_linking_skips_closed_foreign_and_already_linked_tickets(world) -> None:
    incident, master, related = _declare(world)
    closed = make_ticket(world)
    Ticket.objects.filter(pk=closed.pk).update(status=Status.CLOSED)  # setup: closed long ago
    foreign = make_ticket(world, requester="requester_c1")
    new = make_ticket(world, requester="colleague_a1")
    tickets = [Ticket.objects.get(pk=pk) for pk in (related[0].pk, closed.pk, master.pk, new.pk)]
    assert actions.do_link_to_incident(incident, tickets, acting_user=world.agent_alpha) == (1, 3)
    with pytest.raises(PermissionDenied):  # the agent of Alpha does not work Beta's tickets
        actions.do_link_to_incident(incident, [foreign], acting_user=world.agent_alpha)
    assert Ticket.objects.get(pk=new.pk).parent_id == master.pk
    assert Ticket.objects.get(pk=closed.pk).parent_id is None
    assert incident.entries.filter(kind=IncidentEntryKind.LINKED).last().body == new.number


def test_a_ticket_registered_under_the_incident_joins_its_timeline(world) -> None:
    incident, master, _related = _declare(world)
    child = make_ticket(world, acting="agent_alpha", requester="colleague_a1", parent=master)
    entry = incident.entries.latest("pk")
    assert (entry.kind, entry.body) == (IncidentEntryKind.LINKED, child.number)


def test_an_update_reaches_every_open_linked_requester_and_driftinformation(world) -> None:
    incident, master, related = _declare(world)
    resolved = related[1]
    Ticket.objects.filter(pk=resolved.pk).update(status=Status.RESOLVED)  # setup: solved on its own
    told = actions.do_send_incident_update(
        incident, acting_user=world.agent_alpha, body="Felet är hittat – ”snart” klart.", publish=True
    )
    assert told == 2  # the incident's requester and the open child's
    for ticket in (master, related[0]):
        assert Comment.objects.filter(ticket=ticket, body="Felet är hittat – ”snart” klart.").exists()
    assert not Comment.objects.filter(ticket=resolved, body__startswith="Felet").exists()
    assert Notification.objects.filter(user=world.requester_a2, kind=NotificationKind.REPLY).exists()
    assert Disruption.objects.get(pk=incident.disruption_id).public_text == "Felet är hittat – ”snart” klart."
    with pytest.raises(ValidationError):
        actions.do_send_incident_update(incident, acting_user=world.agent_alpha, body="  ")


def test_resolving_resolves_the_children_ends_the_disruption_and_is_recorded(world) -> None:
    incident, master, related = _declare(world)
    with pytest.raises(ConcurrentEditError):
        actions.do_resolve_major_incident(
            incident, acting_user=world.agent_alpha, expected_version=incident.version + 1, closing_message="Klart."
        )
    with pytest.raises(ValidationError):
        actions.do_resolve_major_incident(
            incident, acting_user=world.agent_alpha, expected_version=incident.version, closing_message=" "
        )
    done = actions.do_resolve_major_incident(
        incident, acting_user=world.agent_alpha, expected_version=incident.version, closing_message="Åtgärdat – tack."
    )
    assert done.resolved_at is not None and done.closing_message == "Åtgärdat – tack."
    for ticket in (master, *related):
        ticket.refresh_from_db()
        assert ticket.status == Status.RESOLVED
        assert Comment.objects.filter(ticket=ticket, body="Åtgärdat – tack.", is_internal=False).exists()
    assert Disruption.objects.get(pk=incident.disruption_id).ends == done.resolved_at
    last = done.entries.latest("pk")
    assert (last.kind, last.recipients) == (IncidentEntryKind.RESOLVED, 3)
    with pytest.raises(ValidationError):
        actions.do_link_to_incident(done, [make_ticket(world)], acting_user=world.agent_alpha)
    with pytest.raises(ValidationError):
        actions.do_resolve_major_incident(
            done, acting_user=world.agent_alpha, expected_version=done.version, closing_message="igen"
        )


def test_resolving_gives_handler_less_children_the_resolver_where_the_desk_requires_a_handler(world) -> None:
    settings = actions.do_configure_desk(world.alpha, acting_user=None, require_assignee_to_resolve=True)
    assert settings.require_assignee_to_resolve
    incident, _master, related = _declare(world)
    actions.do_resolve_major_incident(
        incident, acting_user=world.agent_alpha, expected_version=incident.version, closing_message="Klart."
    )
    for ticket in related:
        ticket.refresh_from_db()
        assert (ticket.status, ticket.assignee_id) == (Status.RESOLVED, world.agent_alpha.pk)


def test_the_pages_declare_link_update_and_resolve(world, client_for) -> None:
    service = _service(world)
    master = make_ticket(world, subject="Nätet är nere", acting="agent_alpha")
    child = make_ticket(world, requester="requester_b1")
    client = client_for("agent_alpha")
    page = client.get(master.get_absolute_url()).content.decode()
    assert "Utlys en allvarlig störning" in page
    data = {
        "title": "Nätet – nere",
        "service": service.pk,
        "impact": "outage",
        "public_text": "Vi arbetar på det.",
        "numbers": f"{child.number}, NOPE-9",
        "version": master.version,
    }
    unknown = client.post(f"/servicedesk/tickets/{master.pk}/declare/", data)
    assert unknown.status_code == 400 and "NOPE-9" in unknown.content.decode()
    assert "Nätet – nere" in unknown.content.decode(), "what was typed is kept"
    assert client.post(f"/servicedesk/tickets/{master.pk}/declare/", {**data, "version": ""}).status_code == 400
    declared = client.post(f"/servicedesk/tickets/{master.pk}/declare/", {**data, "numbers": child.number.lower()})
    incident = MajorIncident.objects.get()
    assert declared.status_code == 302 and declared["Location"] == incident.get_absolute_url()
    assert "Nätet – nere" in client.get("/driftinformation/").content.decode()
    page = client.get(incident.get_absolute_url()).content.decode()
    assert child.number in page and "Utlyst" in page
    assert client.get(master.get_absolute_url()).content.decode().count(incident.get_absolute_url()) == 1
    listed = client.get("/servicedesk/incidents/?open=true").content.decode()
    assert master.number in listed
    other = make_ticket(world, requester="colleague_a1")
    linked = client.post(f"/servicedesk/incidents/{incident.pk}/link/", {"numbers": other.number})
    assert linked.status_code == 302 and Ticket.objects.get(pk=other.pk).parent_id == master.pk
    sent = client.post(f"/servicedesk/incidents/{incident.pk}/update/", {"body": "Strax klart.", "publish": "on"})
    assert sent.status_code == 302
    assert "Uppdateringen skickades till 3 beställare." in [
        str(m) for m in client.get(incident.get_absolute_url()).context["messages"]
    ]
    empty = client.post(f"/servicedesk/incidents/{incident.pk}/resolve/", {"closing_message": "", "version": 1})
    assert empty.status_code == 400
    stale = client.post(
        f"/servicedesk/incidents/{incident.pk}/resolve/", {"closing_message": "Klart.", "version": incident.version + 9}
    )
    assert stale.status_code == 409
    resolved = client.post(
        f"/servicedesk/incidents/{incident.pk}/resolve/", {"closing_message": "Klart.", "version": incident.version}
    )
    assert resolved.status_code == 302
    assert set(Ticket.objects.filter(parent=master).values_list("status", flat=True)) == {Status.RESOLVED}
    assert "Skicka uppdateringen" not in client.get(incident.get_absolute_url()).content.decode()


def test_bulk_linking_from_the_ticket_list(world, client_for) -> None:
    incident, master, _related = _declare(world)
    a, b = make_ticket(world, requester="colleague_a1"), make_ticket(world, requester="requester_a2")
    client = client_for("agent_alpha")
    page = client.get("/servicedesk/tickets/").content.decode()
    assert "Koppla till en allvarlig störning" in page
    answer = client.post("/servicedesk/tickets/bulk/", {"tickets": [a.pk, b.pk], "action": "incident"})
    assert answer.status_code == 302 and Ticket.objects.get(pk=a.pk).parent_id is None
    linked = client.post(
        "/servicedesk/tickets/bulk/", {"tickets": [a.pk, b.pk], "action": "incident", "incident": incident.pk}
    )
    assert linked.status_code == 302
    assert set(Ticket.objects.filter(parent=master).values_list("pk", flat=True)) >= {a.pk, b.pk}
    assert "2 ärenden kopplades till den allvarliga störningen; 0 kunde inte kopplas." in [
        str(m) for m in client.get("/servicedesk/tickets/").context["messages"]
    ]


def test_only_the_collaborations_desk_staff_see_and_act_on_an_incident(world, client_for, api_for) -> None:
    incident, master, related = _declare(world)
    url = incident.get_absolute_url()
    assert client_for("agent_alpha").get(url).status_code == 200
    for name in ("agent_beta", "requester_a1", "orderer_a", "controller_alpha", "admin_beta"):
        assert client_for(name).get(url).status_code == 404, name
        assert client_for(name).post(f"{url}update/", {"body": "x"}).status_code == 404, name
        assert api_for(name).get(f"/api/v1/major-incidents/{incident.pk}/").status_code == 404, name
        assert api_for(name).get("/api/v1/major-incidents/").json()["results"] == [], name
    # A requester still reads the updates in their own ticket.
    actions.do_send_incident_update(incident, acting_user=world.agent_alpha, body="Uppdatering 1")
    assert "Uppdatering 1" in client_for("requester_a2").get(related[0].get_absolute_url()).content.decode()
    # Beta's agent cannot link Alpha's tickets, nor declare them.
    beta = api_for("agent_beta")
    assert beta.post(f"/api/v1/major-incidents/{incident.pk}/link/", {"tickets": [master.pk]}).status_code == 404
    fresh = make_ticket(world)
    assert beta.post(f"/api/v1/tickets/{fresh.pk}/declare-major-incident/", {}).status_code == 404


def test_the_api_declares_links_updates_and_resolves(world, api_for) -> None:
    service = _service(world)
    master = make_ticket(world, acting="agent_alpha")
    extra = make_ticket(world, requester="requester_b1")
    api = api_for("agent_alpha")
    url = f"/api/v1/tickets/{master.pk}/declare-major-incident/"
    body = {
        "service": service.pk,
        "title": TITLE,
        "public_text": "Vi felsöker.",
        "affected_members": [world.member_b.pk],
    }
    assert api.post(url, body, format="json").status_code == 428
    assert api.post(url, body, format="json", HTTP_IF_MATCH=str(master.version + 1)).status_code == 412
    bad = api.post(
        url, {**body, "impact": "x"}, format="json", HTTP_IF_MATCH=str(master.version), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert bad.status_code == 400 and "impact" in bad.json()["errors"]
    created = api.post(url, body, format="json", HTTP_IF_MATCH=str(master.version))
    assert created.status_code == 201, created.content
    incident = created.json()
    assert incident["ticket"] == master.pk and incident["children"] == [] and created["ETag"]
    assert [e["kind"] for e in incident["entries"]] == ["declared"]
    again = api.post(url, body, format="json", HTTP_IF_MATCH=str(Ticket.objects.get(pk=master.pk).version))
    assert again.status_code == 400 and "redan" in str(again.json())
    base = f"/api/v1/major-incidents/{incident['id']}/"
    assert api.post(f"{base}link/", {"tickets": []}, format="json").status_code == 400
    assert api.post(f"{base}link/", {"tickets": [extra.pk]}, format="json").json() == {"linked": 1, "skipped": 0}
    assert api.post(f"{base}updates/", {"body": "Snart."}, format="json").json() == {"recipients": 2}
    assert api.get(base).json()["children"] == [extra.pk]
    listed = api.get("/api/v1/major-incidents/?open=true").json()["results"]
    assert [row["id"] for row in listed] == [incident["id"]]
    resolve = f"{base}resolve/"
    assert api.post(resolve, {"closing_message": "Klart."}, format="json").status_code == 428
    version = MajorIncident.objects.get().version
    done = api.post(resolve, {"closing_message": "Klart."}, format="json", HTTP_IF_MATCH=str(version))
    assert done.status_code == 200 and done.json()["resolved_at"]
    assert api.get("/api/v1/major-incidents/?open=true").json()["results"] == []
    late = api.post(f"{base}updates/", {"body": "x"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert late.status_code == 400 and "resolved" in str(late.json())
    assert IncidentEntry.objects.filter(incident_id=incident["id"]).count() == 4


@pytest.mark.browser
def test_an_agent_declares_and_resolves_a_major_incident_with_three_linked_tickets(
    live_world, page, live_server
) -> None:
    service = _service(live_world)
    master = make_ticket(live_world, subject="Inloggningen – går inte", acting="agent_alpha")
    children = [
        make_ticket(live_world, requester=name, subject=f"Kan inte logga in ({name})")
        for name in ("requester_b1", "requester_a2", "colleague_a1")
    ]
    log_in(page, live_server.url, "agent_alpha", PASSWORD)
    page.goto(f"{live_server.url}{master.get_absolute_url()}")
    page.get_by_text("Publicera en driftstörning och koppla de relaterade ärendena").click()
    page.get_by_label("Rubrik på Driftinformation").fill("Inloggning – ”nere”")
    page.get_by_label("Berörd tjänst").select_option(str(service.pk))
    page.get_by_label("Offentlig information").fill("Vi felsöker inloggningen.")
    page.get_by_label("Relaterade ärenden att koppla").fill(" ".join(child.number for child in children))
    assert_accessible(page)
    page.get_by_role("button", name="Utlys allvarlig störning").click()
    incident = MajorIncident.objects.get()
    page.wait_for_url(f"{live_server.url}{incident.get_absolute_url()}")
    assert_accessible(page)
    for child in children:
        assert page.get_by_role("link", name=child.number).is_visible()
    page.get_by_role("textbox", name="Uppdatering till alla beställare").fill("Felet är hittat.")
    page.get_by_role("button", name="Skicka uppdateringen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Uppdateringen skickades till 4 beställare.").is_visible()
    page.get_by_label("Avslutande meddelande").fill("Inloggningen fungerar igen.")
    page.get_by_role("button", name="Lös alla").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.get_by_text("Den allvarliga störningen är löst, och likaså de kopplade ärendena.").is_visible()
    assert {t.status for t in Ticket.objects.filter(pk__in=[c.pk for c in children])} == {Status.RESOLVED}
    page.goto(f"{live_server.url}/driftinformation/")
    assert_accessible(page)
    assert page.get_by_text("Inloggning – ”nere”").first.is_visible(), "an ended disruption shows for a week"
