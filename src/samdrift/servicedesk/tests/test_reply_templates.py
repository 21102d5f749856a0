"""Reply templates (svarsmallar): safe placeholders, the ticket page's picker without
JavaScript, the API, and isolation between collaborations and units."""

from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samdrift.servicedesk import actions
from samdrift.servicedesk.models import ReplyTemplate
from samdrift.servicedesk.replytemplates import NAMES, fill
from samdrift.tenancy import actions as tenancy
from samdrift.testing.world import make_ticket

VALUES = {"number": "SD-42", "requester": "Åsa Öberg", "agent": "Erik", "subject": "Skrivaren", "unit": "Servicedesk"}


def template(world, **fields) -> ReplyTemplate:
    fields.setdefault("collaboration", world.alpha)
    fields.setdefault("title", "Tack – vi återkommer")
    fields.setdefault("body", "Hej {beställare}! Ärende {ärendenummer} ”{rubrik}” hanteras av {handläggare}, {enhet}.")
    return actions.do_create_reply_template(acting_user=None, **fields)


def test_swedish_and_english_placeholders_are_filled() -> None:
    swedish = fill("Hej {beställare}, ärende {ärendenummer} – {rubrik} ({enhet}) /{handläggare}", VALUES)
    english = fill("Hi {requester}, {number} – {subject} ({unit}) /{agent}", VALUES)
    assert swedish.text == "Hej Åsa Öberg, ärende SD-42 – Skrivaren (Servicedesk) /Erik"
    assert english.text == "Hi Åsa Öberg, SD-42 – Skrivaren (Servicedesk) /Erik"
    assert swedish.unknown == english.unknown == []
    assert fill("{ÄRENDENUMMER}", VALUES).text == "SD-42"


def test_unknown_placeholders_stay_visible_and_are_reported() -> None:
    rendered = fill("Hej {beställare}, se {länk} och {länk} och {0}. {} {{x}}", VALUES)
    assert rendered.text == "Hej Åsa Öberg, se {länk} och {länk} och {0}. {} {{x}}"
    assert rendered.unknown == ["{länk}", "{0}", "{x}"]


def test_values_are_never_expanded_again() -> None:
    # A requester-chosen subject with placeholders or template syntax is inserted as text.
    values = {**VALUES, "subject": "{handläggare} {{ settings.SECRET_KEY }} {% debug %} {0.__class__}"}
    rendered = fill("{rubrik}", values)
    assert rendered.text == values["subject"]
    assert rendered.unknown == []


@settings(max_examples=40, deadline=None)
@given(value=st.text(alphabet="åäöÅÄÖ–”{}é ab", max_size=20), text=st.text(alphabet="åäö–” xyz", max_size=20))
def test_any_text_survives_filling(value: str, text: str) -> None:
    rendered = fill(f"{text}{{rubrik}}{text}", {**VALUES, "subject": value})
    assert rendered.text == f"{text}{value}{text}"
    assert set(NAMES.values()) == set(VALUES)


def test_ticket_page_prefills_the_reply_without_javascript(world, client_for) -> None:
    ticket = make_ticket(world, unit=world.unit_alpha, subject="VPN – ”fungerar inte” på Åby")
    chosen = template(world, unit=world.unit_alpha, is_internal=True)
    client = client_for("agent_alpha")
    page = client.get(ticket.get_absolute_url()).content.decode()
    assert 'name="reply_template"' in page and chosen.title in page
    filled = client.get(ticket.get_absolute_url(), {"reply_template": chosen.pk}).content.decode()
    assert f"Ärende {ticket.number} ”VPN – ”fungerar inte” på Åby”" in filled.replace("&quot;", '"')
    assert "hanteras av agent_alpha" in filled or f"hanteras av {world.agent_alpha}" in filled
    # Sent through the existing reply action, like any reply.
    body = f"Hej! Ärende {ticket.number} är mottaget."
    response = client.post(f"/servicedesk/tickets/{ticket.pk}/reply/", {"body": body, "is_internal": "on"})
    assert response.status_code == 302
    assert ticket.comments.get().body == body


def test_unknown_placeholder_is_reported_on_the_page(world, client_for) -> None:
    ticket = make_ticket(world, unit=world.unit_alpha)
    chosen = template(world, body="Se {länk}")
    page = client_for("agent_alpha").get(ticket.get_absolute_url(), {"reply_template": chosen.pk}).content.decode()
    assert "Se {länk}" in page and "{länk}</span>" in page


def test_templates_are_limited_to_the_tickets_unit_and_collaboration(world, client_for) -> None:
    other_unit = tenancy.do_create_unit(acting_user=None, collaboration=world.alpha, name="Nätverk", code="NÄT")
    ticket = make_ticket(world, unit=world.unit_alpha)
    shared = template(world, title="Gemensam")
    own = template(world, title="Egen enhet", unit=world.unit_alpha)
    other = template(world, title="Annan enhet", unit=other_unit)
    foreign = template(world, collaboration=world.beta, title="Annat samarbete", unit=world.unit_beta)
    client = client_for("agent_alpha")
    page = client.get(ticket.get_absolute_url()).content.decode()
    assert "Gemensam" in page and "Egen enhet" in page
    assert "Annan enhet" not in page and "Annat samarbete" not in page
    # A template of another unit or collaboration is not used, even when asked for by id.
    for refused in (other, foreign):
        filled = client.get(ticket.get_absolute_url(), {"reply_template": refused.pk}).content.decode()
        assert "hanteras av" not in filled
        assert client.get(f"/api/v1/reply-templates/{refused.pk}/render/", {"ticket": ticket.pk}).status_code == 404
    for usable in (shared, own):
        assert client.get(f"/api/v1/reply-templates/{usable.pk}/render/", {"ticket": ticket.pk}).status_code == 200


def test_api_lists_and_renders_for_a_ticket(world, client_for) -> None:
    ticket = make_ticket(world, unit=world.unit_alpha, subject="Lösenord – ”igen”")
    chosen = template(world, body="{rubrik} / {okänd}", is_internal=True)
    template(world, collaboration=world.beta, title="Beta")
    client = client_for("agent_alpha")
    listed = client.get("/api/v1/reply-templates/").json()
    titles = [row["title"] for row in listed.get("results", listed)]
    assert titles == [chosen.title]
    rendered = client.get(f"/api/v1/reply-templates/{chosen.pk}/render/", {"ticket": ticket.pk})
    assert rendered.status_code == 200
    assert rendered.json() == {"text": "Lösenord – ”igen” / {okänd}", "is_internal": True, "unknown": ["{okänd}"]}
    bad = client.get(f"/api/v1/reply-templates/{chosen.pk}/render/", {"ticket": "x"})
    assert bad.status_code == 400 and "detail" in bad.json()
    # Other collaborations and requesters get nothing.
    assert (
        client_for("agent_beta").get(f"/api/v1/reply-templates/{chosen.pk}/render/", {"ticket": ticket.pk}).status_code
        == 404
    )
    assert (
        client_for("requester_a1")
        .get(f"/api/v1/reply-templates/{chosen.pk}/render/", {"ticket": ticket.pk})
        .status_code
        == 404
    )


@pytest.mark.parametrize("username, status", [("lead_alpha", 200), ("admin_alpha", 200), ("agent_beta", 404)])
def test_managed_through_the_generic_views(world, client_for, username, status) -> None:
    chosen = template(world)
    client = client_for(username)
    assert client.get(f"/servicedesk/replytemplates/{chosen.pk}/").status_code == status
    if status == 200:
        assert client.get("/servicedesk/replytemplates/add/").status_code == 200


def test_a_unit_of_another_collaboration_is_refused(world) -> None:
    unsaved = ReplyTemplate(collaboration=world.alpha, unit=world.unit_beta, title="X", body="Y")
    with pytest.raises(Exception, match="unit"):
        unsaved.full_clean()


def test_values_from_a_ticket_without_unit_or_agent() -> None:
    from samdrift.servicedesk.replytemplates import ticket_values

    ticket = SimpleNamespace(number="SD-1", requester=None, assignee=None, subject="S", unit_id=None, unit=None)
    assert ticket_values(ticket, None) == {"number": "SD-1", "requester": "", "agent": "", "subject": "S", "unit": ""}  # type: ignore[arg-type]
