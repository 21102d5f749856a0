"""OpenID Connect sign-in with each member's identity providers (Authlib's Django client).

``start`` sends the browser to the provider (authorization code flow with state and
nonce, kept in the session); ``finish`` takes the code back, verifies the ID token (the
provider's keys from its metadata, issuer, audience, nonce, expiry) and returns its
claims, with the userinfo endpoint's claims added. What Samdrift makes of the claims is
``actions.do_sso_login``.
"""

from __future__ import annotations

from typing import Any

from authlib.integrations.base_client import OAuthError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from samdrift.core import secrets

from .models import IdentityProvider

__all__ = ["OAuthError", "active_providers", "finish", "local_login_allowed", "start"]


def active_providers() -> QuerySet[IdentityProvider]:
    """The providers offered on the login page (no tenant data: names only)."""
    return IdentityProvider.objects.filter(is_active=True).order_by("name")


def _client(provider: IdentityProvider) -> Any:
    oauth = OAuth()
    return oauth.register(
        name=provider.slug,
        client_id=provider.client_id,
        client_secret=secrets.decrypt(provider.client_secret_encrypted),
        server_metadata_url=f"{provider.issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": provider.scopes or "openid email profile", "timeout": 15},
    )


def callback_url(request: HttpRequest, provider: IdentityProvider) -> str:
    return request.build_absolute_uri(reverse("accounts:sso_callback", args=[provider.slug]))


def start(request: HttpRequest, provider: IdentityProvider) -> HttpResponse:
    response: HttpResponse = _client(provider).authorize_redirect(request, callback_url(request, provider))
    return response


def finish(request: HttpRequest, provider: IdentityProvider) -> dict[str, Any]:
    """The verified claims of the login that came back; raises ``OAuthError``."""
    client = _client(provider)
    token = client.authorize_access_token(request)
    claims = dict(token.get("userinfo") or {})
    if not claims:
        raise OAuthError(description="no ID token")
    try:
        extra = client.userinfo(token=token)
    except Exception:  # userinfo is optional: the ID token's claims suffice
        extra = {}
    if extra.get("sub") == claims.get("sub"):
        claims = dict(extra) | claims
    return claims


def local_login_allowed(user: Any) -> bool:
    """Whether ``user`` may sign in with a Samdrift password (``SAMDRIFT_LOCAL_LOGIN``):
    ``all`` (default), or ``restricted``: administrators, and people of members without
    an active identity provider."""
    if getattr(settings, "SAMDRIFT_LOCAL_LOGIN", "all") != "restricted":
        return True
    if user.is_superuser:
        return True
    from .choices import Role

    if user.role_assignments.filter(role=Role.ADMINISTRATOR).exists():
        return True
    if user.member_id is None:
        return True
    return not IdentityProvider.objects.filter(member_id=user.member_id, is_active=True).exists()
