"""Full-text search with Swedish stemming and ranking, on SQLite FTS5 and PostgreSQL."""

from samdrift.core.versions import SYSTEM
from samdrift.servicedesk import actions, search
from samdrift.servicedesk.models import Ticket
from samdrift.testing.world import make_ticket


def found(world, text, user="agent_alpha", ranked=False):
    hits = search.search(Ticket.objects.visible_to(world.users[user]), text, ranked=ranked)
    return list(hits.values_list("subject", flat=True))


def test_swedish_stemming_matches_inflected_forms(world) -> None:
    make_ticket(world, subject="Skrivarna skriver inte ut", description="Inget papper kommer ut.")
    make_ticket(world, subject="Lösenordet har gått ut", description="Kan inte logga in i Office.")
    assert found(world, "skrivare") == ["Skrivarna skriver inte ut"]
    assert found(world, "lösenord") == ["Lösenordet har gått ut"]
    assert found(world, "inloggning kaffe") == []


def test_public_replies_are_searchable_internal_notes_are_not(world) -> None:
    ticket = make_ticket(world, subject="Dator startar inte")
    actions.do_add_comment(ticket, acting_user=world.agent_alpha, body="Vi byter nätaggregatet.")
    actions.do_add_comment(ticket, acting_user=world.agent_alpha, body="Hemlig licensnyckel", is_internal=True)
    assert found(world, "nätaggregat") == ["Dator startar inte"]
    assert found(world, "licensnyckel") == []


def test_subject_hits_rank_above_description_hits(world) -> None:
    make_ticket(world, subject="Fråga om behörighet", description="Gäller projektorn i aulan.")
    make_ticket(world, subject="Projektorn i aulan är trasig", description="Den blinkar rött.")
    assert found(world, "projektor", ranked=True) == ["Projektorn i aulan är trasig", "Fråga om behörighet"]


def test_hits_are_listed_newest_first(world) -> None:
    make_ticket(world, subject="Projektorn i aulan är trasig", description="Den blinkar rött.")
    make_ticket(world, subject="Fråga om behörighet", description="Gäller projektorn i aulan.")
    assert found(world, "projektor") == ["Fråga om behörighet", "Projektorn i aulan är trasig"]


def test_search_respects_scope(world) -> None:
    make_ticket(world, requester="requester_b1", subject="Vårgårdas växel tappar samtal")
    assert found(world, "växel", user="agent_alpha") == ["Vårgårdas växel tappar samtal"]
    assert found(world, "växel", user="requester_a1") == []
    assert found(world, "växel", user="agent_beta") == []


def test_edits_are_reindexed(world) -> None:
    ticket = make_ticket(world, subject="Mus fungerar inte")
    actions.do_update_ticket(ticket, acting_user=world.agent_alpha, expected_version=1, subject="Tangentbord trasigt")
    assert found(world, "tangentbord") == ["Tangentbord trasigt"]
    assert found(world, "mus") == []


def test_query_text_with_operators_is_safe(world) -> None:
    make_ticket(world, subject="Skrivare")
    for text in ['"', "AND OR NOT", "skrivare*", "(", "NEAR(", "'; DROP TABLE x; --"]:
        found(world, text)


def test_the_search_entry_lives_beside_the_ticket(world) -> None:
    from django.db import connection

    from samdrift.servicedesk.models import TicketSearch

    ticket = make_ticket(world, subject="Skrivaren krånglar")
    actions.do_add_comment(ticket, acting_user=world.agent_alpha, body="Toner beställd.")
    actions.do_change_status(ticket, acting_user=world.agent_alpha, expected_version=SYSTEM, status="in_progress")
    assert found(world, "toner") == ["Skrivaren krånglar"]
    # PostgreSQL keeps one tsvector row per ticket; SQLite uses its FTS5 table instead.
    expected = 1 if connection.vendor == "postgresql" else 0
    assert TicketSearch.objects.filter(ticket=ticket).count() == expected


def test_a_stale_entry_under_a_new_tickets_id_is_replaced(world) -> None:
    """A rebuilt database hands out ids again; an entry left under such an id must not
    block the new ticket (it was an IntegrityError on the FTS5 insert) nor keep its text."""
    from django.db import connection

    last = make_ticket(world, subject="Skrivaren krånglar")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The foreign key is deferred: the entry may point at the next id until commit.
            cursor.execute(
                "INSERT INTO servicedesk_ticketsearch (ticket_id, created, search_vector) "
                "VALUES (%s, now(), to_tsvector('swedish', 'Gammal kaffebryggare'))",
                [last.pk + 1],
            )
        else:
            cursor.execute(search.FTS_INSERT, [last.pk + 1, "gammal kaffebryggar", "gammal"])
    ticket = make_ticket(world, subject="Projektorn i aulan")
    assert ticket.pk == last.pk + 1, "the test needs the id of the stale entry"
    assert found(world, "projektor") == ["Projektorn i aulan"]
    assert found(world, "kaffebryggare") == []


def test_clearing_the_index_empties_it(world) -> None:
    make_ticket(world, subject="Skrivaren krånglar")
    search.clear_index()
    assert found(world, "skrivare") == []
    search.reindex_many(list(Ticket.objects.values_list("pk", flat=True)))
    assert found(world, "skrivare") == ["Skrivaren krånglar"]
