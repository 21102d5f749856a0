from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samdrift.core.views import VersionedForm

from .models import Article


class ArticleForm(VersionedForm):
    class Meta:
        model = Article
        fields = ["collaboration", "title", "body", "keywords", "visibility", "member", "service", "is_published"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        label=_("Was this helpful?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
    )


class LinkTicketForm(forms.Form):
    ticket = forms.CharField(label=_("Ticket number"), max_length=40)
