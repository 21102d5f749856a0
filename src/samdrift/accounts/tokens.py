"""API tokens: ``Authorization: Token <key>``, with only the key's SHA-256 stored.

A key is ``sd_`` and 43 URL-safe characters from :func:`secrets.token_urlsafe` (256 bits),
so a plain SHA-256 is enough: there is nothing to guess that a slow hash would protect,
and a lookup by hash is one indexed query. The key is shown to its owner once.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from .models import ApiToken, User

KEY_PREFIX = "sd_"
# How much of the key is kept in clear, to tell tokens apart: "sd_" and four characters.
SHOWN_CHARACTERS = len(KEY_PREFIX) + 4


def generate_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def default_expiry_date(today: datetime.date | None = None) -> datetime.date | None:
    """The last day a new token works unless its owner picks another (None: no expiry)."""
    days = settings.SAMDRIFT_API_TOKEN_DEFAULT_DAYS
    if not days:
        return None
    return (today or timezone.localdate()) + datetime.timedelta(days=days)


def expiry_from_date(day: datetime.date | None) -> datetime.datetime | None:
    """A token chosen to expire on ``day`` works through that day (Europe/Stockholm)."""
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


class ApiTokenAuthentication(BaseAuthentication):
    """DRF authentication by :class:`ApiToken`: 401 with a JSON message for a bad,
    revoked or expired token, and for a token of an inactive user."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the header as 'Authorization: Token <key>'."), code="invalid_token_header"
            )
        try:
            key = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("The API token is not valid."), code="invalid_token") from None
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
        if token is None or token.revoked is not None:
            raise exceptions.AuthenticationFailed(_("The API token is not valid."), code="invalid_token")
        now = timezone.now()
        if token.expires is not None and token.expires <= now:
            raise exceptions.AuthenticationFailed(_("The API token has expired."), code="token_expired")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The user account is inactive."), code="user_inactive")
        from .actions import note_api_token_use

        note_api_token_use(token, now=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the schema describes :class:`ApiTokenAuthentication`."""

    target_class = "samdrift.accounts.tokens.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": str(gettext_lazy('A token from "My profile" or /api/v1/auth/token/, as "Token <key>".')),
        }
