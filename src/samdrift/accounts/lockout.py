"""Login throttling on top of django-axes: the lock message, the address, who may unlock.

django-axes counts failed logins per username and address (``AXES_LOCKOUT_PARAMETERS``)
in ``axes.AccessAttempt`` and refuses a locked pair in its authentication backend, before
the password is checked. This module words the answer (the login form and the token
endpoint both answer 429 with it), finds the locks an administrator may lift, and writes
the audit row when a lock begins (:func:`on_user_locked_out`).
"""

from __future__ import annotations

import math
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import ngettext

from . import policy
from .models import User


def client_ip(request: HttpRequest) -> str | None:
    """The address a lock is for: ``REMOTE_ADDR``, or behind ``SAMDRIFT_PROXY_COUNT``
    proxies that each append to ``X-Forwarded-For``, the address the outermost one saw."""
    count = settings.SAMDRIFT_PROXY_COUNT
    if count:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def is_locked(request: Any) -> bool:
    """Whether django-axes refused (or just locked) this request's login attempt."""
    return bool(getattr(request, "axes_locked_out", False))


def active_locks() -> QuerySet[AccessAttempt]:
    """Username + address pairs locked now (the cool-off time has not passed)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gt=since)


def seconds_left(request: Any, username: str | None) -> int:
    """Until the lock of this username from this request's address ends."""
    lock = active_locks().filter(username=username, ip_address=getattr(request, "axes_ip_address", None)).first()
    end = (lock.attempt_time if lock else timezone.now()) + settings.AXES_COOLOFF_TIME
    return max(1, math.ceil((end - timezone.now()).total_seconds()))


def message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Too many failed logins for this user from your address. Try again in %(minutes)d minute, "
        "or ask an administrator to unlock the login.",
        "Too many failed logins for this user from your address. Try again in %(minutes)d minutes, "
        "or ask an administrator to unlock the login.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request: HttpRequest, original_response: HttpResponse | None, credentials: Any) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: our login form and token endpoint already answered 429
    with the message; anything else that authenticates gets a plain 429 of its own."""
    if original_response is not None and original_response.status_code == 429:
        return original_response
    seconds = seconds_left(request, (credentials or {}).get("username"))
    text = message(seconds)
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": text, "code": "locked_out"}, status=429)
    else:
        response = HttpResponse(text, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(seconds)
    return response


def on_user_locked_out(sender: Any, request: Any, username: str | None, ip_address: str | None, **kwargs: Any) -> None:
    """Audit the failure that locks a pair. django-axes sends this signal again for each
    attempt refused while locked; those carry no new failure count and are not audited."""
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None or username is None:
        return
    from .actions import do_record_login_lock

    do_record_login_lock(username=username, ip_address=ip_address, failures=failures)


def unlockable_by(user: Any) -> list[tuple[AccessAttempt, User | None]]:
    """The active locks ``user`` may lift, with the user each is for: an administrator
    those of the users they manage; a superuser also those of unknown usernames."""
    locks = list(active_locks().order_by("-attempt_time"))
    if not locks or not getattr(user, "is_active", False):
        return []
    users = {u.username: u for u in User.objects.filter(username__in={lock.username for lock in locks})}
    result: list[tuple[AccessAttempt, User | None]] = []
    for lock in locks:
        target = users.get(lock.username or "")
        if (target is not None and policy.can_manage(user, target)) or (target is None and user.is_superuser):
            result.append((lock, target))
    return result
