"""Every API error is JSON with a ``detail`` message in the request's language."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from samdrift.core.exceptions import ConcurrentEditError, ObjectInUseError, VersionRequiredError


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_code = "precondition_required"

    def __init__(self) -> None:
        super().__init__(
            _(
                "Send the object's current version in an If-Match header (or a 'version' field) "
                "so that a newer change is never overwritten."
            )
        )


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ConcurrentEditError):
        return Response(
            {"detail": str(exc), "code": "version_conflict", "current_version": exc.current_version},
            status=status.HTTP_412_PRECONDITION_FAILED,
        )
    if isinstance(exc, ObjectInUseError):
        return Response(
            {
                "detail": _("%(object)s cannot be deleted because other records refer to it.") % {"object": exc},
                "code": "in_use",
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, VersionRequiredError):
        exc = PreconditionRequired()
    if isinstance(exc, DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(errors)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": _("The request contains invalid data."), "code": "invalid", "errors": response.data}
    elif isinstance(response.data, dict) and "detail" in response.data:
        detail = response.data["detail"]
        response.data = {"detail": str(detail), "code": getattr(detail, "code", exc.__class__.__name__.lower())}
    return response
