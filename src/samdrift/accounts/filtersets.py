import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from samdrift.core.filtersets import ScopedFilterSet, visible
from samdrift.tenancy.models import Department, Member

from .choices import Role
from .models import IdentityProvider, User


class UserFilterSet(ScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search")
    member = filters.ModelChoiceFilter(label=_("Member"), queryset=visible(Member))
    department = filters.ModelChoiceFilter(label=_("Department"), queryset=visible(Department))
    role = filters.ChoiceFilter(label=_("Role"), choices=Role.choices, method="with_role")
    is_active = filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = User
        fields = ["q", "member", "department", "role", "is_active"]

    def search(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        return queryset.filter(
            Q(username__icontains=value)
            | Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(email__icontains=value)
        )

    def with_role(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        return queryset.filter(role_assignments__role=value).distinct()


class IdentityProviderFilterSet(ScopedFilterSet):
    class Meta:
        model = IdentityProvider
        fields = ["member", "is_active"]
