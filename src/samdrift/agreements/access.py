"""Who may see and change the agreements app's objects (registered with
``samdrift.accounts.policy``, which stays the one mechanism that decides).

* read: the roles whose holders read a model at all (within their scope, as the model's
  ``tenant_paths`` say). Requesters read none of it; the collaboration agreement is every
  party's document, so anyone with a role reads it.
* manage: per model, the roles that may create, change or delete, and the narrowest
  assignment that may (``ScopeLevel``).
* ``SIGN_ROLES`` / ``NOTICE_ROLES``: who signs a member's service agreement and gives its
  notice — someone acting for that member (its orderer, at member scope or wider).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from samdrift.accounts.choices import Role, ScopeLevel
from samdrift.accounts.policy import holds_role_over, register
from samdrift.core import navigation
from samdrift.core.navigation import NavItem

from .models import (
    AgreementReview,
    CollaborationAgreement,
    CollaborationPenaltyTerm,
    Notice,
    Penalty,
    PenaltyRun,
    PenaltyTerm,
    ServiceAgreement,
    SubscriptionProposal,
    Supplier,
    SupplierContract,
)

R = Role
# The shared organisation's staff, the committee and the members' orderers.
READERS = frozenset({R.ADMINISTRATOR, R.CONTROLLER, R.COMMITTEE_MEMBER, R.UNIT_LEAD, R.ORDERER})
PREPARERS = frozenset({R.ADMINISTRATOR, R.CONTROLLER})

VIEW_ROLES: dict[str, frozenset[str]] = {
    # The collaboration agreement is every party's document: anyone with a role reads it.
    "agreements.notice": READERS,
    "agreements.serviceagreement": READERS,
    "agreements.penaltyterm": READERS,
    # Collaboration-wide terms are part of every member's agreement: its people read them.
    "agreements.collaborationpenaltyterm": READERS,
    "agreements.subscriptionproposal": READERS,
    "agreements.penaltyrun": READERS,
    "agreements.penalty": READERS,
    "agreements.supplier": READERS | {R.AGENT},
    "agreements.suppliercontract": READERS | {R.AGENT},
    "agreements.agreementreview": READERS,
}

MANAGE_RULES: dict[str, tuple[frozenset[str], ScopeLevel]] = {
    "agreements.collaborationagreement": (frozenset({R.ADMINISTRATOR}), ScopeLevel.COLLABORATION),
    # Notice is given for one member, by someone acting for it.
    "agreements.notice": (frozenset({R.ADMINISTRATOR, R.ORDERER}), ScopeLevel.MEMBER),
    "agreements.serviceagreement": (PREPARERS, ScopeLevel.COLLABORATION),
    "agreements.penaltyterm": (PREPARERS, ScopeLevel.COLLABORATION),
    "agreements.collaborationpenaltyterm": (PREPARERS, ScopeLevel.COLLABORATION),
    # The member's orderer accepts or declines what an order proposes.
    "agreements.subscriptionproposal": (frozenset({R.ADMINISTRATOR, R.ORDERER}), ScopeLevel.MEMBER),
    "agreements.penaltyrun": (frozenset({R.CONTROLLER}), ScopeLevel.COLLABORATION),
    "agreements.penalty": (frozenset({R.CONTROLLER}), ScopeLevel.COLLABORATION),
    "agreements.supplier": (PREPARERS, ScopeLevel.COLLABORATION),
    "agreements.suppliercontract": (PREPARERS, ScopeLevel.COLLABORATION),
    "agreements.agreementreview": (PREPARERS | {R.UNIT_LEAD}, ScopeLevel.COLLABORATION),
}

SIGN_ROLES = frozenset({R.ORDERER})
NOTICE_ROLES = frozenset({R.ORDERER, R.ADMINISTRATOR})


def acts_for_member(user: Any, obj: models.Model, for_roles: frozenset[str]) -> bool:
    """Whether ``user`` holds one of ``for_roles`` for the member owning ``obj`` (member
    scope or wider): who signs a service agreement, gives notice, accepts a proposal."""
    return holds_role_over(user, obj, for_roles, ScopeLevel.MEMBER)


def _register() -> None:
    for model in (
        CollaborationAgreement,
        Notice,
        ServiceAgreement,
        PenaltyTerm,
        CollaborationPenaltyTerm,
        SubscriptionProposal,
        PenaltyRun,
        Penalty,
        Supplier,
        SupplierContract,
        AgreementReview,
    ):
        label = model._meta.label_lower
        rules: dict[str, Any] = {}
        if label in VIEW_ROLES:
            rules["read"] = VIEW_ROLES[label]
        if label in MANAGE_RULES:
            rules["manage"], rules["manage_level"] = MANAGE_RULES[label]
        register(model, **rules)


_register()

navigation.add(NavItem(_("Agreements"), "agreements:home", READERS, order=87, group=navigation.FINANCE))
