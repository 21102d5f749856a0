"""The Python select rendering equals Django's templates (apart from whitespace)."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from hypothesis import given
from hypothesis import strategies as st

from samdrift.core.renderers import SamdriftFormRenderer


def squash(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


def both(widget: forms.Widget, name: str, value: object, attrs: dict | None = None) -> tuple[str, str]:
    return (
        squash(widget.render(name, value, attrs, renderer=DjangoTemplates())),
        squash(widget.render(name, value, attrs, renderer=SamdriftFormRenderer())),
    )


CHOICES = [("", "---------"), ("1", "Herrljunga – ”kommun” & <å>"), ("2", "Vårgårda")]


@pytest.mark.parametrize(
    "widget, value",
    [
        (forms.Select(choices=CHOICES), "1"),
        (forms.Select(choices=CHOICES, attrs={"data-x": 'a"b', "disabled": True, "hidden": False}), None),
        (forms.SelectMultiple(choices=CHOICES), ["1", "2"]),
        (forms.Select(choices=[("Grupp <1>", [("a", "A"), ("b", "B")]), ("c", "C")]), "b"),
        (forms.NullBooleanSelect(), True),
    ],
)
def test_select_renders_as_the_template_does(widget: forms.Widget, value: object) -> None:
    template, python = both(widget, "fält", value, {"id": "id_fält", "required": True})
    assert python == template


@given(st.lists(st.tuples(st.text(max_size=8), st.text(max_size=12)), max_size=5), st.text(max_size=8))
def test_any_choices_render_alike(choices: list[tuple[str, str]], value: str) -> None:
    template, python = both(forms.Select(choices=choices), "x", value)
    assert python == template


def test_model_choice_field_renders_alike(world: object) -> None:
    from samdrift.tenancy.models import Department

    field = forms.ModelChoiceField(queryset=Department.objects.select_related("member"))
    chosen = Department.objects.first()
    assert chosen is not None
    template, python = both(field.widget, "d", chosen.pk)
    assert python == template
    assert f'value="{chosen.pk}" selected' in python
