"""Read-side helpers of the knowledge base: suggestions and deflection figures."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from . import search
from .models import Article, ArticleFeedback, SuggestionOpen

# A requester who opened a suggestion and registered no ticket within this time was
# helped by the article instead (a deflection).
DEFLECTION_WINDOW = datetime.timedelta(hours=2)
SUGGESTIONS = 5


def suggestions(user: Any, text: str, limit: int = SUGGESTIONS) -> list[Article]:
    """Published articles ``user`` reads that match ``text`` best (for the portal)."""
    if len(text.strip()) < 3:
        return []
    visible = Article.objects.visible_to(user).published()
    return list(search.search(visible, text, any_word=True)[:limit])


@dataclass
class Deflection:
    opened: int
    deflected: int
    followed_by_ticket: int
    pending: int


def deflection(article: Article, now: datetime.datetime | None = None) -> Deflection:
    """How often the portal's suggestion of ``article`` was opened, and what came of it."""
    cutoff = (now or timezone.now()) - DEFLECTION_WINDOW
    counts = SuggestionOpen.objects.filter(article=article).aggregate(
        opened=Count("pk"),
        followed=Count("pk", filter=Q(ticket__isnull=False)),
        deflected=Count("pk", filter=Q(ticket__isnull=True, opened_at__lt=cutoff)),
    )
    opened, followed, deflected = counts["opened"], counts["followed"], counts["deflected"]
    return Deflection(opened, deflected, followed, opened - followed - deflected)


@dataclass
class Helpfulness:
    yes: int
    no: int


def helpfulness(article: Article) -> Helpfulness:
    counts = ArticleFeedback.objects.filter(article=article).aggregate(
        yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False))
    )
    return Helpfulness(counts["yes"], counts["no"])
