import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from samdrift.core.models import AuditEntry
from samdrift.knowledge import actions, queries
from samdrift.knowledge.choices import Visibility
from samdrift.knowledge.models import Article, SuggestionOpen
from samdrift.testing.world import make_ticket

pytestmark = pytest.mark.django_db


def article(world, **fields):
    fields.setdefault("title", "Skrivaren skriver inte ut")
    fields.setdefault("body", "Välj skrivaren Följ-mig och hämta utskriften med passerkortet.")
    fields.setdefault("keywords", "skrivare utskrift")
    fields.setdefault("visibility", Visibility.MEMBERS)
    return actions.do_create_article(acting_user=world.agent_alpha, collaboration=world.alpha, **fields)


def test_an_edit_makes_a_new_version_and_keeps_the_old(world) -> None:
    first = article(world)
    edited = actions.do_update_article(
        first, acting_user=world.agent_alpha, expected_version=first.version, body="Starta om skrivaren först."
    )
    assert edited.revision == 2
    assert [(v.number, v.body) for v in edited.versions.order_by("number")] == [
        (1, first.body),
        (2, "Starta om skrivaren först."),
    ]
    # A change of anything else is no new version of the text.
    again = actions.do_update_article(
        edited, acting_user=world.agent_alpha, expected_version=edited.version, keywords="x"
    )
    assert again.revision == 2
    assert AuditEntry.objects.filter(object_id=str(first.pk), action="update", object_repr=first.title).count() == 2


def test_one_member_article_names_its_member(world) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        article(world, visibility=Visibility.MEMBER)
    with pytest.raises(ValidationError):
        article(world, visibility=Visibility.MEMBERS, member=world.member_a)
    with pytest.raises(ValidationError):
        article(world, visibility=Visibility.MEMBER, member=world.member_c)


def test_visibility(world) -> None:
    public = article(world, title="Offentlig", visibility=Visibility.PUBLIC)
    members = article(world, title="Alla medlemmar")
    only_b = article(world, title="Bara B", visibility=Visibility.MEMBER, member=world.member_b)
    internal = article(world, title="Intern", visibility=Visibility.INTERNAL)
    draft = article(world, title="Utkast", is_published=False)

    def seen(name):
        return set(Article.objects.visible_to(world.users[name]).values_list("title", flat=True))

    assert seen("requester_a1") == {"Offentlig", "Alla medlemmar"}
    assert seen("requester_b1") == {"Offentlig", "Alla medlemmar", "Bara B"}
    assert seen("agent_alpha") == {"Offentlig", "Alla medlemmar", "Bara B", "Intern", "Utkast"}
    assert seen("requester_c1") == set()
    assert seen("agent_beta") == set()
    from django.contrib.auth.models import AnonymousUser

    assert set(Article.objects.visible_to(AnonymousUser())) == {public}
    assert {members, only_b, internal, draft}.isdisjoint(Article.objects.visible_to(AnonymousUser()))


def test_search_finds_stemmed_words_on_this_database(world) -> None:
    printer = article(world)
    article(world, title="Byta lösenord", body="Lösenordet byts i portalen.", keywords="konto")
    found = queries.suggestions(world.requester_a1, "skrivarna")
    assert found == [printer]
    assert queries.suggestions(world.requester_c1, "skrivaren") == []
    assert queries.suggestions(world.requester_a1, "ab") == []
    # A change of the text is searchable at once.
    actions.do_update_article(printer, acting_user=world.agent_alpha, expected_version=printer.version,
                              body="Toner byts av vaktmästaren.")  # fmt: skip
    assert queries.suggestions(world.requester_a1, "toner") == [printer]


@settings(max_examples=15)
@given(title=st.text(alphabet="abcåäöÅÄÖ –”'\"*()", min_size=1, max_size=40))
def test_any_typed_subject_is_answered_never_an_error(title: str) -> None:
    from samdrift.testing.world import build_world

    world = build_world() if not Article.objects.exists() else None
    user = world.requester_a1 if world else None
    if user is not None:
        article(world, title="Lösenord – ”byta”", body="Så byter du.")
        assert isinstance(queries.suggestions(user, title), list)


def test_suggest_endpoint_lists_only_visible_matches(world, client_for) -> None:
    article(world, title="Skrivaren skriver inte ut")
    article(world, title="Skrivaren i Vårgårda", visibility=Visibility.MEMBER, member=world.member_b)
    url = reverse("knowledge:suggest")
    page = client_for("requester_a1").get(url, {"q": "skrivaren"}).content.decode()
    assert "Skrivaren skriver inte ut" in page and "Vårgårda" not in page
    assert "?from=suggestion" in page
    assert "Skrivaren" not in client_for("requester_c1").get(url, {"q": "skrivaren"}).content.decode()
    assert client_for("nobody").get(url, {"q": "skrivaren"}).status_code == 200
    assert "Skrivaren" not in client_for("nobody").get(url, {"q": "skrivaren"}).content.decode()


def test_deflection_counts_opens_without_a_ticket(world, client_for) -> None:
    printer = article(world)
    client = client_for("requester_a1")
    response = client.get(printer.get_absolute_url() + "?from=suggestion")
    assert response.status_code == 302
    assert SuggestionOpen.objects.filter(article=printer, user=world.requester_a1).count() == 1
    # Still within the window: neither deflected nor followed by a ticket.
    assert queries.deflection(printer).pending == 1
    later = timezone.now() + queries.DEFLECTION_WINDOW + datetime.timedelta(minutes=1)
    assert queries.deflection(printer, now=later).deflected == 1

    # A second open, then a ticket after all: that open is no deflection.
    client.get(printer.get_absolute_url() + "?from=suggestion")
    SuggestionOpen.objects.filter(ticket__isnull=True).update(opened_at=timezone.now())
    ticket = make_ticket(world)
    figures = queries.deflection(printer, now=later)
    assert figures.followed_by_ticket == 2 and figures.deflected == 0
    assert SuggestionOpen.objects.filter(ticket=ticket).count() == 2
    # The desk sees the figures on the article page; the requester does not.
    assert "Lämnade utan ärende" in client_for("agent_alpha").get(printer.get_absolute_url()).content.decode()
    assert "Lämnade utan ärende" not in client.get(printer.get_absolute_url()).content.decode()


def test_feedback_once_per_reader(world, client_for) -> None:
    printer = article(world)
    url = reverse("knowledge:article_feedback", args=[printer.pk])
    client = client_for("requester_a1")
    client.post(url, {"helpful": "no"})
    client.post(url, {"helpful": "yes"})
    client_for("requester_b1").post(url, {"helpful": "yes"})
    assert queries.helpfulness(printer) == queries.Helpfulness(yes=2, no=0)
    assert client.post(url, {"helpful": "kanske"}).status_code == 302  # a message, never a 500
    assert client_for("requester_c1").post(url, {"helpful": "yes"}).status_code == 404


def test_link_an_article_to_a_ticket(world, client_for) -> None:
    printer = article(world)
    ticket = make_ticket(world)
    url = reverse("knowledge:article_link", args=[printer.pk])
    client_for("agent_alpha").post(url, {"ticket": ticket.number})
    assert list(printer.ticket_links.values_list("ticket_id", flat=True)) == [ticket.pk]
    page = client_for("agent_alpha").get(printer.get_absolute_url()).content.decode()
    assert ticket.number in page
    # Linking again changes nothing; a ticket of another collaboration is refused.
    client_for("agent_alpha").post(url, {"ticket": ticket.number})
    assert printer.ticket_links.count() == 1
    other = make_ticket(world, requester="requester_c1")
    client_for("agent_alpha").post(url, {"ticket": other.number})
    assert printer.ticket_links.count() == 1
    # Requesters read the article but do not link.
    assert client_for("requester_a1").post(url, {"ticket": ticket.number}).status_code == 404


def test_portal_new_ticket_page_has_the_suggestion_box(world, client_for) -> None:
    page = client_for("requester_a1").get(reverse("servicedesk:portal_new")).content.decode()
    assert 'id="kb-suggestions"' in page and reverse("knowledge:suggest") in page
    assert "<script>" not in page  # CSP: scripts only from files


def test_version_page(world, client_for) -> None:
    printer = article(world)
    actions.do_update_article(printer, acting_user=world.agent_alpha, expected_version=printer.version, body="Ny text")
    page = client_for("requester_a1").get(reverse("knowledge:article_version", args=[printer.pk, 1])).content.decode()
    assert "Följ-mig" in page
    assert client_for("requester_a1").get(reverse("knowledge:article_version", args=[printer.pk, 9])).status_code == 404
