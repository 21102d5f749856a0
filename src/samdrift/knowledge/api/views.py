from typing import Any

from samdrift.core.api.viewsets import ScopedModelViewSet

from .. import actions, filtersets
from ..models import Article
from . import serializers


class ArticleViewSet(ScopedModelViewSet):
    """Knowledge-base articles. Who reads one follows its visibility; an edit of the title
    or text makes a new version (``revision``)."""

    model = Article
    select_related = ("collaboration", "member", "service")
    serializer_class = serializers.ArticleSerializer
    filterset_class = filtersets.ArticleFilterSet
    create_action = actions.do_create_article
    update_action = actions.do_update_article
    delete_action = actions.do_delete_article


def register(router: Any) -> None:
    router.register("articles", ArticleViewSet, basename="article")
