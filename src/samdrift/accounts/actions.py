"""The only way users, role assignments and API tokens change."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samdrift.core import audit, secrets
from samdrift.core.actions import create_object, delete_object, update_object
from samdrift.core.versions import SYSTEM, ExpectedVersion
from samdrift.tenancy.models import Department

from . import policy, tokens
from .choices import Protocol, Role
from .models import ApiToken, ExternalIdentity, IdentityProvider, RoleAssignment, User

if TYPE_CHECKING:
    from samdrift.accounts.models import User


def do_create_user(
    *, acting_user: User | None, password: str | None = None, password_hash: str | None = None, **fields: Any
) -> User:
    """Create a user with a password (validated), an already hashed one (imports), or none."""
    with transaction.atomic():
        user = User(**fields)
        if password_hash:
            user.password = password_hash
        elif password:
            validate_password(password, user)
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean()
        user.save(force_insert=True)
        audit.record("create", user, acting_user=acting_user, after=audit.snapshot(user))
    return user


def do_update_user(user: User, *, acting_user: User | None, expected_version: ExpectedVersion, **changes: Any) -> User:
    return update_object(user, acting_user=acting_user, expected_version=expected_version, **changes)


def do_set_password(user: User, *, acting_user: User | None, password: str) -> None:
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit.record("update", user, acting_user=acting_user, before={"password": "***"}, after={"password": "changed"})


def do_grant_role(*, acting_user: User | None, user: User, **fields: Any) -> RoleAssignment:
    candidate = RoleAssignment(user=user, **fields)
    candidate.clean()
    duplicate = RoleAssignment.objects.filter(
        user=user,
        role=candidate.role,
        collaboration=candidate.collaboration,
        member=candidate.member,
        department=candidate.department,
        unit=candidate.unit,
    )
    if duplicate.exists():
        raise ValidationError(_("The user already has this role with this scope."))
    fields["member"] = candidate.member
    assignment = create_object(RoleAssignment, acting_user=acting_user, user=user, **fields)
    policy.forget(user)
    return assignment


def do_revoke_role(assignment: RoleAssignment, *, acting_user: User | None) -> None:
    delete_object(assignment, acting_user=acting_user, expected_version=SYSTEM)
    policy.forget(assignment.user)


def do_create_api_token(
    *, acting_user: User | None, user: User, name: str, expires: datetime.datetime | None
) -> tuple[ApiToken, str]:
    """A new named token for ``user``; returns it with its key, which is never stored."""
    key = tokens.generate_key()
    with transaction.atomic():
        token = ApiToken(
            user=user, name=name, key_hash=tokens.hash_key(key), prefix=key[: tokens.SHOWN_CHARACTERS], expires=expires
        )
        token.full_clean()
        token.save(force_insert=True)
        audit.record("create", token, acting_user=acting_user, after=audit.snapshot(token))
    return token, key


def do_revoke_api_token(token: ApiToken, *, acting_user: User | None) -> None:
    """The token stops working at once; revoking a revoked token changes nothing."""
    with transaction.atomic():
        current = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
        if current.revoked is not None:
            return
        before = audit.snapshot(current)
        current.revoked = timezone.now()
        current.save(update_fields=["revoked"])
        audit.record("update", current, acting_user=acting_user, before=before, after=audit.snapshot(current))
    token.revoked = current.revoked


def note_api_token_use(token: ApiToken, *, now: datetime.datetime) -> None:
    """Bookkeeping, not audited (like ``last_login``): ``last_used`` is written at most
    once per ``SAMDRIFT_API_TOKEN_USE_INTERVAL`` seconds, not on every request."""
    interval = datetime.timedelta(seconds=settings.SAMDRIFT_API_TOKEN_USE_INTERVAL)
    if token.last_used is not None and now - token.last_used < interval:
        return
    stale = Q(last_used__isnull=True) | Q(last_used__lt=now - interval)
    ApiToken.objects.filter(stale, pk=token.pk).update(last_used=now)
    token.last_used = now


def do_record_login_lock(*, username: str, ip_address: str | None, failures: int) -> None:
    """Audit that ``username`` is locked out from ``ip_address`` (django-axes locked it).

    The row is about the user when one has that username (so their administrators see
    it), otherwise about the attempt record, which only superusers see in the audit log.
    """
    target: Any = User.objects.filter(username=username).first()
    if target is None:
        target = AccessAttempt.objects.filter(username=username, ip_address=ip_address).first()
        if target is None:
            return
    with transaction.atomic():
        audit.record(
            "update",
            target,
            acting_user=None,
            before={"login_locked": False},
            after={"login_locked": True, "ip_address": ip_address, "failed_logins": failures},
        )


def do_unlock_login(*, acting_user: User | None, username: str, ip_address: str | None = None) -> int:
    """Lift the locks of ``username`` (from one address, or all): the failures counted for
    it are forgotten and it may log in again at once. Returns how many locks were lifted."""
    from . import lockout

    with transaction.atomic():
        attempts = AccessAttempt.objects.filter(username=username)
        if ip_address is not None:
            attempts = attempts.filter(ip_address=ip_address)
        pks = list(attempts.select_for_update().values_list("pk", flat=True))
        locked = list(lockout.active_locks().filter(pk__in=pks))
        user = User.objects.filter(username=username).first()
        for lock in locked:
            audit.record(
                "update",
                user or lock,
                acting_user=acting_user,
                before={
                    "login_locked": True,
                    "ip_address": lock.ip_address,
                    "failed_logins": lock.failures_since_start,
                },
                after={"login_locked": False, "ip_address": lock.ip_address, "failed_logins": 0},
            )
        AccessAttempt.objects.filter(pk__in=pks).delete()
    return len(locked)


# ---------------------------------------------------------------------------------------
# Single sign-on (OpenID Connect; docs/sso.md)
# ---------------------------------------------------------------------------------------


class SSORefused(Exception):
    """The identity provider signed the person in, but Samdrift cannot let them in."""


def _saml_keys(fields: dict[str, Any], current: IdentityProvider | None = None) -> dict[str, str]:
    """A new SP key pair for a provider that becomes SAML without one (the key encrypted)."""
    protocol = fields.get("protocol", current.protocol if current else Protocol.OIDC)
    if protocol != Protocol.SAML or (current is not None and current.saml_sp_certificate):
        return {}
    from . import saml

    key, certificate = saml.generate_keypair(str(fields.get("slug") or (current.slug if current else "")))
    return {"saml_sp_key_encrypted": secrets.encrypt(key), "saml_sp_certificate": certificate}


def do_create_identity_provider(
    *, acting_user: User | None, client_secret: str = "", **fields: Any
) -> IdentityProvider:
    """A new OpenID Connect or SAML provider; a SAML provider gets its own SP key pair."""
    if fields.get("member") is not None:
        fields["collaboration"] = fields["member"].collaboration
    return create_object(
        IdentityProvider,
        acting_user=acting_user,
        client_secret_encrypted=secrets.encrypt(client_secret),
        **fields,
        **_saml_keys(fields),
    )


def do_update_identity_provider(
    provider: IdentityProvider,
    *,
    acting_user: User | None,
    expected_version: ExpectedVersion,
    client_secret: str = "",
    **changes: Any,
) -> IdentityProvider:
    """Change a provider; an empty ``client_secret`` keeps the stored one (audited as changed).
    A provider that becomes SAML gets a key pair; its key pair is kept otherwise."""
    with transaction.atomic():
        keys = _saml_keys(changes, provider)
        updated = update_object(provider, acting_user=acting_user, expected_version=expected_version, **changes)
        if client_secret or keys:
            stored = {"client_secret_encrypted": secrets.encrypt(client_secret)} if client_secret else {}
            IdentityProvider.objects.filter(pk=updated.pk).update(**stored, **keys, version=updated.version + 1)
            names = (["client_secret"] if stored else []) + (["saml_key"] if keys else [])
            audit.record(
                "update",
                updated,
                acting_user=acting_user,
                before=dict.fromkeys(names, "***"),
                after=dict.fromkeys(names, "changed"),
            )
            updated.refresh_from_db()
    return updated


def do_delete_identity_provider(
    provider: IdentityProvider, *, acting_user: User | None, expected_version: ExpectedVersion
) -> None:
    delete_object(provider, acting_user=acting_user, expected_version=expected_version)


def do_rotate_provider_secrets() -> int:
    """Re-encrypt the client secrets and SAML keys with the first configured key."""
    changed = 0
    for provider in IdentityProvider.objects.exclude(client_secret_encrypted="", saml_sp_key_encrypted=""):
        rotated = {
            field: secrets.rotate(getattr(provider, field))
            for field in ("client_secret_encrypted", "saml_sp_key_encrypted")
            if getattr(provider, field) and secrets.needs_rotation(getattr(provider, field))
        }
        if rotated:
            IdentityProvider.objects.filter(pk=provider.pk).update(**rotated)
            changed += 1
    return changed


def _department_from(provider: IdentityProvider, claims: dict[str, Any]) -> Department | None:
    if not provider.department_claim:
        return None
    value = claims.get(provider.department_claim)
    if isinstance(value, list):
        value = value[0] if value else None
    if not value:
        return None
    value = str(value).strip()
    departments = Department.objects.filter(member=provider.member, is_active=True)
    return departments.filter(code__iexact=value).first() or departments.filter(name__iexact=value).first()


def do_sso_login(provider: IdentityProvider, claims: dict[str, Any]) -> User:
    """The user a verified OpenID Connect login stands for: found by the provider's
    subject, else linked by e-mail within the provider's member, else created there (with
    the requester role) when the provider may create users. Raises ``SSORefused``."""
    subject = str(claims.get("sub") or "")
    if not subject:
        raise SSORefused(_("The identity provider sent no subject."))
    email = str(claims.get("email") or "").strip().lower()
    if claims.get("email_verified") is False:
        email = ""
    department = _department_from(provider, claims)
    with transaction.atomic():
        identity = ExternalIdentity.objects.select_related("user").filter(provider=provider, subject=subject).first()
        user = identity.user if identity else _link_or_create(provider, subject, email, claims, department)
        if not user.is_active:
            raise SSORefused(_("Your account in Samdrift is deactivated."))
        if user.member_id != provider.member_id:
            raise SSORefused(_("Your account belongs to another member than this identity provider."))
        if department is not None and user.department_id != department.pk:
            user = update_object(user, acting_user=None, expected_version=SYSTEM, department=department)
        ExternalIdentity.objects.filter(provider=provider, subject=subject).update(last_login=timezone.now())
        audit.record(
            "update", user, acting_user=user, before={}, after={"signed_in_with": provider.slug, "subject": subject}
        )
    return user


def _link_or_create(
    provider: IdentityProvider, subject: str, email: str, claims: dict[str, Any], department: Department | None
) -> User:
    user = None
    if email:
        same = User.objects.filter(email__iexact=email)
        user = same.filter(member=provider.member).order_by("pk").first()
        if user is None and same.exclude(member=provider.member).exists():
            raise SSORefused(_("Your e-mail address belongs to a user of another member."))
    if user is None:
        if not provider.create_users:
            raise SSORefused(_("There is no user for you in Samdrift. Ask an administrator to add you."))
        username = (email or f"{provider.slug}.{subject}")[:150]
        if User.objects.filter(username=username).exists():
            username = f"{provider.slug}.{subject}"[:150]
        user = do_create_user(
            acting_user=None,
            username=username,
            email=email,
            first_name=str(claims.get("given_name") or "")[:150],
            last_name=str(claims.get("family_name") or "")[:150],
            member=provider.member,
            department=department,
        )
        scope: dict[str, Any] = {"department": department} if department else {"member": provider.member}
        do_grant_role(
            acting_user=None, user=user, role=Role.REQUESTER, collaboration=provider.member.collaboration, **scope
        )
    ExternalIdentity.objects.create(provider=provider, user=user, subject=subject)
    return user
