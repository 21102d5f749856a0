"""Access rules of the knowledge base: the desk writes articles; who reads one follows
its visibility (``Article.objects.visible_to``): internal articles and drafts only the
desk, one member's articles that member, the others everyone in the collaboration."""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samdrift.accounts.choices import Role
from samdrift.accounts.policy import DESK_STAFF, is_desk_staff_for, register
from samdrift.core import navigation
from samdrift.core.navigation import NavItem

from .choices import Visibility
from .models import Article

register(
    Article,
    manage=DESK_STAFF,
    staff_only=Q(visibility=Visibility.INTERNAL) | Q(is_published=False),
)


def can_link_to_ticket(user: Any, article: Article) -> bool:
    """The desk staff of the article's collaboration link it to tickets."""
    return is_desk_staff_for(user, article)


def can_see_deflection(user: Any, article: Article) -> bool:
    """The desk staff see how often an article was opened from the portal and what came of it."""
    return is_desk_staff_for(user, article)


navigation.add(
    NavItem(_("Knowledge base"), "knowledge:article_list", frozenset(Role.values), order=14, group=navigation.PORTAL),
)
