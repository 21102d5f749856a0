"""The only way knowledge-base objects change. Each action is one transaction with an
audit row; the search entry is rewritten inside it (``knowledge.search``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from samdrift.core import audit
from samdrift.core.actions import create_object, delete_object, update_object
from samdrift.core.versions import ExpectedVersion

from . import search
from .models import Article, ArticleFeedback, ArticleTicketLink, ArticleVersion, SuggestionOpen

if TYPE_CHECKING:
    from samdrift.accounts.models import User


def _new_version(article: Article, *, acting_user: User | None) -> None:
    ArticleVersion.objects.create(
        article=article,
        number=article.revision,
        title=article.title,
        body=article.body,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )


def do_create_article(*, acting_user: User | None, **fields: Any) -> Article:
    """A new article, as its version 1."""
    with transaction.atomic():
        article = create_object(Article, acting_user=acting_user, **fields)
        _new_version(article, acting_user=acting_user)
        search.reindex(article)
    return article


def do_update_article(
    article: Article, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> Article:
    """Change an article; a change of its title or text is a new version (the old ones stay)."""
    with transaction.atomic():
        before = (article.title, article.body)
        saved = update_object(article, acting_user=acting_user, expected_version=expected_version, **changes)
        if (saved.title, saved.body) != before:
            revision = saved.revision + 1
            Article.objects.filter(pk=saved.pk).update(revision=revision)
            saved.revision = revision
            _new_version(saved, acting_user=acting_user)
        search.reindex(saved)
    return saved


def do_delete_article(article: Article, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
    with transaction.atomic():
        search.remove(article)
        delete_object(article, acting_user=acting_user, expected_version=expected_version)


def do_link_article_to_ticket(*, acting_user: User | None, article: Article, ticket: Any) -> ArticleTicketLink:
    """Link an article to a ticket it answers (once; linking again changes nothing)."""
    with transaction.atomic():
        link, created = ArticleTicketLink.objects.get_or_create(
            article=article, ticket=ticket, defaults={"created_by": acting_user}
        )
        if created:
            audit.record("update", article, acting_user=acting_user, before={}, after={"linked_ticket": ticket.number})
    return link


def do_give_feedback(*, acting_user: User | None, article: Article, helpful: bool) -> ArticleFeedback:
    """A reader's "was this helpful?" answer; answering again replaces the earlier answer."""
    with transaction.atomic():
        feedback, _ = ArticleFeedback.objects.update_or_create(
            article=article, user=acting_user, defaults={"helpful": helpful}
        )
    return feedback


def do_record_suggestion_open(*, acting_user: User, article: Article) -> SuggestionOpen:
    """A requester opened an article the portal suggested (a possible deflection)."""
    with transaction.atomic():
        return SuggestionOpen.objects.create(article=article, user=acting_user)


def do_note_ticket_after_suggestion(*, acting_user: User | None, ticket: Any, since: Any) -> int:
    """The requester registered a ticket after all: their recent suggestion opens were not
    deflections. Returns how many opens it marked."""
    with transaction.atomic():
        return SuggestionOpen.objects.filter(
            user=ticket.requester_id, ticket__isnull=True, opened_at__gte=since
        ).update(ticket=ticket)
