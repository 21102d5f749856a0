"""Generic object views. Every one narrows its queryset with ``visible_to(user)`` first.

App views subclass these and declare the model, columns, filterset, form and actions;
they hold no query or access logic of their own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_filters import FilterSet

from . import access, related
from .exceptions import VERSION_REQUIRED_MESSAGE, ConcurrentEditError, ObjectInUseError, VersionRequiredError
from .filtersets import AuditEntryFilterSet
from .history import readable_entries
from .models import AuditEntry
from .querysets import with_label_related
from .tables import Column, display, field_label, resolve

PAGE_SIZE = 50
# List pages count their rows exactly up to this many; above it they say "more than 10,000".
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A paginator whose count stops at ``COUNT_CAP`` + 1 rows.

    An exact ``COUNT(*)`` reads every matching row (or index entry); on a list of a few
    hundred thousand tickets that alone took longer than the page's own rows. The count
    here reads at most ``COUNT_CAP + 1`` of them (``SELECT COUNT(*) FROM (SELECT … LIMIT
    10001)``), so it is exact when that is cheap. ``capped`` says the true count is
    larger; the templates then show "more than 10,000" and no last page number.
    """

    cap = COUNT_CAP

    def __init__(
        self,
        object_list: Any,
        per_page: int,
        *args: Any,
        cap: int | None = None,
        late_rows: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(object_list, per_page, *args, **kwargs)
        if cap is not None:
            self.cap = cap
        self.late_rows = late_rows

    def page(self, number: Any) -> Any:
        """The page; with ``late_rows`` its keys first, then only its own rows.

        A sort that no index gives (an orderer's "their member's tickets or their own",
        an OR, newest first) holds every matching row until the first 50 are known. With
        ``late_rows`` it holds only each row's key and sort value (``SELECT id … LIMIT 50``),
        and the page's 50 whole rows, with their related rows, are read by key after.
        One more query, but a bounded one: on the demo's 260,000 tickets an orderer's list
        went from 0.23 s to 0.02 s in the database.
        """
        rows = self.object_list
        if not (self.late_rows and isinstance(rows, models.QuerySet)):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(rows.values_list("pk", flat=True)[bottom:top])
        by_key = rows.order_by().in_bulk(keys)
        return Page([by_key[key] for key in keys if key in by_key], number, self)

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if isinstance(rows, models.QuerySet):
            return rows.order_by()[: self.cap + 1].count()
        return super().count

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @property
    def count_label(self) -> str:
        """``"12"``, or ``"more than 10,000"`` (``"fler än 10 000"``) when capped."""
        if self.capped:
            return _("more than %(count)s") % {"count": number_format(self.cap, force_grouping=True)}
        return number_format(self.count, force_grouping=True)


# Django 6.1's empty choice of select fields; its Swedish catalogue lacks it, ours has it.
EMPTY_CHOICE = gettext_lazy("- Select an option -")


def url_name(model: type[models.Model], action: str) -> str:
    return f"{model._meta.app_label}:{model._meta.model_name}_{action}"


def visible(model: type[models.Model], request: HttpRequest) -> models.QuerySet[Any]:
    manager: Any = model._default_manager
    return manager.visible_to(request.user)


def new_object_label(model: type[models.Model]) -> str:
    """The "New …" title and button of a model.

    A model whose noun needs its own form of "new" in some language (Swedish "Nytt ärende",
    "Nya öppettider") names it in ``new_label``; the others get the generic "New <type>".
    """
    label = getattr(model, "new_label", None)
    if label is not None:
        return str(label)
    return str(_("New %(type)s") % {"type": model._meta.verbose_name})


class ObjectView(LoginRequiredMixin, View):
    model: ClassVar[type[models.Model]]
    select_related: ClassVar[tuple[str, ...]] = ()

    def get_queryset(self) -> models.QuerySet[Any]:
        queryset = visible(self.model, self.request)
        return queryset.select_related(*self.select_related) if self.select_related else queryset

    def get_object(self, pk: int) -> Any:
        return get_object_or_404(self.get_queryset(), pk=pk)

    def base_context(self) -> dict[str, Any]:
        meta = self.model._meta
        return {
            "model": self.model,
            "verbose_name": meta.verbose_name,
            "verbose_name_plural": meta.verbose_name_plural,
            "new_label": new_object_label(self.model),
            "list_url": reverse(url_name(self.model, "list")),
        }


class ObjectListView(ObjectView):
    filterset_class: ClassVar[type[FilterSet]]
    columns: ClassVar[list[Column]]
    template_name = "core/object_list.html"

    # The order when no filter chose one (a filterset's own sort wins when bound).
    ordering: ClassVar[tuple[str, ...]] = ()
    # False for rows that only the system records (no "New …" button, no add URL).
    addable: ClassVar[bool] = True
    # Read the page's keys first and then its rows (see :meth:`CappedPaginator.page`).
    late_rows: ClassVar[bool] = False

    def extra_context(self, page: Any, filterset: FilterSet) -> dict[str, Any]:
        """More for a subclass's template."""
        return {}

    def count_cap(self) -> int | None:
        """How far the page counts rows exactly (``None``: ``COUNT_CAP``)."""
        return None

    def get(self, request: HttpRequest) -> HttpResponse:
        filterset = self.filterset_class(request.GET or None, queryset=self.get_queryset(), request=request)
        if filterset.is_bound and filterset.is_valid():
            queryset = filterset.qs
        else:
            queryset = filterset.queryset.order_by(*self.ordering) if self.ordering else filterset.queryset
        paginator = CappedPaginator(queryset, PAGE_SIZE, cap=self.count_cap(), late_rows=self.late_rows)
        page = paginator.get_page(request.GET.get("page"))
        context = self.base_context() | {
            "filter_form": filterset.form,
            "columns": self.columns,
            "page": page,
            "can_add": self.addable and access.can_create(request.user, self.model),
            "add_url": reverse(url_name(self.model, "add")) if self.addable else "",
        }
        return render(request, self.template_name, context | self.extra_context(page, filterset))


@dataclass
class RelatedTable:
    title: str | Promise
    model: type[models.Model]
    columns: list[Column]
    rows: list[Any]
    add_url: str | None = None


class ObjectDetailView(ObjectView):
    fields: ClassVar[list[str]]
    template_name = "core/object_detail.html"

    def related_tables(self, obj: Any) -> list[RelatedTable]:
        return []

    def extra_context(self, obj: Any) -> dict[str, Any]:
        """More for a subclass's template (its ``extra`` block)."""
        return {}

    def visible_fields(self, obj: Any) -> list[str]:
        """The fields shown; a subclass hides those the user may not read."""
        return self.fields

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_object(self.get_object(pk))

    def render_object(self, obj: Any, status: int = 200, **overrides: Any) -> HttpResponse:
        """The page of ``obj``; ``overrides`` (e.g. a refused, bound form from an
        :class:`ObjectActionView`) replace what :meth:`extra_context` would put there."""
        request = self.request
        rows = [(self.label(name), display(resolve(obj, name))) for name in self.visible_fields(obj)]
        meta = self.model._meta
        context = (
            self.base_context()
            | {
                "object": obj,
                "rows": rows,
                "related_tables": self.related_tables(obj) + related.tables_for(obj, request.user),
                "can_manage": access.can_manage(request.user, obj),
                "can_view_audit": access.can_view_audit(request.user, obj),
                "edit_url": self._optional_url("edit", obj),
                "delete_url": self._optional_url("delete", obj),
                "history_url": self._optional_url("history", obj),
                "title": str(obj),
                "object_type": meta.verbose_name,
            }
            | self.extra_context(obj)
            | {key: value for key, value in overrides.items() if value is not None}
        )
        return render(request, self.template_name, context, status=status)

    def label(self, name: str) -> str:
        try:
            return field_label(self.model, name)
        except Exception:  # a property, not a field
            return str(getattr(self, "labels", {}).get(name, name))

    def _optional_url(self, action: str, obj: Any) -> str | None:
        from django.urls import NoReverseMatch

        try:
            return reverse(url_name(self.model, action), args=[obj.pk])
        except NoReverseMatch:
            return None


def version_field() -> forms.IntegerField:
    """The hidden version of the object the form was shown with; a post without it is refused."""
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        label=gettext_lazy("Version"),
        error_messages={"required": VERSION_REQUIRED_MESSAGE, "invalid": VERSION_REQUIRED_MESSAGE},
    )


class VersionForm(forms.Form):
    """The form of an action that needs nothing but the version it was shown with
    (issue a run, discard it): a stale version is refused with 409 by the action."""

    version = version_field()


class VersionedForm(forms.ModelForm):
    """A model form that carries the object's version and narrows choices to the user's scope."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = getattr(self.instance, "version", None)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                manager = field.queryset.model._default_manager  # type: ignore[union-attr]
                if hasattr(manager, "visible_to"):
                    field.queryset = with_label_related(manager.visible_to(user))

    def clean(self) -> dict[str, Any]:
        """An edit must say which version it was made on: without it, it could overwrite a
        newer change unseen (the form is refused, it is never taken as a system job)."""
        cleaned = super().clean() or {}
        if self.instance.pk and cleaned.get("version") is None:
            self.errors.pop("version", None)  # "Enter a whole number" on a hidden field helps no one
            raise ValidationError(str(VersionRequiredError()), code="version_required")
        return cleaned

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or [] if name in self.cleaned_data}


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ObjectEditView(ObjectView):
    """Create (no pk) or update (pk) one object through the model's actions."""

    form_class: ClassVar[type[VersionedForm]]
    create_action: ClassVar[Callable[..., Any]]
    update_action: ClassVar[Callable[..., Any]]
    template_name = "core/object_edit.html"

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self.editable_object(pk)
        form = self.form_class(instance=obj, initial=request.GET.dict() if obj is None else None, **self.form_kwargs())
        return self.render_form(form, obj)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self.editable_object(pk)
        form = self.form_class(request.POST, request.FILES, instance=obj, **self.form_kwargs())
        if form.is_valid():
            if not self.may_save(form):
                form.add_error(None, _("You do not have permission to save this object with these values."))
                return self.render_form(form, obj, status=403)
            try:
                saved = self.save(form, obj)
            except ConcurrentEditError as exc:
                form.add_error(None, str(exc))
                return self.render_form(form, obj, status=409)
            except VersionRequiredError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, self.saved_message(saved, created=obj is None))
                return HttpResponseRedirect(saved.get_absolute_url())
        return self.render_form(form, obj, status=400)

    def form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def may_save(self, form: Any) -> bool:
        """Whether the user may save the object as the form would leave it."""
        return access.can_manage(self.request.user, form.instance)

    def saved_message(self, saved: Any, *, created: bool) -> str:
        return _("%(object)s was saved.") % {"object": saved}

    def form_context(self, obj: Any) -> dict[str, Any]:
        """More for a subclass's template."""
        return {}

    def save(self, form: VersionedForm, obj: Any) -> Any:
        if obj is None:
            return type(self).create_action(acting_user=self.request.user, **form.changes())
        return type(self).update_action(
            obj, acting_user=self.request.user, expected_version=form.cleaned_data.get("version"), **form.changes()
        )

    def editable_object(self, pk: int | None) -> Any:
        if pk is None:
            access.require_manage(self.request.user, self.model)
            return None
        obj = self.get_object(pk)
        access.require_manage(self.request.user, obj)
        return obj

    def render_form(self, form: forms.BaseForm, obj: Any, status: int = 200) -> HttpResponse:
        title = new_object_label(self.model) if obj is None else _("Edit %(object)s") % {"object": obj}
        context = self.base_context() | {"form": form, "object": obj, "title": title} | self.form_context(obj)
        return render(self.request, self.template_name, context, status=status)


class ObjectDeleteView(ObjectView):
    delete_action: ClassVar[Callable[..., Any]]
    template_name = "core/object_delete.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.deletable(pk)
        return render(request, self.template_name, self.base_context() | {"object": obj})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.deletable(pk)
        version_raw = request.POST.get("version", "")
        if not version_raw.isdigit():
            context = self.base_context() | {"object": obj, "error": str(VersionRequiredError())}
            return render(request, self.template_name, context, status=400)
        version = int(version_raw)
        try:
            type(self).delete_action(obj, acting_user=request.user, expected_version=version)
        except (ConcurrentEditError, ObjectInUseError) as exc:
            message = (
                str(exc)
                if isinstance(exc, ConcurrentEditError)
                else _("%(object)s cannot be deleted because other records refer to it. Mark it inactive instead.")
                % {"object": obj}
            )
            context = self.base_context() | {"object": obj, "error": message}
            return render(request, self.template_name, context, status=409)
        messages.success(request, _("%(object)s was deleted.") % {"object": obj})
        return HttpResponseRedirect(reverse(url_name(self.model, "list")))

    def deletable(self, pk: int) -> Any:
        obj = self.get_object(pk)
        access.require_manage(self.request.user, obj)
        return obj


class ObjectHistoryView(ObjectView):
    template_name = "core/object_history.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object(pk)
        if not access.can_view_audit(request.user, obj):
            raise PermissionDenied
        entries = (
            AuditEntry.objects.visible_to(request.user)
            .filter(content_type=ContentType.objects.get_for_model(self.model), object_id=str(obj.pk))
            .select_related("content_type", "actor")
        )
        context = self.base_context() | {"object": obj, "entries": readable_entries(entries[:500], request.user)}
        return render(request, self.template_name, context)


class ObjectActionView(ObjectView):
    """POST one action on one object: find it within ``visible_to`` (404 otherwise), check
    the user may act, bind ``form_class``, call :meth:`act` (one action from the app's
    ``actions.py``), then redirect with ``success_message``.

    What goes wrong is never a 500 and never silent: an invalid form, or a
    ``ValidationError`` from the action (its messages added to the form), re-renders
    through :meth:`invalid` with 400; a stale version (``ConcurrentEditError``) with 409
    and fresh forms, so the user sees the newer state; a post without its version with
    400. A subclass says who may act (:meth:`check`), what the form gets
    (:meth:`form_kwargs`), where to go after (:meth:`success_url`) and how a refused
    form is shown (:meth:`invalid`; by default the page ``core/object_action.html``).
    """

    form_class: ClassVar[type[forms.BaseForm]]
    form_name: ClassVar[str] = "form"
    success_message: ClassVar[str | Promise] = ""
    template_name = "core/object_action.html"
    http_method_names = ["post", "options"]

    def check(self, obj: Any) -> None:
        access.require_manage(self.request.user, obj)

    def form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {}

    def act(self, obj: Any, form: Any) -> HttpResponse | None:
        raise NotImplementedError

    def success_url(self, obj: Any) -> str:
        return str(obj.get_absolute_url())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object(pk)
        self.check(obj)
        form = self.form_class(request.POST, request.FILES, **self.form_kwargs(obj))
        if not form.is_valid():
            return self.invalid(obj, form, status=400)
        try:
            result = self.act(obj, form)
        except ConcurrentEditError as exc:
            messages.error(request, str(exc))
            return self.invalid(obj, None, status=409)
        except VersionRequiredError as exc:
            form.add_error(None, str(exc))
            return self.invalid(obj, form, status=400)
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.invalid(obj, form, status=400)
        if isinstance(result, HttpResponse):
            return result
        if self.success_message:
            messages.success(request, str(self.success_message))
        return HttpResponseRedirect(self.success_url(obj))

    def invalid(self, obj: Any, form: Any, status: int) -> HttpResponse:
        """The refused form (``None`` after a stale version: show the object afresh).
        Mixed into an :class:`ObjectDetailView`, the object's page is shown again with the
        form bound under ``form_name``, so nothing typed is lost."""
        if isinstance(self, ObjectDetailView):
            return self.render_object(obj, status=status, **{self.form_name: form})
        context = self.base_context() | {"object": obj, "form": form, "title": str(obj)}
        return render(self.request, self.template_name, context, status=status)


@dataclass
class ObjectViews:
    """Everything one model gets from the generic views, declared once per model.

    ``list_view``/``detail_view``/``edit_view``/``delete_view``/``history_view`` are the pages (routes from
    :func:`samdrift.core.urls_helpers.object_urls`: ``<model>s/``, ``<model>s/add/``,
    ``<model>s/<pk>/``…); ``actions`` the POST-one-action views on one object
    (``<model>s/<pk>/<name>/``, URL name ``<model>_<name>``); ``pages`` more routes of the
    model (``<model>s/<route>``, URL name ``<model>_<name>``); ``viewset`` the API viewset
    (a dotted path, imported when the router is built, so views and API do not import
    each other), registered as ``api_prefix`` with basename ``<model>``.
    """

    model: type[models.Model]
    list_view: type[View] | None = None
    detail_view: type[View] | None = None
    edit_view: type[View] | None = None
    delete_view: type[View] | None = None
    history_view: type[View] | None = None
    add_view: type[View] | None = None  # when creating is not the edit view (no pk)
    actions: dict[str, type[View]] = dataclasses.field(default_factory=dict)
    pages: dict[str, tuple[str, type[View]]] = dataclasses.field(default_factory=dict)
    viewset: str = ""
    api_prefix: str = ""
    plural: str = ""  # the routes' first part when ``<model>s`` is wrong (``desksettings``)

    @property
    def name(self) -> str:
        return str(self.model._meta.model_name)

    def urls(self) -> list[Any]:
        from django.urls import path

        from .urls_helpers import object_urls

        name = self.name
        prefix = self.plural or f"{name}s"
        patterns: list[Any] = []
        # Fixed routes first: "tickets/bulk/" must not be read as a primary key.
        for page_name, (route, view) in self.pages.items():
            patterns.append(path(f"{prefix}/{route}", view.as_view(), name=f"{name}_{page_name}"))
        if self.add_view is not None:
            patterns.append(path(f"{prefix}/add/", self.add_view.as_view(), name=f"{name}_add"))
        declared = {
            key: view
            for key, view in {
                "list": self.list_view,
                "detail": self.detail_view,
                "edit": self.edit_view,
                "delete": self.delete_view,
                "history": self.history_view,
            }.items()
            if view is not None
        }
        generic_patterns = object_urls(self.model, declared, plural=self.plural or None)
        if self.add_view is not None:
            generic_patterns = [p for p in generic_patterns if p.name != f"{name}_add"]
        patterns.extend(generic_patterns)
        for action_name, view in self.actions.items():
            patterns.append(path(f"{prefix}/<int:pk>/{action_name}/", view.as_view(), name=f"{name}_{action_name}"))
        return patterns

    def register_api(self, router: Any) -> None:
        from django.utils.module_loading import import_string

        if self.viewset:
            router.register(self.api_prefix or f"{self.name}s", import_string(self.viewset), basename=self.name)


class AuditListView(LoginRequiredMixin, View):
    """The audit log across objects, for administrators, within their scope."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not access.has_any_role(request.user, {"administrator"}):
            raise PermissionDenied
        queryset = AuditEntry.objects.visible_to(request.user).select_related("content_type", "actor")
        filterset = AuditEntryFilterSet(request.GET or None, queryset=queryset, request=request)
        entries = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
        page = CappedPaginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "filter_form": filterset.form,
            "page": page,
            "entries": readable_entries(page.object_list, request.user),
        }
        return render(request, "core/audit_list.html", context)


class LookupView(LoginRequiredMixin, View):
    """The matches for a combobox (``core/widgets.py``): ``?q=text`` answers
    ``{"results": [{"value": key, "label": text}]}``, at most ``lookups.LIMIT``, all
    within what the user may see. Unknown lookups are 404."""

    def get(self, request: HttpRequest, name: str) -> HttpResponse:
        from django.http import Http404, JsonResponse

        from . import lookups

        lookup = lookups.get(name)
        if lookup is None:
            raise Http404
        found = lookups.results(lookup, request.user, request.GET.get("q", "")[:100])
        return JsonResponse({"results": [{"value": lookup.key(obj), "label": lookup.label(obj)} for obj in found]})


def error_view(status: int, template: str) -> Callable[..., HttpResponse]:
    """UI error pages, and JSON bodies for anything under /api/."""
    from django.http import JsonResponse

    messages_by_status = {
        400: gettext_lazy("The request could not be understood."),
        403: gettext_lazy("You do not have permission to do this."),
        404: gettext_lazy("Not found."),
        500: gettext_lazy("Something went wrong on our side. The error has been logged."),
    }

    def view(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
        message = str(messages_by_status[status])
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "code": str(status)}, status=status)
        return render(request, template, {"message": message, "status": status}, status=status)

    return view


class JobsView(LoginRequiredMixin, View):
    """Background work: long jobs with their progress (administrators: all in their scope;
    everybody else: the ones they started), and for administrators the task queue, the
    periodic tasks, recent failures and the workers."""

    def get(self, request: HttpRequest) -> HttpResponse:
        from django.tasks.base import TaskResultStatus
        from django.utils import timezone
        from django_tasks_db.models import DBTaskResult

        from . import background, progress
        from .models import ScheduledTask, WorkerHeartbeat

        user = request.user
        is_admin = access.has_any_role(user, {"administrator"})
        jobs = progress.long_jobs(user, is_admin=is_admin)
        context: dict[str, Any] = {"jobs": jobs, "is_admin": is_admin, "show_traceback": user.is_superuser}
        active = any(job.active for job in jobs)
        if is_admin:
            now = timezone.now()

            def rows(queryset: Any) -> list[dict[str, Any]]:
                return [
                    {
                        "label": progress.task_label(result.task_path),
                        "result": result,
                        "worker": (result.worker_ids or [""])[-1],
                        # Task errors may quote data of any collaboration: the message
                        # and traceback only for superusers, the exception class for all.
                        "error": background.describe(result)
                        if user.is_superuser
                        else result.exception_class_path.rsplit(".", 1)[-1],
                    }
                    for result in queryset
                ]

            waiting = DBTaskResult.objects.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])
            context["waiting"] = rows(waiting.order_by("-status", "enqueued_at")[:50])
            context["failures"] = rows(
                DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).order_by("-finished_at")[:20]
            )
            last = {
                str(result.pk): result
                for result in DBTaskResult.objects.filter(
                    pk__in=[r for r in ScheduledTask.objects.values_list("last_result_id", flat=True) if r]
                )
            }
            context["schedule"] = [
                {"label": progress.task_label(row.name), "row": row, "last": last.get(row.last_result_id)}
                for row in ScheduledTask.objects.all()
            ]
            lost_before = background.lost_before(now)
            context["workers"] = [
                {"worker": worker, "alive": worker.seen_at >= lost_before} for worker in WorkerHeartbeat.objects.all()
            ]
            active = active or any(row["result"].status == TaskResultStatus.RUNNING for row in context["waiting"])
        context["refresh"] = 5 if active else 0
        return render(request, "core/jobs.html", context)
