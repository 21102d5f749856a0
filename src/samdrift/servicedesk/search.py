"""Full-text search over tickets: subject, description and public replies.

PostgreSQL: a ``tsvector`` with the ``swedish`` configuration in a table of its own
(:class:`~.models.TicketSearch`, one row per ticket), a GIN index and ``ts_rank``. It is
not a column of the ticket, so that updates of other ticket columns (status, the SLA clock)
never touch the GIN index. SQLite (the embedded default): an FTS5 table ranked with bm25. SQLite has no
Swedish stemmer, so the same Snowball Swedish stemmer (``snowballstemmer``) stems both the
indexed text and the query before they reach FTS5.

Query words match as stem prefixes on both databases ("projektor" → ``projek*``), because
Snowball keeps some definite forms whole ("projektorn", "lösenordet"). Every word must
match; hits in the subject weigh more than hits in the description and replies.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, QuerySet

WORD = re.compile(r"\w+", re.UNICODE)
FTS_TABLE = "servicedesk_ticket_fts"
FTS_DELETE = "DELETE FROM servicedesk_ticket_fts WHERE rowid = %s"
FTS_INSERT = "INSERT INTO servicedesk_ticket_fts (rowid, title, body) VALUES (%s, %s, %s)"
PG_REINDEX_MANY = """
INSERT INTO servicedesk_ticketsearch (ticket_id, created, search_vector)
SELECT t.id, t.created, setweight(to_tsvector('swedish', t.subject), 'A')
    || setweight(to_tsvector('swedish', t.description || ' ' || coalesce((
        SELECT string_agg(c.body, ' ') FROM servicedesk_comment c
        WHERE c.ticket_id = t.id AND NOT c.is_internal), '')), 'B')
FROM servicedesk_ticket t
WHERE t.id = ANY(%s)
ON CONFLICT (ticket_id) DO UPDATE SET created = EXCLUDED.created, search_vector = EXCLUDED.search_vector
"""
FTS_JOIN = "servicedesk_ticket_fts.rowid = servicedesk_ticket.id"
FTS_MATCH = "servicedesk_ticket_fts MATCH %s"
# Title hits weigh ten times body hits; bm25 is lower for better matches.
FTS_BM25 = "bm25(servicedesk_ticket_fts, 10.0, 1.0)"


@cache
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("swedish")


def stem_words(text: str) -> list[str]:
    words = [w.lower() for w in WORD.findall(text)]
    return list(_stemmer().stemWords(words)) if words else []


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def reindex(ticket: Any) -> None:
    """Refresh one ticket's search entry from its subject, description and public replies."""
    reindex_many([ticket.pk])


PG_INDEX_NEW = """
INSERT INTO servicedesk_ticketsearch (ticket_id, created, search_vector)
VALUES (%s, %s, setweight(to_tsvector('swedish', %s), 'A') || setweight(to_tsvector('swedish', %s), 'B'))
ON CONFLICT (ticket_id) DO UPDATE SET created = EXCLUDED.created, search_vector = EXCLUDED.search_vector
"""
FTS_CLEAR = "DELETE FROM servicedesk_ticket_fts"
PG_CLEAR = "DELETE FROM servicedesk_ticketsearch"


def index_new(ticket: Any) -> None:
    """Index a ticket just created: it has no replies yet, so its texts are in memory.

    An upsert: an entry left under the same id (SQLite reuses the ids of deleted rows, and a
    flush does not empty the FTS5 table) is replaced, never a constraint error.
    """
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute(PG_INDEX_NEW, [ticket.pk, ticket.created, ticket.subject, ticket.description])
        elif connection.vendor == "sqlite":
            # FTS5 has no ON CONFLICT for its rowid: delete, then insert.
            cursor.execute(FTS_DELETE, [ticket.pk])
            cursor.execute(FTS_INSERT, [ticket.pk, _stemmed(ticket.subject), _stemmed(ticket.description)])


def clear_index() -> None:
    """Empty the search index, for a rebuild of the data it indexes (``samdrift demo``).

    ``flush`` empties the ``TicketSearch`` table with the tickets but knows nothing of the
    FTS5 table, whose rows would otherwise outlive their tickets; both are emptied here.
    """
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute(PG_CLEAR)
        elif connection.vendor == "sqlite":
            cursor.execute(FTS_CLEAR)


def reindex_many(ticket_ids: list[int]) -> None:
    """Index tickets from their subject (weight A), description and public replies (B).

    Set-based on PostgreSQL; on SQLite the texts are stemmed here and written to FTS5.
    """
    from .models import Comment, Ticket

    if not ticket_ids:
        return
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(PG_REINDEX_MANY, [ticket_ids])
        return
    if connection.vendor != "sqlite":
        return
    replies: dict[int, list[str]] = {}
    for ticket_id, body in Comment.objects.filter(ticket_id__in=ticket_ids, is_internal=False).values_list(
        "ticket_id", "body"
    ):
        replies.setdefault(ticket_id, []).append(body)
    rows = []
    for pk, subject, description in Ticket.objects.filter(pk__in=ticket_ids).values_list(
        "pk", "subject", "description"
    ):
        rows.append((pk, _stemmed(subject), _stemmed("\n".join([description, *replies.get(pk, [])]))))
    with connection.cursor() as cursor:
        cursor.executemany(FTS_DELETE, [(r[0],) for r in rows])
        cursor.executemany(FTS_INSERT, rows)


@lru_cache(maxsize=50_000)
def _stemmed(text: str) -> str:
    return " ".join(stem_words(text))


def search(queryset: QuerySet[Any], text: str, *, ranked: bool = False) -> QuerySet[Any]:
    """Tickets of ``queryset`` matching ``text``, newest first (best match first with
    ``ranked``).

    Newest first is what the desk's lists show, and it needs no rank: on PostgreSQL the
    hits are ordered by the search table's copy of ``created`` (``found``), which has an
    index. A rare word's few hits are read from the GIN index and sorted; for a common word
    the database walks ``ticketsearch_created`` backwards and checks each entry's vector,
    and stops after a page. Ranking (``ts_rank``, bm25) reads every hit's vector first.
    """
    words = [w.lower() for w in WORD.findall(text)]
    if not words:
        return queryset.none()
    if is_postgres():
        # PostgreSQL stems each word itself (swedish config); :* makes it a prefix match.
        query = SearchQuery(" & ".join(f"{w}:*" for w in words), config="swedish", search_type="raw")
        hits = queryset.filter(search_entry__search_vector=query).annotate(found=F("search_entry__created"))
        if ranked:
            return hits.annotate(rank=SearchRank(F("search_entry__search_vector"), query)).order_by("-rank", "-found")
        return hits.order_by("-found", "-pk")
    match = " ".join(f'"{t}"*' for t in stem_words(text))
    # Join the FTS5 table once (one MATCH scan); FTS5 has no ORM lookup, so this is the
    # documented last-resort extra(), fully parameterised.
    hits = queryset.extra(  # noqa: S610
        tables=[FTS_TABLE],
        where=[FTS_JOIN, FTS_MATCH],
        params=[match],
        select={"rank": FTS_BM25} if ranked else {},
    )
    return hits.order_by("rank", "-created") if ranked else hits.order_by("-created", "-pk")
