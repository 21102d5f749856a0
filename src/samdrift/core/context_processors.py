"""Navigation by role: each entry is shown only to the roles that use it, in groups by task.

The entries come from the apps (``core.navigation``, filled from each ``access.py``).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from . import access
from . import navigation as menu


def navigation(request: HttpRequest) -> dict[str, Any]:
    # An error page for a request refused before the authentication middleware (a Host
    # header not in ALLOWED_HOSTS: 400) has no user: it shows no menu.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_groups": []}
    items = []
    groups: dict[str, dict[str, Any]] = {}
    for item in menu.ITEMS:
        if item.roles is None or access.has_any_role(user, item.roles):
            url = reverse(item.url_name)
            current = request.path == url or (url != "/" and request.path.startswith(url))
            entry = {"label": item.label, "url": url, "current": current}
            items.append(entry)
            nav_group = menu.GROUPS[item.group]
            groups.setdefault(
                nav_group.key, {"key": nav_group.key, "label": nav_group.label, "order": nav_group.order, "items": []}
            )
            groups[nav_group.key]["items"].append(entry)
    ordered = sorted(groups.values(), key=lambda group: group["order"])
    for group in ordered:
        group["current"] = any(entry["current"] for entry in group["items"])
    roles = access.roles(user)
    return {
        "nav_items": items,
        "nav_groups": ordered,
        "user_roles": sorted(roles),
        # Requesters only: the start page offers the portal instead of the structure.
        "requester_only": bool(roles) and set(roles) == {"requester"} and not user.is_superuser,
    }
