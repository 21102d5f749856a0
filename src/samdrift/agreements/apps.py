from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from samdrift.accounts.models import User


class AgreementsConfig(AppConfig):
    name = "samdrift.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        from samdrift.core import related
        from samdrift.inventory.models import System
        from samdrift.servicedesk.signals import service_ordered

        from .related import system_contracts

        related.add(System, system_contracts)

        service_ordered.connect(_propose_subscription, dispatch_uid="agreements.propose_subscription")


def _propose_subscription(
    sender: Any, *, ticket: Any, service: Any, acting_user: "User | None" = None, **kwargs: Any
) -> None:
    """A portal order for a service the member does not subscribe to: propose the change."""
    from .actions import propose_from_order

    propose_from_order(ticket=ticket, service=service, acting_user=acting_user)
