from django.urls import path

from samdrift.core.urls_helpers import object_urls

from . import views as v
from .models import (
    Asset,
    ConsolidationArea,
    ConsolidationStep,
    Licence,
    LicenceAssignment,
    LicenceTier,
    System,
    SystemInstance,
    SystemRole,
    SystemSLA,
)

app_name = "inventory"


def crud(model, made):  # type: ignore[no-untyped-def]
    return object_urls(model, {key.lower(): view for key, view in made.items()})


urlpatterns = [
    path("assets/import/", v.AssetImportView.as_view(), name="asset_import"),
    path("consolidation/", v.ConsolidationView.as_view(), name="consolidation"),
    *crud(System, v.S),
    *crud(SystemInstance, v.SI),
    *crud(SystemRole, v.SR),
    *crud(SystemSLA, v.SS),
    *crud(Asset, v.AS),
    *crud(Licence, v.LI),
    *crud(LicenceTier, v.LT),
    *crud(LicenceAssignment, v.LA),
    *crud(ConsolidationArea, v.CA),
    *crud(ConsolidationStep, v.CS),
]
