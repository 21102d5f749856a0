from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samdrift.core.api.schema import ErrorSerializer
from samdrift.core.api.viewsets import ScopedReadOnlyViewSet

from .. import actions, filtersets, lockout, tokens
from ..models import RoleAssignment, User
from . import serializers


class UserViewSet(ScopedReadOnlyViewSet):
    """Users within the caller's scope, with the role assignments the caller may see (read-only)."""

    model = User
    serializer_class = serializers.UserSerializer
    filterset_class = filtersets.UserFilterSet

    def get_queryset(self) -> QuerySet[Any]:
        assignments = RoleAssignment.objects.visible_to(self.request.user)
        return super().get_queryset().prefetch_related(Prefetch("role_assignments", queryset=assignments))


class LoginLocked(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"

    def __init__(self, seconds: int) -> None:
        super().__init__(lockout.message(seconds))
        self.wait = seconds  # DRF's handler sends it as Retry-After


class ObtainTokenView(APIView):
    """Trade a username and password for a new named API token (counted by the login lock)."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    serializer_class = serializers.ObtainTokenSerializer

    @extend_schema(
        operation_id="auth_token_create",
        request=serializers.ObtainTokenSerializer,
        responses={
            201: serializers.NewTokenSerializer,
            400: ErrorSerializer,
            429: ErrorSerializer,
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = serializers.ObtainTokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        # Django's request, so django-axes marks the one its middleware sees.
        django_request = request._request
        user = authenticate(django_request, username=data["username"], password=data["password"])
        if lockout.is_locked(django_request):
            raise LoginLocked(lockout.seconds_left(django_request, data["username"]))
        if user is None or not user.is_active:
            return Response(
                {"detail": _("Unable to log in with the given username and password."), "code": "invalid_credentials"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        # A successful login: django-axes forgets the failures, Django notes last_login.
        user_logged_in.send(sender=type(user), request=django_request, user=user)
        expires_day = data["expires"] if "expires" in data else tokens.default_expiry_date()
        token, key = actions.do_create_api_token(
            acting_user=user, user=user, name=data["name"], expires=tokens.expiry_from_date(expires_day)
        )
        body = {"token": key, "id": token.pk, "name": token.name, "expires": token.expires}
        return Response(serializers.NewTokenSerializer(body).data, status=status.HTTP_201_CREATED)


def register(router: Any) -> None:
    router.register("users", UserViewSet, basename="user")
