"""Supplier contracts (Luhn, ending list, notice reminders through the outbox) and the
review PDF, readable only by the member's people and the collaboration's staff."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from post_office.models import Email

from samdrift.agreements import actions, tasks
from samdrift.agreements.tests import isolation


def test_an_organisation_number_must_pass_the_luhn_check(world) -> None:
    with pytest.raises(ValidationError, match=r"kontrollsiffra|check digit"):
        actions.do_create_supplier(acting_user=None, collaboration=world.alpha, name="Fel AB", org_number="556448-0283")
    with pytest.raises(ValidationError):
        actions.do_create_supplier(acting_user=None, collaboration=world.alpha, name="Fel AB", org_number="55644802")


def test_the_owner_is_reminded_once_before_the_notice_date(world, django_capture_on_commit_callbacks) -> None:
    contract = isolation.contract(world)
    today = timezone.localdate()
    actions.do_update_contract(
        contract, acting_user=None, expected_version=contract.version, owner=world.controller_alpha,
        notice_date=today + datetime.timedelta(days=30), ends=today + datetime.timedelta(days=200),
    )  # fmt: skip
    assert tasks.send_contract_reminders() == 1
    assert tasks.send_contract_reminders() == 0
    mail = Email.objects.get()
    assert mail.to == [world.controller_alpha.email] and "Klientavtal" in mail.subject


def test_contracts_ending_within_the_horizon(world, client_for) -> None:
    contract = isolation.contract(world)
    actions.do_update_contract(
        contract,
        acting_user=None,
        expected_version=contract.version,
        ends=timezone.localdate() + datetime.timedelta(days=90),
    )
    page = client_for("orderer_b").get("/agreements/suppliercontracts/ending/", {"months": 6})
    assert page.status_code == 200 and "Klientavtal" in page.content.decode()
    assert (
        "Klientavtal"
        not in client_for("orderer_b").get("/agreements/suppliercontracts/ending/", {"months": 1}).content.decode()
    )
    assert "Klientavtal" not in client_for("orderer_a").get("/agreements/suppliercontracts/ending/").content.decode()


def test_the_review_pdf_is_for_the_member_and_staff_only(world, client_for, api_for) -> None:
    review = isolation.review(world)
    for name in ("orderer_b", "controller_alpha"):
        page = client_for(name).get(f"/agreements/agreementreviews/{review.pk}/pdf/")
        assert page.status_code == 200 and page.content.startswith(b"%PDF")
    assert api_for("orderer_b").get(f"/api/v1/agreement-reviews/{review.pk}/pdf/").status_code == 200
    for name in isolation.MEMBER_B_OUTSIDERS:
        assert client_for(name).get(f"/agreements/agreementreviews/{review.pk}/pdf/").status_code in (302, 404), name
        assert api_for(name).get(f"/api/v1/agreement-reviews/{review.pk}/pdf/").status_code in (401, 403, 404), name


def test_a_contract_names_its_inventory_systems_to_its_readers(world, client_for, api_for) -> None:
    """Member B's contract covers B's own system and a shared one: B's people and the staff read
    both on the page and in the API (listed through the readers' own visibility); member A's
    people do not see the contract."""
    from samdrift.inventory import actions as inventory

    own_b = inventory.do_create_system(
        acting_user=None, collaboration=world.alpha, name="Procapita – ”skola”", area="Skola", members=[world.member_b]
    )
    shared = inventory.do_create_system(
        acting_user=None, collaboration=world.alpha, name="Visma Lön", area="Ekonomi", shared=True
    )
    contract = isolation.contract(world)
    contract = actions.do_update_contract(
        contract, acting_user=None, expected_version=contract.version, inventory_systems=[own_b, shared]
    )
    url, api = f"/agreements/suppliercontracts/{contract.pk}/", f"/api/v1/supplier-contracts/{contract.pk}/"
    for name in ("orderer_b", "controller_alpha"):
        body = client_for(name).get(url).content.decode()
        assert "Visma Lön" in body and "Procapita – ”skola”" in body, name
        got = api_for(name).get(api)
        assert got.status_code == 200, name
        assert set(got.json()["inventory_systems"]) == {own_b.pk, shared.pk}, name
    assert client_for("orderer_a").get(url).status_code == 404
    assert api_for("orderer_a").get(api).status_code == 404


def test_a_systems_page_lists_the_contracts_that_cover_it_to_their_readers(world, client_for) -> None:
    """The inventory cannot import agreements (it sits lower); agreements adds the table to
    the system's page through ``core.related``. Member B's contract covers a shared system:
    B's people and the staff see it there, member A's people see the system without it."""
    from samdrift.inventory import actions as inventory

    shared = inventory.do_create_system(
        acting_user=None, collaboration=world.alpha, name="Visma Lön", area="Ekonomi", shared=True
    )
    contract = isolation.contract(world)
    contract = actions.do_update_contract(
        contract, acting_user=None, expected_version=contract.version, title="Lön – ”drift”",
        inventory_systems=[shared],
    )  # fmt: skip
    url = f"/inventory/systems/{shared.pk}/"
    for name in ("orderer_b", "controller_alpha"):
        body = client_for(name).get(url).content.decode()
        assert "Leverantörsavtal" in body and "Lön – ”drift”" in body, name
        assert contract.get_absolute_url() in body, name
    other = client_for("orderer_a").get(url)
    assert other.status_code == 200 and "Lön – ”drift”" not in other.content.decode()
    assert "Leverantörsavtal" not in client_for("requester_a1").get(url).content.decode()
