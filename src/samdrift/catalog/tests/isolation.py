import datetime

from samdrift.catalog import actions
from samdrift.testing.isolation import IsolationCase


def calendar(world):
    return actions.do_create_calendar(acting_user=None, collaboration=world.alpha, name="Kontorstid")


def hours(world):
    return actions.do_set_hours(acting_user=None, calendar=calendar(world), year=2026, member=world.member_b)


def closure(world):
    starts = datetime.datetime(2026, 9, 10, 8, tzinfo=datetime.UTC)
    return actions.do_add_closure(
        acting_user=None, calendar=calendar(world), starts=starts, ends=starts + datetime.timedelta(hours=9),
        reason="Personaldag",
    )  # fmt: skip


def service(world):
    return actions.do_create_service(
        acting_user=None, collaboration=world.alpha, name="E-post", level="it", owner_unit=world.unit_alpha
    )


def sla(world):
    return actions.do_create_sla(acting_user=None, service=service(world), calendar=calendar(world))


def disruption(world):
    starts = datetime.datetime(2026, 9, 10, 8, tzinfo=datetime.UTC)
    return actions.do_report_disruption(
        acting_user=None, service=service(world), title="E-posten nere", starts=starts, public_text="Vi felsöker."
    )


def price(world):
    return actions.do_set_price(
        acting_user=None, service=service(world), price_model="per_device", unit_price=2400,
        valid_from=datetime.date(2026, 1, 1),
    )  # fmt: skip


def subscription(world):
    return actions.do_subscribe(
        acting_user=None, member=world.member_b, service=service(world), starts=datetime.date(2026, 1, 1)
    )


def order_field(world):
    return actions.do_add_order_field(acting_user=None, service=service(world), label="Modell")


OUTSIDERS = ("requester_c1", "admin_beta", "agent_beta", "nobody")
ISOLATION_CASES = [
    IsolationCase(model, make, insider="requester_b1", outsiders=OUTSIDERS)
    for model, make in [
        (actions.BusinessCalendar, calendar),
        (actions.CalendarYear, hours),
        (actions.CalendarClosure, closure),
        (actions.Service, service),
        (actions.SLA, sla),
        (actions.Disruption, disruption),
        (actions.Price, price),
        (actions.OrderField, order_field),
    ]
] + [
    # A member's subscriptions are not for other members' staff.
    IsolationCase(
        actions.Subscription, subscription, insider="requester_b1", outsiders=(*OUTSIDERS, "requester_a1", "orderer_a")
    )
]
