"""Template filters of the service desk."""

from typing import Any

from django import template

from samdrift.servicedesk.queries import status_label as label

register = template.Library()


@register.filter
def status_label(value: Any) -> str:
    """A ticket status value as its label (for timeline entries read from the audit log)."""
    return label(value)
