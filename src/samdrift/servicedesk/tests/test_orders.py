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
