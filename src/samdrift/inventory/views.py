from __future__ import annotations

import base64
import binascii
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from samdrift.accounts.policy import signed_in
from samdrift.core import access
from samdrift.core import views as generic
from samdrift.core.tables import Column
from samdrift.tenancy.models import Collaboration, Member

from . import actions, charts, filtersets, forms, imports, queries
from .access import can_import_assets
from .models import (
    Asset,
    ConsolidationArea,
    ConsolidationStep,
    Licence,
    LicenceAssignment,
    LicenceTier,
    System,
    SystemInstance,
    SystemRole,
    SystemSLA,
)

PREVIEW_ROWS = 50


def _views(
    model: type,
    prefix: str,
    *,
    columns: list[Column],
    fields: list[str],
    form: type,
    crud: tuple[Any, Any, Any],
    select: tuple[str, ...] = (),
) -> dict[str, type]:
    """The generic list, detail, edit, delete and history views of one model."""
    create, update, delete = crud
    attrs = {"model": model, "select_related": select}
    made = {
        "List": type(f"{prefix}ListView", (generic.ObjectListView,), attrs | {
            "columns": columns, "filterset_class": getattr(filtersets, f"{prefix}FilterSet"),
        }),
        "Detail": type(f"{prefix}DetailView", (generic.ObjectDetailView,), attrs | {"fields": fields}),
        "Edit": type(f"{prefix}EditView", (generic.ObjectEditView,), attrs | {
            "form_class": form, "create_action": create, "update_action": update,
        }),
        "Delete": type(f"{prefix}DeleteView", (generic.ObjectDeleteView,), attrs | {"delete_action": delete}),
        "History": type(f"{prefix}HistoryView", (generic.ObjectHistoryView,), attrs),
    }  # fmt: skip
    return made


class SystemDetailView(generic.ObjectDetailView):
    model = System
    select_related = ("collaboration",)
    fields = ["collaboration", "area", "supplier", "lifecycle", "shared", "members", "departments", "services",
              "in_use_since", "planned_retirement", "retired_on", "description"]  # fmt: skip

    def related_tables(self, obj: Any) -> list[generic.RelatedTable]:
        user = self.request.user
        add = reverse("inventory:systeminstance_add")
        return [
            generic.RelatedTable(
                gettext_lazy("Instances"), SystemInstance,
                [Column("name", link=True), Column("member"), Column("host_member"), Column("version_label")],
                list(access.visible(SystemInstance, user).filter(system=obj).select_related("system", "member", "host_member")),
                f"{add}?system={obj.pk}",
            ),
            generic.RelatedTable(
                gettext_lazy("Responsible"), SystemRole,
                [Column("role", link=True), Column("member"), Column("person"), Column("email")],
                list(access.visible(SystemRole, user).filter(system=obj).select_related("system", "member")),
                f"{reverse('inventory:systemrole_add')}?system={obj.pk}",
            ),
            generic.RelatedTable(
                gettext_lazy("System SLAs"), SystemSLA,
                [Column("system", link=True), Column("member"), Column("sla.resolution_p1"), Column("sla.resolution_p3")],
                list(access.visible(SystemSLA, user).filter(system=obj).select_related("system", "member", "sla")),
                f"{reverse('inventory:systemsla_add')}?system={obj.pk}",
            ),
            generic.RelatedTable(
                gettext_lazy("Licences"), Licence,
                [Column("name", link=True), Column("metric"), Column("valid_from"), Column("valid_to")],
                list(access.visible(Licence, user).filter(system=obj).select_related("system")),
                f"{reverse('inventory:licence_add')}?system={obj.pk}",
            ),
        ]  # fmt: skip


class LicenceDetailView(generic.ObjectDetailView):
    """A licence with its tiers and the pooling: the pooled price against what each member
    would pay alone, and the saving."""

    model = Licence
    select_related = ("system",)
    template_name = "inventory/licence_detail.html"
    fields = ["system", "metric", "valid_from", "valid_to"]

    def related_tables(self, obj: Any) -> list[generic.RelatedTable]:
        user = self.request.user
        return [
            generic.RelatedTable(
                gettext_lazy("Volume tiers"), LicenceTier, [Column("from_quantity", link=True), Column("unit_price")],
                list(access.visible(LicenceTier, user).filter(licence=obj).select_related("licence__system")),
                f"{reverse('inventory:licencetier_add')}?licence={obj.pk}",
            ),
            generic.RelatedTable(
                gettext_lazy("Assignments"), LicenceAssignment, [Column("member", link=True), Column("quantity")],
                list(access.visible(LicenceAssignment, user).filter(licence=obj).select_related("licence__system", "member")),
                f"{reverse('inventory:licenceassignment_add')}?licence={obj.pk}",
            ),
        ]  # fmt: skip

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"pool": queries.pooling(obj, self.request.user)}


class ConsolidationAreaDetailView(generic.ObjectDetailView):
    model = ConsolidationArea
    select_related = ("collaboration", "target_system")
    fields = ["collaboration", "target_system", "plan_starts", "plan_ends", "description"]

    def related_tables(self, obj: Any) -> list[generic.RelatedTable]:
        return [
            generic.RelatedTable(
                gettext_lazy("Plan"), ConsolidationStep,
                [Column("member", link=True), Column("leaves_system"), Column("planned_on"), Column("done_on")],
                queries.steps(self.request.user, obj),
                f"{reverse('inventory:consolidationstep_add')}?area={obj.pk}",
            )
        ]  # fmt: skip


S = _views(
    System, "System", form=forms.SystemForm, select=("collaboration",),
    crud=(actions.do_create_system, actions.do_update_system, actions.do_delete_system),
    columns=[Column("name", link=True), Column("area"), Column("supplier"), Column("lifecycle"), Column("shared")],
    fields=[],
)  # fmt: skip
SI = _views(
    SystemInstance, "SystemInstance", form=forms.SystemInstanceForm, select=("system", "member", "host_member"),
    crud=(actions.do_create_instance, actions.do_update_instance, actions.do_delete_instance),
    columns=[Column("name", link=True), Column("system"), Column("member"), Column("host_member")],
    fields=["system", "member", "host_member", "version_label"],
)  # fmt: skip
SR = _views(
    SystemRole, "SystemRole", form=forms.SystemRoleForm, select=("system", "member"),
    crud=(actions.do_assign_system_role, actions.do_update_system_role, actions.do_delete_system_role),
    columns=[Column("system", link=True), Column("member"), Column("role"), Column("person")],
    fields=["system", "member", "role", "person", "email"],
)  # fmt: skip
SS = _views(
    SystemSLA, "SystemSLA", form=forms.SystemSLAForm, select=("system", "member", "sla__calendar", "sla__service"),
    crud=(actions.do_set_system_sla, actions.do_update_system_sla, actions.do_delete_system_sla),
    columns=[Column("system", link=True), Column("member"), Column("sla.calendar"), Column("sla.resolution_p1")],
    fields=["system", "member", "sla.service", "sla.calendar", "sla.response_p1", "sla.response_p2",
            "sla.response_p3", "sla.response_p4", "sla.resolution_p1", "sla.resolution_p2", "sla.resolution_p3",
            "sla.resolution_p4", "sla.availability_target"],
)  # fmt: skip
AS = _views(
    Asset, "Asset", form=forms.AssetForm, select=("member", "department__member"),
    crud=(actions.do_create_asset, actions.do_update_asset, actions.do_delete_asset),
    columns=[Column("serial", link=True), Column("kind"), Column("asset_type"), Column("model_name"), Column("member"),
             Column("department"), Column("owner"), Column("end_of_life")],
    fields=["collaboration", "member", "department", "kind", "asset_type", "model_name", "serial", "owner",
            "purchase_date", "price", "ownership", "end_of_life", "retired_on", "system"],
)  # fmt: skip
LI = _views(
    Licence, "Licence", form=forms.LicenceForm, select=("system",),
    crud=(actions.do_create_licence, actions.do_update_licence, actions.do_delete_licence),
    columns=[Column("name", link=True), Column("system"), Column("metric"), Column("valid_from")],
    fields=[],
)  # fmt: skip
LT = _views(
    LicenceTier, "LicenceTier", form=forms.LicenceTierForm, select=("licence__system",),
    crud=(actions.do_add_tier, actions.do_update_tier, actions.do_delete_tier),
    columns=[Column("licence", link=True), Column("from_quantity"), Column("unit_price")],
    fields=["licence", "from_quantity", "unit_price"],
)  # fmt: skip
LA = _views(
    LicenceAssignment, "LicenceAssignment", form=forms.LicenceAssignmentForm, select=("licence__system", "member"),
    crud=(actions.do_assign_licence, actions.do_update_licence_assignment, actions.do_delete_licence_assignment),
    columns=[Column("licence", link=True), Column("member"), Column("quantity")],
    fields=["licence", "member", "quantity"],
)  # fmt: skip
CA = _views(
    ConsolidationArea, "ConsolidationArea", form=forms.ConsolidationAreaForm, select=("collaboration", "target_system"),
    crud=(actions.do_create_area, actions.do_update_area, actions.do_delete_area),
    columns=[Column("name", link=True), Column("target_system"), Column("plan_starts"), Column("plan_ends")],
    fields=[],
)  # fmt: skip
CS = _views(
    ConsolidationStep, "ConsolidationStep", form=forms.ConsolidationStepForm, select=("area", "member", "leaves_system"),
    crud=(actions.do_plan_step, actions.do_update_step, actions.do_delete_step),
    columns=[Column("area", link=True), Column("member"), Column("leaves_system"), Column("planned_on"), Column("done_on")],
    fields=["area", "member", "leaves_system", "planned_on", "done_on"],
)  # fmt: skip
S["Detail"], LI["Detail"], CA["Detail"] = SystemDetailView, LicenceDetailView, ConsolidationAreaDetailView


class AssetImportView(LoginRequiredMixin, View):
    """Import a member's assets: upload, preview (every problem named by row and column),
    then commit all rows or none."""

    template_name = "inventory/asset_import.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if not access.can_create(request.user, Asset):
            raise PermissionDenied
        return render(request, self.template_name, {"form": forms.AssetImportForm(user=request.user)})

    def post(self, request: HttpRequest) -> HttpResponse:
        if not access.can_create(request.user, Asset):
            raise PermissionDenied
        form = forms.AssetImportForm(request.POST, request.FILES, user=request.user)
        context: dict[str, Any] = {"form": form}
        if not form.is_valid():
            return render(request, self.template_name, context, status=400)
        member: Member = form.cleaned_data["member"]
        if not can_import_assets(request.user, member):
            form.add_error("member", _("You may not register assets for this member."))
            return render(request, self.template_name, context, status=403)
        upload = form.cleaned_data.get("file")
        if upload is not None:
            name, content = upload.name, upload.read()
        else:
            try:
                name, content = form.cleaned_data["name"], base64.b64decode(form.cleaned_data["content"], validate=True)
            except (binascii.Error, ValueError):
                form.add_error("file", _("Choose the file again."))
                return render(request, self.template_name, context, status=400)
        parsed = imports.read_assets(name, content, member=member, fmt=form.cleaned_data["fmt"])
        context |= {"parsed": parsed, "member": member, "problems": parsed.problems[:200]}
        if not parsed.ok:
            return render(request, self.template_name, context, status=400)
        if "commit" not in request.POST:
            context |= {
                "preview": parsed.assets[:PREVIEW_ROWS],
                "content": base64.b64encode(content).decode(),
                "name": name,
                "columns": ["kind", "asset_type", "model_name", "serial", "owner", "department", "purchase_date",
                            "price", "ownership", "end_of_life"],
            }  # fmt: skip
            return render(request, self.template_name, context)
        try:
            count = actions.do_import_assets(acting_user=signed_in(request), member=member, assets=parsed.assets)
        except ValidationError as exc:
            form.add_error(None, exc)
            return render(request, self.template_name, context, status=409)
        messages.success(
            request, _("%(count)s assets were imported for %(member)s.") % {"count": count, "member": member.name}
        )
        return HttpResponseRedirect(f"{reverse('inventory:asset_list')}?member={member.pk}")


class ConsolidationView(LoginRequiredMixin, View):
    """The consolidation matrix (member × area: which system each uses), the target
    standard per area, and the number of systems over time against the plan."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        collaborations = list(access.visible(Collaboration, user).order_by("name"))
        chosen = next((c for c in collaborations if str(c.pk) == request.GET.get("collaboration")), None)
        collaboration = chosen or (collaborations[0] if collaborations else None)
        context: dict[str, Any] = {"collaborations": collaborations, "collaboration": collaboration}
        if collaboration is not None:
            members = list(access.visible(Member, user).filter(collaboration=collaboration).order_by("name"))
            context["matrix"] = queries.matrix(user, collaboration.pk, members)
            days, actual, planned = queries.progress(user, collaboration.pk)
            labels = [f"{d.year} Q{(d.month - 1) // 3 + 1}" for d in days]
            context["progress"] = list(zip(labels, actual, planned, strict=True))
            context["chart"] = charts.line_chart(
                "progress", _("Number of systems over time"), labels,
                [(_("Systems in use"), actual), (_("Planned"), planned)],
            ) if days else None  # fmt: skip
        return render(request, "inventory/consolidation.html", context)
