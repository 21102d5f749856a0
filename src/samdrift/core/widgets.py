"""The combobox: one accessible widget for every field that chooses among many objects.

Without JavaScript it is a plain text input: type the ticket number (or username) and
post. With ``samdrift/js/combobox.js`` (loaded through the form's media, no inline
script, so the CSP holds) it follows the WAI-ARIA combobox pattern: a listbox of the
matches from ``core:lookup`` while you type, arrow keys to move, Enter to choose,
Escape to close, and a live region that says how many matches there are.

The page never holds more than the chosen value: it does not grow with the data.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import lookups


class ComboboxWidget(forms.TextInput):
    template_name = "core/widgets/combobox.html"

    class Media:
        js = ("samdrift/js/combobox.js",)

    def __init__(self, lookup: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.lookup = lookup

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        context["widget"]["attrs"] |= {
            "role": "combobox",
            "aria-autocomplete": "list",
            "aria-expanded": "false",
            "aria-controls": f"{widget_id}_listbox",
            "autocomplete": "off",
            "data-combobox": reverse("core:lookup", args=[self.lookup]),
            "spellcheck": "false",
        }
        context["widget"]["listbox_id"] = f"{widget_id}_listbox"
        context["widget"]["status_id"] = f"{widget_id}_status"
        context["widget"]["label"] = getattr(self, "chosen_label", "")
        return context


class LookupField(forms.ModelChoiceField):
    """A model choice posted as its key (ticket number, username), chosen in a combobox.

    The choices are never listed: validation is one query for the typed key within the
    (scoped) queryset. "SD-2026-000123 Skrivaren" is read as "SD-2026-000123", so the
    text the combobox shows can be posted as it is.
    """

    default_error_messages = {
        "invalid_choice": _("Nothing found for “%(value)s”. Type the number or name and choose from the list."),
    }

    def __init__(self, queryset: models.QuerySet[Any], *, lookup: str, **kwargs: Any) -> None:
        registered = lookups.get(lookup)
        key_field = registered.key_field if registered else "pk"
        kwargs.setdefault("widget", ComboboxWidget(lookup))
        super().__init__(queryset, to_field_name=key_field, **kwargs)
        self.lookup_name = lookup

    def _normalise(self, value: Any) -> str:
        text = str(value).strip()
        text = text.split()[0] if text else ""
        registered = lookups.get(self.lookup_name)
        return registered.normalise(text) if registered else text

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if isinstance(value, models.Model):
            return value
        key = self._normalise(value)
        if not key:
            return None
        queryset: Any = self.queryset
        registered = lookups.get(self.lookup_name)
        try:
            found = queryset.filter(**{str(self.to_field_name): key})[:2]
            if len(found) != 1 and registered and registered.accepts_pk and key.isdigit():
                found = queryset.filter(pk=int(key))[:2]
        except (ValueError, TypeError):
            found = []
        if len(found) != 1:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return found[0]

    def prepare_value(self, value: Any) -> Any:
        """The key of the initial object (forms hold its primary key): one query."""
        if isinstance(value, models.Model):
            return getattr(value, self.to_field_name or "pk")
        if value in self.empty_values:
            return ""
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            model: Any = self.queryset.model  # type: ignore[union-attr]
            key = model._default_manager.filter(pk=value).values_list(self.to_field_name, flat=True).first()
            if key is not None and self.to_field_name != "pk":
                return key
        return value

    def has_changed(self, initial: Any, data: Any) -> bool:
        if self.disabled:
            return False
        initial_key = str(self.prepare_value(initial) or "")
        return initial_key != self._normalise(data or "")

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)
