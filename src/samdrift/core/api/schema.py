"""The OpenAPI schema documents every answer the API gives, errors included.

:class:`SamdriftAutoSchema` (the default schema class) adds the error answers an operation
can give to what drf-spectacular finds, all with the shared :class:`ErrorSerializer` body:

- ``400`` for operations that take input (a body, or query parameters such as filters,
  ``limit`` and ``offset``);
- ``401`` and ``403`` for operations that need a login;
- ``404`` for operations on one object (a path parameter): missing or out of scope;
- ``409`` for deletes (other records still refer to the object);
- ``412`` and ``428`` for operations that take the object's version in ``If-Match``.

Answers an operation documents itself (``@extend_schema(responses=...)``) are kept.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from rest_framework import permissions, serializers


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer, in Swedish or English (``Accept-Language``)."""

    detail = serializers.CharField(help_text="What went wrong, for a person to read.")
    code = serializers.CharField(help_text='A stable code, e.g. "invalid", "not_found", "version_conflict".')
    # The metaclass takes declared fields out of the class: Serializer.errors stays as it is.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.JSONField(),
        required=False,
        help_text="For 400: the messages per field (a list of texts, or nested for nested input).",
    )
    current_version = serializers.IntegerField(required=False, help_text="For 412: the object's stored version.")


ERROR_DESCRIPTIONS = {
    "400": "Invalid input: a body, filter or paging value that does not fit; `errors` names the fields.",
    "401": "Not logged in, or a bad or expired token.",
    "403": "Logged in, but not allowed to do this.",
    "404": "No such object, or one outside the caller's scope.",
    "409": "Conflict: other records still refer to the object.",
    "412": "The If-Match version is stale: someone changed the object since it was read (`current_version`).",
    "428": "The object's current version is missing: send it in If-Match (or a `version` field).",
}
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class SamdriftAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, with the error answers each operation can give."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self.error_codes():
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = ERROR_DESCRIPTIONS[code]
                responses[code] = response
            elif not responses[code].get("content"):
                # Documented by the view with a description only: give it the error body.
                described = responses[code].get("description")
                responses[code] = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                responses[code]["description"] = described or ERROR_DESCRIPTIONS[code]
        return dict(sorted(responses.items()))

    def error_codes(self) -> list[str]:
        codes = []
        if self.method not in SAFE_METHODS or self.has_query_parameters():
            codes.append("400")
        if self.needs_login():
            codes += ["401", "403"]
        if "{" in self.path:
            codes.append("404")
        if self.method == "DELETE":
            codes.append("409")
        if self.takes_if_match():
            codes += ["412", "428"]
        return codes

    def has_query_parameters(self) -> bool:
        if self._is_list_view() and (self._get_filter_parameters() or self._get_pagination_parameters()):
            return True
        return any(
            getattr(parameter, "location", None) == "query" or not hasattr(parameter, "location")
            for parameter in self.get_override_parameters()
        )

    def needs_login(self) -> bool:
        classes = getattr(self.view, "permission_classes", ()) or ()
        return bool(classes) and not all(issubclass(c, permissions.AllowAny) for c in classes)

    def takes_if_match(self) -> bool:
        return any(getattr(p, "name", None) == "If-Match" for p in self.get_override_parameters())
