"""Ordering a service in the portal: the service's order form becomes a service request."""

import pytest
from django.core.exceptions import ValidationError

from samdrift.catalog import actions as catalog
from samdrift.catalog.choices import OrderFieldKind, ServiceLevel, ServiceState
from samdrift.core.versions import SYSTEM
from samdrift.servicedesk.choices import TicketType
from samdrift.servicedesk.models import Ticket


@pytest.fixture
def service(world):
    made = catalog.do_create_service(
        acting_user=None, collaboration=world.alpha, name="Mobiltelefon", level=ServiceLevel.IT,
        owner_unit=world.unit_alpha, orderable=True, description="En mobiltelefon med abonnemang.",
    )  # fmt: skip
    catalog.do_add_order_field(
        acting_user=None, service=made, position=1, label="Modell", kind=OrderFieldKind.CHOICE,
        choices="iPhone 16\nSamsung Galaxy S25\n",
    )  # fmt: skip
    catalog.do_add_order_field(acting_user=None, service=made, position=2, label="Antal", kind=OrderFieldKind.NUMBER)
    catalog.do_add_order_field(
        acting_user=None, service=made, position=3, label="Behövs från", kind=OrderFieldKind.DATE, required=False
    )
    catalog.do_add_order_field(
        acting_user=None, service=made, position=4, label="Chefen har godkänt", kind=OrderFieldKind.CHECKBOX
    )
    return made


def fields(service):
    return {q.label: f"q{q.pk}" for q in service.order_fields.all()}


def test_a_list_question_needs_choices(world, service) -> None:
    with pytest.raises(ValidationError) as refused:
        catalog.do_add_order_field(acting_user=None, service=service, label="Färg", kind=OrderFieldKind.CHOICE)
    assert "choices" in refused.value.message_dict
    with pytest.raises(ValidationError):
        catalog.do_add_order_field(acting_user=None, service=service, label="Namn", choices="a\nb")


def test_a_requester_orders_a_service(world, service, client_for) -> None:
    client = client_for("requester_a1")
    catalog.do_create_service(
        acting_user=None, collaboration=world.alpha, name="Server", level=ServiceLevel.INFRASTRUCTURE,
        owner_unit=world.unit_alpha,
    )  # fmt: skip
    listing = client.get("/servicedesk/portal/order/").content.decode()
    assert "Mobiltelefon" in listing and "Server" not in listing
    names = fields(service)
    url = f"/servicedesk/portal/order/{service.pk}/"
    refused = client.post(url, {names["Modell"]: "Nokia", names["Antal"]: "2"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Välj ett giltigt alternativ" in html and "Chefen har godkänt" in html
    assert not Ticket.objects.exists()
    sent = client.post(
        url,
        {names["Modell"]: "iPhone 16", names["Antal"]: "2", names["Chefen har godkänt"]: "on", "message": "Till Eva"},
    )
    ticket = Ticket.objects.get()
    assert sent.status_code == 302 and sent["Location"] == ticket.get_absolute_url()
    assert ticket.ticket_type == TicketType.REQUEST and ticket.service == service and ticket.unit == world.unit_alpha
    assert ticket.subject == "Beställning: Mobiltelefon"
    assert ticket.description == "Modell: iPhone 16\nAntal: 2\nChefen har godkänt: Ja\n\nTill Eva"
    assert ticket.requester == world.requester_a1 and ticket.member == world.member_a


def test_only_orderable_active_services_of_ones_own_collaboration(world, service, client_for) -> None:
    url = f"/servicedesk/portal/order/{service.pk}/"
    assert client_for("requester_c1").get(url).status_code == 404
    catalog.do_update_service(service, acting_user=None, expected_version=SYSTEM, state=ServiceState.RETIRED)
    assert client_for("requester_a1").get(url).status_code == 404
    with pytest.raises(ValidationError):
        from samdrift.servicedesk import actions

        service.refresh_from_db()
        actions.do_order_service(
            acting_user=world.requester_a1, requester=world.requester_a1, service=service, answers=[]
        )


# What the requester is told before ordering: price, delivery time, approval -----------


def _terms_setup(world, service):
    import datetime
    from decimal import Decimal

    calendar = catalog.do_create_calendar(acting_user=None, collaboration=world.alpha, name="Kontorstid – dagtid")
    catalog.do_set_hours(
        acting_user=None, calendar=calendar, year=2020, opens=datetime.time(8), closes=datetime.time(17),
        shortened_closes=datetime.time(13), workdays="12345",
    )  # fmt: skip
    catalog.do_create_sla(acting_user=None, service=service, calendar=calendar, resolution_p4=Decimal("24"))
    for level, amount in (("Bas", "1234.50"), ("Utökad", "2100.00")):
        catalog.do_set_price(
            acting_user=None, service=service, level=level, price_model="per_device",
            unit_price=Decimal(amount), valid_from=datetime.date(2020, 1, 1),
        )  # fmt: skip
    return calendar


def test_order_terms_say_price_delivery_and_approval(world, service) -> None:
    import datetime
    from decimal import Decimal

    from samdrift.servicedesk.portal import order_terms

    _terms_setup(world, service)
    today = datetime.date(2026, 11, 20)
    requester = world.requester_a1
    terms = order_terms(service, requester, today)
    # Not subscribed: the order proposes a subscription at the base level from next month.
    assert terms.needs_approval and terms.approval_from == datetime.date(2026, 12, 1)
    assert terms.level == "Bas" and terms.price is not None and terms.price.unit_price == Decimal("1234.50")
    # The delivery time is the SLA's resolution target at the priority an order gets.
    from samdrift.servicedesk.actions import do_order_service

    ordered = do_order_service(acting_user=requester, requester=requester, service=service, answers=[])
    assert ordered.priority == terms.priority == 4 and terms.delivery_hours == Decimal("24")
    catalog.do_subscribe(
        acting_user=None, member=world.member_a, service=service, level="Utökad", starts=datetime.date(2026, 1, 1)
    )
    terms = order_terms(service, requester, today)
    assert not terms.needs_approval and terms.approval_from is None
    assert terms.level == "Utökad" and terms.price is not None and terms.price.unit_price == Decimal("2100.00")
    # Another member's subscription does not count for this one.
    other = order_terms(service, world.requester_b1, today)
    assert other.needs_approval


def test_the_portal_shows_the_terms_before_ordering(world, service, client_for) -> None:
    _terms_setup(world, service)
    client = client_for("requester_a1")
    for url in ("/servicedesk/portal/order/", f"/servicedesk/portal/order/{service.pk}/"):
        html = client.get(url).content.decode()
        assert "1\xa0234,50\xa0kr" in html or "1 234,50 kr" in html, url
        assert "per enhet och år" in html, url
        assert "inom 24 arbetstimmar (Kontorstid – dagtid)" in html, url
        assert "Krävs: er kommun prenumererar inte på tjänsten än" in html, url


def test_the_portal_order_page_keeps_the_terms_on_a_refused_order(world, service, client_for) -> None:
    _terms_setup(world, service)
    refused = client_for("requester_a1").post(f"/servicedesk/portal/order/{service.pk}/", {})
    assert refused.status_code == 400
    assert "inom 24 arbetstimmar" in refused.content.decode()
