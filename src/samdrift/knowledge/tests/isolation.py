from samdrift.knowledge import actions
from samdrift.knowledge.choices import Visibility
from samdrift.knowledge.models import Article
from samdrift.testing.isolation import IsolationCase


def member_article(world):
    """An article only for member B."""
    return actions.do_create_article(
        acting_user=None, collaboration=world.alpha, title="Behörighet i Vårgårda – ”Procapita”",
        body="Chefen beställer i portalen.", visibility=Visibility.MEMBER, member=world.member_b,
    )  # fmt: skip


def internal_article(world):
    """An article for the desk only."""
    return actions.do_create_article(
        acting_user=None, collaboration=world.alpha, title="Felsökning av Teams-ljud",
        body="Rensa cachen.", visibility=Visibility.INTERNAL,
    )  # fmt: skip


def members_article(world):
    """An article for every member of Alpha, not for Beta."""
    return actions.do_create_article(
        acting_user=None, collaboration=world.alpha, title="Byta lösenord", body="Gå till portalen.",
        visibility=Visibility.MEMBERS,
    )  # fmt: skip


OUTSIDERS = ("requester_c1", "admin_beta", "agent_beta", "nobody")
ISOLATION_CASES = [
    IsolationCase(Article, member_article, insider="requester_b1", outsiders=(*OUTSIDERS, "requester_a1", "orderer_a")),
    IsolationCase(
        Article,
        internal_article,
        insider="agent_alpha",
        outsiders=(*OUTSIDERS, "requester_a1", "requester_b1", "orderer_a", "controller_alpha"),
        name="knowledge.article.internal",
    ),
    IsolationCase(
        Article, members_article, insider="requester_a1", outsiders=OUTSIDERS, name="knowledge.article.members"
    ),
]
