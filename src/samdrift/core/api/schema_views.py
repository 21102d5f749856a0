"""The OpenAPI schema and its Swagger UI, public only when ``SAMDRIFT_PUBLIC_API_SCHEMA`` is on.

By default only signed-in users (session or token) read them: anonymous requests for the
schema answer 401, and the docs page sends the browser to the login page.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseBase
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView


def schema_is_readable(request: Request) -> bool:
    return bool(settings.SAMDRIFT_PUBLIC_API_SCHEMA) or bool(request.user and request.user.is_authenticated)


class SchemaAccess(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return schema_is_readable(request)


class SchemaView(SpectacularAPIView):
    permission_classes = [SchemaAccess]


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI with its init script as a separate file (no inline script for the CSP)."""

    permission_classes = [AllowAny]

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not schema_is_readable(request):
            return redirect_to_login(request.get_full_path())
        return super().get(request, *args, **kwargs)
