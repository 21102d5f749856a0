"""What agreements adds to pages of lower apps (``core.related``): a system's page in the
inventory lists the supplier contracts that cover it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from samdrift.core import access
from samdrift.core.tables import Column
from samdrift.core.views import RelatedTable

from .models import SupplierContract


def system_contracts(system: Any, user: Any) -> RelatedTable | None:
    """The supplier contracts the user may read that name ``system``; nothing for people
    who read no contracts at all."""
    contracts = list(
        SupplierContract.objects.visible_to(user)
        .filter(inventory_systems=system)
        .select_related("supplier", "procuring_member")
        .order_by("ends", "title")
    )
    if not contracts and not access.can_create(user, SupplierContract):
        return None
    columns = [Column("title", link=True), Column("supplier"), Column("procuring_member"), Column("ends"),
               Column("notice_date")]  # fmt: skip
    return RelatedTable(gettext_lazy("Supplier contracts"), SupplierContract, columns, contracts)
