"""Every URL pattern has a cross-member test or an explicit, reasoned exemption.

* The generic pages and API endpoints of a model with an isolation case are tested by
  ``test_isolation.py``.
* The custom endpoints on one object (ticket actions, file downloads, run issue, discard
  and invoices, role grants) are tested here, generically: another member's people get
  404 on GET and POST, while an insider does not (so the test can fail).
* Pages that show no single object (reports, portals, imports, exports) are listed in
  ``NO_OBJECT`` with the reason and the test module that checks their scope.

``test_every_url_pattern_is_covered`` fails when a new URL pattern is in none of these.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from samdrift.testing.isolation import all_cases
from samdrift.testing.world import World, make_ticket

GENERIC_UI = ("list", "add", "detail", "edit", "delete", "history")
GENERIC_API = ("list", "detail")


def _ticket(world: World) -> dict[str, Any]:
    return {"pk": make_ticket(world, unit=world.unit_alpha).pk}


def _attachment(world: World) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from samdrift.servicedesk import actions

    ticket = make_ticket(world)
    upload = SimpleUploadedFile("fel.txt", b"Felkod 0x80070005")
    attachment = actions.do_add_attachment(ticket, acting_user=world.requester_a1, upload=upload)
    return {"pk": ticket.pk, "attachment_pk": attachment.pk}


def _run(world: World) -> dict[str, Any]:
    """A prepared run of Alpha, which keeps statements to each member."""
    from samdrift.finance import actions
    from samdrift.finance.choices import AccountGroup, Basis

    actions.do_create_finance_settings(acting_user=None, collaboration=world.alpha, transparent_statements=False)
    actions.do_add_budget_line(
        acting_user=None, collaboration=world.alpha, year=2026, month=1, unit=world.unit_alpha,
        account_group=AccountGroup.OTHER, member=world.member_b, amount=Decimal("100.50"),
    )  # fmt: skip
    model = actions.do_create_allocation_model(acting_user=None, collaboration=world.alpha, year=2026, name="Lika")
    actions.do_add_allocation_rule(acting_user=None, allocation_model=model, label="Lika", key_parts=[["equal", 100]])
    run = actions.do_prepare_run(acting_user=world.controller_alpha, model=model, basis=Basis.BUDGET)
    return {"pk": run.pk}


def _run_invoices(world: World) -> dict[str, Any]:
    return _run(world) | {"fmt": "csv"}


def _user(world: World) -> dict[str, Any]:
    return {"pk": world.requester_a1.pk}


def _role(world: World) -> dict[str, Any]:
    user = world.requester_a1
    return {"pk": user.pk, "assignment_pk": user.role_assignments.get().pk}


def _saved_view(world: World) -> dict[str, Any]:
    from samdrift.servicedesk import actions

    return {"pk": actions.do_save_view(acting_user=world.agent_alpha, name="Mina", query="status=new").pk}


def _service(world: World) -> dict[str, Any]:
    from samdrift.catalog import actions

    service = actions.do_create_service(
        acting_user=None, collaboration=world.alpha, name="Ny dator", level="it", owner_unit=world.unit_alpha,
        orderable=True,
    )  # fmt: skip
    return {"pk": service.pk}


def _document_with_file(world: World) -> dict[str, Any]:
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile

    from samdrift.governance import actions
    from samdrift.governance.tests.isolation import matter

    upload = SimpleUploadedFile("skrivelse.txt", b"Skrivelse fran Vargarda")
    document = actions.do_register_document(
        acting_user=None, matter=matter(world), kind="incoming", date=datetime.date(2026, 5, 2), title="Skrivelse",
        file=upload,
    )  # fmt: skip
    return {"pk": document.pk}


def _case(name: str) -> Any:
    return next(c for c in all_cases() if c.id == name)


def _of(name: str, **extra: Any) -> Callable[[World], dict[str, Any]]:
    """URL kwargs for the object the isolation case ``name`` makes (plus ``extra``)."""
    return lambda world: {"pk": _case(name).make(world).pk, **extra}


def _from_case(name: str, **extra: Any) -> Endpoint:
    """An endpoint on the object of an isolation case, with that case's insider and its
    signed-in outsiders (anonymous users are sent to the login page, not given 404)."""
    case = _case(name)
    return Endpoint(_of(name, **extra), case.insider, tuple(o for o in case.outsiders if o != "nobody"))


@dataclass(frozen=True)
class Endpoint:
    make: Callable[[World], dict[str, Any]]
    insider: str
    outsiders: tuple[str, ...]


TICKET_OUTSIDERS = ("requester_b1", "orderer_b", "agent_beta", "admin_beta")
RUN_OUTSIDERS = ("orderer_a", "orderer_b", "admin_b", "admin_beta")

# Custom endpoints on one object: URL name -> how to make the object (URL kwargs).
OBJECT_ENDPOINTS: dict[str, Endpoint] = {
    **{
        f"servicedesk:ticket_{action}": Endpoint(_ticket, "agent_alpha", TICKET_OUTSIDERS)
        for action in ("reply", "status", "assign", "take", "time", "link", "merge", "declare", "reopen", "rate")
    },
    **{
        f"servicedesk:majorincident_{action}": _from_case("servicedesk.majorincident")
        for action in ("link", "update", "resolve")
    },
    **{f"majorincident-{action}": _from_case("servicedesk.majorincident") for action in ("link", "updates", "resolve")},
    "servicedesk:attachment_download": Endpoint(_attachment, "requester_a1", TICKET_OUTSIDERS),
    **{
        f"ticket-{action}": Endpoint(_ticket, "agent_alpha", TICKET_OUTSIDERS)
        for action in (
            "assign",
            "attachments",
            "comments",
            "declare-major-incident",
            "merge",
            "rating",
            "reopen",
            "time-entries",
            "transition",
        )
    },
    "servicedesk:view_delete": Endpoint(_saved_view, "agent_alpha", ("agent_beta", "requester_a1", "admin_alpha")),
    "servicedesk:portal_order": Endpoint(_service, "requester_a1", ("requester_c1", "agent_beta")),
    "replytemplate-render-for-ticket": _from_case("servicedesk.replytemplate"),
    "finance:allocationrun_invoices": Endpoint(_run_invoices, "controller_alpha", RUN_OUTSIDERS),
    "licence-pooling": _from_case("inventory.licence"),
    "finance:allocationrun_issue": Endpoint(_run, "controller_alpha", RUN_OUTSIDERS),
    "finance:allocationrun_discard": Endpoint(_run, "controller_alpha", RUN_OUTSIDERS),
    "allocationrun-invoices": Endpoint(_run, "controller_alpha", RUN_OUTSIDERS),
    "allocationrun-issue": Endpoint(_run, "controller_alpha", RUN_OUTSIDERS),
    "accounts:role_grant": Endpoint(_user, "admin_alpha", ("admin_b", "admin_beta", "orderer_b")),
    "accounts:role_revoke": Endpoint(_role, "admin_alpha", ("admin_b", "admin_beta", "orderer_b")),
    # Tokens are personal: nobody else, administrators included, may revoke one.
    "accounts:token_revoke": Endpoint(
        _of("accounts.apitoken"), "requester_a1", ("requester_a2", "orderer_a", "admin_b", "admin_beta")
    ),
    # Governance: papers, files, calendars and the steps of a meeting, its items and minutes.
    "governance:document_file": Endpoint(
        _document_with_file, "controller_alpha", ("admin_beta", "agent_beta", "requester_a1", "orderer_b")
    ),
    "governance:meeting_ics": _from_case("governance.meeting"),
    "governance:meeting_action": _from_case("governance.meeting", what="convene"),
    "governance:agendaitem_move": _from_case("governance.agendaitem"),
    "governance:decision_dispatch": _from_case("governance.decision"),
    "governance:minutes_action": _from_case("governance.minutes", what="sign"),
    "governance:paper": _from_case("governance.meeting", paper="agenda"),
    "decision-dispatch-to": _from_case("governance.decision"),
    "minutes-publish": _from_case("governance.minutes"),
    "minutes-sign": _from_case("governance.minutes"),
    # Frozen reports: attaching one to an agenda item, and the stored PDF.
    "governance:agendaitem_snapshot": _from_case("governance.agendaitem"),
    "agendaitem-snapshot": _from_case("governance.agendaitem"),
    "governance:reportsnapshot_file": _from_case("governance.reportsnapshot"),
    # Agreements: notice, signing, proposals, penalties and the review PDF.
    "agreements:give_notice": _from_case("agreements.collaborationagreement"),
    "collaborationagreement-exit-liability": _from_case("agreements.collaborationagreement"),
    "agreements:serviceagreement_act": _from_case("agreements.serviceagreement", what="sign"),
    "serviceagreement-sign": _from_case("agreements.serviceagreement"),
    "serviceagreement-revise": _from_case("agreements.serviceagreement"),
    "agreements:proposal_decide": _from_case("agreements.subscriptionproposal", what="accept"),
    "subscriptionproposal-accept": _from_case("agreements.subscriptionproposal"),
    "subscriptionproposal-decline": _from_case("agreements.subscriptionproposal"),
    "agreements:penaltyrun_credit": _from_case("agreements.penaltyrun"),
    "penaltyrun-credit": _from_case("agreements.penaltyrun"),
    "agreements:agreementreview_pdf": _from_case("agreements.agreementreview"),
    # Knowledge base: versions and feedback for readers, links to tickets for the desk.
    "knowledge:article_version": _from_case("knowledge.article", number=1),
    "knowledge:article_feedback": _from_case("knowledge.article"),
    "knowledge:article_link": Endpoint(
        _of("knowledge.article"), "agent_alpha", ("requester_a1", "requester_b1", "agent_beta", "admin_beta")
    ),
    "agreementreview-pdf": _from_case("agreements.agreementreview"),
    # Initiatives: a draft's steps (private to its member), the classifier, key factors,
    # certification and joining a procurement, and a member's collaborations.
    "initiatives:initiative_act": _from_case("initiatives.initiative", what="advance"),
    "initiatives:initiative_classify": _from_case("initiatives.initiative"),
    "initiatives:participation_key_factors": _from_case("initiatives.participation"),
    "initiatives:solution_certify": _from_case("initiatives.solution"),
    "initiatives:solution_join": _from_case("initiatives.solution"),
    "initiatives:member_overview": Endpoint(
        lambda world: {"pk": world.member_b.pk},
        "orderer_a",
        ("requester_c1", "admin_beta", "agent_beta", "requester_b1"),
    ),
    "initiative-share": _from_case("initiatives.initiative"),
    "initiative-advance": _from_case("initiatives.initiative"),
    "initiative-classify": _from_case("initiatives.initiative"),
    "participation-key-factors": _from_case("initiatives.participation"),
    "solution-certify": _from_case("initiatives.solution"),
    "solution-join": _from_case("initiatives.solution"),
    # Follow-up: a survey's recipients, steps (send, remind, close) and results.
    "followup:survey_results": _from_case("followup.survey (collaboration)"),
    "followup:survey_recipients": _from_case("followup.survey (collaboration)"),
    "followup:survey_action": _from_case("followup.survey (collaboration)", what="send"),
    **{
        f"survey-{action}": _from_case("followup.survey (collaboration)")
        for action in ("recipients", "send", "remind", "close", "results")
    },
}

# Pages that show no single object, with why a cross-member check here does not apply
# and where their scope is tested.
NO_OBJECT: dict[str, str] = {
    "home": "the signed-in user's own roles and counts of what they reach (core/tests/test_site.py)",
    "driftinformation": "public by design: published disruption texts, never internal notes (catalog/tests/test_disruptions.py)",
    "login": "no tenant data",
    "accounts:sso_login": "sign-in redirect to an active identity provider by its public short name; no tenant data (accounts/tests/test_sso.py)",
    "accounts:sso_callback": "the identity provider's answer; signs the person in, shows no tenant data (accounts/tests/test_sso.py)",
    "accounts:saml_metadata": "a SAML provider's public SP metadata (entity ID, ACS, certificate); no tenant data (accounts/tests/test_saml.py)",
    "accounts:saml_acs": "the SAML IdP's signed answer; signs the person in, shows no tenant data (accounts/tests/test_saml.py)",
    "logout": "no tenant data",
    "set_language": "no tenant data",
    "accounts:profile": "the signed-in user's own profile (accounts/tests/test_views.py)",
    "core:lookup": "combobox matches, each lookup starting from visible_to (servicedesk/tests/test_ticket_page.py)",
    "core:audit_list": "the audit list: AuditEntry's isolation case reads /audit/ (core/tests/isolation.py)",
    "servicedesk:queues": "lists built from visible_to (servicedesk/tests/test_views.py)",
    "servicedesk:my_tickets": "the user's own tickets (servicedesk/tests/test_views.py)",
    "servicedesk:ticket_bulk": "acts only on tickets the user may work (servicedesk/tests/test_views.py)",
    "servicedesk:view_save": "saves the user's own view (servicedesk/tests/test_views.py)",
    "servicedesk:notifications": "the user's own notifications (servicedesk/tests/test_views.py)",
    "servicedesk:portal": "the requester's own tickets (servicedesk/tests/test_views.py)",
    "servicedesk:portal_new": "raises a ticket for oneself (servicedesk/tests/test_views.py)",
    "servicedesk:portal_order_list": "the orderable services of the user's collaboration (servicedesk/tests/test_orders.py)",
    "servicedesk:sla_report": "aggregates for the members in the reader's scope (servicedesk/tests/test_sla_report.py)",
    "api_sla_report": "as the SLA report page (servicedesk/tests/test_sla_report.py)",
    "knowledge:suggest": "published articles from visible_to matching the text (knowledge/tests/test_knowledge.py)",
    "catalog:portfolio": "the subscriptions of the members in scope (catalog/tests/test_portfolio.py)",
    "finance:home": "links only (finance/tests/test_views.py)",
    "finance:followup": "a forecast chosen from visible_to (finance/tests/test_views.py)",
    "finance:statement": "members from readable_statement_members (finance/tests/test_views.py, test_run_visibility.py)",
    "api_followup": "as the follow-up page (finance/tests/test_views.py)",
    "api_statement": "as the statement page (finance/tests/test_views.py)",
    "finance:scenario": "runs chosen from visible_to (finance/tests/test_scenarios.py)",
    "inventory:asset_import": "imports only for members the user keeps assets of (inventory/tests/test_imports.py)",
    "inventory:consolidation": "matrix and chart built from visible_to systems and members (inventory/tests/test_consolidation.py)",
    "finance:import": "imports into collaborations the controller manages (finance/tests/test_ledger.py)",
    "finance:export_lines": "exports visible_to lines (finance/tests/test_ledger.py)",
    "finance:allocationrun_compare": "404 unless every chosen run is visible (finance/tests/test_run_visibility.py)",
    "allocationrun-prepare": "as the prepare page (finance/tests/test_views.py)",
    "api-root": "no tenant data",
    "api_token": "the user's own token",
    "api_schema": "no tenant data",
    "api_docs": "no tenant data",
    "accounts:lockout_list": "locks of the users the administrator may manage (accounts/tests/test_lockout.py)",
    "accounts:lockout_unlock": "404 unless the lock is of a user the administrator may manage (accounts/tests/test_lockout.py)",
    "core:jobs": "long jobs in the user's scope; the queue only for administrators (servicedesk/tests/test_jobs_page.py)",
    "governance:home": "meetings, bodies and matters from visible_to (governance/tests/test_rules.py)",
    "anslagstavla": "public by design: posted minutes without confidential parts (governance/tests/test_rules.py)",
    "anslagstavla_minutes": "public by design: posted minutes only, never confidential parts (governance/tests/test_rules.py)",
    "anslagstavla_pdf": "public by design: the notice of posted minutes (governance/tests/test_rules.py)",
    "agreements:home": "links only",
    "initiatives:home": "links, and the members the user already sees (initiatives/tests/test_initiatives.py)",
    "agreements:contracts_ending": "contracts from visible_to (agreements/tests/test_contracts_reviews.py)",
    "followup:statistics": "the rollup narrowed by visible_to (followup/tests/test_views.py)",
    "followup:dashboard": "the orderer's own member; averages only when transparent (followup/tests/test_views.py)",
    "followup:delivery_report": "aggregates for the members in the reader's scope (followup/tests/test_views.py)",
    "followup:economy": "finance lines and statements from visible_to (followup/tests/test_views.py)",
    "followup:goals": "goals from visible_to (followup/tests/test_views.py)",
    "api_statistics": "as the statistics page (followup/tests/test_views.py)",
    "api_dashboard": "as the dashboard page (followup/tests/test_views.py)",
    "followup:health_trend": "health surveys from visible_to; a member's own answers (followup/tests/test_surveys.py)",
    "followup:health_new": "creates a survey in a collaboration the user manages (followup/tests/test_surveys.py)",
    "followup:survey_answer": "no login by design: the personal link's token is the key; only the survey's "
    "questions, 404 for a wrong token (followup/tests/test_surveys.py)",
    "api_survey_answer": "as the survey link page (followup/tests/test_surveys.py)",
}


def _patterns() -> list[tuple[str, str]]:
    """(route, name) of every named URL pattern, with its namespace."""
    found: list[tuple[str, str]] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern) and entry.name:
                found.append((prefix + str(entry.pattern), namespace + entry.name))

    walk(get_resolver(), "", "")
    return found


def _generic(name: str) -> bool:
    cases = all_cases()
    short = name.split(":")[-1]
    model, _, action = short.rpartition("_")
    if action in GENERIC_UI and any(c.model._meta.model_name == model and c.ui for c in cases):
        return True
    basename, _, action = short.partition("-")
    return action in GENERIC_API and any((c.api_basename or c.model._meta.model_name) == basename for c in cases)


def test_every_url_pattern_is_covered() -> None:
    names = {name for _, name in _patterns()}
    uncovered = sorted(n for n in names if not _generic(n) and n not in OBJECT_ENDPOINTS and n not in NO_OBJECT)
    assert uncovered == [], "give these a cross-member test (OBJECT_ENDPOINTS) or a reasoned NO_OBJECT entry"
    stale = sorted((set(OBJECT_ENDPOINTS) | set(NO_OBJECT)) - names)
    assert stale == [], "these URL names no longer exist"


@pytest.mark.parametrize("name", sorted(OBJECT_ENDPOINTS))
def test_object_endpoint_answers_404_to_other_members(name: str, world, client_for) -> None:
    endpoint = OBJECT_ENDPOINTS[name]
    url = reverse(name, kwargs=endpoint.make(world))
    insider = client_for(endpoint.insider)
    answers = {insider.get(url).status_code, insider.post(url, {}).status_code}
    assert not answers <= {404, 405}, f"{endpoint.insider} {url} -> {answers}: the test could not fail"
    for outsider in endpoint.outsiders:
        client = client_for(outsider)
        answers = {client.get(url).status_code, client.post(url, {}).status_code}
        assert answers <= {404, 405} and 404 in answers, f"{outsider} {url} -> {answers}"
