from django.urls import path, re_path

from samdrift.core.urls_helpers import object_urls

from . import views as v
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

app_name = "agreements"


def crud(model, prefix):  # type: ignore[no-untyped-def]
    found = {
        key: getattr(v, f"{prefix}{key.title()}View", None) for key in ("list", "detail", "edit", "delete", "history")
    }
    return object_urls(model, {key: view for key, view in found.items() if view is not None})


urlpatterns = [
    path("", v.AgreementsHomeView.as_view(), name="home"),
    path("collaborationagreements/<int:pk>/notice/", v.GiveNoticeView.as_view(), name="give_notice"),
    re_path(
        r"^serviceagreements/(?P<pk>[0-9]+)/(?P<what>sign|revise|refresh)/$",
        v.ServiceAgreementActionView.as_view(),
        name="serviceagreement_act",
    ),
    re_path(
        r"^subscriptionproposals/(?P<pk>[0-9]+)/(?P<what>accept|decline)/$",
        v.DecideProposalView.as_view(),
        name="proposal_decide",
    ),
    path("penaltyruns/add/", v.ComputePenaltiesView.as_view(), name="penaltyrun_add"),
    path("penaltyruns/<int:pk>/credit/", v.CreditPenaltiesView.as_view(), name="penaltyrun_credit"),
    path("suppliercontracts/ending/", v.EndingContractsView.as_view(), name="contracts_ending"),
    path("agreementreviews/<int:pk>/pdf/", v.AgreementReviewPdfView.as_view(), name="agreementreview_pdf"),
    *crud(CollaborationAgreement, "CollaborationAgreement"),
    *crud(Notice, "Notice"),
    *crud(ServiceAgreement, "ServiceAgreement"),
    *crud(PenaltyTerm, "PenaltyTerm"),
    *crud(CollaborationPenaltyTerm, "CollaborationPenaltyTerm"),
    *crud(SubscriptionProposal, "SubscriptionProposal"),
    *crud(PenaltyRun, "PenaltyRun"),
    *crud(Penalty, "Penalty"),
    *crud(Supplier, "Supplier"),
    *crud(SupplierContract, "SupplierContract"),
    *crud(AgreementReview, "AgreementReview"),
]
