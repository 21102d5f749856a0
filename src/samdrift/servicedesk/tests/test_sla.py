"""The SLA clock on tickets: business time, pause and resume, recompute, verdicts, watch."""

import datetime

import pytest
from django.utils import timezone

from samdrift.catalog import actions as catalog
from samdrift.catalog.businesstime import STOCKHOLM
from samdrift.catalog.choices import ServiceLevel
from samdrift.core.versions import SYSTEM
from samdrift.servicedesk import actions
from samdrift.servicedesk.choices import NotificationKind, SLAState, Status
from samdrift.servicedesk.models import Notification
from samdrift.testing.world import make_ticket

H = datetime.timedelta(hours=1)


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=STOCKHOLM)


class Clock:
    def __init__(self, monkeypatch) -> None:
        self.now = local(2026, 3, 2, 15)  # a Monday
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def set(self, *args: int) -> None:
        self.now = local(*args)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def service(world):
    calendar = catalog.do_create_calendar(acting_user=None, collaboration=world.alpha, name="Kontorstid")
    catalog.do_set_hours(
        acting_user=None, calendar=calendar, year=2026, opens=datetime.time(8), closes=datetime.time(17)
    )
    made = catalog.do_create_service(
        acting_user=None,
        collaboration=world.alpha,
        name="Arbetsplats",
        level=ServiceLevel.IT,
        owner_unit=world.unit_alpha,
    )
    targets = {f"resolution_p{p}": 8 for p in range(1, 5)} | {f"response_p{p}": 2 for p in range(1, 5)}
    catalog.do_create_sla(acting_user=None, service=made, calendar=calendar, **targets)
    return made


def ticket_with_sla(world, service, **fields):
    return make_ticket(world, acting="agent_alpha", service=service, **fields)


def test_due_times_are_counted_in_business_hours(world, service, clock) -> None:
    ticket = ticket_with_sla(world, service)
    assert ticket.sla is not None and ticket.sla_state == SLAState.ON_TRACK
    assert ticket.response_due_at == local(2026, 3, 2, 17)
    assert ticket.due_at == local(2026, 3, 3, 14), "2 h on Monday, 6 h on Tuesday"
    assert ticket.sla_at_risk_at == local(2026, 3, 3, 12)


def test_waiting_for_the_requester_pauses_and_keeps_the_time_used(world, service, clock) -> None:
    ticket = ticket_with_sla(world, service)
    clock.set(2026, 3, 3, 9)
    paused = actions.do_change_status(
        ticket, acting_user=world.agent_alpha, expected_version=SYSTEM, status=Status.WAITING_REQUESTER
    )
    assert paused.sla_state == SLAState.PAUSED and paused.due_at is None
    assert paused.sla_used_seconds == 3 * 3600
    clock.set(2026, 3, 4, 10)
    actions.do_add_comment(paused, acting_user=world.requester_a1, body="Nu fungerar inloggningen inte igen.")
    paused.refresh_from_db()
    assert paused.status == Status.IN_PROGRESS and paused.sla_state == SLAState.ON_TRACK
    assert paused.due_at == local(2026, 3, 4, 15), "5 h left from Wednesday 10:00"


def test_a_priority_change_keeps_the_time_used(world, service, clock) -> None:
    catalog.do_update_sla(service.slas.get(), acting_user=None, expected_version=SYSTEM, resolution_p1=4)
    ticket = ticket_with_sla(world, service, impact=3, urgency=3)
    clock.set(2026, 3, 3, 9)  # 3 h used
    raised = actions.do_update_ticket(
        ticket, acting_user=world.agent_alpha, expected_version=SYSTEM, major_incident=True
    )
    assert raised.priority == 1
    assert raised.due_at == local(2026, 3, 3, 10), "4 h from Monday 15:00; the 3 h used still count"
    assert raised.sla_state == SLAState.AT_RISK, "3 of 4 hours used"
    clock.set(2026, 3, 3, 10, 30)
    actions.do_watch_sla()
    raised.refresh_from_db()
    assert raised.sla_state == SLAState.BREACHED


def test_verdicts_when_resolved(world, service, clock) -> None:
    quick = ticket_with_sla(world, service)
    slow = ticket_with_sla(world, service)
    clock.set(2026, 3, 3, 10)
    met = actions.do_change_status(
        quick, acting_user=world.agent_alpha, expected_version=SYSTEM, status=Status.RESOLVED
    )
    assert met.sla_state == SLAState.MET and met.sla_started_at is None
    clock.set(2026, 3, 4, 10)
    late = actions.do_change_status(
        slow, acting_user=world.agent_alpha, expected_version=SYSTEM, status=Status.RESOLVED
    )
    assert late.sla_state == SLAState.BREACHED and late.sla_used_seconds == 13 * 3600
    reopened = actions.do_reopen(met, acting_user=world.requester_a1, reason="Det hjälpte inte.")
    assert reopened.sla_state == SLAState.ON_TRACK and reopened.sla_started_at == local(2026, 3, 4, 10)


def test_the_watch_warns_before_a_breach_and_on_it(world, service, clock) -> None:
    ticket = ticket_with_sla(world, service)
    actions.do_assign(
        ticket, acting_user=world.lead_alpha, expected_version=SYSTEM, unit=world.unit_alpha, assignee=world.agent_alpha
    )
    clock.set(2026, 3, 3, 11)
    assert actions.do_watch_sla() == (0, 0)
    clock.set(2026, 3, 3, 12)
    assert actions.do_watch_sla() == (1, 0)
    assert Notification.objects.filter(user=world.agent_alpha, kind=NotificationKind.SLA_AT_RISK).count() == 1
    clock.set(2026, 3, 3, 14)
    assert actions.do_watch_sla() == (0, 1)
    breached = Notification.objects.filter(kind=NotificationKind.SLA_BREACHED)
    assert {n.user for n in breached} == {world.agent_alpha, world.lead_alpha}
    assert actions.do_watch_sla() == (0, 0), "flagged once"


def test_tickets_without_a_service_keep_the_desk_targets(world, service, clock) -> None:
    ticket = make_ticket(world)
    assert ticket.sla is None and ticket.sla_state == SLAState.NONE and ticket.due_at is not None
    with_service = actions.do_update_ticket(
        ticket, acting_user=world.agent_alpha, expected_version=SYSTEM, service=service
    )
    assert with_service.sla is not None and with_service.due_at == local(2026, 3, 3, 14)


def test_a_service_of_another_collaboration_is_refused(world, clock) -> None:
    from django.core.exceptions import ValidationError

    foreign = catalog.do_create_service(
        acting_user=None, collaboration=world.beta, name="E-post", level=ServiceLevel.IT, owner_unit=world.unit_beta
    )
    with pytest.raises(ValidationError) as refused:
        make_ticket(world, acting="agent_alpha", service=foreign)
    assert "service" in refused.value.message_dict
