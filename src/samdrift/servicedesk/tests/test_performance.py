"""The fast paths of the ticket lists: keyset pages, capped counts, slim rows, and
query counts that do not grow with the rows (so no later change adds an N+1)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from samdrift.accounts import policy
from samdrift.core import views as core_views
from samdrift.core.views import CappedPaginator
from samdrift.servicedesk import actions
from samdrift.servicedesk.models import Comment, Ticket
from samdrift.testing.world import make_ticket


def pages(client: Any, url: str, **params: Any) -> list[list[int]]:
    out, response = [], client.get(url, params)
    while True:
        body = response.json()
        assert response.status_code == 200, body
        out.append([row["id"] for row in body["results"]])
        if not body["next"]:
            return out
        response = client.get(body["next"])


@pytest.mark.parametrize("sort", ["", "-created", "created", "priority", "due_at"])
def test_keyset_pages_list_every_ticket_once_in_order(world, api_for, sort) -> None:
    for k in range(7):
        make_ticket(world, subject=f"Ärende {k}", impact=1 + k % 3, urgency=1 + k % 2)
    client = api_for("agent_alpha")
    params = {"limit": 3, **({"sort": sort} if sort else {})}
    everything = client.get("/api/v1/tickets/", {"limit": 100, **({"sort": sort} if sort else {})}).json()["results"]
    walked = pages(client, "/api/v1/tickets/", **params)
    assert [len(p) for p in walked] == [3, 3, 1]
    assert [i for p in walked for i in p] == [row["id"] for row in everything]
    # and back again from the last page
    last = client.get("/api/v1/tickets/", params)
    for _ in range(2):
        last = client.get(last.json()["next"])
    back = client.get(last.json()["previous"]).json()
    assert [row["id"] for row in back["results"]] == walked[1]


def test_newest_first_by_default_and_list_rows_carry_no_texts(world, api_for) -> None:
    first = make_ticket(world, subject="Först", description="Lång – ”text” å")
    second = make_ticket(world, subject="Sedan")
    body = api_for("agent_alpha").get("/api/v1/tickets/").json()
    assert [row["id"] for row in body["results"]][:2] == [second.pk, first.pk]
    assert "description" not in body["results"][0] and "count" not in body
    detail = api_for("agent_alpha").get(f"/api/v1/tickets/{first.pk}/").json()
    assert detail["description"] == "Lång – ”text” å"


@pytest.mark.parametrize("bad", ["0", "1001", "x", "-1"])
def test_limit_is_checked_on_the_keyset_list(world, api_for, bad) -> None:
    response = api_for("agent_alpha").get("/api/v1/tickets/", {"limit": bad}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "limit" in response.json()["errors"]
    swedish = api_for("agent_alpha").get("/api/v1/tickets/", {"limit": bad}, HTTP_ACCEPT_LANGUAGE="sv")
    assert "heltal" in str(swedish.json()["errors"]["limit"])


@pytest.mark.parametrize("bad", ["!!!", "eyJ2IjogWzFdfQ", "e30"])
def test_a_broken_cursor_answers_400(world, api_for, bad) -> None:
    make_ticket(world)
    response = api_for("agent_alpha").get("/api/v1/tickets/", {"cursor": bad}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "cursor" in response.json()["errors"]


def test_cursor_pages_stay_within_the_users_scope(world, api_for) -> None:
    mine = [make_ticket(world).pk for _ in range(3)]
    make_ticket(world, requester="requester_b1")
    make_ticket(world, requester="colleague_a1")
    walked = pages(api_for("requester_a1"), "/api/v1/tickets/", limit=2)
    assert sorted(i for p in walked for i in p) == sorted(mine)


def test_count_is_capped(world, monkeypatch) -> None:
    for _ in range(4):
        make_ticket(world)
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    paginator = CappedPaginator(Ticket.objects.all(), 2)
    assert paginator.capped and paginator.count == 4 and paginator.num_pages == 2
    exact = CappedPaginator(Ticket.objects.all(), 2)
    exact.cap = 10
    assert not exact.capped and exact.count_label == "4"


@pytest.mark.parametrize("number", [1, 2, 3])
def test_late_rows_give_the_same_pages(world, number) -> None:
    """Keys first, then the page's rows: the same rows in the same order, related rows read
    with them, and a missing page is still the last one."""
    for k in range(5):
        make_ticket(world, subject=f"Ärende – ”{k}” å")
    tickets = Ticket.objects.select_related("member").order_by("-created", "-pk")
    plain = CappedPaginator(tickets, 2).get_page(number)
    late = CappedPaginator(tickets, 2, late_rows=True).get_page(number)
    assert [t.pk for t in late] == [t.pk for t in plain] and len(late) == (1 if number == 3 else 2)
    assert late.has_next() == plain.has_next() and late.number == plain.number
    with CaptureQueriesContext(connection) as read:
        assert [t.member.name for t in late] == [t.member.name for t in plain]
    assert len(read) == 0
    assert [t.pk for t in CappedPaginator(tickets, 2, late_rows=True).get_page(99)] == [
        t.pk for t in CappedPaginator(tickets, 2).get_page(3)
    ]


@pytest.mark.parametrize(
    ("url", "username"), [("/servicedesk/tickets/", "orderer_a"), ("/servicedesk/portal/", "requester_a1")]
)
def test_ticket_lists_sort_keys_only(world, client_for, url, username) -> None:
    """The ticket list and the portal sort only the tickets' keys (see CappedPaginator.page)."""
    made = [make_ticket(world, subject=f"Nummer {k}").pk for k in range(3)]
    client = client_for(username)
    with CaptureQueriesContext(connection) as seen:
        page = client.get(url)
    assert page.status_code == 200
    assert [t.pk for t in page.context["page"]] == made[::-1]
    table = Ticket._meta.db_table
    keys_only = [q["sql"] for q in seen.captured_queries if q["sql"].startswith(f'SELECT "{table}"."id" AS "pk" FROM')]
    assert keys_only and "ORDER BY" in keys_only[0]


def test_list_page_says_more_than_when_capped(world, client_for, monkeypatch) -> None:
    for _ in range(3):
        make_ticket(world)
    monkeypatch.setattr(CappedPaginator, "cap", 2)
    page = client_for("agent_alpha").get("/servicedesk/tickets/")
    assert "fler än 2 ärenden" in page.content.decode()
    client = client_for("agent_alpha")
    client.cookies["django_language"] = "en"
    assert "more than 2 tickets" in client.get("/servicedesk/tickets/").content.decode()
    assert core_views.COUNT_CAP == 10_000


def where(queryset: Any) -> str:
    return str(queryset.query).split(" WHERE ", 1)[1]


def test_collaboration_wide_staff_get_no_or(world) -> None:
    """Desk staff of the whole collaboration: ``collaboration IN (…)`` alone, and their own
    rows only for the collaborations outside their reach in which they own rows."""
    agent = world.agent_alpha
    assert (
        policy.owned_outside(agent, Ticket, Q(created_by=agent.pk), "collaboration", frozenset({world.alpha.pk}))
        == set()
    )
    sql = where(Ticket.objects.visible_to(agent))
    assert " OR " not in sql and "requester_id" not in sql  # owns nothing in beta
    assert "is_internal" not in where(Comment.objects.visible_to(agent))

    # A ticket the agent raised in beta (say, while holding a role there) stays theirs to read.
    raised = make_ticket(world, requester="requester_c1")
    Ticket.objects.filter(pk=raised.pk).update(created_by=agent)
    policy.forget_owned(agent)  # a direct update, not an action
    sql = where(Ticket.objects.visible_to(agent))
    own = sql[sql.index('"requester_id"') :]
    assert f'"collaboration_id" IN ({world.beta.pk})' in own  # own rows only outside alpha
    assert Ticket.objects.visible_to(agent).filter(pk=raised.pk).exists()
    reply = actions.do_add_comment(raised, acting_user=world.users["requester_c1"], body="Fortfarande trasig")
    comments = where(Comment.objects.visible_to(agent))
    assert "is_internal" in comments  # the own rows outside still hide internal notes
    assert Comment.objects.visible_to(agent).filter(pk=reply.pk).exists()


def test_a_ticket_registered_elsewhere_is_visible_at_once_to_the_same_user_object(world) -> None:
    """``owned_outside`` is cached on the user object; registering a ticket in another
    collaboration through the action clears it, so the registrar reads the new ticket in the
    same request (without ``forget_owned`` in ``do_create_ticket`` this fails)."""
    agent = world.agent_alpha
    assert " OR " not in where(Ticket.objects.visible_to(agent))  # caches "owns nothing outside"
    raised = make_ticket(world, requester="requester_c1", acting="agent_alpha")
    assert raised.collaboration == world.beta and raised.created_by == agent
    assert Ticket.objects.visible_to(agent).filter(pk=raised.pk).exists()


def test_a_requester_keeps_the_own_rows_predicate(world) -> None:
    assert "requester_id" in where(Ticket.objects.visible_to(world.requester_a1))


# --- Query counts: N and 3N rows cost the same number of queries ---------------------------


def grow(world: Any, n: int) -> list[Ticket]:
    made = []
    for k in range(n):
        ticket = make_ticket(world, subject=f"Skrivaren {k}", description="Toner – ”slut”")
        actions.do_add_comment(ticket, acting_user=world.agent_alpha, body=f"Svar {k}")
        actions.do_add_comment(ticket, acting_user=world.agent_alpha, body="Intern", is_internal=True)
        actions.do_log_time(
            ticket,
            acting_user=world.agent_alpha,
            minutes=5,
            work_type="troubleshooting",
            performed_on=datetime.date(2026, 1, 5),
            unit=world.unit_alpha,
        )
        made.append(ticket)
    return made


def count_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


PAGES = [
    "/servicedesk/tickets/",
    "/servicedesk/tickets/?state=open&sort=due_at",
    "/servicedesk/tickets/?q=skrivare",
    "/servicedesk/queues/",
    "/servicedesk/portal/",
    "/servicedesk/notifications/",
    "/api/v1/tickets/",
    "/api/v1/tickets/?state=open&sort=priority",
    "/api/v1/tickets/?q=skrivare",
    "/api/v1/categories/",
]
DETAIL = [
    "/servicedesk/tickets/{pk}/",
    "/api/v1/tickets/{pk}/",
    "/api/v1/tickets/{pk}/comments/",
    "/api/v1/tickets/{pk}/time-entries/",
    "/api/v1/tickets/{pk}/attachments/",
]


@pytest.mark.parametrize("user", ["agent_alpha", "requester_a1"])
def test_list_pages_and_endpoints_run_a_fixed_number_of_queries(world, client_for, user) -> None:
    client = client_for(user)
    grow(world, 2)
    few = {url: count_queries(client, url) for url in PAGES if not (user.startswith("req") and "queues" in url)}
    grow(world, 4)
    many = {url: count_queries(client, url) for url in few}
    assert many == few


def test_detail_pages_run_a_fixed_number_of_queries(world, client_for) -> None:
    client = client_for("agent_alpha")
    small = grow(world, 1)[0]
    big = make_ticket(world, subject="Stort ärende")
    for k in range(3):
        actions.do_add_comment(big, acting_user=world.agent_alpha, body=f"Svar {k}")
        actions.do_add_comment(big, acting_user=world.agent_alpha, body="Not", is_internal=True)
        actions.do_log_time(
            big,
            acting_user=world.agent_alpha,
            minutes=5,
            work_type="troubleshooting",
            performed_on=datetime.date(2026, 1, 5),
            unit=world.unit_alpha,
        )
    for url in DETAIL:
        assert count_queries(client, url.format(pk=small.pk)) == count_queries(client, url.format(pk=big.pk)), url
