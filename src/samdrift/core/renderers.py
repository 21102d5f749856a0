"""The form renderer: Django's templates, with the select widgets rendered in Python.

A select renders Django's ``select.html``, which includes ``select_option.html`` and
``attrs.html`` once per option: two template renders per choice. The filter form of the
ticket list has about 150 choices (members, departments, units, staff, categories), so
rendering its selects cost more CPU than the rest of the page together. This renderer
writes the same markup (``django/forms/widgets/select.html`` as of Django 6.1, byte for
byte apart from whitespace between options) with ``format_html``-style escaping; every
other widget uses the templates. A project or app template that overrides ``select.html``
or ``select_option.html`` would be ignored: there is none (the test
``core/tests/test_renderers.py`` compares the two renderings).
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict[str, Any]) -> str:
    """``attrs.html``: `` name="value"`` per attribute, bare for True, none for False."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {name}")
        else:
            out.append(f' {name}="{conditional_escape(str(value))}"')
    return "".join(out)


def render_select(widget: dict[str, Any]) -> str:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != OPTION_TEMPLATE:
                raise LookupError(option.get("template_name"))  # a custom option: use the template
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class SamdriftFormRenderer(DjangoTemplates):
    """Django's template renderer, but selects (and select-multiples) in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name == SELECT_TEMPLATE and "widget" in context:
            try:
                return render_select(context["widget"])
            except LookupError:
                pass
        return super().render(template_name, context, request)
