"""Locust users for ``bench/load.py``: service-desk agents and requesters over HTTP.

Not for Django: locust patches the standard library with gevent, so this file imports
nothing from Samdrift. ``bench/load.py`` passes what the users need in SAMDRIFT_LOAD (JSON).
"""

from __future__ import annotations

import json
import os
import random
import uuid

from locust import HttpUser, between, task

SETUP = json.loads(os.environ.get("SAMDRIFT_LOAD", "{}"))
FIRST, LAST = SETUP.get("first_ticket_id", 1), SETUP.get("last_ticket_id", 1)
UNITS = SETUP.get("unit_ids", [1])
WORDS = SETUP.get("search_words", ["skrivare"])
AGENT_SESSIONS: list[str] = SETUP.get("agent_sessions", [])
REQUESTER_SESSIONS: list[str] = SETUP.get("requester_sessions", [])


def log_in(user: HttpUser, sessions: list[str]) -> None:
    """Take a session made by ``bench/load.py`` (a user that logged in earlier today) and
    get the CSRF cookie from a page, as a browser would."""
    user.client.cookies.set("sessionid", sessions.pop() if sessions else "")
    user.client.get("/servicedesk/portal/", name="first page")


def api_headers(user: HttpUser) -> dict[str, str]:
    """The API with the session, as a browser uses it: DRF's session authentication wants
    the CSRF token in a header."""
    return {"X-CSRFToken": user.client.cookies.get("csrftoken", ""), "Accept-Language": "sv"}


class Agent(HttpUser):
    """Works the queue: lists, opens tickets, searches, comments, registers tickets."""

    weight = 3
    wait_time = between(0.5, 2.0)

    open_ids: list[int] = []

    def on_start(self) -> None:
        self.open_ids = []
        log_in(self, AGENT_SESSIONS)

    @task(4)
    def queue(self) -> None:
        unit = random.choice(UNITS)
        self.client.get(f"/servicedesk/tickets/?unit={unit}&state=open&sort=due_at", name="queue (ticket list)")

    @task(4)
    def detail(self) -> None:
        self.client.get(f"/servicedesk/tickets/{random.randint(FIRST, LAST)}/", name="ticket page")

    @task(1)
    def search(self) -> None:
        self.client.get(f"/servicedesk/tickets/?q={random.choice(WORDS)}", name="search")

    @task(1)
    def comment(self) -> None:
        # Closed tickets take no comments (a 400 by design): comment on open ones the agent
        # has seen in its API list.
        if not self.open_ids:
            self.api_list()
        if self.open_ids:
            self.client.post(
                f"/api/v1/tickets/{random.choice(self.open_ids)}/comments/",
                json={"body": "Vi tittar på det – återkommer under dagen.", "is_internal": random.random() < 0.5},
                headers=api_headers(self),
                name="API comment",
            )

    @task(1)
    def api_list(self) -> None:
        response = self.client.get(
            "/api/v1/tickets/?limit=50&state=open", headers=api_headers(self), name="API ticket list"
        )
        if response.ok:
            self.open_ids = [row["id"] for row in response.json().get("results", [])]


class Requester(HttpUser):
    """Raises tickets and follows them in the portal."""

    weight = 2
    wait_time = between(1.0, 4.0)

    def on_start(self) -> None:
        log_in(self, REQUESTER_SESSIONS)

    @task(3)
    def portal(self) -> None:
        self.client.get("/servicedesk/portal/", name="portal")

    @task(1)
    def create(self) -> None:
        self.client.post(
            "/api/v1/tickets/",
            json={"subject": "Skrivaren på plan 3 skriver inte ut", "description": "Den blinkar orange – ”fel 42”."},
            headers={**api_headers(self), "Idempotency-Key": str(uuid.uuid4())},
            name="API create ticket",
        )
