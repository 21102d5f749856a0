"""Pages of the initiatives app, on core's generic object views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from samdrift.accounts.policy import signed_in
from samdrift.core import access as core_access
from samdrift.core import views as generic
from samdrift.core.exceptions import ConcurrentEditError, VersionRequiredError
from samdrift.core.tables import Column
from samdrift.tenancy.models import Collaboration, Member

from . import access, actions, assessment, filtersets, forms, queries
from .choices import Criterion, Quadrant
from .models import (
    Cooperation,
    FollowUp,
    Initiative,
    Participant,
    Participation,
    Project,
    Solution,
    Stance,
    StatusReport,
)


def _errors(exc: Exception) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)])


def _version(request: HttpRequest) -> int:
    raw = request.POST.get("version", "")
    if not raw.isdigit():
        raise VersionRequiredError
    return int(raw)


class HomeView(LoginRequiredMixin, View):
    """Links, the user's own members' overviews and the initiatives in progress."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not core_access.has_any_role(request.user, access.READERS):
            raise PermissionDenied
        pages = [
            (Cooperation._meta.verbose_name_plural, reverse("initiatives:cooperation_list")),
            (Initiative._meta.verbose_name_plural, reverse("initiatives:initiative_list")),
            (Solution._meta.verbose_name_plural, reverse("initiatives:solution_list")),
            (Project._meta.verbose_name_plural, reverse("initiatives:project_list")),
        ]
        members = Member.objects.visible_to(request.user).order_by("name")[:50]
        return render(request, "initiatives/home.html", {"pages": pages, "members": members})


# The register of collaborations ---------------------------------------------------------
class CooperationListView(generic.ObjectListView):
    model = Cooperation
    select_related = ("host",)
    filterset_class = filtersets.CooperationFilterSet
    columns = [Column("name", link=True), Column("area"), Column("kind"), Column("legal_form"), Column("host"),
               Column("starts"), Column("annual_cost")]  # fmt: skip


class CooperationDetailView(generic.ObjectDetailView):
    model = Cooperation
    select_related = ("collaboration", "host", "agreement", "body")
    fields = ["collaboration", "area", "kind", "legal_form", "host", "starts", "ends", "agreement", "body",
              "annual_cost", "description"]  # fmt: skip

    def related_tables(self, obj: Any) -> list[generic.RelatedTable]:
        user = self.request.user
        rows = list(
            Participant.objects.visible_to(user).filter(cooperation=obj).select_related("member", "cooperation")
        )
        can_add = core_access.can_create(user, Participant)
        return [
            generic.RelatedTable(
                gettext_lazy("Participating members"), Participant,
                [Column("member", link=True), Column("representatives"), Column("annual_cost"), Column("joined_on")],
                rows, reverse("initiatives:participant_add") + f"?cooperation={obj.pk}" if can_add else None,
            )
        ]  # fmt: skip


class CooperationEditView(generic.ObjectEditView):
    model = Cooperation
    form_class = forms.CooperationForm
    create_action = actions.do_create_cooperation
    update_action = actions.do_update_cooperation


class CooperationDeleteView(generic.ObjectDeleteView):
    model = Cooperation
    delete_action = actions.do_delete_cooperation


class CooperationHistoryView(generic.ObjectHistoryView):
    model = Cooperation


class ParticipantListView(generic.ObjectListView):
    model = Participant
    select_related = ("cooperation", "member")
    filterset_class = filtersets.ParticipantFilterSet
    columns = [Column("member", link=True), Column("cooperation"), Column("representatives"), Column("annual_cost")]


class ParticipantDetailView(generic.ObjectDetailView):
    model = Participant
    select_related = ("cooperation", "member")
    fields = ["cooperation", "member", "representatives", "annual_cost", "joined_on"]


class ParticipantEditView(generic.ObjectEditView):
    model = Participant
    form_class = forms.ParticipantForm
    create_action = actions.do_add_participant
    update_action = actions.do_update_participant


class ParticipantDeleteView(generic.ObjectDeleteView):
    model = Participant
    delete_action = actions.do_remove_participant


class ParticipantHistoryView(generic.ObjectHistoryView):
    model = Participant


class MemberOverviewView(LoginRequiredMixin, View):
    """Which collaborations one member is in, at what cost, with which representatives.
    The register is shared: any reader of the member's collaboration sees it."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = request.user
        if not core_access.has_any_role(user, access.READERS):
            raise Http404
        collaborations = Collaboration.objects.visible_to(user)
        member = Member.objects.filter(collaboration__in=collaborations, pk=pk).first()
        if member is None:
            raise Http404
        overview = queries.member_overview(Participant.objects.visible_to(user), member.pk)
        initiatives = (
            Participation.objects.visible_to(user).filter(member=member).select_related("initiative")
            .order_by("initiative__title")
        )  # fmt: skip
        context = {"member": member, "overview": overview, "participations": initiatives}
        return render(request, "initiatives/member_overview.html", context)


# Initiatives -------------------------------------------------------------------------
class InitiativeListView(generic.ObjectListView):
    model = Initiative
    select_related = ("need_owner",)
    filterset_class = filtersets.InitiativeFilterSet
    columns = [Column("title", link=True), Column("need_owner"), Column("area"), Column("stage"),
               Column("is_shared")]  # fmt: skip


class InitiativeDetailView(generic.ObjectDetailView):
    model = Initiative
    select_related = ("need_owner", "agreement", "cooperation", "body", "lead_member", "raised_by")
    template_name = "initiatives/initiative_detail.html"
    fields = ["need_owner", "area", "stage", "is_shared", "need", "prestudy", "guiding_principles", "agreement",
              "agreement_reference", "cooperation", "body", "coordinator", "lead_member", "lead_from", "lead_until",
              "raised_by"]  # fmt: skip

    def related_tables(self, obj: Any) -> list[generic.RelatedTable]:
        user = self.request.user
        followups = list(FollowUp.objects.visible_to(user).filter(initiative=obj).select_related("initiative"))
        can_follow = core_access.can_manage(user, FollowUp(initiative=obj, year=timezone.localdate().year))
        return [
            generic.RelatedTable(
                gettext_lazy("Yearly follow-ups"), FollowUp,
                [Column("year", link=True), Column("priorities"), Column("revisited")], followups,
                reverse("initiatives:followup_add") + f"?initiative={obj.pk}&year={timezone.localdate().year}"
                if can_follow else None,
            )
        ]  # fmt: skip

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        participations = list(
            Participation.objects.visible_to(user).filter(initiative=obj).select_related("member", "initiative")
        )
        own = core_access.visible(Member, user).exclude(pk__in=[p.member_id for p in participations])
        may_join = obj.is_shared and any(
            access.acts_for(user, Participation(initiative=obj, member=m)) for m in own[:20]
        )
        can_manage = core_access.can_manage(user, obj)
        project = Project.objects.visible_to(user).filter(initiative=obj).first()
        factors = {f.code: f for f in assessment.KEY_FACTORS}
        return {
            "steps": queries.steps(obj),
            "missing": queries.missing(obj, participations),
            "next_stage": queries.next_stage(obj),
            "participations": [
                (
                    p,
                    core_access.can_manage(user, p),
                    [(factors[c].text, v) for c, v in p.key_factors.items() if c in factors],
                )
                for p in participations
            ],
            "may_join": may_join,
            "join_url": reverse("initiatives:participation_add") + f"?initiative={obj.pk}",
            "can_act": can_manage,
            "advice": assessment.ADVICE.get(obj.quadrant, ""),
            "project": project,
            "can_start_project": obj.is_shared and project is None and can_manage,
        }


class InitiativeEditView(generic.ObjectEditView):
    model = Initiative
    form_class = forms.InitiativeForm
    create_action = actions.do_raise_need
    update_action = actions.do_update_initiative


class InitiativeDeleteView(generic.ObjectDeleteView):
    model = Initiative
    delete_action = actions.do_delete_initiative


class InitiativeHistoryView(generic.ObjectHistoryView):
    model = Initiative


class InitiativeActView(LoginRequiredMixin, View):
    """Share the need, or move the initiative to its next stage (buttons on its page)."""

    def post(self, request: HttpRequest, pk: int, what: str) -> HttpResponse:
        initiative = core_access.get_visible_or_404(Initiative, request.user, pk=pk)
        core_access.require_manage(request.user, initiative)
        try:
            if what == "share":
                actions.do_share_initiative(
                    initiative, acting_user=signed_in(request), expected_version=_version(request)
                )
                messages.success(request, _("The need is shared with the other members."))
            else:
                saved = actions.do_advance_stage(
                    initiative, acting_user=signed_in(request), expected_version=_version(request)
                )
                messages.success(request, _("The initiative is now at the stage: %(stage)s.")
                                 % {"stage": saved.get_stage_display()})  # fmt: skip
        except (ValidationError, ConcurrentEditError, VersionRequiredError) as exc:
            messages.error(request, _errors(exc))
        return HttpResponseRedirect(initiative.get_absolute_url())


class ClassifierView(LoginRequiredMixin, View):
    """The complexity classifier of seed 002 as a short questionnaire."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        initiative = core_access.get_visible_or_404(Initiative, request.user, pk=pk)
        initial = {k: ("yes" if v else "no") for k, v in initiative.classifier_answers.items()}
        form = forms.ClassifierForm(initial={**initial, "version": initiative.version})
        return self.render(initiative, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        initiative = core_access.get_visible_or_404(Initiative, request.user, pk=pk)
        core_access.require_manage(request.user, initiative)
        form = forms.ClassifierForm(request.POST)
        if form.is_valid():
            try:
                actions.do_classify(initiative, acting_user=signed_in(request),
                                    expected_version=form.cleaned_data["version"], answers=form.answers())  # fmt: skip
            except ConcurrentEditError as exc:
                form.add_error(None, str(exc))
                return self.render(initiative, form, status=409)
            messages.success(request, _("The initiative is classified."))
            return HttpResponseRedirect(initiative.get_absolute_url())
        return self.render(initiative, form, status=400)

    def render(self, initiative: Initiative, form: Any, status: int = 200) -> HttpResponse:
        quadrants = [(value, label, assessment.ADVICE[value]) for value, label in Quadrant.choices]
        context = {"object": initiative, "form": form, "quadrants": quadrants,
                   "can_manage": core_access.can_manage(self.request.user, initiative)}  # fmt: skip
        return render(self.request, "initiatives/classifier.html", context, status=status)


# Participations ---------------------------------------------------------------------
class ParticipationListView(generic.ObjectListView):
    model = Participation
    select_related = ("initiative", "member")
    filterset_class = filtersets.ParticipationFilterSet
    columns = [Column("member", link=True), Column("initiative"), Column("decision"), Column("decision_reference")]


class ParticipationDetailView(generic.ObjectDetailView):
    model = Participation
    select_related = ("initiative", "member")
    template_name = "initiatives/participation_detail.html"
    fields = ["initiative", "member", "decision", "decision_reference", "decided_on", "representative",
              "key_factor_notes"]  # fmt: skip

    def extra_context(self, obj: Any) -> dict[str, Any]:
        groups: dict[str, list[tuple[str, Any]]] = {}
        for factor in assessment.KEY_FACTORS:
            groups.setdefault(str(factor.group), []).append((str(factor.text), obj.key_factors.get(factor.code)))
        return {"factor_groups": groups}


class ParticipationEditView(generic.ObjectEditView):
    model = Participation
    form_class = forms.ParticipationForm
    create_action = actions._create_participation
    update_action = actions.do_update_participation


class ParticipationDeleteView(generic.ObjectDeleteView):
    model = Participation
    delete_action = actions.do_delete_participation


class ParticipationHistoryView(generic.ObjectHistoryView):
    model = Participation


class KeyFactorsView(LoginRequiredMixin, View):
    """A member's self-assessment of the key factors for an initiative."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        participation = core_access.get_visible_or_404(Participation, request.user, pk=pk)
        form = forms.KeyFactorForm(initial={**{k: str(v) for k, v in participation.key_factors.items()},
                                            "notes": participation.key_factor_notes,
                                            "version": participation.version})  # fmt: skip
        return self.render(participation, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        participation = core_access.get_visible_or_404(Participation, request.user, pk=pk)
        core_access.require_manage(request.user, participation)
        form = forms.KeyFactorForm(request.POST)
        if form.is_valid():
            try:
                actions.do_assess_key_factors(
                    participation, acting_user=signed_in(request), expected_version=form.cleaned_data["version"],
                    ratings=form.ratings(), notes=form.cleaned_data["notes"],
                )  # fmt: skip
            except ConcurrentEditError as exc:
                form.add_error(None, str(exc))
                return self.render(participation, form, status=409)
            except ValidationError as exc:
                generic.apply_errors(form, exc)
                return self.render(participation, form, status=400)
            messages.success(request, _("The self-assessment is saved."))
            return HttpResponseRedirect(participation.get_absolute_url())
        return self.render(participation, form, status=400)

    def render(self, participation: Participation, form: Any, status: int = 200) -> HttpResponse:
        context = {"object": participation, "form": form}
        return render(self.request, "initiatives/key_factors.html", context, status=status)


# Yearly follow-up -------------------------------------------------------------------
class FollowUpListView(generic.ObjectListView):
    model = FollowUp
    select_related = ("initiative",)
    filterset_class = filtersets.FollowUpFilterSet
    columns = [Column("year", link=True), Column("initiative"), Column("priorities")]


class FollowUpDetailView(generic.ObjectDetailView):
    model = FollowUp
    select_related = ("initiative",)
    template_name = "initiatives/followup_detail.html"
    fields = ["initiative", "year", "revisited", "priorities"]

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"previous": obj.previous}


class FollowUpEditView(generic.ObjectEditView):
    model = FollowUp
    form_class = forms.FollowUpForm
    template_name = "initiatives/followup_edit.html"
    create_action = actions.do_record_followup
    update_action = actions.do_update_followup

    def render_form(self, form: Any, obj: Any, status: int = 200) -> HttpResponse:
        """Shows last year's priorities beside the form: the follow-up revisits them."""
        initiative_id = obj.initiative_id if obj is not None else form["initiative"].value()
        year = obj.year if obj is not None else form["year"].value()
        previous = None
        if str(initiative_id or "").isdigit() and str(year or "").isdigit():
            previous = (
                FollowUp.objects.visible_to(self.request.user)
                .filter(initiative_id=int(initiative_id), year__lt=int(year)).order_by("-year").first()
            )  # fmt: skip
        title = generic.new_object_label(self.model) if obj is None else _("Edit %(object)s") % {"object": obj}
        context = self.base_context() | {"form": form, "object": obj, "title": title, "previous": previous}
        return render(self.request, self.template_name, context, status=status)


class FollowUpDeleteView(generic.ObjectDeleteView):
    model = FollowUp
    delete_action = actions.do_delete_followup


class FollowUpHistoryView(generic.ObjectHistoryView):
    model = FollowUp


# Shared solutions -------------------------------------------------------------------
class SolutionListView(generic.ObjectListView):
    model = Solution
    select_related = ("owner",)
    filterset_class = filtersets.SolutionFilterSet
    columns = [Column("name", link=True), Column("owner"), Column("contact_name"), Column("procurement_reference"),
               Column("contract_ends"), Column("certified_on")]  # fmt: skip


class SolutionDetailView(generic.ObjectDetailView):
    model = Solution
    select_related = ("owner",)
    template_name = "initiatives/solution_detail.html"
    fields = ["owner", "description", "contact_name", "contact_email", "procurement_reference", "contract_ends",
              "certified_on"]  # fmt: skip

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        stances = list(Stance.objects.visible_to(user).filter(solution=obj).select_related("member", "solution"))
        acting = acting_members(user, obj)
        criteria = [(value, label, value in obj.criteria) for value, label in Criterion.choices]
        return {
            "stances": stances,
            "join_form": forms.JoinForm(members=acting) if acting.exists() else None,
            "can_certify": access.can_certify(user, obj),
            "certify_form": forms.CertifyForm(
                initial={"version": obj.version, "criteria": obj.criteria, "certified_on": timezone.localdate()}
            ),
            "criteria": criteria,
        }


def acting_members(user: Any, solution: Solution) -> Any:
    """The members (other than the owner) ``user`` may take a stance for."""
    candidates = core_access.visible(Member, user).filter(collaboration_id=solution.owner.collaboration_id)
    ids = [m.pk for m in candidates[:50] if access.acts_for(user, Stance(solution=solution, member=m))]
    return Member.objects.filter(pk__in=ids).order_by("name")


class SolutionEditView(generic.ObjectEditView):
    model = Solution
    form_class = forms.SolutionForm
    create_action = actions.do_create_solution
    update_action = actions.do_update_solution


class SolutionDeleteView(generic.ObjectDeleteView):
    model = Solution
    delete_action = actions.do_delete_solution


class SolutionHistoryView(generic.ObjectHistoryView):
    model = Solution


class SolutionCertifyView(LoginRequiredMixin, View):
    """The collaboration certifies a solution (kvalitetsstämpel)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        solution = core_access.get_visible_or_404(Solution, request.user, pk=pk)
        if not access.can_certify(request.user, solution):
            raise PermissionDenied
        form = forms.CertifyForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Tick every criterion the solution meets and give the date."))
            return HttpResponseRedirect(solution.get_absolute_url())
        try:
            actions.do_certify_solution(
                solution, acting_user=signed_in(request), expected_version=form.cleaned_data["version"],
                criteria=form.cleaned_data["criteria"], certified_on=form.cleaned_data["certified_on"],
            )  # fmt: skip
            messages.success(request, _("The solution is certified."))
        except (ValidationError, ConcurrentEditError) as exc:
            messages.error(request, _errors(exc))
        return HttpResponseRedirect(solution.get_absolute_url())


class SolutionJoinView(LoginRequiredMixin, View):
    """A member's stance on a solution, or its request to join the procurement."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        solution = core_access.get_visible_or_404(Solution, request.user, pk=pk)
        acting = acting_members(request.user, solution)
        if not acting.exists():
            raise PermissionDenied
        form = forms.JoinForm(request.POST, members=acting)
        if not form.is_valid():
            messages.error(request, _("Choose the member and its stance."))
            return HttpResponseRedirect(solution.get_absolute_url())
        member = form.cleaned_data["member"]
        try:
            if "join" in request.POST:
                actions.do_request_join(acting_user=signed_in(request), solution=solution, member=member,
                                        message=form.cleaned_data["message"])  # fmt: skip
                messages.success(request, _("The owner's contact is told that %(member)s wants to join.")
                                 % {"member": member.name})  # fmt: skip
            else:
                if not form.cleaned_data["stance"]:
                    raise ValidationError(_("Choose the member and its stance."))
                actions.do_take_stance(acting_user=signed_in(request), solution=solution, member=member,
                                       stance=form.cleaned_data["stance"], note=form.cleaned_data["message"][:500])  # fmt: skip
                messages.success(request, _("The stance is saved."))
        except (ValidationError, ConcurrentEditError) as exc:
            messages.error(request, _errors(exc))
        return HttpResponseRedirect(solution.get_absolute_url())


class StanceListView(generic.ObjectListView):
    model = Stance
    select_related = ("solution", "member")
    filterset_class = filtersets.StanceFilterSet
    columns = [Column("member", link=True), Column("solution"), Column("stance"), Column("join_requested_at")]


class StanceDetailView(generic.ObjectDetailView):
    model = Stance
    select_related = ("solution", "member")
    fields = ["solution", "member", "stance", "note", "join_requested_at"]


class StanceEditView(generic.ObjectEditView):
    model = Stance
    form_class = forms.StanceForm
    create_action = actions.do_create_stance
    update_action = actions.do_update_stance


class StanceDeleteView(generic.ObjectDeleteView):
    model = Stance
    delete_action = actions.do_delete_stance


class StanceHistoryView(generic.ObjectHistoryView):
    model = Stance


# Projects -----------------------------------------------------------------------------
class ProjectListView(generic.ObjectListView):
    model = Project
    select_related = ("initiative",)
    filterset_class = filtersets.ProjectFilterSet
    columns = [Column("initiative", link=True), Column("manager"), Column("starts"), Column("ends"), Column("budget")]


class ProjectDetailView(generic.ObjectDetailView):
    model = Project
    select_related = ("initiative", "budget_line")
    template_name = "initiatives/project_detail.html"
    fields = ["initiative", "manager", "starts", "ends", "budget", "budget_line"]

    def related_tables(self, obj: Any) -> list[generic.RelatedTable]:
        user = self.request.user
        reports = list(StatusReport.objects.visible_to(user).filter(project=obj).select_related("project__initiative"))
        today = timezone.localdate()
        can_add = core_access.can_manage(user, StatusReport(project=obj, year=today.year, month=today.month))
        return [
            generic.RelatedTable(
                gettext_lazy("Status reports"), StatusReport,
                [Column("month", link=True), Column("year"), Column("status"), Column("progress")], reports,
                reverse("initiatives:statusreport_add") + f"?project={obj.pk}&year={today.year}&month={today.month}"
                if can_add else None,
            )
        ]  # fmt: skip

    def extra_context(self, obj: Any) -> dict[str, Any]:
        from samdrift.followup.models import Benefit

        return {"benefits": Benefit.objects.visible_to(self.request.user).filter(pk__in=obj.benefits.values("pk"))}


class ProjectEditView(generic.ObjectEditView):
    model = Project
    form_class = forms.ProjectForm
    create_action = actions.do_start_project
    update_action = actions.do_update_project


class ProjectDeleteView(generic.ObjectDeleteView):
    model = Project
    delete_action = actions.do_delete_project


class ProjectHistoryView(generic.ObjectHistoryView):
    model = Project


class StatusReportListView(generic.ObjectListView):
    model = StatusReport
    select_related = ("project__initiative",)
    filterset_class = filtersets.StatusReportFilterSet
    columns = [Column("project", link=True), Column("year"), Column("month"), Column("status")]


class StatusReportDetailView(generic.ObjectDetailView):
    model = StatusReport
    select_related = ("project__initiative",)
    fields = ["project", "year", "month", "status", "progress", "next_steps", "risks"]


class StatusReportEditView(generic.ObjectEditView):
    model = StatusReport
    form_class = forms.StatusReportForm
    create_action = actions.do_report_status
    update_action = actions.do_update_status_report


class StatusReportDeleteView(generic.ObjectDeleteView):
    model = StatusReport
    delete_action = actions.do_delete_status_report


class StatusReportHistoryView(generic.ObjectHistoryView):
    model = StatusReport
