"""Demo agreements.

* IT-nämnden Herrljunga–Vårgårda: its collaboration agreement (a joint committee's
  reglemente and samverkansavtal) with exit terms — two years of fixed costs and the share
  of undepreciated investments — so the exit liability can be tried on the agreement page.
* Höglandets IT: a yearly service agreement for each member from its subscriptions, with a
  penalty term (vite) on e-mail; Eksjö's is signed by its orderer. The e-mail outage of the
  demo's catalogue gives Eksjö a penalty for that month, credited on the invoice of a
  correcting allocation run. Two supplier contracts end next year (one joint, one Eksjö's),
  and Eksjö's yearly review (SLA-dialog) is prepared.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from samdrift.catalog.models import Service
from samdrift.core.demo import Demo
from samdrift.finance import actions as finance
from samdrift.finance.choices import Basis, RunState
from samdrift.finance.models import AllocationRun
from samdrift.tenancy.choices import LegalForm
from samdrift.tenancy.demo import HERRLJUNGA_VARGARDA, HOGLANDET

from . import actions
from .choices import AgreementKind

PENALISED_SERVICE = "E-post och samarbete"
OUTAGE_DAYS_AGO = 58  # the catalogue demo's e-mail outage


def build(*, made: dict[str, Any], users: dict[str, Any], today: datetime.date) -> int:
    """Create the demo agreements; returns how many yearly service agreements."""
    admin = users.get("admin")
    hv = made[HERRLJUNGA_VARGARDA.name]
    actions.do_create_agreement(
        acting_user=admin, collaboration=hv, kind=AgreementKind.REGULATION,
        title="Reglemente och samverkansavtal för IT-nämnden Herrljunga–Vårgårda", legal_form=LegalForm.JOINT_COMMITTEE,
        parties=[made[code] for code in HERRLJUNGA_VARGARDA.members], valid_from=HERRLJUNGA_VARGARDA.start,
        term_years=4, notice_months=24, exit_at_year_end=True, exit_fixed_cost_years=2,
        exit_fixed_cost_percent=Decimal("100"), exit_investment_percent=Decimal("100"), depreciation_years=5,
        exit_terms=(
            "En kommun som lämnar samverkan betalar sin andel av de fasta kostnaderna i två år efter utträdet "
            "och sin andel av ännu inte avskrivna gemensamma investeringar."
        ),
        cost_sharing="Gemensamma kostnader fördelas efter folkmängd; kommunspecifika kostnader bärs av kommunen.",
        decision_reference="KF Herrljunga § 112/2014, KF Vårgårda § 98/2014",
    )  # fmt: skip
    return _hoglandet(made, users, today)


def _hoglandet(made: dict[str, Any], users: dict[str, Any], today: datetime.date) -> int:
    controller = users.get("admin.hoglandet")
    collaboration = made[HOGLANDET.name]
    email = Service.objects.get(collaboration=collaboration, name=PENALISED_SERVICE)
    eksjo = made["0686"]
    count = 0
    for code in HOGLANDET.members:
        agreement = actions.do_draft_service_agreement(
            acting_user=controller,
            member=made[code],
            year=today.year,
            notes="Tjänsteöverenskommelse enligt portföljen.",
        )
        if agreement.lines.filter(service=email).exists():
            actions.do_add_penalty_term(
                acting_user=controller, agreement=agreement, service=email, percent_per_point=Decimal("10"),
                amount_per_p1_breach=Decimal("2500"), cap=Decimal("25000"),
            )  # fmt: skip
        if code == eksjo.scb_code and users.get("bestallare.eksjo") is not None:
            actions.do_sign_service_agreement(
                agreement, acting_user=users["bestallare.eksjo"], expected_version=agreement.version,
                signed_on=datetime.date(today.year, 1, 20),
            )  # fmt: skip
        count += 1
    outage_month = today - datetime.timedelta(days=OUTAGE_DAYS_AGO)
    if outage_month.year == today.year and controller is not None:
        run = actions.do_compute_penalties(
            acting_user=controller, collaboration=collaboration, year=outage_month.year, month=outage_month.month
        )
        actions.do_credit_penalties(run, acting_user=controller, expected_version=run.version)
        issued = (
            AllocationRun.objects.filter(allocation_model__collaboration=collaboration, state=RunState.ISSUED)
            .select_related("allocation_model")
            .order_by("-issued_at")
            .first()
        )
        if issued is not None:
            correction = finance.do_prepare_run(
                acting_user=controller, model=issued.allocation_model, basis=Basis.BUDGET, corrects=issued
            )
            finance.do_issue_run(correction, acting_user=controller, expected_version=correction.version)
    supplier = actions.do_create_supplier(
        acting_user=controller, collaboration=collaboration, name="Atea Sverige AB", org_number="556448-0282"
    )
    telia = actions.do_create_supplier(
        acting_user=controller, collaboration=collaboration, name="Telia Sverige AB", org_number="556430-0142"
    )
    next_year = today.year + 1
    first = actions.do_create_contract(
        acting_user=controller, supplier=supplier, title="Klientdatorer och service", starts=datetime.date(today.year - 3, 4, 1),
        ends=datetime.date(next_year, 3, 31), extension_options="1 + 1 år", notice_date=datetime.date(today.year, 12, 31),
        value_per_year=Decimal("4850000"), owner=controller,
    )  # fmt: skip
    first.services.set(Service.objects.filter(collaboration=collaboration, name="Arbetsplats/klient"))
    second = actions.do_create_contract(
        acting_user=controller, supplier=telia, title="Mobiltelefoni Eksjö", starts=datetime.date(today.year - 2, 10, 1),
        ends=datetime.date(next_year, 9, 30), extension_options="2 år", notice_date=datetime.date(next_year, 3, 31),
        value_per_year=Decimal("612500.50"), procuring_member=eksjo, owner=controller,
    )  # fmt: skip
    second.services.set(Service.objects.filter(collaboration=collaboration, name="Växel och telefoni"))
    actions.do_prepare_review(
        acting_user=controller, member=eksjo, year=today.year, held_on=today - datetime.timedelta(days=3),
        satisfaction=4, summary="Leveransen har i stort motsvarat överenskommelsen. E-poststörningen gav vite.",
        agreed_changes="Utökad support för skolornas trådlösa nät från nästa år.",
    )  # fmt: skip
    return count


def run(demo: Demo) -> None:
    agreements = build(made=demo.made["tenancy"], users=demo.made["accounts"], today=demo.today)
    demo.summary.append(f"{agreements} agreements")
