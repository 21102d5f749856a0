"""Allocation runs: inputs gathered, shared exactly, explained, reproducible, issued once."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samdrift.catalog import actions as catalog
from samdrift.core.versions import SYSTEM
from samdrift.finance import actions, runs
from samdrift.finance.choices import AccountGroup, Basis, RunState
from samdrift.finance.models import AllocationLine
from samdrift.servicedesk import actions as desk
from samdrift.tenancy import actions as tenancy
from samdrift.testing.world import make_ticket

YEAR = 2026


@pytest.fixture
def figures(world):
    for member, inhabitants in ((world.member_a, 9_459), (world.member_b, 11_728)):
        tenancy.do_record_population(
            acting_user=None, member=member, year=YEAR, inhabitants=inhabitants, employees=inhabitants // 10,
            reference_date=datetime.date(YEAR - 1, 12, 31),
        )  # fmt: skip
    for month in range(1, 13):
        line = {
            "acting_user": None,
            "collaboration": world.alpha,
            "year": YEAR,
            "month": month,
            "unit": world.unit_alpha,
        }
        actions.do_add_budget_line(**line, account_group=AccountGroup.OTHER, amount=Decimal("100000"))
        actions.do_add_budget_line(**line, account_group=AccountGroup.INCOME, amount=Decimal("-20000"))
    actions.do_add_budget_line(
        acting_user=None, collaboration=world.alpha, year=YEAR, month=3, unit=world.unit_alpha,
        account_group=AccountGroup.OTHER, member=world.member_b, amount=Decimal("200000.50"), text="Trådlöst VGA",
    )  # fmt: skip
    model = actions.do_create_allocation_model(
        acting_user=None, collaboration=world.alpha, year=YEAR, name="Befolkning", decision_text="Nämnden § 12/2025"
    )
    actions.do_add_allocation_rule(
        acting_user=None, allocation_model=model, label="Gemensamt efter befolkning", key_parts=[["population", 100]]
    )
    return model


def test_a_run_shares_common_costs_by_key_and_specific_costs_to_their_member(world, figures) -> None:
    run = actions.do_prepare_run(acting_user=world.controller_alpha, model=figures, basis=Basis.BUDGET)
    assert run.state == RunState.PREPARED and run.total == Decimal("1160000.50")
    totals = {int(m): Decimal(v) for m, v in run.output["totals"].items()}
    assert sum(totals.values()) == run.total
    # Each common pool by 9 459 / 21 187 inhabitants, the öre by largest remainder:
    # Övriga 1 200 000 → 535 743.62 / 664 256.38; Intäkter −240 000 → −107 148.72 / −132 851.28;
    # Vårgårda also carries its own 200 000.50.
    assert totals[world.member_a.pk] == Decimal("428594.90")
    assert totals[world.member_b.pk] == Decimal("731405.60")
    specific = AllocationLine.objects.get(run=run, explanation__specific=True)
    assert specific.member == world.member_b and specific.amount == Decimal("200000.50")
    line = AllocationLine.objects.get(run=run, member=world.member_a, account_group=AccountGroup.OTHER)
    why = line.explanation
    assert why["parts"] == [{"key": "population", "percent": "100", "value": "9459", "total": "21187"}]
    assert why["share"] == "9459/21187" and why["shared_amount"] == "1200000.00"
    assert line.rule == "Gemensamt efter befolkning"


def test_a_run_is_reproducible_byte_for_byte(world, figures) -> None:
    first = actions.do_prepare_run(acting_user=world.controller_alpha, model=figures, basis=Basis.BUDGET)
    second = actions.do_prepare_run(acting_user=world.controller_alpha, model=figures, basis=Basis.BUDGET)
    assert runs.canonical(first.output) == runs.canonical(second.output)
    assert first.digest == second.digest and len(first.digest) == 64
    first.refresh_from_db()
    assert runs.reproduces(first)
    assert runs.canonical(runs.compute(first.inputs)) == runs.canonical(first.output)


def test_only_a_controller_issues_and_an_issued_run_never_changes(world, figures) -> None:
    run = actions.do_prepare_run(acting_user=world.controller_alpha, model=figures, basis=Basis.BUDGET)
    for who in ("admin_alpha", "orderer_a", "agent_alpha"):
        with pytest.raises(PermissionDenied):
            actions.do_issue_run(run, acting_user=world.users[who], expected_version=run.version)
    issued = actions.do_issue_run(run, acting_user=world.controller_alpha, expected_version=run.version)
    assert issued.state == RunState.ISSUED and issued.issued_by == world.controller_alpha
    with pytest.raises(ValidationError):
        actions.do_issue_run(issued, acting_user=world.controller_alpha, expected_version=issued.version)
    with pytest.raises(ValidationError):
        actions.do_discard_run(issued, acting_user=world.controller_alpha, expected_version=issued.version)
    correction = actions.do_prepare_run(
        acting_user=world.controller_alpha, model=figures, basis=Basis.BUDGET, corrects=issued
    )
    assert correction.corrects == issued and issued.corrections.get() == correction
    with pytest.raises(ValidationError):
        actions.do_prepare_run(
            acting_user=world.controller_alpha, model=figures, basis=Basis.BUDGET, corrects=correction
        )


def test_bad_inputs_are_refused_with_the_reason(world, figures) -> None:
    from django.utils import translation

    from samdrift.tenancy.models import Population

    Population.objects.filter(member=world.member_b).delete()
    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        actions.do_prepare_run(acting_user=world.controller_alpha, model=figures, basis=Basis.BUDGET)
    assert "nyckeln population saknar värde för medlemskommunen Vårgårda" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        actions.do_add_allocation_rule(
            acting_user=None, allocation_model=figures, label="Hybrid", key_parts=[["equal", 30], ["population", 60]]
        )
    assert "key_parts" in refused.value.message_dict
    narrow = actions.do_create_allocation_model(acting_user=None, collaboration=world.alpha, year=YEAR, name="Smal")
    actions.do_add_allocation_rule(
        acting_user=None, allocation_model=narrow, label="Bara intäkter", account_group=AccountGroup.INCOME,
        key_parts=[["equal", 100]],
    )  # fmt: skip
    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        actions.do_prepare_run(acting_user=world.controller_alpha, model=narrow, basis=Basis.BUDGET)
    assert "Ingen regel" in str(refused.value)


def test_a_closed_month_refuses_new_and_changed_figures(world, figures) -> None:
    from samdrift.finance.models import BudgetLine

    actions.do_close_period(acting_user=None, collaboration=world.alpha, year=YEAR, month=3)
    with pytest.raises(ValidationError) as refused:
        actions.do_add_budget_line(
            acting_user=None, collaboration=world.alpha, year=YEAR, month=3, unit=world.unit_alpha,
            account_group=AccountGroup.STAFF, amount=Decimal(1),
        )  # fmt: skip
    assert "month" in refused.value.message_dict
    march = BudgetLine.objects.filter(month=3).first()
    assert march is not None
    with pytest.raises(ValidationError):
        actions.do_update_budget_line(march, acting_user=None, expected_version=SYSTEM, amount=Decimal(2))
    with pytest.raises(ValidationError):
        actions.do_delete_budget_line(march, acting_user=None, expected_version=SYSTEM)


def test_two_step_pools_reach_the_services_by_id_and_a_rename_changes_no_run(world, figures) -> None:
    """Support costs go to services by hours, then to members by each service's tickets.
    The snapshot keys services by id (names only label the lines), so renaming a service
    later neither changes a prepared run nor stops it reproducing; a run stored with name
    keys (before ids) computes the same."""
    actions.do_add_allocation_rule(
        acting_user=None, allocation_model=figures, position=1, label="Stöd via tjänster", unit=world.unit_alpha,
        account_group=AccountGroup.OTHER, key_parts=[["population", 100]], via_services=True,
    )  # fmt: skip
    made = {}
    for name, minutes, requesters in (
        ("E-post – ”Exchange”", 90, ["requester_a1"]),
        ("Skolplattform", 30, ["requester_b1", "requester_b1"]),
    ):
        service = catalog.do_create_service(
            acting_user=None, collaboration=world.alpha, name=name, level="it", owner_unit=world.unit_alpha
        )
        for who in requesters:
            ticket = make_ticket(world, who, acting="agent_alpha", service=service, unit=world.unit_alpha)
        desk.do_log_time(
            ticket, acting_user=world.agent_alpha, minutes=minutes, work_type="troubleshooting",
            performed_on=datetime.date(YEAR, 3, 2),
        )  # fmt: skip
        made[name] = service
    run = actions.do_prepare_run(acting_user=world.controller_alpha, model=figures, basis=Basis.BUDGET)
    mail, school = made["E-post – ”Exchange”"], made["Skolplattform"]
    services = run.inputs["services"]
    assert services["names"] == {str(mail.pk): mail.name, str(school.pk): "Skolplattform"}
    assert services["hours"] == {str(mail.pk): "1.50", str(school.pk): "0.50"}
    assert services["tickets"][str(school.pk)] == {str(world.member_a.pk): "0", str(world.member_b.pk): "2"}
    # The pool of 1 200 000 splits 3:1 by hours; each service's part goes to its members by tickets.
    lines = AllocationLine.objects.filter(run=run, rule="Stöd via tjänster")
    by_service = {(line.service, line.member_id): line.amount for line in lines}
    assert by_service == {
        (mail.name, world.member_a.pk): Decimal("900000.00"),
        (mail.name, world.member_b.pk): Decimal("0.00"),
        ("Skolplattform", world.member_a.pk): Decimal("0.00"),
        ("Skolplattform", world.member_b.pk): Decimal("300000.00"),
    }
    run.refresh_from_db()
    assert runs.reproduces(run)
    catalog.do_update_service(school, acting_user=None, expected_version=SYSTEM, name="Lärplattform")
    run.refresh_from_db()
    assert runs.reproduces(run) and {line.service for line in lines} == {mail.name, "Skolplattform"}
    renamed = actions.do_prepare_run(acting_user=world.controller_alpha, model=figures, basis=Basis.BUDGET)
    assert renamed.inputs["services"]["hours"] == services["hours"]
    assert {line.service for line in AllocationLine.objects.filter(run=renamed, rule="Stöd via tjänster")} == {
        mail.name, "Lärplattform",
    }  # fmt: skip
    # A snapshot from before ids: the same volumes keyed by name, no "names".
    by_name = {**run.inputs, "services": {
        kind: {services["names"][key]: value for key, value in services[kind].items()} for kind in ("hours", "tickets")
    }}  # fmt: skip
    assert runs.canonical(runs.compute(by_name)) == runs.canonical(run.output)
