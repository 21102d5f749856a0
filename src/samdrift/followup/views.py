"""Follow-up pages: the service-desk statistics (page, CSV, XLSX), goals with their actual
values, and the member dashboard. Access: ``followup.access`` through ``accounts.policy``."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View

from samdrift.accounts import policy
from samdrift.core import access
from samdrift.core import views as generic
from samdrift.core.tables import Column
from samdrift.finance.access import FINANCE_READERS

from . import actions, charts, exports, forms, goals, queries, stats
from .choices import Dimension
from .filtersets import BenefitFilterSet, GoalFilterSet
from .models import Benefit, Goal


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
