"""Paging of the API lists: ``limit`` and ``offset``, checked rather than ignored, and
keyset (cursor) paging for the big lists (tickets)."""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination, LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

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


class KeysetPagination(BasePagination):
    """Cursor (keyset) paging for big lists: ``limit`` and an opaque ``cursor``.

    A page is "the next ``limit`` rows after this one" in the list's own order, e.g.
    ``created < t OR (created = t AND id < 123)`` for newest first, so the database reads
    only the rows of the page from an index that has that order, wherever the page is. An
    offset would read and skip every row before it, and a ``count`` would read them all:
    the answer has ``next``, ``previous`` and ``results``, no ``count``.

    The order is the queryset's (its filterset's ``sort``, or the model's), with ``pk``
    added as the tie-breaker. When it is not plain non-null columns (a rank, a nullable
    due time), the cursor holds an offset instead: the same links, offset cost.
    ``limit`` is checked like everywhere else (400 with the field named).
    """

    page_size = 50
    max_limit = MAX_LIMIT
    cursor_query_param = "cursor"
    limit_query_param = "limit"

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any]:
        self.request = request
        self.limit = _whole_number(request, self.limit_query_param, 1, self.max_limit) or self.page_size
        cursor = self._decode(request)
        ordering = _keyset_ordering(queryset)
        self.next_cursor: dict[str, Any] | None = None
        self.previous_cursor: dict[str, Any] | None = None
        if ordering is None or (cursor is not None and "o" in cursor):
            return self._by_offset(queryset, cursor)
        ordered = queryset.order_by(*(f"-{name}" if desc else name for name, desc, _f in ordering))
        before = bool(cursor and cursor.get("b"))
        if cursor is not None:
            try:
                values = [field.to_python(v) for (_n, _d, field), v in zip(ordering, cursor["v"], strict=True)]
            except (ValueError, TypeError, KeyError, DjangoValidationError):
                raise ValidationError({self.cursor_query_param: [_("This page link is not valid.")]}) from None
            ordered = ordered.filter(_after(ordering, values, reverse=before))
        if before:
            ordered = ordered.reverse()
        rows = list(ordered[: self.limit + 1])
        more = len(rows) > self.limit
        rows = rows[: self.limit]
        if before:
            rows.reverse()
        if rows:
            first, last = _values(rows[0], ordering), _values(rows[-1], ordering)
            if before:  # we came back from a later page: there is one after this
                self.next_cursor = {"v": last}
                self.previous_cursor = {"v": first, "b": 1} if more else None
            else:
                self.next_cursor = {"v": last} if more else None
                self.previous_cursor = {"v": first, "b": 1} if cursor is not None else None
        return rows

    def _by_offset(self, queryset: QuerySet[Any], cursor: dict[str, Any] | None) -> list[Any]:
        offset = int(cursor.get("o", 0)) if cursor else 0
        rows = list(queryset[offset : offset + self.limit + 1])
        if len(rows) > self.limit:
            self.next_cursor = {"o": offset + self.limit}
        if offset:
            self.previous_cursor = {"o": max(0, offset - self.limit)}
        return rows[: self.limit]

    def _decode(self, request: Request) -> dict[str, Any] | None:
        raw = request.query_params.get(self.cursor_query_param)
        if not raw:
            return None
        try:
            cursor = json.loads(base64.urlsafe_b64decode(raw.encode("ascii") + b"=" * (-len(raw) % 4)))
            if not isinstance(cursor, dict) or not (
                (isinstance(cursor.get("o"), int) and cursor["o"] >= 0) or isinstance(cursor.get("v"), list)
            ):
                raise ValueError(raw)
        except (ValueError, UnicodeError, binascii.Error):
            raise ValidationError({self.cursor_query_param: [_("This page link is not valid.")]}) from None
        return cursor

    def _link(self, cursor: dict[str, Any] | None) -> str | None:
        if cursor is None:
            return None
        token = base64.urlsafe_b64encode(json.dumps(cursor, cls=_ExactEncoder).encode()).decode().rstrip("=")
        return replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param, token)

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {"next": self._link(self.next_cursor), "previous": self._link(self.previous_cursor), "results": data}
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "The page after (or before) another: take it from `next` or `previous`.",
                "schema": {"type": "string"},
            },
            {
                "name": self.limit_query_param,
                "required": False,
                "in": "query",
                "description": "Rows per page.",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_limit},
            },
        ]


class _ExactEncoder(DjangoJSONEncoder):
    """Times with their microseconds (DjangoJSONEncoder keeps milliseconds, and a cursor
    that is off by a fraction would skip or repeat rows)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _keyset_ordering(queryset: QuerySet[Any]) -> list[tuple[str, bool, Any]] | None:
    """``[(path, descending, field), …]`` ending with the pk, or None when the order is
    not plain non-null columns."""
    model = queryset.model
    order = list(queryset.query.order_by or model._meta.ordering or [])
    result: list[tuple[str, bool, Any]] = []
    for item in order:
        if not isinstance(item, str) or item == "?":
            return None
        desc = item.startswith("-")
        path = item.lstrip("-")
        annotation = queryset.query.annotations.get(path)
        # An annotation that copies a column (search: the hit's ``created``) is a column too.
        field = getattr(annotation, "output_field", None) if annotation is not None else _field_at(model, path)
        if field is None or field.null:
            return None
        result.append((path, desc, field))
        if field.primary_key and "__" not in path:
            return result
    result.append(("pk", bool(result and result[0][1]), model._meta.pk))
    return result


def _field_at(model: Any, path: str) -> Any:
    """The model's own column ``path`` (or the pk); None for anything else."""
    if "__" in path:
        return None
    try:
        return model._meta.pk if path == "pk" else model._meta.get_field(path)
    except FieldDoesNotExist:
        return None


def _values(row: Any, ordering: list[tuple[str, bool, Any]]) -> list[Any]:
    values = []
    for path, _desc, field in ordering:
        if path == "pk":
            values.append(row.pk)
        elif "__" not in path and isinstance(row, getattr(field, "model", type(None))):
            values.append(getattr(row, field.attname))
        else:  # an annotation (a related column is not accepted: it would cost a query per row)
            values.append(getattr(row, path))
    return values


def _after(ordering: list[tuple[str, bool, Any]], values: list[Any], reverse: bool = False) -> Q:
    """Rows after ``values`` in ``ordering`` (before them with ``reverse``).

    ``a <= x AND (a < x OR (a = x AND b < y))`` for a descending (a, b): the first
    condition is a range the index answers, the rest is checked on the rows it yields."""
    ties = Q()
    chain = Q(pk__in=[])
    for (path, desc, _field), value in zip(ordering, values, strict=True):
        op = "lt" if desc != reverse else "gt"
        chain |= ties & Q(**{f"{path}__{op}": value})
        ties &= Q(**{path: value})
    first_path, first_desc, _f = ordering[0]
    bound = Q(**{f"{first_path}__{'lte' if first_desc != reverse else 'gte'}": values[0]})
    return bound & chain
