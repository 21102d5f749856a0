"""Users and their role assignments, each scoped to a collaboration, member or department."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samdrift.core import access
from samdrift.core.models import DomainModel
from samdrift.core.querysets import ScopedManager, ScopedQuerySet
from samdrift.core.tenancy import TenantPaths
from samdrift.tenancy.models import Collaboration, Department, Member, Unit

from .choices import Protocol, Role, ScopeLevel


class SamdriftUserManager(UserManager["User"]):
    def get_queryset(self) -> ScopedQuerySet[User]:
        return ScopedQuerySet(self.model, using=self._db)

    def visible_to(self, user: Any) -> ScopedQuerySet[User]:
        return self.get_queryset().filter(access.visibility_q(user, self.model) | models.Q(pk=user.pk))


class User(AbstractUser):
    """A person who signs in: a member's employee, or staff of the shared organisation.

    ``collaboration``/``member``/``department`` say where the person works (who owns the
    user record); what the person may do comes from their role assignments.
    """

    collaboration = models.ForeignKey(
        Collaboration,
        verbose_name=_("collaboration"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    title = models.CharField(_("job title"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    # The fields an administrator edits and everyone with access reads.
    PROFILE_FIELDS = (
        "username",
        "first_name",
        "last_name",
        "email",
        "title",
        "phone",
        "collaboration",
        "member",
        "department",
        "is_active",
    )

    objects = SamdriftUserManager()  # type: ignore[misc]
    tenant_paths = TenantPaths(collaboration="collaboration", member="member", department="department")
    audit_exclude = frozenset({"password", "last_login", "date_joined"})

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:user_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.department is not None:
            self.member = self.department.member
        if self.member is not None:
            self.collaboration = self.member.collaboration


class RoleAssignment(DomainModel):
    """One role for one user, valid in the whole collaboration, one member or one department."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty for the whole collaboration."),
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Limits the role to one department of the member."),
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For agents and unit leads: the unit they work in."),
    )

    objects = ScopedQuerySet.as_manager()
    tenant_paths = TenantPaths(collaboration="collaboration", member="member", department="department")

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "collaboration", "member", "department", "unit"],
                name="roleassignment_unique",
            ),
        ]

    def __str__(self) -> str:
        unit = f" ({self.unit})" if self.unit_id else ""
        return f"{self.get_role_display()} · {self.scope_label}{unit}"

    @property
    def level(self) -> ScopeLevel:
        if self.department_id:
            return ScopeLevel.DEPARTMENT
        if self.member_id:
            return ScopeLevel.MEMBER
        return ScopeLevel.COLLABORATION

    @property
    def scope_label(self) -> str:
        if self.department_id:
            return str(self.department)
        if self.member_id:
            return str(self.member)
        return str(self.collaboration)

    def clean(self) -> None:
        department, unit = self.department, self.unit
        if department is not None:
            self.member = department.member
        member = self.member
        if member is not None and self.collaboration_id and member.collaboration_id != self.collaboration_id:
            raise ValidationError({"member": _("The member must belong to the collaboration.")})
        if unit is not None and self.collaboration_id and unit.collaboration_id != self.collaboration_id:
            raise ValidationError({"unit": _("The unit must belong to the collaboration.")})
        if self.role in (Role.AGENT, Role.UNIT_LEAD) and not self.unit_id:
            raise ValidationError({"unit": _("Agents and unit leads work in a unit: choose one.")})


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def visible_to(self, user: Any) -> ApiTokenQuerySet:
        """Tokens are personal: everyone sees only their own, administrators included."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user_id=user.pk)

    def usable(self) -> ApiTokenQuerySet:
        """Neither revoked nor expired."""
        return self.filter(revoked__isnull=True).filter(
            models.Q(expires__isnull=True) | models.Q(expires__gt=timezone.now())
        )


class ApiToken(models.Model):
    """A named API token of one user, for ``Authorization: Token <key>``.

    Only the SHA-256 of the key is stored (``key_hash``); the key itself is shown once, when
    the token is created. ``prefix`` (the key's first characters) lets the owner tell their
    tokens apart. A token works until ``expires`` (none: until revoked) and while its user
    is active; ``last_used`` is written at most once a minute. Revoking sets ``revoked``:
    the row stays, for the audit log's sake, and never works again.
    """

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    expires = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()
    # Audit rows are scoped like the owner, so the owner's administrators see them.
    tenant_paths = TenantPaths(
        collaboration="user__collaboration", member="user__member", department="user__department"
    )
    audit_exclude = frozenset({"key_hash", "last_used"})

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires is not None and self.expires <= timezone.now()


def signed_in(request: Any) -> User:
    """The request's user as a ``User``; views behind LoginRequiredMixin always have one."""
    user = request.user
    if not isinstance(user, User):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return user


class IdentityProvider(DomainModel):
    """An identity provider of one member: OpenID Connect (its Entra ID, for example) or
    SAML 2.0 (its own IdP, or an IdP of a federation).

    Whoever it signs in is let in as a user of that member: an existing user is linked (by
    the provider's subject, or on the first login by e-mail within the member), a new one
    is created when ``create_users`` is on. What the user may do still comes only from
    Samdrift's role assignments. The client secret and the SAML signing key are stored
    encrypted; the SAML certificate is public (it is in Samdrift's metadata).
    """

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.PROTECT, related_name="identity_providers"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="identity_providers"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("Shown on the login page: “Log in with …”."))
    slug = models.SlugField(_("short name"), max_length=50, unique=True, help_text=_("Part of the sign-in address."))
    protocol = models.CharField(_("protocol"), max_length=10, choices=Protocol.choices, default=Protocol.OIDC)
    issuer = models.URLField(
        _("issuer"),
        blank=True,
        help_text=_(
            "OpenID Connect: the provider's issuer URL; its metadata is read from /.well-known/openid-configuration."
        ),
    )
    client_id = models.CharField(_("client ID"), max_length=200, blank=True)
    client_secret_encrypted = models.TextField(_("client secret (encrypted)"), blank=True, editable=False)
    scopes = models.CharField(_("scopes"), max_length=200, default="openid email profile", blank=True)
    saml_metadata_url = models.URLField(
        _("IdP metadata URL"),
        blank=True,
        max_length=500,
        help_text=_("SAML: where the IdP's metadata is read at each sign-in. Or paste the metadata below."),
    )
    saml_metadata = models.TextField(
        _("IdP metadata (XML)"), blank=True, help_text=_("SAML: the IdP's metadata, when it is not read from a URL.")
    )
    saml_entity_id = models.CharField(
        _("IdP entity ID"),
        max_length=500,
        blank=True,
        help_text=_("SAML: which IdP of the metadata signs people in. Needed when the metadata names several."),
    )
    saml_subject_attribute = models.CharField(
        _("subject attribute"),
        max_length=200,
        blank=True,
        help_text=_(
            "SAML: an attribute that names a person for good (e.g. “subject-id” or “eduPersonPrincipalName”). "
            "Empty: the NameID."
        ),
    )
    saml_sp_key_encrypted = models.TextField(_("SAML signing key (encrypted)"), blank=True, editable=False)
    saml_sp_certificate = models.TextField(_("SAML certificate"), blank=True, editable=False)
    department_claim = models.CharField(
        _("department claim"),
        max_length=100,
        blank=True,
        help_text=_(
            "A claim (SAML: an attribute) whose value is a department's code or name in the member, e.g. “department”."
        ),
    )
    create_users = models.BooleanField(
        _("create users on first login"),
        default=True,
        help_text=_("Otherwise only existing users of the member (by e-mail) may sign in."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedManager["IdentityProvider"]()
    tenant_paths = TenantPaths("collaboration", "member")
    audit_exclude = frozenset({"client_secret_encrypted", "saml_sp_key_encrypted"})
    label_related = ("member",)

    class Meta:
        ordering = ["name"]
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:identityprovider_detail", args=[self.pk])

    @property
    def is_saml(self) -> bool:
        return self.protocol == Protocol.SAML

    def clean(self) -> None:
        if self.member_id is not None:
            self.collaboration_id = self.member.collaboration_id
        self.issuer = (self.issuer or "").rstrip("/")
        errors: dict[str, Any] = {}
        if self.protocol == Protocol.SAML:
            if not (self.saml_metadata_url or self.saml_metadata.strip()):
                errors["saml_metadata"] = _("Give the IdP's metadata URL or paste its metadata.")
            elif self.saml_metadata.strip():
                from . import saml  # pysaml2 is loaded only for SAML providers

                try:
                    self.saml_entity_id = saml.idp_entity_id(self.saml_metadata, self.saml_entity_id)
                except saml.MetadataError as exc:
                    errors["saml_metadata"] = str(exc)
        else:
            if not self.issuer:
                errors["issuer"] = _("An OpenID Connect provider needs its issuer URL.")
            if not self.client_id:
                errors["client_id"] = _("An OpenID Connect provider needs a client ID.")
        if errors:
            raise ValidationError(errors)


class ExternalIdentity(models.Model):
    """A user's identity at an identity provider (its ``sub``): how a later login finds
    the same user even when the e-mail address changes."""

    provider = models.ForeignKey(
        IdentityProvider, verbose_name=_("identity provider"), on_delete=models.CASCADE, related_name="identities"
    )
    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="external_identities")
    subject = models.CharField(_("subject"), max_length=255)
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_login = models.DateTimeField(_("last login"), null=True, blank=True)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [models.UniqueConstraint(fields=["provider", "subject"], name="externalidentity_unique_subject")]

    def __str__(self) -> str:
        return f"{self.provider}: {self.subject}"
