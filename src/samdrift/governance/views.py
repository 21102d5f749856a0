"""Governance UI: the generic object views per model, plus the meeting workbench
(agenda order, roll call, convocation), justering and posting, expediering, the files
(PDF, iCalendar) and the public notice board."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from samdrift.accounts import policy
from samdrift.accounts.policy import signed_in
from samdrift.core import views as generic
from samdrift.core.exceptions import ConcurrentEditError, VersionRequiredError
from samdrift.core.tables import Column

from . import access, actions, dates, exports, filtersets, forms, queries
from .choices import ItemKind, MinutesState
from .models import (
    AgendaItem,
    Attendance,
    Body,
    CaseSeries,
    Decision,
    Document,
    Matter,
    Meeting,
    Membership,
    Minutes,
    Recipient,
    ReportSnapshot,
    Signature,
)

SECRET_FIELDS = frozenset({"title", "text", "file", "summary", "background", "financial_assessment", "consultation",
                           "motivation", "basis", "proposal", "attachment"})  # fmt: skip


def _version(request: HttpRequest) -> int:
    """The version the user's page showed; a post without it is refused, never taken as a system job."""
    raw = request.POST.get("version", "")
    if not raw.isdigit():
        raise VersionRequiredError
    return int(raw)


def _error(request: HttpRequest, exc: Exception) -> None:
    messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))


class FileEditView(generic.ObjectEditView):
    """An edit view whose form takes uploaded files (the generic view passes
    ``request.FILES``; this one adds the multipart template)."""

    template_name = "governance/object_edit_files.html"

    @property
    def form_class(self) -> Any:  # type: ignore[override]
        return type(self).upload_form

    upload_form: Any


# Home -----------------------------------------------------------------------------------


class GovernanceHomeView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        today = timezone.localdate()
        context = {
            "bodies": Body.objects.visible_to(user).select_related("collaboration"),
            "upcoming": Meeting.objects.visible_to(user)
            .filter(starts__date__gte=today)
            .select_related("body")
            .order_by("starts")[:10],
            "recent": Matter.objects.visible_to(user).select_related("collaboration")[:10],
            "to_sign": Minutes.objects.visible_to(user)
            .filter(state=MinutesState.DRAFT, adjusters__user_id=user.pk or 0)
            .select_related("meeting__body"),
            "links": [
                (Body._meta.verbose_name_plural, reverse("governance:body_list")),
                (Matter._meta.verbose_name_plural, reverse("governance:matter_list")),
                (Document._meta.verbose_name_plural, reverse("governance:document_list")),
                (Meeting._meta.verbose_name_plural, reverse("governance:meeting_list")),
                (Decision._meta.verbose_name_plural, reverse("governance:decision_list")),
                (Minutes._meta.verbose_name_plural, reverse("governance:minutes_list")),
                (Membership._meta.verbose_name_plural, reverse("governance:membership_list")),
                (Recipient._meta.verbose_name_plural, reverse("governance:recipient_list")),
                (CaseSeries._meta.verbose_name_plural, reverse("governance:caseseries_list")),
                (gettext_lazy("Notice board"), reverse("anslagstavla")),
            ],
        }
        return render(request, "governance/home.html", context)


# Case register settings -------------------------------------------------------------------


class CaseSeriesListView(generic.ObjectListView):
    model = CaseSeries
    select_related = ("collaboration",)
    filterset_class = filtersets.CaseSeriesFilterSet
    columns = [Column("prefix", link=True), Column("pattern"), Column("collaboration")]


class CaseSeriesDetailView(generic.ObjectDetailView):
    model = CaseSeries
    select_related = ("collaboration",)
    fields = ["collaboration", "prefix", "pattern"]


class CaseSeriesEditView(generic.ObjectEditView):
    model = CaseSeries
    form_class = forms.CaseSeriesForm
    create_action = actions.do_create_case_series
    update_action = actions.do_update_case_series


class CaseSeriesHistoryView(generic.ObjectHistoryView):
    model = CaseSeries


# Bodies and memberships -------------------------------------------------------------------


class BodyListView(generic.ObjectListView):
    model = Body
    select_related = ("collaboration",)
    filterset_class = filtersets.BodyFilterSet
    columns = [Column("name", link=True), Column("kind"), Column("seats"), Column("collaboration")]


class BodyDetailView(generic.ObjectDetailView):
    model = Body
    select_related = ("collaboration",)
    fields = ["name", "short_name", "kind", "collaboration", "seats", "description"]
    template_name = "governance/body_detail.html"

    def related_tables(self, obj: Any) -> list[generic.RelatedTable]:
        user = self.request.user
        today = timezone.localdate()
        memberships = list(Membership.objects.visible_to(user).filter(body=obj).select_related("member", "body"))
        current = [m for m in memberships if m.current_on(today)]
        earlier = [m for m in memberships if not m.current_on(today)]
        columns = [
            Column("person", link=True), Column("party"), Column("role"), Column("office"), Column("member"),
            Column("starts"), Column("ends"),
        ]  # fmt: skip
        add = (
            reverse("governance:membership_add") + f"?body={obj.pk}"
            if policy.can_manage(user, Membership(body=obj))
            else None
        )
        return [
            generic.RelatedTable(gettext_lazy("Current members"), Membership, columns, current, add),
            generic.RelatedTable(
                gettext_lazy("Meetings"),
                Meeting,
                [Column("starts", link=True), Column("place"), Column("state")],
                list(Meeting.objects.visible_to(user).filter(body=obj).select_related("body")[:20]),
                reverse("governance:meeting_add") + f"?body={obj.pk}"
                if policy.can_manage(user, Meeting(body=obj))
                else None,
            ),
            generic.RelatedTable(gettext_lazy("Appointment history"), Membership, columns, earlier),
        ]

    def extra_context(self, obj: Any) -> dict[str, Any]:
        rows = queries.representation(obj, timezone.localdate())
        return {"representation": rows, "equal": queries.is_equal(rows)}


class BodyEditView(generic.ObjectEditView):
    model = Body
    form_class = forms.BodyForm
    create_action = actions.do_create_body
    update_action = actions.do_update_body


class BodyHistoryView(generic.ObjectHistoryView):
    model = Body


class MembershipListView(generic.ObjectListView):
    model = Membership
    select_related = ("body", "member")
    filterset_class = filtersets.MembershipFilterSet
    columns = [
        Column("person", link=True), Column("role"), Column("office"), Column("body"), Column("member"),
        Column("starts"), Column("ends"),
    ]  # fmt: skip


class MembershipDetailView(generic.ObjectDetailView):
    model = Membership
    select_related = ("body", "member", "user")
    fields = ["person", "party", "body", "role", "office", "member", "starts", "ends", "email", "user"]


class MembershipEditView(generic.ObjectEditView):
    model = Membership
    form_class = forms.MembershipForm
    create_action = actions.do_appoint
    update_action = actions.do_update_membership


class MembershipHistoryView(generic.ObjectHistoryView):
    model = Membership


class RecipientListView(generic.ObjectListView):
    model = Recipient
    select_related = ("member",)
    filterset_class = filtersets.RecipientFilterSet
    columns = [Column("name", link=True), Column("email"), Column("member")]


class RecipientDetailView(generic.ObjectDetailView):
    model = Recipient
    select_related = ("collaboration", "member")
    fields = ["name", "email", "member", "collaboration"]


class RecipientEditView(generic.ObjectEditView):
    model = Recipient
    form_class = forms.RecipientForm
    create_action = actions.do_create_recipient
    update_action = actions.do_update_recipient


class RecipientDeleteView(generic.ObjectDeleteView):
    model = Recipient
    delete_action = actions.do_delete_recipient


class RecipientHistoryView(generic.ObjectHistoryView):
    model = Recipient


# The register -----------------------------------------------------------------------------


class MatterListView(generic.ObjectListView):
    model = Matter
    select_related = ("body",)
    filterset_class = filtersets.MatterFilterSet
    columns = [
        Column("case_number", link=True), Column("title"), Column("registered_on"), Column("body"), Column("state"),
    ]  # fmt: skip


class MatterDetailView(generic.ObjectDetailView):
    model = Matter
    select_related = (
        "collaboration", "body", "ticket", "service", "allocation_model", "forecast", "collaboration_agreement",
        "service_agreement__member", "supplier_contract",
    )  # fmt: skip
    fields = [
        "case_number", "title", "registered_on", "state", "body", "collaboration", "description", "ticket",
        "service", "allocation_model", "forecast", "collaboration_agreement", "service_agreement",
        "supplier_contract",
    ]  # fmt: skip

    def related_tables(self, obj: Any) -> list[generic.RelatedTable]:
        user = self.request.user
        secret_ok = access.can_read_secret(user, obj)
        documents = list(Document.objects.visible_to(user).filter(matter=obj).select_related("matter"))
        for doc in documents:
            doc.shown_title = doc.title if secret_ok or not doc.confidential else doc.public_title  # type: ignore[attr-defined]
        items = list(AgendaItem.objects.visible_to(user).filter(matter=obj).select_related("meeting__body"))
        return [
            generic.RelatedTable(
                gettext_lazy("Documents"),
                Document,
                [
                    Column("number", link=True),
                    Column("kind"),
                    Column("date"),
                    Column("counterpart"),
                    Column("shown_title", label=gettext_lazy("Title")),
                    Column("osl_reference"),
                ],
                documents,
                reverse("governance:document_add") + f"?matter={obj.pk}"
                if policy.can_manage(user, Document(matter=obj))
                else None,
            ),
            generic.RelatedTable(
                gettext_lazy("On the agenda"),
                AgendaItem,
                [Column("meeting", link=True), Column("public_title", label=gettext_lazy("Title"))],
                items,
            ),
        ]


class MatterEditView(generic.ObjectEditView):
    model = Matter
    form_class = forms.MatterForm
    create_action = actions.do_register_matter
    update_action = actions.do_update_matter


class MatterHistoryView(generic.ObjectHistoryView):
    model = Matter


class DocumentListView(generic.ObjectListView):
    model = Document
    select_related = ("matter",)
    filterset_class = filtersets.DocumentFilterSet
    # Lists never show a confidential title, whoever reads them.
    columns = [
        Column("matter.case_number", label=gettext_lazy("Case number")),
        Column("number", link=True),
        Column("kind"),
        Column("date"),
        Column("counterpart"),
        Column("public_title", label=gettext_lazy("Title")),
    ]


class DocumentDetailView(generic.ObjectDetailView):
    model = Document
    select_related = ("matter", "decision__body")
    fields = [
        "matter", "number", "kind", "date", "counterpart", "confidential", "osl_reference", "title", "text", "file",
        "decision",
    ]  # fmt: skip
    template_name = "governance/document_detail.html"

    def visible_fields(self, obj: Any) -> list[str]:
        if obj.confidential and not access.can_read_secret(self.request.user, obj):
            return [f for f in self.fields if f not in SECRET_FIELDS]
        return self.fields

    def extra_context(self, obj: Any) -> dict[str, Any]:
        hidden = obj.confidential and not access.can_read_secret(self.request.user, obj)
        return {"hidden": hidden, "title": obj.public_title if hidden else f"{obj} {obj.title}"}


class DocumentEditView(FileEditView):
    model = Document
    upload_form = forms.DocumentForm
    create_action = actions.do_register_document
    update_action = actions.do_update_document


class DocumentHistoryView(generic.ObjectHistoryView):
    model = Document

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        # The history holds the values before and after: only for those who read secrets.
        obj = self.get_object(pk)
        if obj.confidential and not access.can_read_secret(request.user, obj):
            raise PermissionDenied
        return super().get(request, pk)


class DocumentFileView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> Any:
        from django.http import FileResponse

        doc = get_object_or_404(Document.objects.visible_to(request.user), pk=pk)
        if not doc.file or (doc.confidential and not access.can_read_secret(request.user, doc)):
            raise Http404
        return FileResponse(doc.file.open("rb"), as_attachment=True)


# Meetings ---------------------------------------------------------------------------------


class MeetingListView(generic.ObjectListView):
    model = Meeting
    select_related = ("body",)
    filterset_class = filtersets.MeetingFilterSet
    columns = [Column("starts", link=True), Column("body"), Column("place"), Column("state")]


class MeetingDetailView(generic.ObjectDetailView):
    model = Meeting
    select_related = ("body",)
    fields = ["body", "starts", "ends", "place", "remote_link", "state", "convened_on"]
    template_name = "governance/meeting_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        secret_ok = access.can_read_secret(user, obj)
        items = list(AgendaItem.objects.visible_to(user).filter(meeting=obj).select_related("decision", "matter"))
        for item in items:
            item.shown_title = item.title if secret_ok or not item.confidential else item.public_title  # type: ignore[attr-defined]
        attendance = list(
            Attendance.objects.visible_to(user).filter(meeting=obj).select_related("membership__member", "serving_for")
        )
        minutes = Minutes.objects.visible_to(user).filter(meeting=obj).first()
        can_manage = policy.can_manage(user, obj)
        return {
            "items": items,
            "attendance": attendance,
            "quorum": queries.quorum(obj),
            "minutes": minutes,
            "locked": obj.is_locked,
            "can_prepare": can_manage and not obj.is_locked,
            "can_add_item": policy.can_manage(user, AgendaItem(meeting=obj)) and not obj.is_locked,
            "meeting_day": dates.local_date(obj.starts),
            "justering_due": dates.justering_due(dates.local_date(obj.starts)),
        }


class MeetingEditView(generic.ObjectEditView):
    model = Meeting
    form_class = forms.MeetingForm
    create_action = actions.do_create_meeting
    update_action = actions.do_update_meeting


class MeetingHistoryView(generic.ObjectHistoryView):
    model = Meeting


class MeetingActionView(LoginRequiredMixin, View):
    """Convene, call the roll, start the minutes: one POST each."""

    def post(self, request: HttpRequest, pk: int, what: str) -> HttpResponse:
        meeting = get_object_or_404(Meeting.objects.visible_to(request.user).select_related("body"), pk=pk)
        if not policy.can_manage(request.user, meeting):
            raise PermissionDenied
        try:
            if what == "convene":
                actions.do_convene(meeting, acting_user=signed_in(request), expected_version=_version(request))
                messages.success(request, _("The convocation was sent."))
            elif what == "roll":
                made = actions.do_call_roll(meeting, acting_user=signed_in(request))
                messages.success(request, _("%(count)s people added to the attendance.") % {"count": len(made)})
            elif what == "minutes":
                if Minutes.objects.filter(meeting=meeting).exists():
                    raise ValidationError(_("The meeting already has minutes."))
                minutes = actions.do_create_minutes(acting_user=signed_in(request), meeting=meeting)
                return HttpResponseRedirect(reverse("governance:minutes_edit", args=[minutes.pk]))
            else:
                raise Http404
        except (ValidationError, ConcurrentEditError, VersionRequiredError) as exc:
            _error(request, exc)
        return HttpResponseRedirect(meeting.get_absolute_url())


class AttendanceListView(generic.ObjectListView):
    model = Attendance
    select_related = ("meeting__body", "membership")
    filterset_class = filtersets.AttendanceFilterSet
    columns = [Column("membership", link=True), Column("meeting"), Column("presence"), Column("serving_for")]


class AttendanceDetailView(generic.ObjectDetailView):
    model = Attendance
    select_related = ("meeting__body", "membership", "serving_for")
    fields = ["meeting", "membership", "presence", "serving_for"]


class AttendanceEditView(generic.ObjectEditView):
    model = Attendance
    form_class = forms.AttendanceForm
    create_action = actions.do_record_attendance
    update_action = actions.do_update_attendance


class AttendanceDeleteView(generic.ObjectDeleteView):
    model = Attendance
    delete_action = actions.do_delete_attendance


class AttendanceHistoryView(generic.ObjectHistoryView):
    model = Attendance


class AgendaItemListView(generic.ObjectListView):
    model = AgendaItem
    select_related = ("meeting__body",)
    filterset_class = filtersets.AgendaItemFilterSet
    columns = [
        Column("public_title", label=gettext_lazy("Title"), link=True), Column("meeting"), Column("kind"),
        Column("position"),
    ]  # fmt: skip


class AgendaItemDetailView(generic.ObjectDetailView):
    model = AgendaItem
    select_related = ("meeting__body", "matter")
    fields = [
        "meeting", "position", "kind", "matter", "presenter", "confidential", "osl_reference", "author", "attachment",
    ]  # fmt: skip
    template_name = "governance/agendaitem_detail.html"
    snapshot_form: Any = None  # a bound form with errors, from AttachSnapshotView

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        hidden = obj.confidential and not access.can_read_secret(user, obj)
        decision = Decision.objects.visible_to(user).filter(item=obj).select_related("body").first()
        can_snapshot = policy.can_manage(user, ReportSnapshot(item=obj)) and not obj.meeting.is_locked
        return {
            "hidden": hidden,
            "title": obj.public_title if hidden else obj.title,
            "memo": [] if hidden else exports.memo_sections(obj),
            "snapshots": list(
                ReportSnapshot.objects.visible_to(user).filter(item=obj).select_related("made_by").order_by("made_at")
            ),
            "snapshot_form": (self.snapshot_form or forms.SnapshotForm(user=user, item=obj, prefix="snapshot"))
            if can_snapshot
            else None,
            "decision": decision,
            "can_decide": decision is None
            and obj.kind in (ItemKind.DECISION, ItemKind.INFORMATION, ItemKind.OPENING)
            and policy.can_manage(user, Decision(item=obj))
            and not obj.meeting.is_locked,
        }

    def visible_fields(self, obj: Any) -> list[str]:
        if obj.confidential and not access.can_read_secret(self.request.user, obj):
            return [f for f in self.fields if f not in SECRET_FIELDS]
        return self.fields


class AttachSnapshotView(LoginRequiredMixin, View):
    """Freeze a report on an agenda item (one POST; the PDF is rendered now)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = get_object_or_404(AgendaItem.objects.visible_to(request.user).select_related("meeting__body"), pk=pk)
        if not policy.can_manage(request.user, ReportSnapshot(item=item)):
            raise PermissionDenied
        form = forms.SnapshotForm(request.POST, user=request.user, item=item, prefix="snapshot")
        if form.is_valid():
            chosen = form.cleaned_data
            try:
                made = actions.do_attach_report_snapshot(
                    acting_user=signed_in(request), item=item, kind=chosen["kind"], forecast=chosen.get("forecast"),
                    start=chosen.get("start"), end=chosen.get("end"),
                )  # fmt: skip
            except (ValidationError, PermissionDenied) as exc:
                from samdrift.core.views import apply_errors

                if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
                    apply_errors(form, exc)
                else:
                    form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, _("The report is frozen and attached: %(title)s.") % {"title": made.title})
                return HttpResponseRedirect(item.get_absolute_url() + "#snapshots")
        # The item page again with the form and its errors (nothing chosen is lost), as a 400.
        view = AgendaItemDetailView(snapshot_form=form)
        view.setup(request, pk=pk)
        response = view.get(request, pk)
        response.status_code = 400
        return response


class ReportSnapshotListView(generic.ObjectListView):
    model = ReportSnapshot
    select_related = ("item__meeting__body", "made_by")
    filterset_class = filtersets.ReportSnapshotFilterSet
    columns = [
        Column("title", link=True), Column("kind"), Column("item.meeting", label=gettext_lazy("Meeting")),
        Column("made_at"), Column("made_by"),
    ]  # fmt: skip

    def get(self, request: HttpRequest) -> HttpResponse:
        from django.core.paginator import Paginator

        filterset = self.filterset_class(request.GET or None, queryset=self.get_queryset(), request=request)
        queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        page = Paginator(queryset, generic.PAGE_SIZE).get_page(request.GET.get("page"))
        context = self.base_context() | {
            "filter_form": filterset.form, "columns": self.columns, "page": page, "can_add": False,
        }  # fmt: skip
        return render(request, self.template_name, context)


class ReportSnapshotDetailView(generic.ObjectView):
    """A frozen report is a record, never edited: a read-only page with the file."""

    model = ReportSnapshot
    select_related = ("item__meeting__body", "made_by", "forecast", "document__matter")
    fields = [
        "item", "kind", "title", "forecast", "period_start", "period_end", "made_at", "made_by", "size", "digest",
        "document",
    ]  # fmt: skip

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        from samdrift.core.tables import display, field_label, resolve

        obj = self.get_object(pk)
        hidden = obj.item.confidential and not access.can_read_secret(request.user, obj)
        shown = [name for name in self.fields if not (hidden and name == "item")]
        rows = [(field_label(ReportSnapshot, name), display(resolve(obj, name))) for name in shown]
        context = self.base_context() | {
            "object": obj, "rows": rows, "title": str(obj), "hidden": hidden, "related_tables": [],
            "history_url": reverse("governance:reportsnapshot_history", args=[obj.pk]),
            "can_view_audit": policy.can_view_audit(request.user, obj),
        }  # fmt: skip
        return render(request, "governance/reportsnapshot_detail.html", context)


class ReportSnapshotHistoryView(generic.ObjectHistoryView):
    model = ReportSnapshot


class ReportSnapshotFileView(LoginRequiredMixin, View):
    """The frozen PDF, for those who see the item (and its content, if confidential)."""

    def get(self, request: HttpRequest, pk: int) -> Any:
        from django.http import FileResponse

        snapshot = get_object_or_404(ReportSnapshot.objects.visible_to(request.user).select_related("item"), pk=pk)
        if snapshot.item.confidential and not access.can_read_secret(request.user, snapshot):
            raise Http404
        name = (snapshot.file.name or "report.pdf").rsplit("/", 1)[-1]
        return FileResponse(snapshot.file.open("rb"), as_attachment=True, filename=name, content_type="application/pdf")


class AgendaItemEditView(FileEditView):
    model = AgendaItem
    upload_form = forms.AgendaItemForm
    create_action = actions.do_add_item
    update_action = actions.do_update_item


class AgendaItemDeleteView(generic.ObjectDeleteView):
    model = AgendaItem
    delete_action = actions.do_delete_item


class AgendaItemHistoryView(generic.ObjectHistoryView):
    model = AgendaItem


class MoveItemView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = get_object_or_404(AgendaItem.objects.visible_to(request.user).select_related("meeting"), pk=pk)
        if not policy.can_manage(request.user, item.meeting):
            raise PermissionDenied
        try:
            actions.do_move_item(
                item,
                acting_user=signed_in(request),
                expected_version=_version(request),
                up=request.POST.get("to") == "up",
            )
        except (ValidationError, ConcurrentEditError, VersionRequiredError) as exc:
            _error(request, exc)
        return HttpResponseRedirect(item.meeting.get_absolute_url() + "#agenda")


# Decisions --------------------------------------------------------------------------------


class DecisionListView(generic.ObjectListView):
    model = Decision
    select_related = ("body", "item")
    filterset_class = filtersets.DecisionFilterSet
    columns = [
        Column("pk", label=gettext_lazy("§"), link=True), Column("decided_on"), Column("item.public_title", label=gettext_lazy("Title")),
        Column("effect"),
    ]  # fmt: skip


class DecisionDetailView(generic.ObjectDetailView):
    model = Decision
    select_related = (
        "body", "item__meeting", "item__matter", "forecast", "allocation_model", "service", "collaboration_agreement",
    )  # fmt: skip
    fields = [
        "item", "decided_on", "text", "reservations", "votes_for", "votes_against", "abstentions", "effect",
        "forecast", "allocation_model", "budget_year", "service", "collaboration_agreement",
    ]  # fmt: skip
    template_name = "governance/decision_detail.html"

    def visible_fields(self, obj: Any) -> list[str]:
        if obj.item.confidential and not access.can_read_secret(self.request.user, obj):
            return [f for f in self.fields if f not in {"text", "reservations"}]
        return self.fields

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        minutes = Minutes.objects.filter(meeting_id=obj.item.meeting_id).first()
        dispatched = list(Document.objects.visible_to(user).filter(decision=obj).select_related("matter"))
        can_dispatch = (
            policy.can_manage(user, Document(matter=obj.item.matter))
            if obj.item.matter_id and minutes and minutes.state != MinutesState.DRAFT
            else False
        )
        return {
            "dispatched": dispatched,
            "dispatch_form": forms.DispatchForm(user=user, decision=obj) if can_dispatch else None,
        }


class DecisionEditView(generic.ObjectEditView):
    model = Decision
    form_class = forms.DecisionForm
    create_action = actions.do_decide
    update_action = actions.do_update_decision


class DecisionHistoryView(generic.ObjectHistoryView):
    model = Decision


class DispatchView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        decision = get_object_or_404(
            Decision.objects.visible_to(request.user).select_related("body", "item__matter"), pk=pk
        )
        if decision.item.matter is None or not policy.can_manage(request.user, Document(matter=decision.item.matter)):
            raise PermissionDenied
        form = forms.DispatchForm(request.POST, user=request.user, decision=decision)
        if form.is_valid():
            try:
                doc = actions.do_dispatch(
                    decision, acting_user=signed_in(request), recipients=list(form.cleaned_data["recipients"])
                )
            except ValidationError as exc:
                _error(request, exc)
            else:
                messages.success(request, _("The decision was sent and registered as %(doc)s.") % {"doc": doc})
        else:
            messages.error(request, _("Choose at least one recipient."))
        return HttpResponseRedirect(decision.get_absolute_url())


# Minutes ----------------------------------------------------------------------------------


class MinutesListView(generic.ObjectListView):
    model = Minutes
    select_related = ("meeting__body",)
    filterset_class = filtersets.MinutesFilterSet
    columns = [Column("meeting", link=True), Column("state"), Column("signed_on"), Column("posted_on")]


class MinutesDetailView(generic.ObjectDetailView):
    model = Minutes
    select_related = ("meeting__body",)
    fields = ["meeting", "state", "justering_place", "adjusters", "notes", "signed_on", "posted_on"]
    template_name = "governance/minutes_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        needed = actions.signers(obj)
        signatures = {s.membership_id: s for s in Signature.objects.filter(minutes=obj)}
        mine = [m for m in needed if m.user_id == user.pk and m.pk not in signatures]
        return {
            "signers": [(m, signatures.get(m.pk)) for m in needed],
            "can_sign": obj.state == MinutesState.DRAFT and bool(mine) and obj.adjusters.exists(),
            "can_post": obj.state == MinutesState.SIGNED and policy.can_manage(user, obj.meeting),
            "paper": exports.minutes_context(obj, user),
            "today": timezone.localdate(),
        }


class MinutesEditView(generic.ObjectEditView):
    model = Minutes
    form_class = forms.MinutesForm
    create_action = actions.do_create_minutes
    update_action = actions.do_update_minutes


class MinutesHistoryView(generic.ObjectHistoryView):
    model = Minutes


class MinutesActionView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int, what: str) -> HttpResponse:
        minutes = get_object_or_404(Minutes.objects.visible_to(request.user).select_related("meeting__body"), pk=pk)
        try:
            if what == "sign":
                actions.do_sign_minutes(minutes, acting_user=signed_in(request))
                messages.success(request, _("Your justering is recorded."))
            elif what == "post":
                if not policy.can_manage(request.user, minutes.meeting):
                    raise PermissionDenied
                actions.do_post_minutes(minutes, acting_user=signed_in(request))
                messages.success(request, _("The notice is posted on the notice board."))
            else:
                raise Http404
        except ValidationError as exc:
            _error(request, exc)
        return HttpResponseRedirect(minutes.get_absolute_url())


class SignatureDetailView(generic.ObjectView):
    """A justering is a record, never edited: a read-only page."""

    model = Signature
    select_related = ("minutes__meeting__body", "membership", "user")
    fields = ["minutes", "membership", "user", "signed_at"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        from samdrift.core.tables import display, field_label, resolve

        obj = self.get_object(pk)
        rows = [(field_label(Signature, name), display(resolve(obj, name))) for name in self.fields]
        context = self.base_context() | {"object": obj, "rows": rows, "title": str(obj), "related_tables": []}
        return render(request, "core/object_detail.html", context)


class SignatureListView(generic.ObjectListView):
    model = Signature
    select_related = ("minutes__meeting__body", "membership")
    filterset_class = filtersets.SignatureFilterSet
    columns = [Column("membership", link=True), Column("minutes"), Column("signed_at")]

    def get(self, request: HttpRequest) -> HttpResponse:
        from django.core.paginator import Paginator

        filterset = self.filterset_class(request.GET or None, queryset=self.get_queryset(), request=request)
        queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        page = Paginator(queryset, generic.PAGE_SIZE).get_page(request.GET.get("page"))
        context = self.base_context() | {
            "filter_form": filterset.form, "columns": self.columns, "page": page, "can_add": False,
        }  # fmt: skip
        return render(request, self.template_name, context)


# Files -------------------------------------------------------------------------------------


class PaperView(LoginRequiredMixin, View):
    """PDF papers: the convocation with the agenda, a case memo, the minutes, the notice."""

    def get(self, request: HttpRequest, pk: int, paper: str) -> HttpResponse:
        user = request.user
        if paper == "agenda":
            meeting = get_object_or_404(Meeting.objects.visible_to(user).select_related("body"), pk=pk)
            return exports.pdf_response(
                "governance/pdf/agenda.html", exports.agenda_context(meeting, user), f"kallelse-{meeting.pk}", request
            )
        if paper == "memo":
            item = get_object_or_404(
                AgendaItem.objects.visible_to(user).select_related("meeting__body", "matter"), pk=pk
            )
            if item.confidential and not access.can_read_secret(user, item):
                raise Http404
            return exports.pdf_response(
                "governance/pdf/memo.html",
                exports.memo_context(item),
                f"tjansteskrivelse-{item.pk}",
                request,
            )
        minutes = get_object_or_404(Minutes.objects.visible_to(user).select_related("meeting__body"), pk=pk)
        if paper == "minutes":
            return exports.pdf_response(
                "governance/pdf/minutes.html",
                exports.minutes_context(minutes, user),
                f"protokoll-{minutes.pk}",
                request,
            )
        if paper == "notice" and minutes.posted_on:
            return exports.pdf_response(
                "governance/pdf/notice.html", exports.notice_context(minutes), f"anslag-{minutes.pk}", request
            )
        raise Http404  # fmt: skip


class MeetingCalendarView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = get_object_or_404(Meeting.objects.visible_to(request.user).select_related("body"), pk=pk)
        response = HttpResponse(exports.meeting_ics(meeting, request), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="sammantrade-{meeting.pk}.ics"'
        return response


# Public: the notice board -------------------------------------------------------------------


class NoticeBoardView(View):
    """The digital notice board (anslagstavla): posted minutes, no login needed."""

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        notices = [(m, queries.appeal_state(m, today)) for m in queries.notice_board(today)[:200]]
        return render(request, "governance/noticeboard.html", {"notices": notices, "today": today})


class PublicMinutesView(View):
    """Posted minutes for the public: decisions without confidential items' content."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        minutes = get_object_or_404(queries.notice_board(timezone.localdate()), pk=pk)
        context = exports.minutes_context(minutes, None) | {
            "appeal": queries.appeal_state(minutes, timezone.localdate()),
            "public": True,
        }
        return render(request, "governance/public_minutes.html", context)


class PublicNoticePdfView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        minutes = get_object_or_404(queries.notice_board(timezone.localdate()), pk=pk)
        return exports.pdf_response(
            "governance/pdf/notice.html", exports.notice_context(minutes), f"anslag-{minutes.pk}", request
        )
