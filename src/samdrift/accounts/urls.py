from django.urls import path

from samdrift.core.urls_helpers import object_urls

from . import views
from .models import IdentityProvider, User

app_name = "accounts"

urlpatterns = [
    *object_urls(
        User,
        {
            "list": views.UserListView,
            "detail": views.UserDetailView,
            "edit": views.UserEditView,
            "history": views.UserHistoryView,
        },
    ),
    path("users/<int:pk>/roles/add/", views.RoleGrantView.as_view(), name="role_grant"),
    path("users/<int:pk>/roles/<int:assignment_pk>/revoke/", views.RoleRevokeView.as_view(), name="role_revoke"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("profile/tokens/<int:pk>/revoke/", views.TokenRevokeView.as_view(), name="token_revoke"),
    path("lockouts/", views.LockoutListView.as_view(), name="lockout_list"),
    path("lockouts/<int:pk>/unlock/", views.LockoutUnlockView.as_view(), name="lockout_unlock"),
    path("sso/<slug:slug>/login/", views.SSOLoginView.as_view(), name="sso_login"),
    path("sso/<slug:slug>/callback/", views.SSOCallbackView.as_view(), name="sso_callback"),
    path("sso/<slug:slug>/saml/metadata/", views.SAMLMetadataView.as_view(), name="saml_metadata"),
    path("sso/<slug:slug>/saml/acs/", views.SAMLAssertionConsumerView.as_view(), name="saml_acs"),
    *object_urls(
        IdentityProvider,
        {
            "list": views.IdentityProviderListView,
            "detail": views.IdentityProviderDetailView,
            "edit": views.IdentityProviderEditView,
            "delete": views.IdentityProviderDeleteView,
            "history": views.IdentityProviderHistoryView,
        },
    ),
]
