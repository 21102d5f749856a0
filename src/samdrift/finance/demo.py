"""Demo finances.

* IT-nämnden Herrljunga–Vårgårda, **2018** — the figures of seed 001 (IT, växel och
  telefoni, "Ekonomisk uppföljning och prognos per 2018-04-30"): budget per account group
  spread over the units and months, two forecasts (March and April, identical, so
  "Förändring prognos" is 0), the April forecast where Vårgårda's higher costs are met by
  matching income (−4 413 / 9 582 tkr), and the investments table (VGA lines in
  Vårgårda's accounts, the rest in Herrljunga's). Both the population model and a usage
  model (reported devices and accounts) allocate it; the two runs are shown side by side.
* Höglandets IT, **this year** — a budget for the five members, a hybrid model
  (30 % equal + 70 % population), a usage model (tickets, billable hours, and the service
  desk's staff costs in two steps via the services), one issued run.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from samdrift.core.demo import Demo
from samdrift.tenancy.demo import HERRLJUNGA_VARGARDA, HOGLANDET

from . import actions
from .choices import AccountGroup, Basis, ReportedKind

if TYPE_CHECKING:
    from samdrift.accounts.models import User

G = AccountGroup
HERRLJUNGA, VARGARDA = "1466", "1442"
SEED_YEAR = 2018
# (unit code, account group, member code or None for common, annual amount in kr)
SEED_BUDGET: list[tuple[str, str, str | None, int]] = [
    ("SD", G.INCOME, None, -413_000),
    ("VX", G.INCOME, None, -2_000_000),
    ("SD", G.STAFF, None, 2_300_000),
    ("KL", G.STAFF, None, 2_100_000),
    ("INF", G.STAFF, None, 1_700_000),
    ("NÄT", G.STAFF, None, 800_000),
    ("VX", G.STAFF, None, 658_000),
    ("INF", G.OTHER, None, 3_200_000),
    ("KL", G.OTHER, None, 1_900_000),
    ("VX", G.OTHER, None, 1_582_000),
    ("KL", G.OTHER, VARGARDA, 900_000),  # Vårgårda leases its equipment …
    ("INF", G.CAPITAL, None, 1_272_000),
    ("NÄT", G.CAPITAL, None, 600_000),
    ("KL", G.CAPITAL, HERRLJUNGA, 600_000),  # … Herrljunga buys it and writes it off
]
# In the forecast Vårgårda's costs rise, met by the same income (seed 001).
SEED_FORECAST_EXTRA = [("KL", G.INCOME, VARGARDA, -2_000_000), ("KL", G.OTHER, VARGARDA, 2_000_000)]
SEED_COMMENT = (
    "Kostnader i Vårgårda blir högre än budgeterade vilket matchas mot motsvarande intäkter. "
    "Detta är ingen förändring jämfört med tidigare år."
)
SEED_INVESTMENTS = [
    ("Genomförande IT-strategi VGA", VARGARDA, 1_500_000),
    ("IT trådlösa nätverk VGA", VARGARDA, 1_400_000),
    ("IT Vårberg/Kesberg VGA", VARGARDA, 500_000),
    ("Genomf. IT-strategi + trådlöst nätv/Herrlj", HERRLJUNGA, 2_000_000),
    ("IT Kapacitetsutökning", HERRLJUNGA, 2_000_000),
]
SEED_REPORTED = {HERRLJUNGA: {"devices": 1_650, "accounts": 1_480}, VARGARDA: {"devices": 2_150, "accounts": 1_890}}


def monthly(annual: int) -> list[Decimal]:
    """An annual amount as twelve whole-krona months; December takes the remainder."""
    month = int(Decimal(annual) / 12)
    return [Decimal(month)] * 11 + [Decimal(annual - 11 * month)]


def build_seed_year(
    *, acting_user: User | None, collaboration: Any, members: dict[str, Any], units: dict[str, Any]
) -> dict[str, Any]:
    """The 2018 figures of seed 001 for a collaboration whose members are keyed by SCB code
    and units by code. Returns the forecasts and models created."""
    for unit_code, group, member_code, annual in SEED_BUDGET:
        for month, amount in enumerate(monthly(annual), start=1):
            actions.do_add_budget_line(
                acting_user=acting_user, collaboration=collaboration, year=SEED_YEAR, month=month,
                unit=units[unit_code], account_group=group, member=members[member_code] if member_code else None,
                amount=amount, text="Budget 2018",
            )  # fmt: skip
            if month <= 4:  # outcome up to April, as the seed's report
                actions.do_add_outcome_line(
                    acting_user=acting_user, collaboration=collaboration, year=SEED_YEAR, month=month,
                    unit=units[unit_code], account_group=group, member=members[member_code] if member_code else None,
                    amount=amount, source="Huvudbok 2018 (demo)",
                )  # fmt: skip
    forecasts = {}
    for as_of, name in ((3, "Prognos mars 2018"), (4, "Prognos april 2018")):
        forecast = actions.do_create_forecast(
            acting_user=acting_user, collaboration=collaboration, year=SEED_YEAR, as_of_month=as_of, name=name,
            comment="IT, växel och telefonins prognos är i nivå med budget.",
        )  # fmt: skip
        forecasts[as_of] = forecast
        for unit_code, group, member_code, annual in SEED_BUDGET:
            actions.do_add_forecast_line(
                acting_user=acting_user, forecast=forecast, unit=units[unit_code], account_group=group,
                member=members[member_code] if member_code else None, amount=Decimal(annual),
            )  # fmt: skip
        for unit_code, group, member_code, annual in SEED_FORECAST_EXTRA:
            actions.do_add_forecast_line(
                acting_user=acting_user, forecast=forecast, unit=units[unit_code], account_group=group,
                member=members[member_code], amount=Decimal(annual), comment=SEED_COMMENT if group == G.OTHER else "",
            )  # fmt: skip
    for name, member_code, budget in SEED_INVESTMENTS:
        investment = actions.do_create_investment(
            acting_user=acting_user, collaboration=collaboration, year=SEED_YEAR, name=name,
            member=members[member_code], budget=Decimal(budget), outcome=Decimal(budget) * Decimal("0.2"),
        )  # fmt: skip
        for forecast in forecasts.values():
            actions.do_forecast_investment(
                acting_user=acting_user, forecast=forecast, investment=investment, amount=Decimal(budget),
                comment="Kan bli försenat men prognostiseras att förbruka budgeterade medel."
                if name.startswith("Genomf")
                else "",
            )  # fmt: skip
    for month in (1, 2, 3):
        actions.do_close_period(acting_user=acting_user, collaboration=collaboration, year=SEED_YEAR, month=month)
    for code, counts in SEED_REPORTED.items():
        for kind, value in counts.items():
            actions.do_report_count(
                acting_user=acting_user, member=members[code], year=SEED_YEAR, kind=kind, value=value
            )
    population = actions.do_create_allocation_model(
        acting_user=acting_user, collaboration=collaboration, year=SEED_YEAR, name="Befolkningsandel",
        decision_text="Samverkansavtalet § 8: kommunbidrag efter befolkning 31 december året före",
        description="All gemensam kostnad fördelas efter invånarantal.",
    )  # fmt: skip
    actions.do_add_allocation_rule(
        acting_user=acting_user, allocation_model=population, label="Gemensamt efter befolkning",
        key_parts=[["population", 100]],
    )  # fmt: skip
    usage = actions.do_create_allocation_model(
        acting_user=acting_user, collaboration=collaboration, year=SEED_YEAR, name="Användning (köp och sälj)",
        decision_text="Förslag från IT-enheten: köp- och säljsystem (utredning, ej antaget)",
        description="Klient efter antal enheter, växel efter antal konton, resten hälften av vardera.",
    )  # fmt: skip
    for position, (label, rule_unit, parts) in enumerate(
        [
            ("Klient efter enheter", "KL", [["devices", 100]]),
            ("Växel och telefoni efter konton", "VX", [["accounts", 100]]),
            ("Övrigt efter enheter och konton", None, [["devices", 50], ["accounts", 50]]),
        ],
        start=1,
    ):
        actions.do_add_allocation_rule(
            acting_user=acting_user, allocation_model=usage, position=position * 10, label=label,
            unit=units[rule_unit] if rule_unit else None, key_parts=parts,
        )  # fmt: skip
    return {"forecasts": forecasts, "models": (population, usage)}


def build(*, made: dict[str, Any], users: dict[str, Any], today: datetime.date) -> int:
    """Demo finances for both collaborations; returns the number of runs prepared."""
    controller = users.get("controller")
    hv = made[HERRLJUNGA_VARGARDA.name]
    seed = build_seed_year(
        acting_user=controller,
        collaboration=hv,
        members={code: made[code] for code in HERRLJUNGA_VARGARDA.members},
        units={code: made[f"{HERRLJUNGA_VARGARDA.name}:{code}"] for _n, code, _d in HERRLJUNGA_VARGARDA.units},
    )
    population, usage = seed["models"]
    april = seed["forecasts"][4]
    runs = 0
    for model in (population, usage):
        run = actions.do_prepare_run(acting_user=controller, model=model, basis=Basis.FORECAST, forecast=april)
        runs += 1
        if model is population:
            actions.do_issue_run(run, acting_user=controller, expected_version=run.version)
    _seed_current_year(
        acting_user=controller,
        collaboration=hv,
        members={code: made[code] for code in HERRLJUNGA_VARGARDA.members},
        units={code: made[f"{HERRLJUNGA_VARGARDA.name}:{code}"] for _n, code, _d in HERRLJUNGA_VARGARDA.units},
        today=today,
    )
    runs += _federation_year(made, users, today.year)
    return runs


SWEDISH_MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip


def _seed_current_year(
    *,
    acting_user: User | None,
    collaboration: Any,
    members: dict[str, Any],
    units: dict[str, Any],
    today: datetime.date,
) -> None:
    """Herrljunga–Vårgårda this year: the seed's budget again and a forecast as of this month,
    so that the follow-up, which opens on the current period, is not empty."""
    year = today.year
    if year == SEED_YEAR:
        return
    for unit_code, group, member_code, annual in SEED_BUDGET:
        for month, amount in enumerate(monthly(annual), start=1):
            actions.do_add_budget_line(
                acting_user=acting_user, collaboration=collaboration, year=year, month=month,
                unit=units[unit_code], account_group=group, member=members[member_code] if member_code else None,
                amount=amount, text=f"Budget {year}",
            )  # fmt: skip
    forecast = actions.do_create_forecast(
        acting_user=acting_user, collaboration=collaboration, year=year, as_of_month=today.month,
        name=f"Prognos {SWEDISH_MONTHS[today.month - 1]} {year}",
        comment="IT, växel och telefonins prognos är i nivå med budget.",
    )  # fmt: skip
    for unit_code, group, member_code, annual in (*SEED_BUDGET, *SEED_FORECAST_EXTRA):
        actions.do_add_forecast_line(
            acting_user=acting_user, forecast=forecast, unit=units[unit_code], account_group=group,
            member=members[member_code] if member_code else None, amount=Decimal(annual),
        )  # fmt: skip


def _federation_year(made: dict[str, Any], users: dict[str, Any], year: int) -> int:
    """Höglandets IT this year: a budget, a hybrid and a usage model, one run issued."""
    controller = users.get("controller.hoglandet") or users.get("admin.hoglandet")
    collaboration = made[HOGLANDET.name]
    units = {code: made[f"{HOGLANDET.name}:{code}"] for _n, code, _d in HOGLANDET.units}
    annual = {
        ("SD", G.STAFF): 6_200_000, ("KL", G.STAFF): 7_400_000, ("INF", G.STAFF): 5_100_000,
        ("NÄT", G.STAFF): 3_300_000, ("SYS", G.STAFF): 4_800_000, ("VX", G.STAFF): 2_100_000,
        ("INF", G.OTHER): 9_800_000, ("KL", G.OTHER): 6_300_000, ("SYS", G.OTHER): 5_200_000,
        ("NÄT", G.OTHER): 2_900_000, ("VX", G.OTHER): 3_400_000, ("SD", G.PREMISES): 1_150_000,
        ("INF", G.CAPITAL): 4_600_000, ("NÄT", G.CAPITAL): 2_700_000, ("VX", G.INCOME): -1_850_000,
    }  # fmt: skip
    for (unit_code, group), amount in annual.items():
        for month, part in enumerate(monthly(amount), start=1):
            actions.do_add_budget_line(
                acting_user=controller, collaboration=collaboration, year=year, month=month, unit=units[unit_code],
                account_group=group, amount=part, text=f"Budget {year}",
            )  # fmt: skip
    forecast = actions.do_create_forecast(
        acting_user=controller, collaboration=collaboration, year=year, as_of_month=10, name=f"Prognos oktober {year}"
    )
    for (unit_code, group), amount in annual.items():
        change = Decimal("1.04") if (unit_code, group) == ("INF", G.OTHER) else Decimal(1)  # licences up 4 %
        actions.do_add_forecast_line(
            acting_user=controller, forecast=forecast, unit=units[unit_code], account_group=group,
            amount=Decimal(amount) * change,
            comment="Licenskostnaderna för Microsoft ökar mer än budgeterat." if change != 1 else "",
        )  # fmt: skip
    for code in HOGLANDET.members:
        member = made[code]
        actions.do_report_count(
            acting_user=controller, member=member, year=year, kind=ReportedKind.DEVICES,
            value=int(member.populations.get(year=year).employees * Decimal("0.9")),
        )  # fmt: skip
    hybrid = actions.do_create_allocation_model(
        acting_user=controller, collaboration=collaboration, year=year, name="Grundavgift och befolkning",
        decision_text=f"Förbundsfullmäktige {year - 1}-11-20 § 14",
        description="30 % lika delar och 70 % efter befolkning, enligt förbundsordningen.",
    )  # fmt: skip
    actions.do_add_allocation_rule(
        acting_user=controller, allocation_model=hybrid, label="Gemensamt: 30 % lika, 70 % befolkning",
        key_parts=[["equal", 30], ["population", 70]],
    )  # fmt: skip
    usage = actions.do_create_allocation_model(
        acting_user=controller, collaboration=collaboration, year=year, name="Användning",
        description="Servicedesken via tjänsterna efter ärenden; klient efter enheter; resten efter debiterbara timmar.",
    )  # fmt: skip
    rules = [
        ("Servicedesk via tjänsterna", "SD", [], True),
        ("Klient efter enheter", "KL", [["devices", 100]], False),
        ("Resten efter debiterbara timmar och befolkning", None, [["billable_hours", 50], ["population", 50]], False),
    ]
    for position, (label, rule_unit, parts, via) in enumerate(rules, start=1):
        actions.do_add_allocation_rule(
            acting_user=controller, allocation_model=usage, position=position * 10, label=label,
            unit=units[rule_unit] if rule_unit else None, key_parts=parts, via_services=via,
        )  # fmt: skip
    issued = actions.do_prepare_run(acting_user=controller, model=hybrid, basis=Basis.BUDGET)
    if controller is not None:
        actions.do_issue_run(issued, acting_user=controller, expected_version=issued.version)
    actions.do_prepare_run(acting_user=controller, model=usage, basis=Basis.FORECAST, forecast=forecast)
    return 2


def run(demo: Demo) -> None:
    runs = build(made=demo.made["tenancy"], users=demo.made["accounts"], today=demo.today)
    demo.summary.append(f"{runs} allocation runs")
