"""Tickets API: idempotent create, If-Match versions, workflow endpoints, scoping, errors."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from rest_framework.test import APIClient

from samdrift.servicedesk import actions
from samdrift.servicedesk.models import Comment, Ticket
from samdrift.testing.world import make_ticket


def new_ticket(client, **extra):
    body = {"subject": "VPN fungerar inte", "description": "Kan inte ansluta hemifrån.", **extra}
    return client.post("/api/v1/tickets/", body, format="json", **extra.pop("headers", {}))


def test_requester_creates_a_ticket_for_themselves(world, api_for) -> None:
    response = new_ticket(api_for("requester_a1"))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"].startswith("SD-") and body["member"] == world.member_a.pk
    assert body["requester"] == world.requester_a1.pk and response["ETag"] == '"1"'


def test_idempotency_key_prevents_duplicates(world, api_for) -> None:
    client = api_for("requester_a1")
    first = client.post(
        "/api/v1/tickets/", {"subject": "A", "description": "B"}, format="json", HTTP_IDEMPOTENCY_KEY="7d9f-1"
    )
    again = client.post(
        "/api/v1/tickets/", {"subject": "A", "description": "B"}, format="json", HTTP_IDEMPOTENCY_KEY="7d9f-1"
    )
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"] and again["Idempotent-Replayed"] == "true"
    assert Ticket.objects.count() == 1
    other = api_for("requester_b1").post(
        "/api/v1/tickets/", {"subject": "A", "description": "B"}, format="json", HTTP_IDEMPOTENCY_KEY="7d9f-1"
    )
    assert other.json()["id"] != first.json()["id"], "keys are per user"


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_key_create_one_ticket() -> None:
    from samdrift.testing.world import build_world

    world = build_world()
    results: list[int] = []

    def post() -> None:
        client = APIClient()
        client.force_authenticate(world.requester_a1)
        response = client.post(
            "/api/v1/tickets/",
            {"subject": "Samma", "description": "Samma"},
            format="json",
            HTTP_IDEMPOTENCY_KEY="race-1",
        )
        results.append(response.json()["id"])
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 1 and Ticket.objects.filter(subject="Samma").count() == 1


def test_agent_registers_on_behalf_and_requester_cannot(world, api_for) -> None:
    ok = api_for("agent_alpha").post(
        "/api/v1/tickets/",
        {"requester": world.requester_b1.pk, "subject": "Telefon", "description": "Samtal", "impact": 1, "urgency": 1},
        format="json",
    )
    assert ok.status_code == 201 and ok.json()["priority"] == 1 and ok.json()["member"] == world.member_b.pk
    denied = api_for("requester_a1").post(
        "/api/v1/tickets/", {"requester": world.colleague_a1.pk, "subject": "x", "description": "y"}, format="json"
    )
    assert denied.status_code in (400, 403)
    outside = api_for("agent_alpha").post(
        "/api/v1/tickets/", {"requester": world.requester_c1.pk, "subject": "x", "description": "y"}, format="json"
    )
    assert outside.status_code == 400 and "requester" in outside.json()["errors"]


def test_update_needs_the_current_version(world, api_for) -> None:
    ticket = make_ticket(world)
    client = api_for("agent_alpha")
    url = f"/api/v1/tickets/{ticket.pk}/"
    assert client.patch(url, {"urgency": 1}, format="json").status_code == 428
    ok = client.patch(url, {"urgency": 1}, format="json", HTTP_IF_MATCH='"1"')
    assert ok.status_code == 200 and ok.json()["priority"] == 3  # impact low × urgency high
    stale = client.patch(url, {"subject": "Ny"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412 and stale.json()["current_version"] == 2
    assert Ticket.objects.get(pk=ticket.pk).subject == ticket.subject
    assert api_for("requester_a1").patch(url, {"subject": "x"}, format="json", HTTP_IF_MATCH='"2"').status_code == 403


def test_transition_and_assign(world, api_for) -> None:
    ticket = make_ticket(world)
    client = api_for("agent_alpha")
    base = f"/api/v1/tickets/{ticket.pk}"
    assigned = client.post(
        f"{base}/assign/",
        {"unit": world.unit_alpha.pk, "assignee": world.agent_alpha.pk},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert assigned.status_code == 200 and assigned.json()["status"] == "assigned"
    bad = client.post(f"{base}/transition/", {"status": "closed"}, format="json", HTTP_IF_MATCH=assigned["ETag"])
    assert bad.status_code == 400 and "status" in bad.json()["errors"]
    done = client.post(
        f"{base}/transition/", {"status": "resolved", "note": "Klart"}, format="json", HTTP_IF_MATCH=assigned["ETag"]
    )
    assert done.status_code == 200 and done.json()["resolved_at"]
    foreign = client.post(
        f"{base}/assign/", {"unit": world.unit_beta.pk, "assignee": None}, format="json", HTTP_IF_MATCH=done["ETag"]
    )
    assert foreign.status_code == 400
    assert (
        api_for("requester_a1")
        .post(f"{base}/transition/", {"status": "closed"}, format="json", HTTP_IF_MATCH=done["ETag"])
        .status_code
        == 403
    )


def test_comments_hide_internal_notes_from_requesters(world, api_for) -> None:
    ticket = make_ticket(world)
    agent, requester = api_for("agent_alpha"), api_for("requester_a1")
    url = f"/api/v1/tickets/{ticket.pk}/comments/"
    assert agent.post(url, {"body": "Kollar loggarna", "is_internal": True}, format="json").status_code == 201
    assert agent.post(url, {"body": "Prova att starta om"}, format="json").status_code == 201
    assert requester.post(url, {"body": "Hjälpte inte", "is_internal": True}, format="json").status_code == 403
    assert requester.post(url, {"body": "Hjälpte inte"}, format="json").status_code == 201
    assert [c["body"] for c in requester.get(url).json()["results"]] == ["Prova att starta om", "Hjälpte inte"]
    assert agent.get(url).json()["count"] == 3
    assert api_for("orderer_a").get(url).json() == requester.get(url).json()
    assert Comment.objects.filter(is_internal=True).count() == 1


def test_time_entries(world, api_for) -> None:
    ticket = make_ticket(world, unit=world.unit_alpha)
    url = f"/api/v1/tickets/{ticket.pk}/time-entries/"
    response = api_for("agent_alpha").post(
        url, {"minutes": 45, "work_type": "onsite", "billable": True, "performed_on": "2026-11-23"}, format="json"
    )
    assert response.status_code == 201 and response.json()["unit"] == world.unit_alpha.pk
    bad = api_for("agent_alpha").post(url, {"minutes": 0, "work_type": "x", "performed_on": "igår"}, format="json")
    assert bad.status_code == 400 and {"minutes", "work_type", "performed_on"} <= set(bad.json()["errors"])
    assert (
        api_for("requester_a1")
        .post(url, {"minutes": 5, "work_type": "advice", "performed_on": "2026-11-23"}, format="json")
        .status_code
        == 403
    )
    assert api_for("requester_a1").get(url).json()["results"] == []
    assert api_for("orderer_a").get(url).json()["count"] == 1
    assert api_for("controller_alpha").get(url).status_code == 404, "controllers cannot open the ticket itself"


def test_attachments_upload_and_refusal(world, api_for, client_for) -> None:
    ticket = make_ticket(world)
    client = api_for("requester_a1")
    url = f"/api/v1/tickets/{ticket.pk}/attachments/"
    ok = client.post(url, {"file": SimpleUploadedFile("fel.txt", b"Felkod 0x80070005")}, format="multipart")
    assert ok.status_code == 201 and ok.json()["filename"] == "fel.txt"
    bad = client.post(
        url, {"file": SimpleUploadedFile("x.exe", b"MZ...")}, format="multipart", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert bad.status_code == 400 and "not allowed" in str(bad.json())
    download = client_for("requester_a1").get(ok.json()["download_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"Felkod 0x80070005"
    assert client_for("colleague_a1").get(ok.json()["download_url"]).status_code == 404


def test_list_filters_and_search(world, api_for) -> None:
    make_ticket(world, subject="Skrivaren krånglar")
    make_ticket(world, requester="requester_b1", subject="Wifi i skolan", description="Inget nät.", impact=1, urgency=1)
    client = api_for("agent_alpha")
    assert [t["subject"] for t in client.get("/api/v1/tickets/", {"q": "skrivare"}).json()["results"]] == [
        "Skrivaren krånglar"
    ]
    assert len(client.get("/api/v1/tickets/", {"member": world.member_b.pk}).json()["results"]) == 1
    assert len(client.get("/api/v1/tickets/", {"priority": 1}).json()["results"]) == 1
    assert len(client.get("/api/v1/tickets/", {"state": "open", "sort": "due_at"}).json()["results"]) == 2
    assert len(api_for("requester_a1").get("/api/v1/tickets/").json()["results"]) == 1


def test_reopen_and_rating(world, api_for) -> None:
    ticket = make_ticket(world, assignee=world.agent_alpha)  # the API resolves only with a handler
    agent, requester = api_for("agent_alpha"), api_for("requester_a1")
    base = f"/api/v1/tickets/{ticket.pk}"
    agent.post(f"{base}/transition/", {"status": "resolved"}, format="json", HTTP_IF_MATCH='"1"')
    rated = requester.post(f"{base}/rating/", {"score": 4, "comment": "Bra"}, format="json")
    assert rated.status_code == 201 and requester.get(f"{base}/rating/").json()["score"] == 4
    assert requester.post(f"{base}/rating/", {"score": 9}, format="json").status_code == 400
    reopened = requester.post(f"{base}/reopen/", {"reason": "Skrivaren krånglar igen"}, format="json")
    assert reopened.status_code == 200 and reopened.json()["status"] == "in_progress"
    assert api_for("colleague_a1").post(f"{base}/reopen/", {"reason": "x"}, format="json").status_code == 404


def test_ticket_api_in_the_schema(world, api_for) -> None:
    schema = api_for("agent_alpha").get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    create = schema["paths"]["/api/v1/tickets/"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in create["parameters"])
    patch = schema["paths"]["/api/v1/tickets/{id}/"]["patch"]
    assert any(p["name"] == "If-Match" for p in patch["parameters"])
    for path in ("transition", "assign", "comments", "time-entries", "attachments", "reopen", "rating"):
        assert f"/api/v1/tickets/{{id}}/{path}/" in schema["paths"], path


def test_a_tickets_comments_time_and_files_are_pages_like_every_list(world, api_for) -> None:
    """The schema promised pages; they were bare arrays."""
    ticket = make_ticket(world, unit=world.unit_alpha)
    agent = api_for("agent_alpha")
    for n in range(3):
        actions.do_add_comment(ticket, acting_user=world.agent_alpha, body=f"Svar {n}")
    base = f"/api/v1/tickets/{ticket.pk}"
    page = agent.get(f"{base}/comments/?limit=2").json()
    assert set(page) == {"count", "next", "previous", "results"}
    assert page["count"] == 3 and [c["body"] for c in page["results"]] == ["Svar 0", "Svar 1"]
    assert [c["body"] for c in agent.get(page["next"]).json()["results"]] == ["Svar 2"]
    for part in ("time-entries", "attachments", "comments"):
        assert set(agent.get(f"{base}/{part}/").json()) == {"count", "next", "previous", "results"}, part
        bad = agent.get(f"{base}/{part}/?limit=nej", HTTP_ACCEPT_LANGUAGE="en")
        assert bad.status_code == 400 and "limit" in bad.json()["errors"], part
    # The ticket filters are not the comments' filters: they are neither offered nor applied.
    assert agent.get(f"{base}/comments/?status=closed").json()["count"] == 3
