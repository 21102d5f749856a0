"""Who may see and change the agreements app's objects: plain data, merged into the access
policy (``samdrift.accounts.policy``), which stays the one place that decides.

* ``VIEW_ROLES``: the roles whose holders read a model at all (within their scope, as the
  model's ``tenant_paths`` say). Requesters read none of it.
* ``MANAGE_RULES``: per model, the roles that may create, change or delete, and the
  narrowest assignment that may (``ScopeLevel``).
* ``SIGN_ROLES`` / ``NOTICE_ROLES``: who signs a member's service agreement and gives its
  notice — someone acting for that member (its orderer, at member scope or wider).
"""

from __future__ import annotations

from samdrift.accounts.choices import Role, ScopeLevel

R = Role
# The shared organisation's staff, the committee and the members' orderers.
READERS = frozenset({R.ADMINISTRATOR, R.CONTROLLER, R.COMMITTEE_MEMBER, R.UNIT_LEAD, R.ORDERER})
PREPARERS = frozenset({R.ADMINISTRATOR, R.CONTROLLER})

VIEW_ROLES: dict[str, frozenset[str]] = {
    # The collaboration agreement is every party's document: anyone with a role reads it.
    "agreements.notice": READERS,
    "agreements.serviceagreement": READERS,
    "agreements.penaltyterm": READERS,
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
