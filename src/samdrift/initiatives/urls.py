from django.urls import path, re_path

from samdrift.core.urls_helpers import object_urls

from . import views as v
from .models import (
    Cooperation,
    FollowUp,
    Initiative,
    Participant,
    Participation,
    Project,
    Solution,
    Stance,
    StatusReport,
)

app_name = "initiatives"


def crud(model, prefix):  # type: ignore[no-untyped-def]
    found = {
        key: getattr(v, f"{prefix}{key.title()}View", None) for key in ("list", "detail", "edit", "delete", "history")
    }
    return object_urls(model, {key: view for key, view in found.items() if view is not None})


urlpatterns = [
    path("", v.HomeView.as_view(), name="home"),
    path("members/<int:pk>/", v.MemberOverviewView.as_view(), name="member_overview"),
    re_path(
        r"^initiatives/(?P<pk>[0-9]+)/(?P<what>share|advance)/$", v.InitiativeActView.as_view(), name="initiative_act"
    ),
    path("initiatives/<int:pk>/classify/", v.ClassifierView.as_view(), name="initiative_classify"),
    path("participations/<int:pk>/key-factors/", v.KeyFactorsView.as_view(), name="participation_key_factors"),
    path("solutions/<int:pk>/certify/", v.SolutionCertifyView.as_view(), name="solution_certify"),
    path("solutions/<int:pk>/join/", v.SolutionJoinView.as_view(), name="solution_join"),
    *crud(Cooperation, "Cooperation"),
    *crud(Participant, "Participant"),
    *crud(Initiative, "Initiative"),
    *crud(Participation, "Participation"),
    *crud(FollowUp, "FollowUp"),
    *crud(Solution, "Solution"),
    *crud(Stance, "Stance"),
    *crud(Project, "Project"),
    *crud(StatusReport, "StatusReport"),
]
