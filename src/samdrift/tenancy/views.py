from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samdrift.core import access
from samdrift.core import views as generic
from samdrift.core.tables import Column

from . import actions, filtersets, forms
from .models import Collaboration, Department, Member, Population, Unit


# Collaborations
class CollaborationListView(generic.ObjectListView):
    model = Collaboration
    select_related = ("host_member",)
    filterset_class = filtersets.CollaborationFilterSet
    columns = [Column("name", link=True), Column("legal_form"), Column("host_member"), Column("start_date")]


class CollaborationDetailView(generic.ObjectDetailView):
    model = Collaboration
    select_related = ("host_member",)
    fields = ["name", "legal_form", "host_member", "start_date", "organisation_number", "description"]

    def related_tables(self, obj: Any) -> list[generic.RelatedTable]:
        user = self.request.user
        return [
            generic.RelatedTable(
                _("Members"),
                Member,
                [Column("name", link=True), Column("scb_code"), Column("joined_on"), Column("left_on")],
                list(Member.objects.visible_to(user).filter(collaboration=obj)),
                reverse("tenancy:member_add") + f"?collaboration={obj.pk}"
                if access.can_manage(user, Member(collaboration=obj))
                else None,
            ),
            generic.RelatedTable(
                _("Units"),
                Unit,
                [Column("name", link=True), Column("code"), Column("is_active")],
                list(Unit.objects.visible_to(user).filter(collaboration=obj)),
                reverse("tenancy:unit_add") + f"?collaboration={obj.pk}"
                if access.can_manage(user, Unit(collaboration=obj))
                else None,
            ),
        ]


class CollaborationEditView(generic.ObjectEditView):
    model = Collaboration
    form_class = forms.CollaborationForm
    create_action = actions.do_create_collaboration
    update_action = actions.do_update_collaboration


class CollaborationHistoryView(generic.ObjectHistoryView):
    model = Collaboration


# Members
class MemberListView(generic.ObjectListView):
    model = Member
    select_related = ("collaboration",)
    filterset_class = filtersets.MemberFilterSet
    columns = [
        Column("name", link=True),
        Column("scb_code"),
        Column("county", _("County")),
        Column("collaboration"),
        Column("joined_on"),
        Column("left_on"),
    ]


class MemberDetailView(generic.ObjectDetailView):
    model = Member
    select_related = ("collaboration",)
    fields = ["name", "scb_code", "county", "collaboration", "joined_on", "left_on"]
    labels = {"county": _("County")}

    def related_tables(self, obj: Any) -> list[generic.RelatedTable]:
        user = self.request.user
        return [
            generic.RelatedTable(
                _("Departments"),
                Department,
                [Column("name", link=True), Column("code"), Column("is_active")],
                list(Department.objects.visible_to(user).filter(member=obj)),
                reverse("tenancy:department_add") + f"?member={obj.pk}"
                if access.can_manage(user, Department(member=obj))
                else None,
            ),
            generic.RelatedTable(
                _("Population"),
                Population,
                [Column("year", link=True), Column("inhabitants"), Column("employees"), Column("reference_date")],
                list(Population.objects.visible_to(user).filter(member=obj)),
                reverse("tenancy:population_add") + f"?member={obj.pk}"
                if access.can_manage(user, Population(member=obj))
                else None,
            ),
        ]


class MemberEditView(generic.ObjectEditView):
    model = Member
    form_class = forms.MemberForm
    create_action = actions.do_create_member
    update_action = actions.do_update_member


class MemberHistoryView(generic.ObjectHistoryView):
    model = Member


# Population
class PopulationListView(generic.ObjectListView):
    model = Population
    select_related = ("member",)
    filterset_class = filtersets.PopulationFilterSet
    columns = [
        Column("member"),
        Column("year", link=True),
        Column("inhabitants"),
        Column("employees"),
        Column("reference_date"),
    ]


class PopulationDetailView(generic.ObjectDetailView):
    model = Population
    select_related = ("member",)
    fields = ["member", "year", "inhabitants", "employees", "reference_date", "source"]


class PopulationEditView(generic.ObjectEditView):
    model = Population
    form_class = forms.PopulationForm
    create_action = actions.do_record_population
    update_action = actions.do_update_population


class PopulationDeleteView(generic.ObjectDeleteView):
    model = Population
    delete_action = actions.do_delete_population


class PopulationHistoryView(generic.ObjectHistoryView):
    model = Population


# Departments
class DepartmentListView(generic.ObjectListView):
    model = Department
    select_related = ("member",)
    filterset_class = filtersets.DepartmentFilterSet
    columns = [Column("name", link=True), Column("code"), Column("member"), Column("is_active")]


class DepartmentDetailView(generic.ObjectDetailView):
    model = Department
    select_related = ("member",)
    fields = ["name", "code", "member", "is_active"]


class DepartmentEditView(generic.ObjectEditView):
    model = Department
    form_class = forms.DepartmentForm
    create_action = actions.do_create_department
    update_action = actions.do_update_department


class DepartmentDeleteView(generic.ObjectDeleteView):
    model = Department
    delete_action = actions.do_delete_department


class DepartmentHistoryView(generic.ObjectHistoryView):
    model = Department


# Units
class UnitListView(generic.ObjectListView):
    model = Unit
    select_related = ("collaboration",)
    filterset_class = filtersets.UnitFilterSet
    columns = [Column("name", link=True), Column("code"), Column("collaboration"), Column("is_active")]


class UnitDetailView(generic.ObjectDetailView):
    model = Unit
    select_related = ("collaboration",)
    fields = ["name", "code", "collaboration", "description", "email", "is_active"]


class UnitEditView(generic.ObjectEditView):
    model = Unit
    form_class = forms.UnitForm
    create_action = actions.do_create_unit
    update_action = actions.do_update_unit


class UnitDeleteView(generic.ObjectDeleteView):
    model = Unit
    delete_action = actions.do_delete_unit


class UnitHistoryView(generic.ObjectHistoryView):
    model = Unit
