import datetime
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samdrift.core.querysets import with_label_related
from samdrift.core.views import VersionedForm
from samdrift.tenancy.models import Collaboration, Department, Member, Unit

from . import lockout, tokens
from .choices import Protocol, Role
from .models import IdentityProvider, User


class UserForm(VersionedForm):
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        required=False,
        help_text=password_validators_help_text_html(),
    )

    class Meta:
        model = User
        fields = list(User.PROFILE_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["password"]

    def changes(self) -> dict[str, Any]:
        values = super().changes()
        if self.cleaned_data.get("password"):
            values["password"] = self.cleaned_data["password"]
        return values


class RoleAssignmentForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    collaboration = forms.ModelChoiceField(label=_("Collaboration"), queryset=Collaboration.objects.none())
    member = forms.ModelChoiceField(
        label=_("Member"),
        queryset=Member.objects.none(),
        required=False,
        help_text=_("Leave empty for the whole collaboration."),
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        required=False,
        help_text=_("Limits the role to one department."),
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("For agents and unit leads: the unit they work in."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collaboration"].queryset = Collaboration.objects.visible_to(user)  # type: ignore[attr-defined]
        self.fields["member"].queryset = Member.objects.visible_to(user)  # type: ignore[attr-defined]
        self.fields["department"].queryset = with_label_related(Department.objects.visible_to(user))  # type: ignore[attr-defined]
        self.fields["unit"].queryset = Unit.objects.visible_to(user)  # type: ignore[attr-defined]


class LoginForm(AuthenticationForm):
    """Django's login form, which says so when django-axes has locked the login."""

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        from .sso import local_login_allowed

        if not local_login_allowed(user):
            raise ValidationError(
                _("Your organisation signs in through its identity provider. Use the button below."),
                code="sso_required",
            )

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError:
            if lockout.is_locked(self.request):
                seconds = lockout.seconds_left(self.request, self.cleaned_data.get("username"))
                raise ValidationError(lockout.message(seconds), code="locked_out") from None
            raise


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. the script or system that uses it.")
    )
    expires = forms.DateField(
        label=_("Expires"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The token works through this day. Leave empty for a token that works until you revoke it."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expires"].initial = tokens.default_expiry_date()

    def clean_expires(self) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data.get("expires")
        if day is not None and day < timezone.localdate():
            raise ValidationError(_("Choose today or a later day."), code="past")
        return day


class IdentityProviderForm(VersionedForm):
    """An identity provider's settings. The client secret is write-only."""

    client_secret = forms.CharField(
        label=_("client secret"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Stored encrypted. Leave empty to keep the current secret."),
    )

    class Meta:
        model = IdentityProvider
        fields = [
            "member",
            "name",
            "slug",
            "protocol",
            "issuer",
            "client_id",
            "client_secret",
            "scopes",
            "saml_metadata_url",
            "saml_metadata",
            "saml_entity_id",
            "saml_subject_attribute",
            "department_claim",
            "create_users",
            "is_active",
        ]
        widgets = {"saml_metadata": forms.Textarea(attrs={"rows": 6, "spellcheck": "false"})}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("member") is not None:
            self.instance.collaboration = cleaned["member"].collaboration
        oidc = cleaned.get("protocol") == Protocol.OIDC
        if oidc and not cleaned.get("client_secret") and not self.instance.client_secret_encrypted:
            self.add_error("client_secret", _("An OpenID Connect provider needs its client secret."))
        return cleaned

    def changes(self) -> dict[str, Any]:
        changes = super().changes()
        changes["client_secret"] = self.cleaned_data.get("client_secret") or ""
        return changes
