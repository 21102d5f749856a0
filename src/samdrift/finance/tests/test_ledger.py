"""Files to and from the ledgers: SIE outcome import, CSV/XLSX lines, internal invoices."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from samdrift.core.models import AuditEntry
from samdrift.core.versions import SYSTEM
from samdrift.finance import actions, demo, ledger, sie
from samdrift.finance.choices import Basis
from samdrift.finance.models import BudgetLine, OutcomeLine
from samdrift.tenancy import actions as tenancy

D = datetime.date


@pytest.fixture
def seed(world):
    for member, inhabitants in ((world.member_a, 9_432), (world.member_b, 11_620)):
        tenancy.do_update_member(member, acting_user=None, expected_version=SYSTEM, joined_on=D(2015, 1, 1))
        tenancy.do_record_population(
            acting_user=None, member=member, year=2018, inhabitants=inhabitants, employees=900,
            reference_date=D(2017, 12, 31),
        )  # fmt: skip
    tenancy.do_update_unit(world.unit_alpha, acting_user=None, expected_version=SYSTEM, code="KL")
    return demo.build_seed_year(
        acting_user=None, collaboration=world.alpha, members={"1466": world.member_a, "1442": world.member_b},
        units={code: world.unit_alpha for code in ("SD", "KL", "INF", "NÄT", "VX")},
    )  # fmt: skip


def ledger_file(*vouchers: sie.Voucher) -> bytes:
    return sie.write(
        sie.SieFile(
            sie_type="4", program="Ekonomisystem", program_version="9", generated=D(2018, 6, 5),
            company="Herrljunga kommun", fiscal_year=(D(2018, 1, 1), D(2018, 12, 31)),
            dimensions={"1": "Kostnadsställe", "20": "Kommun"}, vouchers=list(vouchers),
        )
    )  # fmt: skip


def may_vouchers() -> list[sie.Voucher]:
    kl = (("1", "KL"),)
    return [
        sie.Voucher("A", 1, D(2018, 5, 31), "Löner maj", [
            sie.Transaction("5010", Decimal("630000.00"), kl), sie.Transaction("2440", Decimal("-630000.00")),
        ]),
        sie.Voucher("A", 2, D(2018, 5, 31), "Leasing Vårgårda", [
            sie.Transaction("7410", Decimal("75000.50"), (("1", "KL"), ("20", "1442"))),
            sie.Transaction("2440", Decimal("-75000.50")),
        ]),
        sie.Voucher("A", 3, D(2018, 5, 20), "Avskrivning", [
            sie.Transaction("7810", Decimal("100000.00"), kl), sie.Transaction("1229", Decimal("-100000.00")),
        ]),
    ]  # fmt: skip


def test_outcome_from_a_ledger_export_replaces_the_months_it_covers(world, seed) -> None:
    before = OutcomeLine.objects.count()
    imported = actions.do_import_outcome_sie(
        acting_user=world.controller_alpha, collaboration=world.alpha, year=2018, data=ledger_file(*may_vouchers()),
        filename="huvudbok-maj.se",
    )  # fmt: skip
    assert imported.months == (5,) and imported.lines == 3 and imported.total == Decimal("805000.50")
    may = {(line.account_group, line.member_id): line.amount for line in OutcomeLine.objects.filter(month=5)}
    assert may == {("3", None): Decimal("630000.00"), ("5", world.member_b.pk): Decimal("75000.50"),
                   ("6", None): Decimal("100000.00")}  # fmt: skip
    assert OutcomeLine.objects.count() == before + 3, "April and earlier are left as they were"
    again = actions.do_import_outcome_sie(
        acting_user=None, collaboration=world.alpha, year=2018, data=ledger_file(*may_vouchers()[:1]), filename="x.se"
    )
    assert again.lines == 1 and OutcomeLine.objects.filter(month=5).count() == 1
    # The history keeps what the re-import took away: one delete entry per replaced line,
    # with its figures, and one create per new line.
    kind = ContentType.objects.get_for_model(OutcomeLine)
    deleted = AuditEntry.objects.filter(content_type=kind, action="delete")
    assert deleted.count() == 3
    assert {(entry.before or {})["amount"] for entry in deleted} == {"630000.00", "75000.50", "100000.00"}
    assert AuditEntry.objects.filter(content_type=kind, action="create", object_id__in=[
        str(pk) for pk in OutcomeLine.objects.filter(month=5).values_list("pk", flat=True)]).count() == 1  # fmt: skip


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: ledger_file(*may_vouchers()).replace(b"-630000.00", b"-630000.01"), "balanserar inte"),
        (lambda: ledger_file(*may_vouchers()).decode("cp437").encode("utf-8"), "UTF-8"),
        (
            lambda: ledger_file(sie.Voucher("A", 9, D(2018, 3, 30), "Mars", [
                sie.Transaction("5010", Decimal(1), (("1", "KL"),)), sie.Transaction("2440", Decimal(-1))])),
            "2018-03 är stängd",
        ),
        (
            lambda: ledger_file(sie.Voucher("A", 9, D(2018, 5, 30), "Okänd", [
                sie.Transaction("5010", Decimal(1), (("1", "XX"),)), sie.Transaction("2440", Decimal(-1))])),
            "verifikation A 9, rad 1 (konto 5010): inget kostnadsställe",
        ),
    ],
)  # fmt: skip
def test_bad_ledger_files_are_refused_whole(world, seed, make, message) -> None:
    before = list(OutcomeLine.objects.values_list("pk", "amount"))
    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        actions.do_import_outcome_sie(acting_user=None, collaboration=world.alpha, year=2018, data=make(), filename="f")
    assert message in " ".join(refused.value.messages)
    assert list(OutcomeLine.objects.values_list("pk", "amount")) == before


def test_budget_lines_from_csv_and_xlsx_all_or_nothing(world, seed) -> None:
    good = "year;month;unit;account_group;member;project;activity;amount;text\n2019;1;KL;3;;;;120 000,50;Löner\n2019;2;KL;5;1442;;;8000;Leasing VGA\n"
    assert actions.do_import_lines(acting_user=None, model=BudgetLine, collaboration=world.alpha,
                                   data=good.encode(), filename="budget.csv") == 2  # fmt: skip
    assert BudgetLine.objects.get(year=2019, month=1).amount == Decimal("120000.50")
    assert BudgetLine.objects.get(year=2019, month=2).member == world.member_b
    bad = good.replace("2019;2;KL;5", "2019;2;KL;9").replace("2019;1", "2019;3")
    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        actions.do_import_lines(acting_user=None, model=BudgetLine, collaboration=world.alpha, data=bad.encode(),
                                filename="budget.csv")  # fmt: skip
    assert "Rad 3: 9 är ingen kontogrupp." in refused.value.messages
    assert not BudgetLine.objects.filter(year=2019, month=3).exists(), "nothing of a refused file is stored"
    exported = ledger.export_lines(BudgetLine.objects.filter(year=2019).order_by("month"), xlsx=True)
    rows = ledger.read_xlsx(exported)
    BudgetLine.objects.filter(year=2019).delete()
    assert ledger.import_lines(acting_user=None, model=BudgetLine, collaboration=world.alpha, rows=rows) == 2
    assert BudgetLine.objects.get(year=2019, month=1).amount == Decimal("120000.50")


def test_internal_invoices_balance_and_carry_the_counterparty(world, seed) -> None:
    run = actions.do_prepare_run(
        acting_user=None, model=seed["models"][0], basis=Basis.FORECAST, forecast=seed["forecasts"][4]
    )
    with pytest.raises(ValidationError):
        ledger.invoices(run)
    run = actions.do_issue_run(run, acting_user=world.controller_alpha, expected_version=run.version)
    data = ledger.invoices_sie(run, D(2018, 6, 1))
    back = sie.read(data)
    assert back.sie_type == "4I" and len(back.vouchers) == 2
    assert all(voucher.is_balanced() for voucher in back.vouchers)
    receivable = sum(t.amount for v in back.vouchers for t in v.transactions if t.account == ledger.RECEIVABLE_ACCOUNT)
    assert receivable == Decimal("15199000.00")
    assert all(("9", "82") in t.objects for v in back.vouchers for t in v.transactions)
    rows = ledger.invoices_csv(run).decode().splitlines()
    assert rows[0] == "member;scb_code;period;account_group;amount;counterparty;seller_counterparty;text"
    assert rows[1].startswith("Herrljunga;1466;2018;") and rows[1].endswith(";82;82")


def test_the_import_page(world, seed, client_for) -> None:
    upload = SimpleUploadedFile("maj.se", ledger_file(*may_vouchers()))
    form = {"kind": "outcome_sie", "collaboration": world.alpha.pk, "year": 2018, "file": upload}
    assert client_for("orderer_a").get("/finance/import/").status_code == 403
    done = client_for("controller_alpha").post("/finance/import/", form)
    assert done.status_code == 302 and OutcomeLine.objects.filter(month=5).count() == 3
    closed = SimpleUploadedFile("mars.se", ledger_file(sie.Voucher("A", 1, D(2018, 3, 1), "x", [
        sie.Transaction("5010", Decimal(1), (("1", "KL"),)), sie.Transaction("2440", Decimal(-1))])))  # fmt: skip
    refused = client_for("controller_alpha").post("/finance/import/", {**form, "file": closed})
    assert refused.status_code == 400 and "är stängd" in refused.content.decode()


def test_budget_as_sie_with_period_budgets(world, seed, client_for) -> None:
    lines = BudgetLine.objects.filter(year=2018).select_related("unit", "member")
    data = ledger.figures_sie(lines, kind="PBUDGET", company="Alpha", year=2018, generated=D(2018, 1, 5))
    back = sie.read(data)
    assert back.fiscal_year == (D(2018, 1, 1), D(2018, 12, 31)) and not back.vouchers
    assert sum((row.amount for row in back.period_budgets), Decimal(0)) == Decimal("15199000")
    vargarda = [row for row in back.period_budgets if ("20", "1442") in row.objects]
    assert sum((row.amount for row in vargarda), Decimal(0)) == Decimal("900000")
    assert {row.account for row in back.period_budgets} == {"3000", "5000", "7000", "7800"}
    page = client_for("controller_alpha").get("/finance/export/budget/?format=sie&year=2018")
    assert page.status_code == 200 and sie.read(page.content).period_budgets == back.period_budgets
