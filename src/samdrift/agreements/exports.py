"""The review as a PDF for the member (WeasyPrint, as the finance exports)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from .models import AgreementReview


def review_pdf(review: AgreementReview, request: HttpRequest | None = None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "agreements/agreementreview_pdf.html", {"review": review, "outcome": review.outcome}, request=request
    )
    return HTML(string=html).write_pdf()


def review_response(review: AgreementReview, request: HttpRequest) -> HttpResponse:
    response = HttpResponse(review_pdf(review, request), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="avtalsuppfoljning-{review.member.scb_code}-{review.year}.pdf"'
    )
    return response
