"""Knowledge-base pages: the generic object views for articles, plus the article page with
its versions and feedback, the portal's suggestions, and linking an article to a ticket."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View

from samdrift.accounts.policy import signed_in
from samdrift.core import views as generic
from samdrift.core.tables import Column
from samdrift.servicedesk.models import Ticket

from . import actions, filtersets, forms, queries
from .access import can_link_to_ticket, can_see_deflection
from .models import Article, ArticleTicketLink


class ArticleListView(generic.ObjectListView):
    model = Article
    select_related = ("collaboration", "member", "service")
    filterset_class = filtersets.ArticleFilterSet
    columns = [
        Column("title", link=True),
        Column("visibility"),
        Column("member"),
        Column("service"),
        Column("revision"),
        Column("updated"),
    ]


class ArticleDetailView(generic.ObjectDetailView):
    model = Article
    select_related = ("collaboration", "member", "service")
    fields = ["collaboration", "visibility", "member", "service", "keywords", "revision", "is_published", "updated"]
    template_name = "knowledge/article_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        if request.GET.get("from") == "suggestion" and request.user.is_authenticated:
            article = self.get_object(pk)
            actions.do_record_suggestion_open(acting_user=signed_in(request), article=article)
            return HttpResponseRedirect(article.get_absolute_url() + "?suggested=1")
        return super().get(request, pk)

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        may_link = can_link_to_ticket(user, obj)
        return {
            "article": obj,
            "versions": list(obj.versions.select_related("created_by")[:20]),
            "helpfulness": queries.helpfulness(obj),
            "feedback_form": forms.FeedbackForm(),
            "deflection": queries.deflection(obj) if can_see_deflection(user, obj) else None,
            "link_form": forms.LinkTicketForm() if may_link else None,
            "linked_tickets": list(
                Ticket.objects.visible_to(user)
                .filter(pk__in=obj.ticket_links.values("ticket_id"))
                .order_by("-created")[:20]
            ),
            "suggested": self.request.GET.get("suggested") == "1",
        }


class ArticleEditView(generic.ObjectEditView):
    model = Article
    form_class = forms.ArticleForm
    create_action = actions.do_create_article
    update_action = actions.do_update_article


class ArticleDeleteView(generic.ObjectDeleteView):
    model = Article
    delete_action = actions.do_delete_article


class ArticleHistoryView(generic.ObjectHistoryView):
    model = Article


class ArticleVersionView(LoginRequiredMixin, View):
    """One earlier version of an article, as it read then."""

    def get(self, request: HttpRequest, pk: int, number: int) -> HttpResponse:
        article = get_object_or_404(Article.objects.visible_to(request.user), pk=pk)
        version = get_object_or_404(article.versions, number=number)
        return render(request, "knowledge/article_version.html", {"article": article, "version": version})


class FeedbackView(LoginRequiredMixin, View):
    """ "Was this helpful?" on an article the user reads."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        article = get_object_or_404(Article.objects.visible_to(request.user), pk=pk)
        form = forms.FeedbackForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose yes or no."))
            return HttpResponseRedirect(article.get_absolute_url())
        actions.do_give_feedback(acting_user=signed_in(request), article=article, helpful=form.cleaned_data["helpful"])
        messages.success(request, _("Thank you for your answer."))
        return HttpResponseRedirect(article.get_absolute_url())


class LinkTicketView(LoginRequiredMixin, View):
    """Link an article to a ticket (by its number), for the desk."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        article = get_object_or_404(Article.objects.visible_to(request.user), pk=pk)
        if not can_link_to_ticket(request.user, article):
            raise Http404
        form = forms.LinkTicketForm(request.POST)
        ticket = None
        if form.is_valid():
            number = form.cleaned_data["ticket"].strip()
            ticket = Ticket.objects.visible_to(request.user).filter(number__iexact=number).first()
        if ticket is None or ticket.collaboration_id != article.collaboration_id:
            messages.error(request, _("No ticket with that number in the article's collaboration."))
            return HttpResponseRedirect(article.get_absolute_url())
        actions.do_link_article_to_ticket(acting_user=signed_in(request), article=article, ticket=ticket)
        messages.success(request, _("The article is linked to %(number)s.") % {"number": ticket.number})
        return HttpResponseRedirect(article.get_absolute_url())


class SuggestView(LoginRequiredMixin, View):
    """The portal's suggestions for a subject being typed: an HTML fragment (fetch)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        text = request.GET.get("q", "")[:200]
        found = queries.suggestions(request.user, text)
        return render(request, "knowledge/suggestions.html", {"suggestions": found, "query": text})


def linked_articles(user: Any, ticket: Ticket) -> list[Article]:
    """The articles linked to ``ticket`` that ``user`` reads."""
    ids = ArticleTicketLink.objects.filter(ticket=ticket).values("article_id")
    return list(Article.objects.visible_to(user).filter(pk__in=ids))
