"""The knowledge base (kunskapsbank): articles per collaboration, their versions, the
tickets they are linked to, "was this helpful" answers and suggestions opened in the portal.

Only :class:`Article` is tenant-owned (``tenant_paths``, access rules, an isolation case).
Its versions, links, feedback and suggestion opens are reached only through an article
the user may read (``Article.objects.visible_to(user)``), never on their own.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samdrift.core.models import DomainModel
from samdrift.core.querysets import ScopedQuerySet
from samdrift.core.tenancy import TenantPaths
from samdrift.tenancy.models import Collaboration, Member

from .choices import Visibility


class ArticleQuerySet(ScopedQuerySet["Article"]):
    def visible_to(self, user: Any) -> ArticleQuerySet:
        """Articles ``user`` reads.

        * the desk staff of the collaboration: every article, drafts and internal ones;
        * anyone with a role in the collaboration: its published public and all-members
          articles, and the published articles of their own member;
        * without login: published public articles only.
        """
        from samdrift.accounts.policy import ALL_ROLES, scope

        published = Q(is_published=True)
        if not getattr(user, "is_authenticated", False):
            return self.filter(published, visibility=Visibility.PUBLIC)
        own = super().visible_to(user)  # the policy: scope by collaboration and member
        reach = scope(user, ALL_ROLES)
        if reach.everything:
            return self.filter(pk__in=own.values("pk"))
        shared = published & Q(
            visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS],
            collaboration_id__in=reach.collaboration_ids | reach.any_collaboration_ids,
        )
        return self.filter(Q(pk__in=own.values("pk")) | shared)

    def published(self) -> ArticleQuerySet:
        return self.filter(is_published=True)


class Article(DomainModel):
    """A knowledge-base article of a collaboration: a how-to or a known error and its fix.

    Every edit makes a new :class:`ArticleVersion` (the history is kept); ``revision`` is the
    number of the current one. ``visibility`` says who reads it; ``member`` is set only for
    articles of one member.
    """

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="articles"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    keywords = models.CharField(_("keywords"), max_length=300, blank=True, help_text=_("Words people search with."))
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Only for articles of one member."),
    )
    service = models.ForeignKey(
        "catalog.Service", verbose_name=_("service"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_published = models.BooleanField(_("published"), default=True)
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()
    tenant_paths = TenantPaths(collaboration="collaboration", member="member")
    audit_exclude = frozenset({"created", "updated", "search_vector"})

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["collaboration", "visibility"], name="article_collab_visibility")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:article_detail", args=[self.pk])

    def clean(self) -> None:
        if self.visibility == Visibility.MEMBER and self.member_id is None:
            raise ValidationError({"member": _("Choose the member that reads this article.")})
        if self.visibility != Visibility.MEMBER and self.member_id is not None:
            raise ValidationError({"member": _("Only an article for one member names a member.")})
        if self.member is not None and self.collaboration_id and self.member.collaboration_id != self.collaboration_id:
            raise ValidationError({"member": _("The member is not part of the article's collaboration.")})


class ArticleVersion(models.Model):
    """One version of an article's text, kept for good: an edit adds one, never changes one."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    created = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="articleversion_unique_number")]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number}"


class ArticleTicketLink(models.Model):
    """An article linked to a ticket it answers (by the desk, from the ticket's work)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="ticket_links")
    ticket = models.ForeignKey("servicedesk.Ticket", on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("article link to a ticket")
        verbose_name_plural = _("article links to tickets")
        constraints = [models.UniqueConstraint(fields=["article", "ticket"], name="articleticketlink_unique")]

    def __str__(self) -> str:
        return f"{self.article_id} → {self.ticket_id}"


class ArticleFeedback(models.Model):
    """One reader's "was this helpful?" answer to an article (the latest answer counts)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    helpful = models.BooleanField()
    created = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("article feedback")
        verbose_name_plural = _("article feedback entries")
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="articlefeedback_one_per_user")]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.helpful}"


class SuggestionOpen(models.Model):
    """A requester opened an article the portal suggested while they wrote a ticket.

    ``ticket`` is set when the same requester then registered a ticket after all (within
    :data:`~samdrift.knowledge.queries.DEFLECTION_WINDOW`). An open without a ticket once
    the window has passed is a deflection: the requester left instead of submitting.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="suggestion_opens")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    ticket = models.ForeignKey("servicedesk.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("opened suggestion")
        verbose_name_plural = _("opened suggestions")
        indexes = [models.Index(fields=["user", "opened_at"], name="suggestionopen_user_opened")]

    def __str__(self) -> str:
        return f"{self.article_id} ({self.user_id})"
