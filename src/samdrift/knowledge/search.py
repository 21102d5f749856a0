"""Full-text search over articles, in the service desk's engine (``servicedesk.search``):
the same tokenising, the same Swedish stemming and the same prefix matching.

PostgreSQL: ``Article.search_vector`` (``swedish`` configuration, title weight A, text and
keywords B) with a GIN index, ranked with ``ts_rank``. SQLite: an FTS5 table
``knowledge_article_fts`` of stemmed text (the Snowball stemmer of the service desk),
ranked with bm25. Both are written here, inside the article actions.
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, QuerySet

from samdrift.servicedesk.search import WORD, is_postgres, stem_words

FTS_TABLE = "knowledge_article_fts"
FTS_DELETE = "DELETE FROM knowledge_article_fts WHERE rowid = %s"
FTS_INSERT = "INSERT INTO knowledge_article_fts (rowid, title, body) VALUES (%s, %s, %s)"
FTS_JOIN = "knowledge_article_fts.rowid = knowledge_article.id"
FTS_MATCH = "knowledge_article_fts MATCH %s"
FTS_BM25 = "bm25(knowledge_article_fts, 10.0, 1.0)"
PG_REINDEX = """
UPDATE knowledge_article SET search_vector =
    setweight(to_tsvector('swedish', title), 'A') || setweight(to_tsvector('swedish', body || ' ' || keywords), 'B')
WHERE id = %s
"""
# Words shorter than this say little on their own ("ut", "på") and are left out of a query.
MIN_WORD = 3


def reindex(article: Any) -> None:
    """Rewrite one article's search entry from its title, text and keywords."""
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute(PG_REINDEX, [article.pk])
        elif connection.vendor == "sqlite":
            cursor.execute(FTS_DELETE, [article.pk])
            body = " ".join(stem_words(f"{article.body} {article.keywords}"))
            cursor.execute(FTS_INSERT, [article.pk, " ".join(stem_words(article.title)), body])


def remove(article: Any) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(FTS_DELETE, [article.pk])


def search(queryset: QuerySet[Any], text: str, any_word: bool = False) -> QuerySet[Any]:
    """Articles of ``queryset`` matching ``text``, best first. ``any_word``: one matching
    word is enough (the portal's suggestions while a subject is typed); else all must."""
    words = [w.lower() for w in WORD.findall(text) if len(w) >= MIN_WORD]
    if not words:
        return queryset.none()
    if is_postgres():
        joiner = " | " if any_word else " & "
        query = SearchQuery(joiner.join(f"{w}:*" for w in words), config="swedish", search_type="raw")
        return (
            queryset.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "title")
        )
    stems = [s for s in stem_words(" ".join(words)) if s]
    if not stems:
        return queryset.none()
    match = (" OR " if any_word else " ").join(f'"{s}"*' for s in stems)
    return queryset.extra(  # noqa: S610  (FTS5 has no ORM lookup; fully parameterised)
        tables=[FTS_TABLE],
        where=[FTS_JOIN, FTS_MATCH],
        params=[match],
        select={"rank": FTS_BM25},
    ).order_by("rank", "title")
