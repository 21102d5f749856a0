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
REQUESTERS = SETUP.get("requesters", [])
PASSWORD = SETUP.get("password", "")


def log_in(user: HttpUser, username: str) -> None:
    user.client.get("/login/", name="login")
    csrf = user.client.cookies.get("csrftoken", "")
    user.client.post(
        "/login/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": csrf, "next": ""},
        headers={"Referer": f"{user.host}/login/"},
        name="login",
    )


def api_headers(user: HttpUser) -> dict[str, str]:
    """The API with the session of the login (one password check per user, as in a
    browser): DRF's session authentication wants the CSRF token in a header."""
    return {"X-CSRFToken": user.client.cookies.get("csrftoken", ""), "Accept-Language": "sv"}


class Agent(HttpUser):
    """Works the queue: lists, opens tickets, searches, comments, registers tickets."""

    weight = 3
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        log_in(self, SETUP.get("agent", "bench_agent"))

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
        ticket = random.randint(FIRST, LAST)
        self.client.post(
            f"/api/v1/tickets/{ticket}/comments/",
            json={"body": "Vi tittar på det – återkommer under dagen.", "is_internal": random.random() < 0.5},
            headers=api_headers(self),
            name="API comment",
        )

    @task(1)
    def api_list(self) -> None:
        self.client.get("/api/v1/tickets/?limit=50", headers=api_headers(self), name="API ticket list")


class Requester(HttpUser):
    """Raises tickets and follows them in the portal."""

    weight = 2
    wait_time = between(1.0, 4.0)

    def on_start(self) -> None:
        log_in(self, random.choice(REQUESTERS) if REQUESTERS else "bench_agent")

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
