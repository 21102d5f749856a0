from django.urls import path

from samdrift.core.urls_helpers import object_urls

from . import views
from .models import Article

app_name = "knowledge"

urlpatterns = [
    path("suggest/", views.SuggestView.as_view(), name="suggest"),
    path("articles/<int:pk>/versions/<int:number>/", views.ArticleVersionView.as_view(), name="article_version"),
    path("articles/<int:pk>/feedback/", views.FeedbackView.as_view(), name="article_feedback"),
    path("articles/<int:pk>/link/", views.LinkTicketView.as_view(), name="article_link"),
    *object_urls(
        Article,
        {
            "list": views.ArticleListView,
            "detail": views.ArticleDetailView,
            "edit": views.ArticleEditView,
            "delete": views.ArticleDeleteView,
            "history": views.ArticleHistoryView,
        },
    ),
]
