"""Navigation by role: each entry is shown only to the roles that use it.

The entries come from the apps (``core.navigation``, filled from each ``access.py``).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from . import access
from . import navigation as menu


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for item in menu.ITEMS:
        if item.roles is None or access.has_any_role(user, item.roles):
            url = reverse(item.url_name)
            current = request.path == url or (url != "/" and request.path.startswith(url))
            items.append({"label": item.label, "url": url, "current": current})
    return {"nav_items": items, "user_roles": sorted(access.roles(user))}
