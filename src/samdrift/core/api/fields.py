from __future__ import annotations

from typing import Any

from django.apps import apps
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(OpenApiTypes.INT)
class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related-object id that must be visible to the requesting user."""

    def __init__(self, *, model_label: str, **kwargs: Any) -> None:
        self.model_label = model_label
        super().__init__(**kwargs)

    def get_queryset(self) -> Any:
        model: Any = apps.get_model(self.model_label)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return model._default_manager.visible_to(user) if user is not None else model._default_manager.none()
