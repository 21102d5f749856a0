from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from samdrift.core import access
from samdrift.core import views as generic
from samdrift.core.tables import Column
from samdrift.tenancy.models import Collaboration, Department, Member, Unit

from . import actions, filtersets, forms, lockout, policy, saml, sso, tokens
from .choices import Protocol, Role
from .models import ApiToken, IdentityProvider, RoleAssignment, User
from .policy import signed_in


class UserListView(generic.ObjectListView):
    model = User
    select_related = ("member", "department__member")
    filterset_class = filtersets.UserFilterSet
    columns = [
        Column("username", link=True),
        Column("get_full_name", gettext_lazy("Name")),
        Column("email"),
        Column("member"),
        Column("department"),
        Column("is_active"),
    ]


class UserDetailView(generic.ObjectDetailView):
    model = User
    select_related = ("collaboration", "member", "department")
    template_name = "accounts/user_detail.html"
    fields = [*User.PROFILE_FIELDS, "last_login"]

    def related_tables(self, obj: Any) -> list[generic.RelatedTable]:
        return [
            generic.RelatedTable(
                gettext_lazy("Roles"),
                RoleAssignment,
                [Column("role"), Column("scope_label", gettext_lazy("Scope")), Column("unit")],
                list(
                    RoleAssignment.objects.visible_to(self.request.user)
                    .filter(user=obj)
                    .select_related("collaboration", "member", "department__member", "unit")
                ),
            )
        ]

    def extra_context(self, obj: Any) -> dict[str, Any]:
        locks = [lock for lock, target in lockout.unlockable_by(self.request.user) if target == obj]
        return {"login_locks": locks}


class UserEditView(generic.ObjectEditView):
    model = User
    form_class = forms.UserForm
    create_action = actions.do_create_user
    update_action = actions.do_update_user


class UserHistoryView(generic.ObjectHistoryView):
    model = User


class RoleGrantView(LoginRequiredMixin, View):
    """Grant a role to a user (POST), or show the form (GET)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            self.target = access.get_visible_or_404(User, request.user, pk=kwargs["pk"])
            if not policy.can_manage(request.user, self.target):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        initial = {"collaboration": self.target.collaboration_id, "member": self.target.member_id}
        return self.render(forms.RoleAssignmentForm(user=request.user, initial=initial))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = forms.RoleAssignmentForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            wanted = policy.Assignment(
                data["role"],
                data["collaboration"].pk,
                (data["department"].member_id if data["department"] else data["member"] and data["member"].pk),
                data["department"] and data["department"].pk,
                data["unit"] and data["unit"].pk,
            )
            if not policy.grantable(request.user, wanted):
                form.add_error(None, _("You can only grant roles within your own administrative scope."))
                return self.render(form, status=403)
            try:
                actions.do_grant_role(acting_user=signed_in(request), user=self.target, **data)
            except ValidationError as exc:
                generic.apply_errors(form, exc)
            else:
                messages.success(request, _("The role was granted."))
                return HttpResponseRedirect(self.target.get_absolute_url())
        return self.render(form, status=400)

    def render(self, form: forms.RoleAssignmentForm, status: int = 200) -> HttpResponse:
        context = {"form": form, "object": self.target, "title": _("Grant a role to %(user)s") % {"user": self.target}}
        return render(self.request, "accounts/role_grant.html", context, status=status)


class RoleRevokeView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
        target = access.get_visible_or_404(User, request.user, pk=pk)
        assignment = access.get_visible_or_404(RoleAssignment, request.user, pk=assignment_pk, user=target)
        if not policy.can_manage(request.user, assignment):
            raise PermissionDenied
        actions.do_revoke_role(assignment, acting_user=signed_in(request))
        messages.success(request, _("The role was removed."))
        return HttpResponseRedirect(target.get_absolute_url())


class LoginView(auth_views.LoginView):
    """Django's login view; a login locked by too many failures answers 429 with the message."""

    form_class = forms.LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"providers": sso.active_providers()}

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if lockout.is_locked(self.request):
            seconds = lockout.seconds_left(self.request, form.cleaned_data.get("username"))
            response.status_code = 429
            response["Retry-After"] = str(seconds)
        return response


class ProfileView(LoginRequiredMixin, View):
    """The signed-in user's own page: roles, API tokens and password."""

    def me(self) -> User:
        return signed_in(self.request)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render()

    def post(self, request: HttpRequest) -> HttpResponse:
        user = self.me()
        if "create_token" in request.POST:
            token_form = forms.ApiTokenForm(request.POST)
            if not token_form.is_valid():
                return self.render(token_form=token_form, status=400)
            data = token_form.cleaned_data
            token, key = actions.do_create_api_token(
                acting_user=user, user=user, name=data["name"], expires=tokens.expiry_from_date(data["expires"])
            )
            messages.success(request, _("The API token was created. Copy it now: it is shown only once."))
            return self.render(new_token=(token, key))
        form = PasswordChangeForm(user, request.POST)
        if form.is_valid():
            try:
                actions.do_set_password(user, acting_user=user, password=form.cleaned_data["new_password1"])
            except ValidationError as exc:
                form.add_error("new_password2", exc)
            else:
                update_session_auth_hash(request, user)
                messages.success(request, _("Your password was changed."))
                return HttpResponseRedirect(reverse("accounts:profile"))
        return self.render(password_form=form, status=400)

    def render(
        self,
        password_form: PasswordChangeForm | None = None,
        token_form: forms.ApiTokenForm | None = None,
        new_token: tuple[ApiToken, str] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        user = self.me()
        context = {
            "password_form": password_form or PasswordChangeForm(user),
            "token_form": token_form or forms.ApiTokenForm(),
            "assignments": RoleAssignment.objects.filter(user=user).select_related(
                "collaboration", "member", "department__member", "unit"
            ),
            "tokens": ApiToken.objects.visible_to(user).filter(revoked__isnull=True),
            "new_token": new_token,
        }
        return render(self.request, "accounts/profile.html", context, status=status)


class HomeView(LoginRequiredMixin, View):
    """The start page: who you are, where you work and what you can reach."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        context = {
            "assignments": RoleAssignment.objects.filter(user_id=user.pk or 0).select_related(
                "collaboration", "member", "department__member", "unit"
            ),
            "collaborations": Collaboration.objects.visible_to(user),
            "counts": [
                (_("Members"), Member.objects.visible_to(user).count(), reverse("tenancy:member_list")),
                (_("Departments"), Department.objects.visible_to(user).count(), reverse("tenancy:department_list")),
                (_("Units"), Unit.objects.visible_to(user).count(), reverse("tenancy:unit_list")),
            ],
        }
        return render(request, "core/home.html", context)


class TokenRevokeView(LoginRequiredMixin, View):
    """Revoke one of your own API tokens; anyone else's answers 404."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = get_object_or_404(ApiToken.objects.visible_to(request.user), pk=pk, revoked__isnull=True)
        actions.do_revoke_api_token(token, acting_user=signed_in(request))
        messages.success(request, _("The API token %(name)s was revoked.") % {"name": token.name})
        return HttpResponseRedirect(reverse("accounts:profile"))


class LockoutListView(LoginRequiredMixin, View):
    """Administrators: the logins locked by too many failures that they may unlock."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not policy.has_any_role(request.user, {Role.ADMINISTRATOR}):
            raise PermissionDenied
        context = {
            "locks": lockout.unlockable_by(request.user),
            "limit": settings.AXES_FAILURE_LIMIT,
            "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        }
        return render(request, "accounts/lockout_list.html", context)


class LockoutUnlockView(LoginRequiredMixin, View):
    """Unlock one locked username + address (POST); audited. Out of reach answers 404."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        locks = {lock.pk: lock for lock, _target in lockout.unlockable_by(request.user)}
        if pk not in locks:
            raise Http404
        lock = locks[pk]
        actions.do_unlock_login(
            acting_user=signed_in(request), username=lock.username or "", ip_address=lock.ip_address
        )
        messages.success(
            request,
            _("The login of %(username)s from %(address)s was unlocked.")
            % {"username": lock.username, "address": lock.ip_address},
        )
        back = request.POST.get("next", "")
        if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            return HttpResponseRedirect(back)
        return HttpResponseRedirect(reverse("accounts:lockout_list"))


# ---------------------------------------------------------------------------------------
# Identity providers and single sign-on (docs/sso.md)
# ---------------------------------------------------------------------------------------


class IdentityProviderListView(generic.ObjectListView):
    model = IdentityProvider
    select_related = ("member",)
    filterset_class = filtersets.IdentityProviderFilterSet
    columns = [Column("name", link=True), Column("member"), Column("issuer"), Column("is_active")]


class IdentityProviderDetailView(generic.ObjectDetailView):
    model = IdentityProvider
    select_related = ("member", "collaboration")
    fields = [
        "name",
        "slug",
        "member",
        "protocol",
        "issuer",
        "client_id",
        "scopes",
        "saml_metadata_url",
        "saml_entity_id",
        "saml_subject_attribute",
        "department_claim",
        "create_users",
        "is_active",
    ]
    template_name = "accounts/identityprovider_detail.html"


class IdentityProviderEditView(generic.ObjectEditView):
    model = IdentityProvider
    form_class = forms.IdentityProviderForm
    create_action = actions.do_create_identity_provider
    update_action = actions.do_update_identity_provider


class IdentityProviderDeleteView(generic.ObjectDeleteView):
    model = IdentityProvider
    delete_action = actions.do_delete_identity_provider


class IdentityProviderHistoryView(generic.ObjectHistoryView):
    model = IdentityProvider


def _provider(slug: str, protocol: str | None = None) -> IdentityProvider:
    providers = sso.active_providers()
    return get_object_or_404(providers.filter(protocol=protocol) if protocol else providers, slug=slug)


class SSOLoginView(View):
    """Send the browser to the member's identity provider (no login needed, no tenant data)."""

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        provider = _provider(slug)
        target = request.GET.get("next", "")
        allowed = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
        request.session["sso_next"] = target if allowed else ""
        try:
            return saml.start(request, provider) if provider.is_saml else sso.start(request, provider)
        except Exception as exc:  # the provider's metadata cannot be read
            return _sso_failed(request, _("The identity provider cannot be reached: %(error)s") % {"error": exc}, 502)


class SSOCallbackView(View):
    """The OpenID Connect provider's answer: verify it, find or create the user, sign in."""

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        provider = _provider(slug, Protocol.OIDC)
        if "error" in request.GET:
            message = request.GET.get("error_description") or request.GET["error"]
            return _sso_failed(request, _("The identity provider refused: %(error)s") % {"error": message[:200]}, 403)
        try:
            claims = sso.finish(request, provider)
        except Exception as exc:  # bad state, code or token: never a 500
            return _sso_failed(request, _("The sign-in could not be verified: %(error)s") % {"error": exc}, 400)
        return _sign_in(request, provider, claims)


class SAMLMetadataView(View):
    """Samdrift's SAML metadata for one provider: what its IdP or federation registers."""

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        provider = _provider(slug, Protocol.SAML)
        try:
            metadata = saml.sp_metadata(request, provider)
        except saml.SAMLError as exc:
            return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
        return HttpResponse(metadata, content_type="application/samlmetadata+xml; charset=utf-8")


@method_decorator(csrf_exempt, name="dispatch")
class SAMLAssertionConsumerView(View):
    """The SAML IdP's answer (HTTP-POST binding; the IdP's page posts it, hence no CSRF
    token: the answer must match a request this browser's session started instead).

    The session cookie is SameSite=Lax, so a browser does not send it with the IdP's
    cross-site POST. Without it the answer is posted once more from a page of Samdrift's
    own (same site, so the cookie comes along); ``continued`` marks that second post.
    """

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        provider = _provider(slug, Protocol.SAML)
        answer = request.POST.get("SAMLResponse", "")
        if not answer:
            return _sso_failed(request, _("The identity provider sent no SAML response."), 400)
        if not saml.has_outstanding(request, provider):
            if request.POST.get("continued"):
                return _sso_failed(
                    request,
                    _("This sign-in was not started in this browser, or it was used already. Log in again."),
                    400,
                )
            response = render(request, "accounts/saml_continue.html", {"provider": provider, "answer": answer})
            response["Cache-Control"] = "no-store"
            return response
        try:
            claims = saml.finish(request, provider, answer)
        except saml.Refused as exc:
            return _sso_failed(request, str(exc), 403)
        except saml.SAMLError as exc:
            return _sso_failed(request, str(exc), 400)
        return _sign_in(request, provider, claims)


def _sign_in(request: HttpRequest, provider: IdentityProvider, claims: dict[str, Any]) -> HttpResponse:
    try:
        user = actions.do_sso_login(provider, claims)
    except actions.SSORefused as exc:
        return _sso_failed(request, str(exc), 403)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    target = request.session.pop("sso_next", "") or reverse(settings.LOGIN_REDIRECT_URL)
    return HttpResponseRedirect(target)


def _sso_failed(request: HttpRequest, message: str, status: int) -> HttpResponse:
    context = {"form": forms.LoginForm(request), "sso_error": message, "providers": sso.active_providers()}
    return render(request, "registration/login.html", context, status=status)
