from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from samdrift.core import formatting
from samdrift.core.tables import display


def test_money_number_and_percent_in_both_languages() -> None:
    with translation.override("sv"):
        assert formatting.money(Decimal("15199000.00")) == "15\xa0199\xa0000,00\xa0kr"
        assert formatting.percent(Decimal("99.597")) == "99,6\xa0%"
        assert formatting.percent(Decimal("99.96")) == "99,9\xa0%"
        assert formatting.percent(Decimal("100")) == "100\xa0%"
        assert formatting.number(Decimal("1234.5"), 1) == "1\xa0234,5"
        assert display(Decimal("15199000.00")) == "15\xa0199\xa0000,00"
        assert formatting.money(None) == "–"
    with translation.override("en"):
        assert formatting.money(Decimal("15199000.00")) == "SEK\xa015,199,000.00"
        assert formatting.percent(Decimal("66.66")) == "66.7\xa0%"


@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False))
def test_money_keeps_every_ore(amount: Decimal) -> None:
    with translation.override("sv"):
        text = formatting.money(amount)
    digits = text.replace("\xa0kr", "").replace("\xa0", "").replace(",", ".").replace("−", "-")
    assert Decimal(digits) == amount


@pytest.mark.django_db
def test_old_desk_settings_url_redirects(world, client_for) -> None:
    response = client_for("admin_alpha").get("/servicedesk/desksettingss/?page=2")
    assert response.status_code == 301 and response["Location"] == "/servicedesk/desksettings/?page=2"
    assert client_for("admin_alpha").get("/servicedesk/desksettings/").status_code == 200


@pytest.mark.django_db
def test_menu_by_role_and_login_link(world, client_for) -> None:
    requester = client_for("requester_a1").get("/").content.decode()
    assert "Självservice" in requester and "Mina ärenden" in requester and "Driftinformation" in requester
    for entry in ("/tenancy/members/", "/tenancy/departments/", "/tenancy/units/", "/catalog/services/"):
        assert f'href="{entry}"' not in requester
    admin = client_for("admin_alpha").get("/").content.decode()
    assert "Inställningar" in admin and 'href="/tenancy/members/"' in admin
    public = Client().get("/driftinformation/").content.decode()
    assert 'href="/login/?next=/driftinformation/"' in public
