"""Follow-up pages: the service-desk statistics (page, CSV, XLSX), goals with their actual
values, and the member dashboard. Access: ``followup.access`` through ``accounts.policy``."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View

from samdrift.accounts import policy
from samdrift.accounts.policy import signed_in
from samdrift.core import access
from samdrift.core import views as generic
from samdrift.core.exceptions import ConcurrentEditError, VersionRequiredError
from samdrift.core.tables import Column
from samdrift.finance.access import FINANCE_READERS

from . import access as followup_access
from . import actions, charts, exports, forms, goals, queries, stats, surveys
from .choices import Dimension, QuestionKind, SurveyKind, SurveyState
from .filtersets import BenefitFilterSet, GoalFilterSet, QuestionFilterSet, SurveyFilterSet
from .models import Benefit, Goal, Question, Survey, SurveyRecipient


def month_labels(months: list[datetime.date]) -> list[str]:
    return [date_format(m, "M Y") for m in months]


def statistics_charts(result: queries.Statistics, prefix: str = "stats") -> list[dict[str, Any]]:
    """Volume, backlog and SLA compliance over the months, for the totals shown."""
    labels = month_labels(result.months)
    t = result.totals.months
    return [
        {
            "title": _("Tickets opened and resolved per month"),
            "svg": charts.line_chart(
                f"{prefix}-volume",
                _("Tickets opened and resolved per month"),
                labels,
                [
                    charts.Series(_("Opened"), [c.opened for c in t]),
                    charts.Series(_("Resolved"), [c.resolved for c in t]),
                ],
            ),
        },
        {
            "title": _("Backlog at the end of each month"),
            "svg": charts.line_chart(
                f"{prefix}-backlog",
                _("Backlog at the end of each month"),
                labels,
                [charts.Series(_("Open tickets"), [c.backlog for c in t])],
            ),
        },
        {
            "title": _("SLA compliance per month"),
            "svg": charts.line_chart(
                f"{prefix}-sla",
                _("SLA compliance per month"),
                labels,
                [charts.Series(_("Resolved within the SLA"), [c.sla_percent for c in t])],
                unit=" %",
                fixed_max=100.0,
            ),
        },
    ]


def _export(content: str | bytes, name: str, kind: str) -> HttpResponse:
    types = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    response = HttpResponse(content, content_type=types[kind])
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


class StatisticsView(LoginRequiredMixin, View):
    """Service-desk statistics per month × unit / service / member / department / category."""

    template_name = "followup/statistics.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if not policy.can_read_reports(request.user):
            raise PermissionDenied
        data = request.GET.dict() if "start" in request.GET else forms.default_period()
        form = forms.StatisticsForm(data, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "result": None}, status=400)
        chosen = form.cleaned_data
        result = queries.statistics(
            request.user,
            chosen["start"],
            chosen["end"],
            chosen["dimension"],
            members=[chosen["member"]] if chosen["member"] else None,
            department=chosen["department"],
        )
        name = f"statistik-{chosen['start']:%Y-%m}-{chosen['end']:%Y-%m}-{chosen['dimension']}"
        export = request.GET.get("export")
        if export == "csv":
            return _export(exports.as_csv(result), name, "csv")
        if export == "xlsx":
            return _export(exports.as_xlsx(result), name, "xlsx")
        query = urlencode({k: v for k, v in data.items() if k != "export"})
        context = {
            "form": form,
            "result": result,
            "query": query,
            "dimension_label": Dimension(chosen["dimension"]).label,
            "charts": statistics_charts(result),
            "month_labels": month_labels(result.months),
            "state": stats.state(),
            "pending": stats.pending(),
        }
        return render(request, self.template_name, context)


class DashboardView(LoginRequiredMixin, View):
    """A member's own figures for a year against the collaboration's average per member
    (when the collaboration is transparent), its goals, and its trend."""

    template_name = "followup/dashboard.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if not policy.can_read_reports(request.user):
            raise PermissionDenied
        today = timezone.localdate()
        probe = forms.DashboardForm(user=request.user)
        members: Any = probe.fields["member"]
        first_member = members.queryset.first()
        data = request.GET.dict() if "member" in request.GET else {"year": today.year}
        if "member" not in data and first_member is not None:
            data["member"] = first_member.pk
        form = forms.DashboardForm(data, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "figures": None}, status=400)
        member, year = form.cleaned_data["member"], form.cleaned_data["year"]
        start = datetime.date(year, 1, 1)
        end = (
            min(datetime.date(year, 12, 1), today.replace(day=1)) if year == today.year else datetime.date(year, 12, 1)
        )
        own = queries.statistics(request.user, start, end, Dimension.UNIT, members=[member], with_average=True)
        goal_list = list(
            Goal.objects.visible_to(request.user)
            .filter(year=year, collaboration=member.collaboration, member__in=[member, None])
            .select_related("member", "service")
        )
        average = own.average
        rows = _comparison(own.totals.total, average.total if average else None, own.members_in_average)
        series = [charts.Series(member.name, [c.opened for c in own.totals.months])]
        if average:
            series.append(
                charts.Series(
                    _("Average per member"),
                    [queries.per_member(c.opened, own.members_in_average) for c in average.months],
                )
            )
        chart = charts.line_chart("dashboard-volume", _("Tickets opened per month"), month_labels(own.months), series)
        context = {
            "form": form,
            "member": member,
            "year": year,
            "figures": rows,
            "transparent": average is not None,
            "goals": goals.actuals(goal_list, today),
            "chart": chart,
            "result": own,
            "month_labels": month_labels(own.months),
            "average_series": series[1].values if average else None,
        }
        return render(request, self.template_name, context)


def _comparison(own: queries.Cell, total: queries.Cell | None, members: int) -> list[dict[str, Any]]:
    def avg(n: int) -> Any:
        return queries.per_member(n, members) if total is not None else None

    return [
        {"label": _("Tickets opened"), "own": own.opened, "average": avg(total.opened) if total else None},
        {"label": _("Tickets resolved"), "own": own.resolved, "average": avg(total.resolved) if total else None},
        {"label": _("Backlog at period end"), "own": own.backlog, "average": avg(total.backlog) if total else None},
        {
            "label": _("SLA compliance (%)"),
            "own": own.sla_percent,
            "average": total.sla_percent if total else None,
        },
        {
            "label": _("First-contact resolution (%)"),
            "own": own.first_contact_percent,
            "average": total.first_contact_percent if total else None,
        },
        {"label": _("Reopen rate (%)"), "own": own.reopen_percent, "average": total.reopen_percent if total else None},
        {
            "label": _("Hours"),
            "own": own.hours,
            "average": queries.per_member(total.minutes, members * 60) if total else None,
        },
    ]


# Goals: the generic object views, plus the overview of a year's goals with their status.
class GoalListView(generic.ObjectListView):
    model = Goal
    select_related = ("collaboration", "member", "service")
    filterset_class = GoalFilterSet
    columns = [
        Column("name", link=True),
        Column("year"),
        Column("member"),
        Column("service"),
        Column("measure"),
        Column("target"),
    ]


class GoalDetailView(generic.ObjectDetailView):
    model = Goal
    select_related = ("collaboration", "member", "service")
    fields = [
        "name",
        "collaboration",
        "member",
        "service",
        "year",
        "measure",
        "direction",
        "target",
        "tolerance",
        "manual_actual",
        "description",
    ]
    template_name = "followup/goal_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"actual": goals.actual(obj)}


class GoalEditView(generic.ObjectEditView):
    model = Goal
    form_class = forms.GoalForm
    create_action = actions.do_create_goal
    update_action = actions.do_update_goal


class GoalDeleteView(generic.ObjectDeleteView):
    model = Goal
    delete_action = actions.do_delete_goal


class GoalHistoryView(generic.ObjectHistoryView):
    model = Goal


# The benefits register (nyttorealisering): the generic object views.
class BenefitListView(generic.ObjectListView):
    model = Benefit
    select_related = ("collaboration", "member", "service")
    filterset_class = BenefitFilterSet
    columns = [
        Column("title", link=True),
        Column("member"),
        Column("service"),
        Column("kind"),
        Column("expected_value"),
        Column("realised_value"),
        Column("follow_up_on"),
        Column("owner"),
    ]


class BenefitDetailView(generic.ObjectDetailView):
    model = Benefit
    select_related = ("collaboration", "member", "service")
    fields = [
        "title",
        "collaboration",
        "member",
        "service",
        "kind",
        "expected_value",
        "realised_value",
        "follow_up_on",
        "owner",
        "notes",
    ]


class BenefitEditView(generic.ObjectEditView):
    model = Benefit
    form_class = forms.BenefitForm
    create_action = actions.do_create_benefit
    update_action = actions.do_update_benefit


class BenefitDeleteView(generic.ObjectDeleteView):
    model = Benefit
    delete_action = actions.do_delete_benefit


class BenefitHistoryView(generic.ObjectHistoryView):
    model = Benefit


class GoalOverviewView(LoginRequiredMixin, View):
    """The year's goals: actual against target, with a status."""

    template_name = "followup/goals.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if not policy.can_read_reports(request.user):
            raise PermissionDenied
        today = timezone.localdate()
        raw = request.GET.get("year", "")
        year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else today.year
        visible = Goal.objects.visible_to(request.user).filter(year=year).select_related("member", "service")
        context = {
            "year": year,
            "years": [year - 1, year, year + 1],
            "actuals": goals.actuals(list(visible.order_by("member__name", "name")), today),
            "can_add": policy.can_create(request.user, Goal),
        }
        return render(request, self.template_name, context)


class EconomyView(LoginRequiredMixin, View):
    """Budget vs forecast vs outcome per year, and cost per inhabitant over the years."""

    template_name = "followup/economy.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        from . import economy

        access.require_role(request.user, FINANCE_READERS)
        this_year = timezone.localdate().year
        years = list(range(this_year - 4, this_year + 1))
        figures = economy.budget_forecast_outcome(request.user, years)
        members, per_inhabitant = economy.cost_per_inhabitant(request.user, years)
        labels = [str(y) for y in years]
        money_chart = charts.bar_chart(
            "economy-bfo",
            _("Net cost per year: budget, forecast and outcome"),
            labels,
            [
                charts.Series(_("Budget"), [f.budget for f in figures]),
                charts.Series(_("Forecast"), [f.forecast for f in figures]),
                charts.Series(_("Outcome"), [f.outcome for f in figures]),
            ],
            unit=" kr",
        )
        cost_chart = charts.line_chart(
            "economy-inhabitant",
            _("Cost per inhabitant per year"),
            labels,
            [charts.Series(m.name, [per_inhabitant[m.pk].get(y) for y in years]) for m in members[:6]],
            unit=" kr",
        )
        rows = [(m, [per_inhabitant[m.pk].get(y) for y in years]) for m in members]
        context = {
            "years": years,
            "figures": figures,
            "money_chart": money_chart,
            "cost_chart": cost_chart,
            "rows": rows,
        }
        return render(request, self.template_name, context)


class DeliveryReportView(LoginRequiredMixin, View):
    """The delivery report to the committee for a period, as a page or PDF (``?export=pdf``)."""

    template_name = "followup/delivery_report.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        from django.template.loader import render_to_string

        from . import report

        if not policy.can_read_reports(request.user):
            raise PermissionDenied
        today = timezone.localdate()
        start = (today.replace(day=1) - datetime.timedelta(days=1)).replace(month=1, day=1)
        data = request.GET.dict() if "start" in request.GET else {"start": f"{start:%Y-%m}", "end": f"{today:%Y-%m}"}
        form = forms.DeliveryReportForm(data, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "report": None}, status=400)
        chosen = form.cleaned_data
        built = report.build(request.user, chosen["start"], chosen["end"], chosen["forecast"])
        context: dict[str, Any] = {
            "form": form,
            "report": built,
            "charts": statistics_charts(built.statistics, prefix="report"),
            "query": urlencode({k: v for k, v in data.items() if k != "export"}),
        }
        if built.follow_up is not None:
            from samdrift.finance import exports as finance_exports

            context |= {
                "table": built.follow_up,
                "data": finance_exports.rows_in_thousands(built.follow_up),
                "headers": finance_exports.headers(built.follow_up),
            }
        if request.GET.get("export") == "pdf":
            from weasyprint import HTML

            html = render_to_string("followup/delivery_report_pdf.html", context, request=request)
            response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
            name = f"leveransrapport-{chosen['start']:%Y-%m}-{chosen['end']:%Y-%m}"
            response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
            return response
        return render(request, self.template_name, context)


# Surveys: the generic object views for surveys and questions, the steps of a survey
# (recipients, send, remind, close), its results, the health trend, and the answer page.
class SurveyListView(generic.ObjectListView):
    model = Survey
    template_name = "followup/survey_list.html"
    select_related = ("collaboration",)
    filterset_class = SurveyFilterSet
    columns = [
        Column("title", link=True),
        Column("collaboration"),
        Column("kind"),
        Column("year"),
        Column("state"),
        Column("closes_on"),
    ]


class SurveyDetailView(generic.ObjectDetailView):
    model = Survey
    select_related = ("collaboration",)
    fields = ["title", "collaboration", "kind", "year", "state", "closes_on", "remind_after_days", "sent_at", "intro"]
    template_name = "followup/survey_detail.html"

    def related_tables(self, obj: Any) -> list[generic.RelatedTable]:
        questions = list(Question.objects.visible_to(self.request.user).filter(survey=obj).order_by("position", "pk"))
        add = None
        if obj.state == SurveyState.DRAFT and policy.can_manage(self.request.user, obj):
            add = reverse("followup:question_add") + f"?survey={obj.pk}&position={len(questions) + 1}"
        return [
            generic.RelatedTable(
                _("Questions"),
                Question,
                [Column("position"), Column("text", link=True), Column("kind"), Column("factor")],
                questions,
                add_url=add,
            )
        ]

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        runs = followup_access.can_run_survey(user, obj)
        recipients = list(
            SurveyRecipient.objects.visible_to(user).filter(survey=obj).select_related("member", "department")
        )
        return {
            "recipients": recipients,
            "can_run": runs,
            "recipients_form": (getattr(self, "bound_form", None) or forms.RecipientsForm(survey=obj))
            if runs and obj.state != SurveyState.CLOSED
            else None,
            "unanswered": sum(1 for r in recipients if r.sent_at and not r.answered_on),
            "results_url": reverse("followup:survey_results", args=[obj.pk]),
        }


class SurveyEditView(generic.ObjectEditView):
    model = Survey
    form_class = forms.SurveyForm
    create_action = actions.do_create_survey
    update_action = actions.do_update_survey


class SurveyDeleteView(generic.ObjectDeleteView):
    model = Survey
    delete_action = actions.do_delete_survey


class SurveyHistoryView(generic.ObjectHistoryView):
    model = Survey


class QuestionListView(generic.ObjectListView):
    model = Question
    select_related = ("survey",)
    filterset_class = QuestionFilterSet
    columns = [Column("text", link=True), Column("survey"), Column("position"), Column("kind"), Column("factor")]


class QuestionDetailView(generic.ObjectDetailView):
    model = Question
    select_related = ("survey",)
    fields = ["survey", "position", "kind", "text", "options", "required", "factor"]


class QuestionEditView(generic.ObjectEditView):
    model = Question
    form_class = forms.QuestionForm
    create_action = actions.do_create_question
    update_action = actions.do_update_question


class QuestionDeleteView(generic.ObjectDeleteView):
    model = Question
    delete_action = actions.do_delete_question


class QuestionHistoryView(generic.ObjectHistoryView):
    model = Question


def _survey_for_run(request: HttpRequest, pk: int) -> Survey:
    survey = access.get_visible_or_404(Survey, request.user, pk=pk)
    if not followup_access.can_run_survey(request.user, survey):
        raise PermissionDenied
    return survey


class SurveyRecipientsView(LoginRequiredMixin, View):
    """Add recipients for one member (or department) of a survey (POST from its page)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = _survey_for_run(request, pk)
        return HttpResponseRedirect(survey.get_absolute_url())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = _survey_for_run(request, pk)
        form = forms.RecipientsForm(request.POST, survey=survey)
        if form.is_valid():
            chosen = form.cleaned_data
            try:
                added = actions.do_add_recipients(
                    survey, acting_user=signed_in(request), member=chosen["member"], department=chosen["department"],
                    roles=chosen["roles"], addresses=chosen["addresses"],
                )  # fmt: skip
            except ValidationError as exc:
                generic.apply_errors(form, exc)
            else:
                messages.success(request, _("%(count)s recipients were added.") % {"count": added})
                return HttpResponseRedirect(survey.get_absolute_url())
        view = SurveyDetailView()
        view.setup(request, pk=pk)
        view.bound_form = form  # type: ignore[attr-defined]
        response = view.get(request, pk)
        response.status_code = 400
        return response


class SurveyActionView(LoginRequiredMixin, View):
    """Send, remind or close a survey (POST; a version guards send and close)."""

    def get(self, request: HttpRequest, pk: int, what: str) -> HttpResponse:
        survey = _survey_for_run(request, pk)
        return HttpResponseRedirect(survey.get_absolute_url())

    def post(self, request: HttpRequest, pk: int, what: str) -> HttpResponse:
        survey = _survey_for_run(request, pk)
        raw = request.POST.get("version", "")
        version: Any = int(raw) if raw.isdigit() else None
        try:
            if what == "send":
                count = actions.do_send_survey(survey, acting_user=signed_in(request), expected_version=version)
                messages.success(request, _("The survey was sent to %(count)s recipients.") % {"count": count})
            elif what == "remind":
                count = actions.do_remind(survey, acting_user=signed_in(request))
                messages.success(request, _("%(count)s reminders were sent.") % {"count": count})
            elif what == "close":
                actions.do_close_survey(survey, acting_user=signed_in(request), expected_version=version)
                messages.success(request, _("The survey was closed."))
            else:
                raise Http404
        except (ConcurrentEditError, VersionRequiredError) as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(survey.get_absolute_url())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(survey.get_absolute_url())


def results_charts(found: Any) -> list[dict[str, Any]]:
    """One bar chart per scale question: the averages of the groups shown."""
    groups = [g for g in [found.overall, *found.members] if g.shown]
    if found.collaboration is not None and found.collaboration.shown:
        groups.append(found.collaboration)
    out: list[dict[str, Any]] = []
    scale = [q for q in found.questions if q.kind == QuestionKind.SCALE]
    if not groups or not scale:
        return out
    labels = [f"{i}" for i in range(1, len(scale) + 1)]
    series = [
        charts.Series(g.label, [r.average for r in g.questions if r.question.kind == QuestionKind.SCALE])
        for g in groups
    ]
    title = _("Average per question (1–5)")
    out.append({"title": title, "svg": charts.bar_chart(f"survey-{found.survey.pk}", title, labels, series)})
    return out


class SurveyResultsView(LoginRequiredMixin, View):
    """A survey's results per member and department, with the response rate, in the
    reader's scope; free text for the shared organisation's staff."""

    template_name = "followup/survey_results.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = access.get_visible_or_404(Survey.objects.select_related("collaboration"), request.user, pk=pk)
        found = surveys.results(request.user, survey)
        context = {"survey": survey, "results": found, "charts": results_charts(found)}
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        access.get_visible_or_404(Survey, request.user, pk=pk)
        return HttpResponse(status=405)


class HealthSurveyCreateView(LoginRequiredMixin, View):
    """Create this year's collaboration-health survey from the template (seed 004)."""

    template_name = "followup/health_new.html"

    def collaborations(self, request: HttpRequest) -> Any:
        from samdrift.tenancy.models import Collaboration

        ids = [
            c.pk
            for c in Collaboration.objects.visible_to(request.user)
            if policy.can_manage(request.user, Survey(collaboration=c))
        ]
        return Collaboration.objects.filter(pk__in=ids).order_by("name")

    def get(self, request: HttpRequest) -> HttpResponse:
        access.require_manage(request.user, Survey)
        today = timezone.localdate()
        initial = {"year": today.year, "closes_on": today + datetime.timedelta(days=21)}
        form = forms.HealthSurveyForm(initial=initial, collaborations=self.collaborations(request))
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        access.require_manage(request.user, Survey)
        form = forms.HealthSurveyForm(request.POST, collaborations=self.collaborations(request))
        if form.is_valid():
            chosen = form.cleaned_data
            try:
                survey = actions.do_create_health_survey(
                    acting_user=signed_in(request), collaboration=chosen["collaboration"], year=chosen["year"],
                    closes_on=chosen["closes_on"],
                )  # fmt: skip
            except ValidationError as exc:
                generic.apply_errors(form, exc)
            else:
                messages.success(request, _("%(object)s was saved.") % {"object": survey})
                return HttpResponseRedirect(survey.get_absolute_url())
        return render(request, self.template_name, {"form": form}, status=400)


class HealthTrendView(LoginRequiredMixin, View):
    """The collaboration-health survey's key factors over the years, per collaboration."""

    template_name = "followup/health_trend.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        from samdrift.tenancy.models import Collaboration

        if not policy.can_read_reports(request.user):
            raise PermissionDenied
        collaboration_ids = (
            Survey.objects.visible_to(request.user)
            .filter(kind=SurveyKind.HEALTH)
            .values_list("collaboration_id", flat=True)
        )
        trends = []
        for collaboration in Collaboration.objects.filter(pk__in=collaboration_ids).order_by("name"):
            trend = surveys.health_trend(request.user, collaboration)
            if not trend.years:
                continue
            labels = [str(y) for y in trend.years]
            series = [charts.Series(label, trend.own[code]) for code, label in trend.factors]
            title = _("Collaboration health per key factor and year (1–5): %(name)s") % {"name": collaboration}
            rows = [
                (label, trend.own[code], trend.collaboration_values[code] if trend.collaboration_values else None)
                for code, label in trend.factors
            ]
            trends.append(
                {
                    "trend": trend,
                    "title": title,
                    "svg": charts.line_chart(f"health-{collaboration.pk}", title, labels, series, fixed_max=5.0),
                    "rows": rows,
                }
            )
        return render(request, self.template_name, {"trends": trends})


class SurveyAnswerView(View):
    """The page a personal link opens, without login: the survey's title, introduction and
    questions, nothing else. Wrong token: 404; answered: 409; closed: 410."""

    template_name = "followup/survey_answer.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        response = super().dispatch(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = (
            "same-origin"  # the token never leaves the site; "no-referrer" would send "Origin: null" and fail CSRF
        )
        response["X-Robots-Tag"] = "noindex"
        return response

    def _link(self, token: str) -> Any:
        link = actions.find_link(token)
        if link is None:
            raise Http404
        return link

    def _questions(self, survey: Survey) -> list[Question]:
        return list(Question.objects.filter(survey=survey).order_by("position", "pk"))

    def _stop(self, request: HttpRequest, survey: Survey, error: actions.SurveyError) -> HttpResponse:
        context = {"survey": survey, "message": error.message, "code": error.code}
        return render(request, self.template_name, context, status=error.status)

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        link = self._link(token)
        survey = link.recipient.survey
        try:
            actions.check_answerable(link.recipient)
        except actions.SurveyError as error:
            return self._stop(request, survey, error)
        form = forms.AnswerForm(questions=self._questions(survey))
        return render(request, self.template_name, {"survey": survey, "form": form})

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        link = self._link(token)
        survey = link.recipient.survey
        try:
            actions.check_answerable(link.recipient)
        except actions.SurveyError as error:
            return self._stop(request, survey, error)
        form = forms.AnswerForm(request.POST, questions=self._questions(survey))
        if not form.is_valid():
            return render(request, self.template_name, {"survey": survey, "form": form}, status=400)
        try:
            actions.do_answer_survey(link.recipient, answers=form.answers())
        except actions.SurveyError as error:
            return self._stop(request, survey, error)
        return render(request, self.template_name, {"survey": survey, "thanks": True})
