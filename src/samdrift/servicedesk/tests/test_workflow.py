import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samdrift.servicedesk import workflow
from samdrift.servicedesk.choices import Status

S = Status


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (S.NEW, S.ASSIGNED, True),
        (S.ASSIGNED, S.IN_PROGRESS, True),
        (S.IN_PROGRESS, S.WAITING_REQUESTER, True),
        (S.WAITING_REQUESTER, S.IN_PROGRESS, True),
        (S.WAITING_SUPPLIER, S.IN_PROGRESS, True),
        (S.IN_PROGRESS, S.RESOLVED, True),
        (S.RESOLVED, S.CLOSED, True),
        (S.RESOLVED, S.IN_PROGRESS, True),
        (S.NEW, S.CLOSED, False),
        (S.CLOSED, S.IN_PROGRESS, False),
        (S.WAITING_REQUESTER, S.CLOSED, False),
    ],
)
def test_transitions(current: str, target: str, allowed: bool) -> None:
    assert workflow.can_transition(current, target) is allowed


@given(st.sampled_from(Status.values))
def test_closed_is_final_and_every_open_status_can_resolve(status: str) -> None:
    assert not workflow.can_transition(S.CLOSED, status)
    if status not in (S.RESOLVED, S.CLOSED):
        assert workflow.can_transition(status, S.RESOLVED)


def test_reopen_window() -> None:
    resolved = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)
    assert workflow.may_reopen(resolved, resolved + datetime.timedelta(days=10), 10)
    assert not workflow.may_reopen(resolved, resolved + datetime.timedelta(days=10, seconds=1), 10)
    assert not workflow.may_reopen(None, resolved, 10)


def test_requester_reply_resumes_a_waiting_ticket() -> None:
    assert workflow.status_after_requester_reply(S.WAITING_REQUESTER) == S.IN_PROGRESS
    assert workflow.status_after_requester_reply(S.WAITING_SUPPLIER) == S.WAITING_SUPPLIER
