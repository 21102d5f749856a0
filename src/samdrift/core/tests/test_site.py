"""Site-wide behaviour: login, language, navigation by role, error pages, the demo command."""

import io
from typing import Any

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client

from samdrift.testing.world import PASSWORD


def test_login_and_logout(world) -> None:
    client = Client()
    bad = client.post("/login/", {"username": "orderer_a", "password": "wrong"})
    assert bad.status_code == 200 and 'class="error-summary"' in bad.content.decode()
    good = client.post("/login/", {"username": "orderer_a", "password": PASSWORD})
    assert good.status_code == 302 and good["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.post("/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_swedish_by_default_even_for_english_browsers(world, client_for) -> None:
    client = client_for("orderer_a")
    page = client.get("/tenancy/departments/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="sv">' in page.content.decode()
    assert "Förvaltningar" in page.content.decode()


def test_language_switch_to_english(world, client_for) -> None:
    client = client_for("orderer_a")
    response = client.post("/language/", {"language": "en", "next": "/tenancy/departments/"})
    assert response.status_code == 302
    page = client.get("/tenancy/departments/").content.decode()
    assert '<html lang="en">' in page and "Departments" in page
    client.post("/language/", {"language": "sv", "next": "/"})
    assert "Förvaltningar" in client.get("/tenancy/departments/").content.decode()


def test_navigation_follows_roles(world, client_for) -> None:
    requester = client_for("requester_a1").get("/").content.decode()
    admin = client_for("admin_alpha").get("/").content.decode()
    assert 'href="/audit/"' in admin and 'href="/accounts/users/"' in admin
    assert 'href="/audit/"' not in requester and 'href="/accounts/users/"' not in requester


def test_error_pages_are_friendly(world, client_for) -> None:
    response = client_for("orderer_a").get("/no/such/page/")
    assert response.status_code == 404 and 'href="/"' in response.content.decode()


def test_a_host_not_served_answers_400_not_500(world, client_for, settings) -> None:
    """A request with a Host header outside ALLOWED_HOSTS is refused before the session and
    authentication middleware run: its error page has no user and must still render."""
    settings.ALLOWED_HOSTS = ["testserver"]
    page = client_for("orderer_a").get("/", HTTP_HOST="evil.example")
    assert page.status_code == 400 and "Begäran gick inte att tolka." in page.content.decode()
    assert client_for("orderer_a").get("/login/", HTTP_HOST="evil.example").status_code == 400
    api = client_for("orderer_a").get("/api/v1/tickets/", HTTP_HOST="evil.example")
    assert api.status_code == 400 and api.json()["code"] == "400"


def test_swedish_catalogue_is_complete_and_compiled() -> None:
    po_path = settings.LOCALE_PATHS[0] / "sv" / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(po_path))
    assert catalogue.percent_translated() == 100
    assert not catalogue.fuzzy_entries()
    compiled = polib.mofile(str(po_path.with_suffix(".mo")))
    assert {e.msgid for e in catalogue.translated_entries()} == {e.msgid for e in compiled}


@pytest.mark.django_db(transaction=True)
def test_demo_is_idempotent() -> None:
    from samdrift.accounts.models import RoleAssignment, User
    from samdrift.catalog.models import CalendarClosure, CalendarYear
    from samdrift.servicedesk.models import ReplyTemplate, Ticket
    from samdrift.tenancy.models import Collaboration, Department, Member, Population, Unit

    def fingerprint() -> tuple[Any, ...]:
        return (
            sorted(Collaboration.objects.values_list("name", "legal_form", "host_member__name")),
            sorted(Ticket.objects.values_list("number", "subject", "status", "member__scb_code", "created")),
            sorted(Member.objects.values_list("scb_code", "name", "collaboration__name")),
            sorted(Population.objects.values_list("member__scb_code", "year", "inhabitants", "employees")),
            sorted(Department.objects.values_list("member__scb_code", "name")),
            sorted(Unit.objects.values_list("collaboration__name", "name")),
            sorted(User.objects.values_list("username", "department__name", "member__scb_code")),
            sorted(
                RoleAssignment.objects.values_list(
                    "user__username", "role", "member__scb_code", "department__name", "unit__name"
                )
            ),
            sorted(CalendarYear.objects.values_list("calendar__name", "year", "opens", "workdays")),
            sorted(CalendarClosure.objects.values_list("calendar__name", "starts", "reason")),
        )

    def raise_ticket(subject: str) -> int:
        from rest_framework.test import APIClient

        api = APIClient()
        api.force_authenticate(User.objects.get(username="anvandare.herrljunga"))
        response = api.post("/api/v1/tickets/", {"subject": subject, "description": "Från demon."}, format="json")
        assert response.status_code == 201, response.content
        return int(response.json()["id"])

    def searched(text: str) -> list[str]:
        from samdrift.servicedesk import search

        return list(search.search(Ticket.objects.all(), text).values_list("subject", flat=True))

    out = io.StringIO()
    call_command("demo", no_serve=True, scale=0.02, stdout=out)
    first = fingerprint()
    # A ticket made between two builds: the rebuild hands its id out again, and its search
    # entry must go with it (it made the next ticket's FTS5 insert fail on SQLite).
    old_id = raise_ticket("Kaffebryggaren läcker")
    if connection.vendor == "sqlite":  # the rebuild must write the planner's statistics again
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM sqlite_stat1")
    call_command("demo", no_serve=True, scale=0.02, stdout=io.StringIO())
    assert fingerprint() == first
    assert searched("kaffebryggare") == []
    new_id = raise_ticket("Projektorn blinkar")
    if connection.vendor == "sqlite":
        assert new_id == old_id, "SQLite reuses the id after the rebuild"
    assert searched("projektorn blinkar") == ["Projektorn blinkar"]
    assert searched("kaffebryggare") == []
    text = out.getvalue()
    assert "samdrift-demo" in text and "anvandare.herrljunga" in text
    if connection.vendor == "sqlite":  # a bulk load: the planner's statistics are refreshed
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'servicedesk_ticket'")
            assert cursor.fetchone()[0] > 0
    names = {row[1] for row in first[2]}
    assert {"Herrljunga", "Vårgårda", "Aneby", "Eksjö", "Nässjö", "Sävsjö", "Vetlanda"} <= names
    assert len(first[5]) >= 7 + 5
    assert len(first[8]) == 2 * 3 and len(first[9]) == 2 * 2, "two calendars per collaboration, with closures"
    roles = {row[1] for row in first[7]}
    assert roles == {
        "requester",
        "agent",
        "unit_lead",
        "orderer",
        "controller",
        "committee_member",
        "registrar",
        "administrator",
    }
    herrljunga_2026 = [row for row in first[3] if row[0] == "1466" and row[1] == 2026]
    assert 9_000 < herrljunga_2026[0][2] < 10_000
    # Reply templates for every collaboration, collaboration-wide and for the service desk unit.
    for collaboration in Collaboration.objects.all():
        titles = set(ReplyTemplate.objects.filter(collaboration=collaboration).values_list("title", flat=True))
        assert {"Mottaget – vi återkommer", "Lösenord återställt"} <= titles, collaboration.name
    tickets = Ticket.objects.all()
    committee = tickets.filter(collaboration__legal_form="joint_committee")
    assert (
        committee.filter(status__in=["new", "assigned", "in_progress", "waiting_requester", "waiting_supplier"]).count()
        >= 100
    ), "an open backlog"
    assert tickets.filter(member__scb_code="0682").count() > tickets.filter(member__scb_code="0604").count() * 3
    span = tickets.order_by("created").first().created, tickets.order_by("created").last().created  # type: ignore[union-attr]
    assert (span[1] - span[0]).days > 700, "two years of history"
    weekdays = tickets.filter(created__week_day__in=[2, 3, 4, 5, 6]).count()
    assert weekdays > tickets.count() * 0.9, "quiet weekends"
    from samdrift.servicedesk.models import Comment, Rating, TimeEntry

    assert Comment.objects.exists() and TimeEntry.objects.exists() and Rating.objects.exists()


def test_stylesheet_is_served(world, client_for) -> None:
    page = client_for("orderer_a").get("/").content.decode()
    href = page.split('rel="stylesheet" href="')[1].split('"')[0]
    response = client_for("orderer_a").get(href)
    assert response.status_code == 200
    assert b"--focus" in b"".join(response.streaming_content)


def test_demo_refuses_to_erase_real_data(world) -> None:
    from django.core.management.base import CommandError

    from samdrift.tenancy.models import Member

    with pytest.raises(CommandError, match="not demo users"):
        call_command("demo", no_serve=True, stdout=io.StringIO())
    assert Member.objects.filter(pk=world.member_a.pk).exists()


def test_granted_role_takes_effect_on_the_same_user_object(world) -> None:
    from samdrift.accounts import actions
    from samdrift.tenancy.models import Department

    user = world.requester_a1
    assert set(Department.objects.visible_to(user)) == {world.dept_a1}
    assignment = actions.do_grant_role(
        acting_user=None, user=user, role="orderer", collaboration=world.alpha, member=world.member_a
    )
    assert set(Department.objects.visible_to(user)) == {world.dept_a1, world.dept_a2}
    actions.do_revoke_role(assignment, acting_user=None)
    assert set(Department.objects.visible_to(user)) == {world.dept_a1}


def test_the_openapi_schema_validates_without_warnings(tmp_path) -> None:
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    schema = (tmp_path / "schema.yml").read_text()
    assert "/api/v1/reports/statement/" in schema and "TicketImpactEnum" in schema


def test_new_button_agrees_with_the_noun(world, client_for) -> None:
    """Swedish "ny" agrees with the noun: "Ny förvaltning" but "Nytt pris"; English stays "New …"."""
    from django.urls import reverse
    from django.utils import translation

    from samdrift.core.views import new_object_label
    from samdrift.governance.models import Matter, Minutes
    from samdrift.tenancy.models import Department

    admin = client_for("admin_alpha")
    assert "Ny förvaltning" in admin.get("/tenancy/departments/").content.decode()
    prices = admin.get(reverse("catalog:price_list")).content.decode()
    assert "Nytt pris" in prices and "Ny pris" not in prices
    assert "<title>Nytt pris" in admin.get(reverse("catalog:price_add")).content.decode()
    with translation.override("sv"):
        assert new_object_label(Matter) == "Nytt ärende"
        assert new_object_label(Department) == "Ny förvaltning"
        assert str(Minutes._meta.verbose_name) == "protokoll"
    with translation.override("en"):
        assert new_object_label(Matter) == "New matter"
        assert new_object_label(Department) == "New department"
