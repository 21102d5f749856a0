"""The API matches its OpenAPI schema: schemathesis over every operation, as an agent and
as a requester of the test world, in process (WSGI), on SQLite and PostgreSQL.

Each operation gets a few derandomized examples that fit the schema and a few that do not
(a bad ``limit``, a wrong type, a missing field). A run fails on any 5xx, an undocumented
status code or content type, a body that does not match its documented shape, or invalid
input that is accepted. Every failing operation is reported, not only the first.
``SAMDRIFT_SCHEMA_ONLY=/api/v1/tickets/`` narrows a run to the operations whose label holds it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
EXAMPLES = {GenerationMode.POSITIVE: 5, GenerationMode.NEGATIVE: 3}


@pytest.fixture(scope="session")
def generated_schema() -> dict[str, Any]:
    """The schema as drf-spectacular generates it (no request: /api/schema/ may need a login)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(schema))


@contextmanager
def in_process() -> Iterator[None]:
    """Requests run in the test's thread and transaction: like Django's test client, keep
    the request signals from closing the test's database connection."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def token_for(username: str) -> str:
    from django.test import Client

    from samdrift.testing.world import PASSWORD

    response = Client().post("/api/v1/auth/token/", {"username": username, "password": PASSWORD})
    assert response.status_code == 201, response.content
    return str(response.json()["token"])


def exercise(generated: dict[str, Any], username: str) -> list[str]:
    from django.core.wsgi import get_wsgi_application

    api = schemathesis.openapi.from_dict(generated)
    api.app = get_wsgi_application()
    headers = {"Authorization": f"Token {token_for(username)}", "Accept-Language": "en"}
    failures: list[str] = []
    only = os.environ.get("SAMDRIFT_SCHEMA_ONLY", "")
    with in_process():
        for result in api.get_all_operations():
            assert not isinstance(result, Err), result
            operation = result.ok()
            if only not in operation.label:
                continue
            for mode, count in EXAMPLES.items():

                @settings(
                    max_examples=count,
                    derandomize=True,
                    deadline=None,
                    database=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=list(HealthCheck),
                )
                @given(case=operation.as_strategy(generation_mode=mode))
                def call(case: Any) -> None:
                    case.call_and_validate(headers=headers, checks=CHECKS)

                try:
                    call()
                except Unsatisfiable as exc:
                    # Allowed only in negative mode, for an operation whose every input is a
                    # free string (a survey link's token): nothing it is sent can be invalid.
                    if mode != GenerationMode.NEGATIVE:
                        failures.append(f"{operation.label} [{mode}]: Unsatisfiable: {exc}")
                except (Exception, BaseExceptionGroup) as exc:  # collected: one run names every failing operation
                    failures.append(f"{operation.label} [{mode}]: {type(exc).__name__}: {exc}")
    return failures


@pytest.mark.parametrize("username", ["agent_alpha", "requester_a1"])
def test_the_api_matches_its_schema(world, generated_schema, username) -> None:
    from samdrift.testing.world import make_ticket

    # Something to read: a ticket with a reply, in the caller's scope.
    ticket = make_ticket(world)
    from samdrift.servicedesk import actions

    actions.do_add_comment(ticket, acting_user=world.agent_alpha, body="Vi tittar på det.")
    failures = exercise(generated_schema, username)
    assert not failures, f"{len(failures)} operations do not match the schema:\n\n" + "\n\n".join(failures)
