"""The only way agreements change. Each action is one transaction with an audit row.

* Collaboration agreements: a new version is a new record (:func:`do_new_agreement_version`
  ends the one in force the day before); versions never overlap.
* Notice (:func:`do_give_notice`): the end date and exit liability are computed and kept
  with their inputs and digest (:mod:`.exits`).
* Service agreements: :func:`do_draft_service_agreement` builds one from the member's
  subscriptions and the price list; :func:`do_sign_service_agreement` (the member's orderer)
  makes it immutable; :func:`do_revise_service_agreement` starts the next revision, which
  supersedes the signed one when it is signed.
* Portal orders propose subscriptions (:func:`propose_from_order`, through the service
  desk's ``service_ordered`` signal); :func:`do_accept_proposal` subscribes from the start date.
* Penalties: :func:`do_compute_penalties` (a reproducible run, :mod:`.penalties`) and
  :func:`do_credit_penalties`, which queues the credits on the members' invoices through
  ``finance.actions.do_add_invoice_adjustment``.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samdrift.catalog import actions as catalog_actions
from samdrift.catalog.models import Subscription
from samdrift.catalog.queries import agreed_sla, portfolio, proposal_start, proposed_level, running_subscription
from samdrift.core.actions import create_object, delete_object, update_object
from samdrift.core.versions import SYSTEM, ExpectedVersion
from samdrift.finance import actions as finance_actions

from . import access, exits, penalties
from .choices import PenaltyRunState, ProposalState, ServiceAgreementState
from .models import (
    AgreementReview,
    CollaborationAgreement,
    CollaborationPenaltyTerm,
    Notice,
    Penalty,
    PenaltyRun,
    PenaltyTerm,
    ServiceAgreement,
    ServiceAgreementLine,
    SubscriptionProposal,
    Supplier,
    SupplierContract,
)

if TYPE_CHECKING:
    from samdrift.accounts.models import User


def canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(inputs: dict[str, Any], output: dict[str, Any]) -> str:
    return hashlib.sha256(canonical({"inputs": inputs, "output": output})).hexdigest()


def _crud(model: type) -> tuple[Any, Any, Any]:
    def create(*, acting_user: User | None, **fields: Any) -> Any:
        return create_object(model, acting_user=acting_user, **fields)

    def update(obj: Any, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any) -> Any:
        return update_object(obj, acting_user=acting_user, expected_version=expected_version, **changes)

    def delete(obj: Any, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
        delete_object(obj, acting_user=acting_user, expected_version=expected_version)

    return create, update, delete


# Collaboration agreements --------------------------------------------------------------
def do_create_agreement(*, acting_user: User | None, **fields: Any) -> CollaborationAgreement:
    """A collaboration agreement version; refused if it overlaps another version."""
    with transaction.atomic():
        _lock_versions(fields.get("collaboration"))
        return create_object(CollaborationAgreement, acting_user=acting_user, **fields)


def do_update_agreement(
    agreement: CollaborationAgreement, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> CollaborationAgreement:
    with transaction.atomic():
        _lock_versions(agreement.collaboration)
        return update_object(agreement, acting_user=acting_user, expected_version=expected_version, **changes)


def do_delete_agreement(
    agreement: CollaborationAgreement, *, acting_user: User | None, expected_version: ExpectedVersion
) -> None:
    delete_object(agreement, acting_user=acting_user, expected_version=expected_version)


def do_new_agreement_version(
    agreement: CollaborationAgreement, *, acting_user: User | None, expected_version: ExpectedVersion, valid_from: datetime.date,
    **changes: Any,
) -> CollaborationAgreement:  # fmt: skip
    """End ``agreement`` the day before ``valid_from`` and add the new version (a copy with
    ``changes``): the old version is kept as it was."""
    if valid_from <= agreement.valid_from:
        raise ValidationError({"valid_from": _("A new version must start after the version it replaces.")})
    with transaction.atomic():
        _lock_versions(agreement.collaboration)
        update_object(
            agreement, acting_user=acting_user, expected_version=expected_version,
            valid_to=valid_from - datetime.timedelta(days=1),
        )  # fmt: skip
        copied = {
            field.name: getattr(agreement, field.name)
            for field in CollaborationAgreement._meta.concrete_fields
            if field.editable and field.name not in {"id", "valid_from", "valid_to"}
        }
        copied["parties"] = list(agreement.parties.all())
        return create_object(
            CollaborationAgreement, acting_user=acting_user, **(copied | changes | {"valid_from": valid_from})
        )


def _lock_versions(collaboration: Any) -> None:
    """Serialise version changes of one collaboration, so two never overlap."""
    from samdrift.tenancy.models import Collaboration

    if collaboration is not None:
        Collaboration.objects.select_for_update().filter(pk=getattr(collaboration, "pk", collaboration)).first()


def agreement_in_force(collaboration: Any, day: datetime.date) -> CollaborationAgreement | None:
    return (
        CollaborationAgreement.objects.filter(collaboration=collaboration, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .first()
    )


# Exit ----------------------------------------------------------------------------------
def exit_liability(agreement: CollaborationAgreement, member: Any, notice_date: datetime.date) -> dict[str, Any]:
    """The end date and liability if ``member`` gave notice on ``notice_date`` (not stored)."""
    inputs = exits.gather(agreement, member, notice_date)
    return {"inputs": inputs, "output": exits.compute(inputs)}


def do_give_notice(
    *, acting_user: User | None, agreement: CollaborationAgreement, member: Any, notice_date: datetime.date
) -> Notice:
    """``member`` gives notice under ``agreement`` on ``notice_date``: kept with its end date
    and exit liability. Refused for a non-party, a date before the agreement's start, a
    second notice, or a user who does not act for the member."""
    if acting_user is not None and not access.acts_for_member(
        acting_user, Notice(agreement=agreement, member=member), access.NOTICE_ROLES
    ):
        raise PermissionDenied(_("Only the member's orderer or an administrator gives the member's notice."))
    if Notice.objects.filter(agreement=agreement, member=member).exists():
        raise ValidationError(
            {"member": _("%(member)s has already given notice under this agreement.") % {"member": member}}
        )
    computed = exit_liability(agreement, member, notice_date)
    inputs, output = computed["inputs"], computed["output"]
    return create_object(
        Notice,
        acting_user=acting_user,
        agreement=agreement,
        member=member,
        notice_date=notice_date,
        end_date=datetime.date.fromisoformat(output["end_date"]),
        liability=Decimal(output["total"]),
        given_by=acting_user if getattr(acting_user, "pk", None) else None,
        inputs=inputs,
        output=output,
        digest=digest(inputs, output),
    )


def do_update_notice(*args: Any, **kwargs: Any) -> Notice:
    raise ValidationError(_("A notice is not edited. Withdraw it (delete) and give it again."))


def do_withdraw_notice(notice: Notice, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
    delete_object(notice, acting_user=acting_user, expected_version=expected_version)


def notice_reproduces(notice: Notice) -> bool:
    return canonical(exits.compute(notice.inputs)) == canonical(notice.output)


# Service agreements --------------------------------------------------------------------
def _refuse_signed(agreement: ServiceAgreement) -> None:
    if agreement.is_signed:
        raise ValidationError(_("A signed service agreement never changes. Start a new revision instead."))


def _build_lines(agreement: ServiceAgreement) -> Decimal:
    subscriptions = Subscription.objects.all()
    if agreement.department_id:
        subscriptions = subscriptions.filter(department_id=agreement.department_id)
    found = portfolio(agreement.member, agreement.year, subscriptions)
    rows = []
    for line in found.lines:
        subscription = line.subscription
        price = line.periods[-1].price if line.periods else None
        first, last = datetime.date(agreement.year, 1, 1), datetime.date(agreement.year, 12, 31)
        sla = agreed_sla(subscription.service_id, agreement.member_id)
        rows.append(
            ServiceAgreementLine(
                agreement=agreement,
                service=subscription.service,
                level=subscription.level,
                quantity=subscription.quantity,
                price_model=price.price_model if price else "",
                unit_price=price.unit_price if price else None,
                starts=max(subscription.starts, first),
                ends=min(subscription.ends or last, last),
                amount=line.amount,
                availability_target=sla.availability_target if sla else None,
            )
        )
    ServiceAgreementLine.objects.filter(agreement=agreement).delete()
    ServiceAgreementLine.objects.bulk_create(rows)
    return sum((row.amount for row in rows), Decimal("0.00"))


def do_draft_service_agreement(
    *, acting_user: User | None, member: Any, year: int, department: Any = None, notes: str = ""
) -> ServiceAgreement:
    """A draft agreement for the year from the member's (or department's) subscriptions and
    the price list. Penalty terms are carried over from the member's latest earlier agreement."""
    with transaction.atomic():
        if ServiceAgreement.objects.filter(member=member, department=department, year=year).exists():
            raise ValidationError(
                {"year": _("There is already an agreement for this year; start a new revision of it instead.")}
            )
        agreement = create_object(
            ServiceAgreement, acting_user=acting_user, member=member, department=department, year=year, notes=notes
        )
        total = _build_lines(agreement)
        agreement = update_object(agreement, acting_user=acting_user, expected_version=agreement.version, total=total)
        earlier = (
            ServiceAgreement.objects.filter(member=member, department=department, year__lt=year)
            .order_by("-year", "-revision")
            .first()
        )
        if earlier is not None:
            _copy_terms(earlier, agreement, acting_user=acting_user)
    return agreement


def _copy_terms(source: ServiceAgreement, target: ServiceAgreement, *, acting_user: User | None) -> None:
    services = set(target.lines.values_list("service_id", flat=True))
    for term in source.penalty_terms.all():
        if term.service_id in services:
            create_object(
                PenaltyTerm, acting_user=acting_user, agreement=target, service=term.service,
                percent_per_point=term.percent_per_point, amount_per_p1_breach=term.amount_per_p1_breach, cap=term.cap,
            )  # fmt: skip


def do_refresh_service_agreement(
    agreement: ServiceAgreement, *, acting_user: User | None, expected_version: ExpectedVersion
) -> ServiceAgreement:
    """Rebuild a draft's lines from the current subscriptions and prices."""
    _refuse_signed(agreement)
    with transaction.atomic():
        total = _build_lines(agreement)
        return update_object(agreement, acting_user=acting_user, expected_version=expected_version, total=total)


def do_update_service_agreement(
    agreement: ServiceAgreement, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> ServiceAgreement:
    _refuse_signed(agreement)
    return update_object(agreement, acting_user=acting_user, expected_version=expected_version, **changes)


def do_delete_service_agreement(
    agreement: ServiceAgreement, *, acting_user: User | None, expected_version: ExpectedVersion
) -> None:
    _refuse_signed(agreement)
    delete_object(agreement, acting_user=acting_user, expected_version=expected_version)


def can_sign(user: Any, agreement: ServiceAgreement) -> bool:
    return agreement.state == ServiceAgreementState.DRAFT and access.acts_for_member(user, agreement, access.SIGN_ROLES)


def do_sign_service_agreement(
    agreement: ServiceAgreement,
    *,
    acting_user: User | None,
    expected_version: ExpectedVersion,
    signed_on: datetime.date | None = None,
) -> ServiceAgreement:
    """The member's orderer signs: recorded with the date; from then on immutable. A signed
    revision supersedes the one before it."""
    if not access.acts_for_member(acting_user, agreement, access.SIGN_ROLES):
        raise PermissionDenied(_("Only the member's orderer signs the member's service agreement."))
    _refuse_signed(agreement)
    with transaction.atomic():
        signed = update_object(
            agreement, acting_user=acting_user, expected_version=expected_version, state=ServiceAgreementState.SIGNED,
            signed_by=acting_user, signed_on=signed_on or timezone.localdate(),
        )  # fmt: skip
        previous = signed.supersedes
        if previous is not None and previous.state == ServiceAgreementState.SIGNED:
            update_object(
                previous, acting_user=acting_user, expected_version=previous.version,
                state=ServiceAgreementState.SUPERSEDED,
            )  # fmt: skip
    return signed


def do_revise_service_agreement(
    agreement: ServiceAgreement, *, acting_user: User | None, notes: str = ""
) -> ServiceAgreement:
    """A change during the year: the next revision as a draft, from the current
    subscriptions, with the same penalty terms. The signed one stays in force until the
    revision is signed."""
    if agreement.state != ServiceAgreementState.SIGNED:
        raise ValidationError(_("Only the signed agreement in force is revised; edit the draft instead."))
    if ServiceAgreement.objects.filter(supersedes=agreement).exists():
        raise ValidationError(_("A revision of this agreement is already being prepared."))
    with transaction.atomic():
        revision = create_object(
            ServiceAgreement, acting_user=acting_user, member=agreement.member, department=agreement.department,
            year=agreement.year, revision=agreement.revision + 1, supersedes=agreement, notes=notes or agreement.notes,
        )  # fmt: skip
        total = _build_lines(revision)
        revision = update_object(revision, acting_user=acting_user, expected_version=revision.version, total=total)
        _copy_terms(agreement, revision, acting_user=acting_user)
    return revision


# Penalty terms -------------------------------------------------------------------------
def do_add_penalty_term(*, acting_user: User | None, agreement: ServiceAgreement, **fields: Any) -> PenaltyTerm:
    _refuse_signed(agreement)
    return create_object(PenaltyTerm, acting_user=acting_user, agreement=agreement, **fields)


def do_update_penalty_term(
    term: PenaltyTerm, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> PenaltyTerm:
    _refuse_signed(term.agreement)
    if "agreement" in changes:
        _refuse_signed(changes["agreement"])
    return update_object(term, acting_user=acting_user, expected_version=expected_version, **changes)


def do_delete_penalty_term(term: PenaltyTerm, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
    _refuse_signed(term.agreement)
    delete_object(term, acting_user=acting_user, expected_version=expected_version)


def do_record_agreement_adoption(
    agreement: CollaborationAgreement, *, acting_user: User | None, decision: Any
) -> CollaborationAgreement:
    """A decision (``governance``) adopts the collaboration agreement: the agreement points
    at it. A version is adopted once; the text reference stays for what came before."""
    if agreement.decision_id is not None and agreement.decision_id != getattr(decision, "pk", None):
        raise ValidationError(
            {"collaboration_agreement": _("This agreement version is already adopted by %(decision)s.")
             % {"decision": agreement.decision}},
            code="already_adopted",
        )  # fmt: skip
    return update_object(agreement, acting_user=acting_user, expected_version=SYSTEM, decision=decision)


# Collaboration-wide penalty terms ---------------------------------------------------------
def _signed_years(term: CollaborationPenaltyTerm) -> list[int]:
    """The years of signed (or superseded) service agreements the term has applied to."""
    found = ServiceAgreement.objects.filter(
        member__collaboration_id=term.collaboration_id,
        year__gte=term.first_year,
        lines__service_id=term.service_id,
    ).exclude(state=ServiceAgreementState.DRAFT)
    if term.last_year is not None:
        found = found.filter(year__lte=term.last_year)
    return sorted(set(found.values_list("year", flat=True)))


def do_add_collaboration_penalty_term(*, acting_user: User | None, **fields: Any) -> CollaborationPenaltyTerm:
    """A penalty term for a service that applies to every member's agreement of its years
    (unless the member's agreement has its own term for the service)."""
    with transaction.atomic():
        term = create_object(CollaborationPenaltyTerm, acting_user=acting_user, **fields)
        if _signed_years(term):
            raise ValidationError(
                {"first_year": _("Agreements of these years are already signed; start the term after them.")},
                code="signed",
            )
    return term


def do_update_collaboration_penalty_term(
    term: CollaborationPenaltyTerm, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> CollaborationPenaltyTerm:
    """While no signed agreement uses the term it may change; afterwards only its last year
    may be set (to end it, not before a year it has applied to): signed agreements keep
    their terms."""
    with transaction.atomic():
        used = _signed_years(term)
        if used:
            for name, value in changes.items():
                if name != "last_year" and value != getattr(term, name):
                    raise ValidationError(
                        {name: _("Signed agreements use this term: end it (its last year) and add a new one.")},
                        code="signed",
                    )
            last = changes.get("last_year", term.last_year)
            if last is not None and last < used[-1]:
                raise ValidationError(
                    {"last_year": _("A signed agreement of %(year)s uses this term.") % {"year": used[-1]}},
                    code="signed",
                )
        return update_object(term, acting_user=acting_user, expected_version=expected_version, **changes)


def do_delete_collaboration_penalty_term(
    term: CollaborationPenaltyTerm, *, acting_user: User | None, expected_version: ExpectedVersion
) -> None:
    if _signed_years(term):
        raise ValidationError(_("Signed agreements use this term: end it (its last year) instead."), code="signed")
    delete_object(term, acting_user=acting_user, expected_version=expected_version)


# Subscription proposals from portal orders -------------------------------------------------
def propose_from_order(*, ticket: Any, service: Any, acting_user: User | None) -> SubscriptionProposal | None:
    """A portal order for a service the ordering member (department) does not subscribe to
    proposes the subscription, from the first of next month (runs in the order's transaction)."""
    today = timezone.localdate()
    subscribed = running_subscription(ticket.member_id, ticket.department_id, service, today) is not None
    pending = SubscriptionProposal.objects.filter(
        member_id=ticket.member_id, service=service, state=ProposalState.PROPOSED
    ).exists()
    if subscribed or pending or ticket.member_id is None:
        return None
    return create_object(
        SubscriptionProposal, acting_user=acting_user, member_id=ticket.member_id, department_id=ticket.department_id,
        service=service, level=proposed_level(service), starts=proposal_start(today),
        order_reference=ticket.number,
    )  # fmt: skip


def do_accept_proposal(
    proposal: SubscriptionProposal, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> SubscriptionProposal:
    """The member's orderer accepts: the subscription is made and charged from its start
    date (the price list prices it pro rata from that day). ``changes`` may adjust level,
    quantity and start first."""
    if not access.acts_for_member(acting_user, proposal, access.SIGN_ROLES | {"administrator"}):
        raise PermissionDenied(_("Only the member's orderer accepts a proposed subscription."))
    if proposal.state != ProposalState.PROPOSED:
        raise ValidationError(_("This proposal has already been decided."))
    with transaction.atomic():
        current = update_object(proposal, acting_user=acting_user, expected_version=expected_version, **changes)
        subscription = catalog_actions.do_subscribe(
            acting_user=acting_user, member=current.member, department=current.department, service=current.service,
            level=current.level, quantity=current.quantity, starts=current.starts,
        )  # fmt: skip
        return update_object(
            current, acting_user=acting_user, expected_version=current.version, state=ProposalState.ACCEPTED,
            decided_by=acting_user, decided_on=timezone.localdate(), subscription=subscription,
        )  # fmt: skip


def do_decline_proposal(
    proposal: SubscriptionProposal, *, acting_user: User | None, expected_version: ExpectedVersion
) -> SubscriptionProposal:
    if not access.acts_for_member(acting_user, proposal, access.SIGN_ROLES | {"administrator"}):
        raise PermissionDenied(_("Only the member's orderer declines a proposed subscription."))
    if proposal.state != ProposalState.PROPOSED:
        raise ValidationError(_("This proposal has already been decided."))
    return update_object(
        proposal, acting_user=acting_user, expected_version=expected_version, state=ProposalState.DECLINED,
        decided_by=acting_user, decided_on=timezone.localdate(),
    )  # fmt: skip


def do_update_proposal(
    proposal: SubscriptionProposal, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> SubscriptionProposal:
    if proposal.state != ProposalState.PROPOSED:
        raise ValidationError(_("This proposal has already been decided."))
    return update_object(proposal, acting_user=acting_user, expected_version=expected_version, **changes)


# Penalty runs --------------------------------------------------------------------------
def do_compute_penalties(
    *, acting_user: User | None, collaboration: Any, year: int, month: int, member: Any = None
) -> PenaltyRun:
    """Compute the month's penalties from the measured SLA results and keep the run (inputs,
    output, digest) with one penalty per member. The month must be over."""
    _first, last = penalties.month_bounds(year, month)
    if last >= timezone.localdate():
        raise ValidationError({"month": _("Penalties are computed when the month is over.")})
    if member is not None and member.collaboration_id != collaboration.pk:
        raise ValidationError({"member": _("Choose a member of the collaboration.")})
    inputs = penalties.gather(collaboration.pk, year, month, member)
    output = penalties.compute(inputs)
    with transaction.atomic():
        run = create_object(
            PenaltyRun, acting_user=acting_user, collaboration=collaboration, member=member, year=year, month=month,
            computed_by=acting_user if getattr(acting_user, "pk", None) else None, inputs=inputs, output=output,
            digest=digest(inputs, output), total=Decimal(output["total"]),
        )  # fmt: skip
        for entry in output["members"]:
            create_object(
                Penalty, acting_user=acting_user, run=run, member_id=entry["id"], year=year, month=month,
                amount=Decimal(entry["total"]), lines=entry["lines"],
            )  # fmt: skip
    return run


def penalty_run_reproduces(run: PenaltyRun) -> bool:
    return canonical(penalties.compute(run.inputs)) == canonical(run.output)


def do_credit_penalties(run: PenaltyRun, *, acting_user: User | None, expected_version: ExpectedVersion) -> PenaltyRun:
    """Make the run final and queue each member's penalty as a credit on its internal
    invoice (``finance.InvoiceAdjustment``), taken up by the next issued allocation run."""
    if run.state != PenaltyRunState.PREPARED:
        raise ValidationError(_("The penalties of this run are already credited."))
    if not penalty_run_reproduces(run):
        raise ValidationError(_("The run's output no longer follows from its inputs; compute it again."))
    members = set(run.penalties.values_list("member_id", flat=True))
    already = Penalty.objects.filter(
        run__collaboration_id=run.collaboration_id, year=run.year, month=run.month, credited=True, member_id__in=members
    ).select_related("member")
    if found := already.first():
        raise ValidationError(
            _("The penalties of %(month)s are already credited for %(member)s (run #%(run)s).")
            % {"month": f"{run.year}-{run.month:02d}", "member": found.member.name, "run": found.run_id}
        )
    with transaction.atomic():
        credited = update_object(
            run, acting_user=acting_user, expected_version=expected_version, state=PenaltyRunState.CREDITED
        )
        for penalty in run.penalties.select_related("member").order_by("member__name"):
            if penalty.amount > 0:
                services = ", ".join(line["service_name"] for line in penalty.lines if Decimal(line["amount"]) > 0)
                finance_actions.do_add_invoice_adjustment(
                    acting_user=acting_user, collaboration=run.collaboration, member=penalty.member, year=run.year,
                    month=run.month, amount=-penalty.amount,
                    text=_("Penalty (vite) %(month)s: %(services)s")
                    % {"month": f"{run.year}-{run.month:02d}", "services": services},
                    source=f"agreements.penalty:{penalty.pk}",
                )  # fmt: skip
            update_object(penalty, acting_user=acting_user, expected_version=penalty.version, credited=True)
    return credited


def do_discard_penalty_run(run: PenaltyRun, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
    if run.state != PenaltyRunState.PREPARED:
        raise ValidationError(_("A credited penalty run is never deleted."))
    delete_object(run, acting_user=acting_user, expected_version=expected_version)


def do_update_penalty_run(*args: Any, **kwargs: Any) -> PenaltyRun:
    raise ValidationError(_("A penalty run is not edited: compute a new one."))


def do_update_penalty(*args: Any, **kwargs: Any) -> Penalty:
    raise ValidationError(_("A penalty follows from its run; compute a new run instead."))


# Suppliers and contracts --------------------------------------------------------------
do_create_supplier, do_update_supplier, do_delete_supplier = _crud(Supplier)
do_create_contract, do_update_contract, do_delete_contract = _crud(SupplierContract)


def do_mark_reminded(contract: SupplierContract, *, day: datetime.date) -> SupplierContract:
    """The system job records that the notice reminder went out (re-reads the row)."""
    return update_object(contract, acting_user=None, expected_version=SYSTEM, reminded_on=day)


# Reviews -------------------------------------------------------------------------------
def review_outcome(member: Any, year: int) -> dict[str, Any]:
    """Per service: the year's SLA results and the penalties, as a JSON snapshot."""
    from samdrift.servicedesk import slareport

    first, last = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), timezone.localdate())
    report = slareport.build(None, first, last, members=[member])
    charged: dict[str, Decimal] = {}
    for penalty in Penalty.objects.filter(member=member, year=year):
        for line in penalty.lines:
            charged[line["service_name"]] = charged.get(line["service_name"], Decimal(0)) + Decimal(line["amount"])
    services: list[dict[str, Any]] = []
    for row in report.rows:
        figure = row.availability
        services.append(
            {
                "service": row.service.name,
                "availability": str(figure.percent) if figure and figure.percent is not None else None,
                "target": str(row.sla.availability_target),
                "resolution_percent": str(row.resolution_percent) if row.resolution_percent is not None else None,
                "response_percent": str(row.response_percent) if row.response_percent is not None else None,
                "resolved": row.resolved,
                "penalties": str(charged.pop(row.service.name, Decimal("0.00"))),
            }
        )
    for name, amount in sorted(charged.items()):
        services.append({"service": name, "penalties": str(amount)})
    total = sum((Decimal(s["penalties"]) for s in services), Decimal("0.00"))
    return {"from": first.isoformat(), "to": last.isoformat(), "services": services, "penalties": str(total)}


def do_prepare_review(*, acting_user: User | None, member: Any, year: int, **fields: Any) -> AgreementReview:
    return create_object(
        AgreementReview, acting_user=acting_user, member=member, year=year, outcome=review_outcome(member, year),
        **fields,
    )  # fmt: skip


def do_update_review(
    review: AgreementReview, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any
) -> AgreementReview:
    return update_object(review, acting_user=acting_user, expected_version=expected_version, **changes)


def do_refresh_review(
    review: AgreementReview, *, acting_user: User | None, expected_version: ExpectedVersion
) -> AgreementReview:
    return update_object(
        review, acting_user=acting_user, expected_version=expected_version,
        outcome=review_outcome(review.member, review.year),
    )  # fmt: skip


def do_delete_review(review: AgreementReview, *, acting_user: User | None, expected_version: ExpectedVersion) -> None:
    delete_object(review, acting_user=acting_user, expected_version=expected_version)
