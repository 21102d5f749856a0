"""Filtering of every API list through the model's FilterSet, with bad values refused."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext as _
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

# What django-filter's BooleanFilter (a NullBooleanField) understands; anything else it
# quietly turns into "no filter", which hands the caller every row.
BOOLEAN_VALUES = frozenset({"true", "false", "True", "False", "1", "0"})


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter's backend (bad numbers, dates and choices already answer 400), plus
    yes/no filters: ``?is_internal=maybe`` answers 400 instead of being ignored."""

    def filter_queryset(self, request: Request, queryset: Any, view: Any) -> Any:
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        errors = {
            name: [_("Give true or false.")]
            for name, declared in filterset.filters.items()
            if isinstance(declared, django_filters.BooleanFilter)
            and name in request.query_params
            and request.query_params[name] not in BOOLEAN_VALUES
        }
        if errors:
            raise ValidationError(errors)
        if not filterset.is_valid():
            raise utils.translate_validation(filterset.errors)
        return filterset.qs
