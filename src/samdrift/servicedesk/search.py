"""Full-text search over tickets: subject, description and public replies.

PostgreSQL: a ``tsvector`` column with the ``swedish`` configuration, a GIN index and
``ts_rank``. SQLite (the embedded default): an FTS5 table ranked with bm25. SQLite has no
Swedish stemmer, so the same Snowball Swedish stemmer (``snowballstemmer``) stems both the
indexed text and the query before they reach FTS5.

Query words match as stem prefixes on both databases ("projektor" → ``projek*``), because
Snowball keeps some definite forms whole ("projektorn", "lösenordet"). Every word must
match; hits in the subject weigh more than hits in the description and replies.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL

WORD = re.compile(r"\w+", re.UNICODE)
FTS_TABLE = "servicedesk_ticket_fts"
FTS_DELETE = "DELETE FROM servicedesk_ticket_fts WHERE rowid = %s"
FTS_INSERT = "INSERT INTO servicedesk_ticket_fts (rowid, title, body) VALUES (%s, %s, %s)"
FTS_MATCHING = "SELECT rowid FROM servicedesk_ticket_fts WHERE servicedesk_ticket_fts MATCH %s"
# Title hits weigh ten times body hits; bm25 is lower for better matches.
FTS_RANK = (
    "(SELECT bm25(servicedesk_ticket_fts, 10.0, 1.0) FROM servicedesk_ticket_fts "
    "WHERE servicedesk_ticket_fts.rowid = servicedesk_ticket.id AND servicedesk_ticket_fts MATCH %s)"
)


@cache
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("swedish")


def stem_words(text: str) -> list[str]:
    words = [w.lower() for w in WORD.findall(text)]
    return list(_stemmer().stemWords(words)) if words else []


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def document(ticket: Any, replies: list[str]) -> tuple[str, str]:
    """(title, body) texts to index for a ticket."""
    return ticket.subject, "\n".join([ticket.description, *replies])


def reindex(ticket: Any) -> None:
    """Refresh one ticket's search entry from its subject, description and public replies."""
    from .models import Comment, Ticket

    replies = list(Comment.objects.filter(ticket=ticket, is_internal=False).values_list("body", flat=True))
    title, body = document(ticket, replies)
    if is_postgres():
        Ticket.objects.filter(pk=ticket.pk).update(
            search_vector=SearchVector(Value(title, output_field=TextField()), weight="A", config="swedish")
            + SearchVector(Value(body, output_field=TextField()), weight="B", config="swedish")
        )
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(FTS_DELETE, [ticket.pk])
            cursor.execute(FTS_INSERT, [ticket.pk, " ".join(stem_words(title)), " ".join(stem_words(body))])


def search(queryset: QuerySet[Any], text: str) -> QuerySet[Any]:
    """Tickets of ``queryset`` matching ``text``, best match first."""
    words = [w.lower() for w in WORD.findall(text)]
    if not words:
        return queryset.none()
    if is_postgres():
        # PostgreSQL stems each word itself (swedish config); :* makes it a prefix match.
        query = SearchQuery(" & ".join(f"{w}:*" for w in words), config="swedish", search_type="raw")
        return (
            queryset.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-created")
        )
    match = " ".join(f'"{t}"*' for t in stem_words(text))
    # Parameterised SQL: FTS5's MATCH has no ORM lookup.
    matching = RawSQL(FTS_MATCHING, [match])  # noqa: S611
    rank = RawSQL(FTS_RANK, [match])  # noqa: S611
    return queryset.filter(pk__in=matching).annotate(rank=rank).order_by("rank", "-created")
