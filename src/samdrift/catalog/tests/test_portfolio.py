"""Price lists, subscriptions and the member's portfolio (vår tjänsteportfölj)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from samdrift.catalog import actions
from samdrift.catalog.choices import PriceModel, ServiceLevel
from samdrift.catalog.models import Price, Subscription
from samdrift.catalog.queries import portfolio, price_subscription
from samdrift.tenancy import actions as tenancy

D = datetime.date


@pytest.fixture
def service(world):
    return actions.do_create_service(
        acting_user=None, collaboration=world.alpha, name="Arbetsplats", level=ServiceLevel.IT,
        owner_unit=world.unit_alpha, is_standard=False,
    )  # fmt: skip


def price(service, unit_price, starts, ends=None, model=PriceModel.PER_DEVICE, level="Bas"):
    return actions.do_set_price(
        acting_user=None, service=service, level=level, price_model=model, unit_price=Decimal(unit_price),
        valid_from=starts, valid_to=ends,
    )  # fmt: skip


def test_price_versions_of_a_level_never_overlap(world, service) -> None:
    first = price(service, "2400", D(2025, 1, 1))
    with pytest.raises(ValidationError) as refused:
        price(service, "2500", D(2026, 1, 1))
    assert refused.value.message_dict["valid_from"] == [
        "Den här överlappar prisversionen 2025-01-01–… för samma tjänst och nivå. Avsluta den versionen först."
    ]
    actions.do_update_price(first, acting_user=None, expected_version=1, valid_to=D(2025, 12, 31))
    price(service, "2500", D(2026, 1, 1))
    price(service, "3900", D(2025, 6, 1), level="Utökad")  # another level is another list
    with pytest.raises(ValidationError):
        price(service, "2000", D(2025, 12, 31), D(2026, 1, 1))
    with pytest.raises(ValidationError) as refused:
        price(service, "2000", D(2024, 6, 1), D(2024, 1, 1))
    assert "valid_to" in refused.value.message_dict


def test_a_subscription_names_a_priced_level_a_department_of_its_member_and_a_service_of_its_collaboration(
    world, service
) -> None:
    price(service, "2400", D(2025, 1, 1))
    with pytest.raises(ValidationError) as refused:
        actions.do_subscribe(
            acting_user=None, member=world.member_a, service=service, level="Guld", starts=D(2026, 1, 1)
        )
    assert "level" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        actions.do_subscribe(
            acting_user=None, member=world.member_a, department=world.dept_b1, service=service, starts=D(2026, 1, 1)
        )
    assert "department" in refused.value.message_dict
    other = actions.do_create_service(
        acting_user=None, collaboration=world.beta, name="Drift", level=ServiceLevel.IT, owner_unit=world.unit_beta
    )
    with pytest.raises(ValidationError) as refused:
        actions.do_subscribe(acting_user=None, member=world.member_a, service=other, starts=D(2026, 1, 1))
    assert "service" in refused.value.message_dict


def test_annual_cost_is_shared_by_day_over_price_versions(world, service) -> None:
    old = price(service, "2400", D(2025, 1, 1), D(2026, 6, 30))
    new = price(service, "3000", D(2026, 7, 1))
    subscription = actions.do_subscribe(
        acting_user=None, member=world.member_a, service=service, quantity=Decimal("100"), starts=D(2026, 1, 1)
    )
    line = price_subscription(subscription, 2026, [old, new], inhabitants=None)
    first_half, second_half = line.periods
    assert (first_half.days, second_half.days) == (181, 184)
    assert first_half.amount == Decimal("119013.70")  # 2400 × 100 × 181/365
    assert second_half.amount == Decimal("151232.88")  # 3000 × 100 × 184/365
    assert line.amount == Decimal("270246.58") and line.unpriced_days == 0
    late = actions.do_subscribe(
        acting_user=None, member=world.member_b, service=service, quantity=Decimal("10"), starts=D(2026, 10, 1)
    )
    assert price_subscription(late, 2026, [old, new], None).amount == Decimal("7561.64")  # 3000 × 10 × 92/365
    gap = price_subscription(subscription, 2026, [new], None)
    assert gap.unpriced_days == 181


def test_fixed_and_per_inhabitant_prices(world, service) -> None:
    fixed = price(service, "120000", D(2026, 1, 1), model=PriceModel.FIXED)
    per_inhabitant = price(service, "12.50", D(2026, 1, 1), model=PriceModel.PER_INHABITANT, level="Utökad")
    base = actions.do_subscribe(acting_user=None, member=world.member_a, service=service, starts=D(2026, 1, 1))
    assert price_subscription(base, 2026, [fixed], None).amount == Decimal("120000.00")
    wide = actions.do_subscribe(
        acting_user=None, member=world.member_a, service=service, level="Utökad", starts=D(2026, 1, 1)
    )
    assert price_subscription(wide, 2026, [per_inhabitant], 9500).amount == Decimal("118750.00")


def test_the_portfolio_of_a_member(world, service) -> None:
    tenancy.do_record_population(
        acting_user=None, member=world.member_a, year=2025, inhabitants=9500, employees=800,
        reference_date=D(2024, 12, 31),
    )  # fmt: skip
    price(service, "2400", D(2025, 1, 1))
    price(service, "10", D(2025, 1, 1), model=PriceModel.PER_INHABITANT, level="Utökad")
    actions.do_subscribe(acting_user=None, member=world.member_a, service=service, quantity=50, starts=D(2025, 1, 1))
    actions.do_subscribe(acting_user=None, member=world.member_a, service=service, level="Utökad", starts=D(2026, 1, 1))
    actions.do_subscribe(acting_user=None, member=world.member_a, service=service, quantity=5, starts=D(2024, 1, 1),
                         ends=D(2025, 12, 31))  # fmt: skip
    actions.do_subscribe(acting_user=None, member=world.member_b, service=service, quantity=70, starts=D(2025, 1, 1))
    mine = portfolio(world.member_a, 2026, Subscription.objects.all())
    assert [line.subscription.level for line in mine.lines] == ["Bas", "Utökad"]
    assert mine.inhabitants == 9500, "the latest figure stands in for a year not yet recorded"
    assert mine.total == Decimal("120000.00") + Decimal("95000.00")


def test_portfolio_page_and_permissions(world, service, client_for, api_for) -> None:
    price(service, "2400", D(2025, 1, 1))
    actions.do_subscribe(acting_user=None, member=world.member_a, service=service, quantity=50, starts=D(2025, 1, 1))
    page = client_for("orderer_a").get(f"/catalog/portfolio/?year=2026&member={world.member_a.pk}")
    html = page.content.decode()
    assert page.status_code == 200 and "Arbetsplats" in html and "120\xa0000,00" in html
    assert client_for("orderer_a").get("/catalog/portfolio/").status_code == 200
    hidden = client_for("orderer_a").get(f"/catalog/portfolio/?year=2026&member={world.member_b.pk}")
    assert hidden.status_code == 400
    body = {
        "service": service.pk,
        "level": "Bas",
        "price_model": "per_device",
        "unit_price": "2500",
        "valid_from": "2026-01-01",
    }
    assert api_for("orderer_a").post("/api/v1/prices/", body, format="json").status_code == 403
    overlap = api_for("controller_alpha").post("/api/v1/prices/", body, format="json")
    assert overlap.status_code == 400 and "valid_from" in overlap.json()["errors"]
    assert not Price.objects.filter(unit_price=2500).exists()


def test_catalogue_lists_run_a_fixed_number_of_queries(world, service, client_for) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("admin_alpha")
    urls = ["/catalog/prices/", "/catalog/subscriptions/", "/catalog/disruptions/", "/catalog/orderfields/"]

    def counts() -> dict[str, int]:
        found = {}
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            found[url] = len(ctx)
        return found

    def add(i: int) -> None:
        other = actions.do_create_service(
            acting_user=None, collaboration=world.alpha, name=f"Tjänst {i}", level=ServiceLevel.IT,
            owner_unit=world.unit_alpha,
        )  # fmt: skip
        price(other, "100", D(2026, 1, 1))
        actions.do_subscribe(acting_user=None, member=world.member_a, department=world.dept_a1, service=other,
                             starts=D(2026, 1, 1))  # fmt: skip
        actions.do_report_disruption(
            acting_user=None, service=other, title="Nere", public_text="Nere", starts=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        )  # fmt: skip
        actions.do_add_order_field(acting_user=None, service=other, label="Antal", kind="number")

    add(0)
    before = counts()
    for i in range(1, 7):
        add(i)
    assert counts() == before
