"""Demo knowledge base: articles for the common questions of the seed's service desk, in
every visibility, one of them edited once (two versions), with feedback."""

from __future__ import annotations

from typing import Any

from samdrift.core.demo import Demo
from samdrift.tenancy.demo import COLLABORATIONS

from . import actions
from .choices import Visibility

ARTICLES = [
    (
        "Byta lösenord när det har gått ut",
        "Gå till lösenordsportalen från en annan dator eller mobilen och välj Glömt lösenord. "
        "Du får en kod via sms. Välj ett lösenord med minst 12 tecken. Efter bytet: logga ut och in igen "
        "på datorn så att e-posten och Teams hittar det nya lösenordet.",
        "lösenord inloggning konto låst",
        Visibility.MEMBERS,
        None,
    ),
    (
        "Skrivaren skriver inte ut",
        "Kontrollera att skrivaren har papper och att den visar Klar. Välj skrivaren Följ-mig i utskriftsdialogen "
        "och hämta utskriften med ditt passerkort. Syns skrivaren inte: starta om datorn en gång. "
        "Hjälper inte det, anmäl ett ärende och skriv skrivarens nummer på klistermärket.",
        "skrivare utskrift papper följ-mig",
        Visibility.PUBLIC,
        None,
    ),
    (
        "Koppla upp mot VPN hemifrån",
        "Starta VPN-klienten och logga in med ditt vanliga konto och koden i appen. "
        "Bryts anslutningen: kontrollera att datorns klocka går rätt och att du har internet.",
        "vpn distans hemarbete uppkoppling",
        Visibility.MEMBERS,
        None,
    ),
    (
        "Beställa behörighet till verksamhetssystem i Herrljunga",
        "Behörighet till förvaltningens system beställs av din chef i portalen under Beställ en tjänst. "
        "Systemförvaltaren i Herrljunga godkänner.",
        "behörighet system beställning",
        Visibility.MEMBER,
        "1466",
    ),
    (
        "Felsökning: Teams-möten utan ljud (för servicedesk)",
        "Be användaren kontrollera vald enhet under Inställningar → Enheter. Rensa Teams-cachen "
        "(%appdata%\\Microsoft\\Teams) och starta om. Kända fel med dockningsstationer: uppdatera drivrutinen.",
        "teams ljud mikrofon headset",
        Visibility.INTERNAL,
        None,
    ),
]


def run(demo: Demo) -> None:
    """The articles of the first collaboration (the joint committee of seed 001)."""
    made = demo.made["tenancy"]
    users = demo.made["accounts"]
    author = users.get("agent") or demo.system_user
    collaboration = made[COLLABORATIONS[0].name]
    count = 0
    for title, body, keywords, visibility, member_code in ARTICLES:
        article: Any = actions.do_create_article(
            acting_user=author,
            collaboration=collaboration,
            title=title,
            body=body,
            keywords=keywords,
            visibility=visibility,
            member=made[member_code] if member_code else None,
        )
        count += 1
        if count == 1:
            article = actions.do_update_article(
                article,
                acting_user=author,
                expected_version=article.version,
                body=article.body + " Kontot låses efter fem felaktiga försök; det låses upp efter 15 minuter.",
            )
            for username, helpful in (("anvandare.herrljunga", True), ("anvandare.vargarda", True)):
                if username in users:
                    actions.do_give_feedback(acting_user=users[username], article=article, helpful=helpful)
    demo.summary.append(f"{count} knowledge articles")
