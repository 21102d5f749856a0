"""The registry is shared across the collaboration's members; a need is private to the
member that raised it until shared — from every other member and from the
collaboration's own staff."""

from samdrift.initiatives import models
from samdrift.testing.isolation import IsolationCase

from . import factories as f

# Other collaborations, and people of Alpha who read none of the registry.
BASE = ("requester_c1", "admin_beta", "agent_beta", "nobody", "requester_b1", "agent_alpha")
# A draft of member B: not for member A, nor for Alpha's collaboration-wide staff.
PRIVATE = (*BASE, "orderer_a", "admin_alpha", "controller_alpha", "lead_alpha")

ISOLATION_CASES = [
    # Shared: member A's orderer reads member B's rows.
    IsolationCase(models.Cooperation, f.cooperation, insider="orderer_a", outsiders=BASE),
    IsolationCase(models.Participant, f.participant, insider="orderer_a", outsiders=BASE),
    IsolationCase(
        models.Initiative, f.shared, insider="orderer_a", outsiders=BASE, name="initiatives.initiative-shared"
    ),
    IsolationCase(
        models.Participation,
        f.participation,
        insider="orderer_a",
        outsiders=BASE,
        name="initiatives.participation-shared",
    ),
    IsolationCase(models.FollowUp, f.followup, insider="orderer_a", outsiders=BASE, name="initiatives.followup-shared"),
    IsolationCase(models.Solution, f.solution, insider="orderer_a", outsiders=BASE),
    IsolationCase(models.Stance, f.stance, insider="orderer_a", outsiders=BASE),
    IsolationCase(models.Project, f.project, insider="controller_alpha", outsiders=BASE),
    IsolationCase(models.StatusReport, f.status_report, insider="orderer_a", outsiders=BASE),
    # Private until shared: only member B's own people.
    IsolationCase(models.Initiative, f.draft, insider="orderer_b", outsiders=PRIVATE),
    IsolationCase(
        models.Initiative, f.draft, insider="admin_b", outsiders=PRIVATE, name="initiatives.initiative-admin_b"
    ),
    IsolationCase(models.Participation, f.draft_participation, insider="orderer_b", outsiders=PRIVATE),
    IsolationCase(models.FollowUp, f.draft_project_followup, insider="orderer_b", outsiders=PRIVATE),
]
