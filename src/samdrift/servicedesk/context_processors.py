from typing import Any

from django.http import HttpRequest

from .models import Notification


def notifications(request: HttpRequest) -> dict[str, Any]:
    """The unread-notification count shown in the header."""
    if not request.user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.objects.filter(user=request.user, read_at__isnull=True).count()}
