"""Cross-cutting models: the abstract base of domain objects and the audit log."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .querysets import ScopedManager
from .tenancy import TenantPaths


class DomainModel(models.Model):
    """Base of every domain object: timestamps and a version for optimistic concurrency.

    ``version`` grows by one on every update made through an action; an edit that was
    started from an older version is refused instead of overwriting newer data.
    """

    # A default rather than auto_now_add, so imported history keeps its original times.
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    tenant_paths: ClassVar[TenantPaths]
    # Fields left out of audit snapshots (bookkeeping, secrets).
    audit_exclude: ClassVar[frozenset[str]] = frozenset({"created", "updated"})

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")


class AuditEntry(models.Model):
    """One create, update or delete of a domain object: who, when, before and after.

    Rows are written only by ``samdrift.core.audit.record`` inside the action's
    transaction and are never changed. The owning collaboration, member and department
    are copied onto the row so the history stays scoped after the object is gone.
    """

    timestamp = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_repr = models.CharField(_("changed by"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    scope_collaboration = models.BigIntegerField(null=True, blank=True)
    scope_member = models.BigIntegerField(null=True, blank=True)
    scope_department = models.BigIntegerField(null=True, blank=True)

    objects = ScopedManager["AuditEntry"]()
    tenant_paths = TenantPaths("scope_collaboration", "scope_member", "scope_department")

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-timestamp", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-timestamp"], name="audit_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for each field whose value differs."""
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class ScheduledTask(models.Model):
    """One periodic background task (``SAMDRIFT_PERIODIC_TASKS``) and when it is due next.

    Every ``samdrift worker`` runs the scheduler (``samdrift.core.background``); a due row
    is claimed by moving ``next_run_at`` on (``SELECT … FOR UPDATE SKIP LOCKED`` on
    PostgreSQL, a conditional ``UPDATE`` on SQLite) in the same transaction that enqueues
    the task, so each period enqueues the task once, whatever the number of workers.
    """

    name = models.CharField(_("task"), max_length=200, unique=True)  # the task's dotted path
    every = models.PositiveIntegerField(_("every (seconds)"))
    next_run_at = models.DateTimeField(_("next run"), default=timezone.now)
    last_enqueued_at = models.DateTimeField(_("last enqueued"), null=True, blank=True)
    last_result_id = models.CharField(_("last task result"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("scheduled task")
        verbose_name_plural = _("scheduled tasks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TaskLease(models.Model):
    """A named lease on the database: at most one holder until ``until`` passes.

    Background tasks that must not run twice at the same time (the SLA watch, closing
    resolved tickets) take it with a conditional ``UPDATE``; a worker killed while holding
    it loses it when ``until`` passes (``samdrift.core.background.exclusive``)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    until = models.DateTimeField(_("held until"), null=True, blank=True)
    token = models.CharField(_("holder"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("task lease")
        verbose_name_plural = _("task leases")

    def __str__(self) -> str:
        return self.name


class WorkerHeartbeat(models.Model):
    """A running ``samdrift worker`` process, as last seen. A worker that has not been seen
    for ``SAMDRIFT_WORKER_LOST_AFTER`` seconds is lost (killed, or its host is down); the
    tasks it was running are marked failed so the progress page does not show them running."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    host = models.CharField(_("host"), max_length=200)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    seen_at = models.DateTimeField(_("last seen"), default=timezone.now)

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return self.worker_id
