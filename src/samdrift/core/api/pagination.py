"""Paging of every API list: ``limit`` and ``offset``, checked rather than ignored."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

MAX_LIMIT = 1000


def _whole_number(request: Request, name: str, minimum: int, maximum: int | None = None) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    value = raw.strip()
    if not value.isascii() or not value.isdigit() or int(value) < minimum or (maximum and int(value) > maximum):
        if maximum:
            message = _("Give a whole number from %(min)s to %(max)s.") % {"min": minimum, "max": maximum}
        else:
            message = _("Give a whole number, %(min)s or more.") % {"min": minimum}
        raise ValidationError({name: [message]})
    return int(value)


class StrictLimitOffsetPagination(LimitOffsetPagination):
    """DRF's limit/offset paging, but a ``limit`` or ``offset`` that is not a whole number
    in range answers 400 with the field named, instead of silently giving the first page."""

    max_limit = MAX_LIMIT

    def get_limit(self, request: Request) -> int | None:
        limit = _whole_number(request, self.limit_query_param, 1, self.max_limit)
        return self.default_limit if limit is None else limit

    def get_offset(self, request: Request) -> int:
        offset = _whole_number(request, self.offset_query_param, 0)
        return offset or 0

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        limit, offset = super().get_schema_operation_parameters(view)
        limit["schema"] |= {"minimum": 1, "maximum": self.max_limit}
        offset["schema"] |= {"minimum": 0}
        return [limit, offset]
