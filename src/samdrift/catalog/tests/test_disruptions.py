"""Disruptions (driftstörningar): validation, availability, the public page, internal notes."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from samdrift.catalog import actions
from samdrift.catalog.choices import DisruptionImpact, DisruptionKind, ServiceLevel
from samdrift.catalog.queries import availability, merged
from samdrift.core.models import AuditEntry

UTC = datetime.UTC
MAY = datetime.datetime(2026, 5, 1, tzinfo=UTC)
JUNE = datetime.datetime(2026, 6, 1, tzinfo=UTC)
LATER = datetime.datetime(2026, 7, 1, tzinfo=UTC)


@pytest.fixture
def service(world):
    return actions.do_create_service(
        acting_user=None, collaboration=world.alpha, name="E-post", level=ServiceLevel.IT, owner_unit=world.unit_alpha
    )


def calendar(world, name: str, **hours):
    made = actions.do_create_calendar(acting_user=None, collaboration=world.alpha, name=name)
    actions.do_set_hours(acting_user=None, calendar=made, year=2026, **hours)
    return made


@pytest.fixture
def round_the_clock_sla(world, service):
    always = calendar(
        world, "Dygnet runt", opens=datetime.time(0), closes=None, workdays="1234567", closed_on_holidays=False
    )
    return actions.do_create_sla(
        acting_user=None, service=service, calendar=always, availability_target=Decimal("99.5")
    )


def disruption(service, starts, hours, **fields):
    fields.setdefault("title", "E-posten går inte att nå")
    fields.setdefault("public_text", "Vi felsöker.")
    ends = starts + datetime.timedelta(hours=hours) if hours is not None else None
    return actions.do_report_disruption(acting_user=None, service=service, starts=starts, ends=ends, **fields)


def test_a_disruption_must_end_after_it_starts_and_name_members_of_its_collaboration(world, service) -> None:
    with pytest.raises(ValidationError) as refused:
        disruption(service, MAY, -1)
    assert "ends" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        disruption(service, MAY, 1, affected_members=[world.member_c])
    assert "affected_members" in refused.value.message_dict
    made = disruption(service, MAY, 1, affected_members=[world.member_b])
    assert list(made.affected_members.all()) == [world.member_b]


def test_affected_members_are_audited(world, service) -> None:
    made = disruption(service, MAY, 1, affected_members=[world.member_b])
    actions.do_update_disruption(made, acting_user=None, expected_version=1, affected_members=[world.member_a])
    kind = ContentType.objects.get_for_model(made)
    entries = list(AuditEntry.objects.filter(content_type=kind, object_id=str(made.pk)).order_by("pk"))
    assert entries[0].after is not None and entries[1].before is not None and entries[1].after is not None
    assert entries[0].after["affected_members"] == [world.member_b.pk]
    assert entries[1].before["affected_members"] == [world.member_b.pk]
    assert entries[1].after["affected_members"] == [world.member_a.pk]
    made.refresh_from_db()
    assert made.version == 2 and list(made.affected_members.all()) == [world.member_a]


def test_availability_counts_unplanned_outages_of_the_member_only(world, service, round_the_clock_sla) -> None:
    now = LATER
    start = MAY + datetime.timedelta(days=3)
    disruption(service, start, 2)  # all members
    disruption(service, start + datetime.timedelta(hours=1), 2)  # overlaps the first: 3 h in all
    disruption(service, start + datetime.timedelta(days=2), 5, kind=DisruptionKind.PLANNED)
    disruption(service, start + datetime.timedelta(days=4), 5, impact=DisruptionImpact.DEGRADED)
    disruption(service, start + datetime.timedelta(days=6), 10, affected_members=[world.member_b])
    disruption(service, JUNE + datetime.timedelta(days=1), 10)  # another month
    for_a = availability(round_the_clock_sla, world.member_a, MAY, JUNE, now)
    assert for_a.measured == datetime.timedelta(days=31)
    assert for_a.downtime == datetime.timedelta(hours=3) and for_a.outages == 1
    assert for_a.percent == Decimal("99.597") and for_a.met is True
    for_b = availability(round_the_clock_sla, world.member_b, MAY, JUNE, now)
    assert for_b.downtime == datetime.timedelta(hours=13)
    assert for_b.percent == Decimal("98.253") and for_b.met is False


def test_availability_is_measured_in_support_hours_and_only_up_to_now(world, service) -> None:
    office = calendar(world, "Kontorstid")
    sla = actions.do_create_sla(acting_user=None, service=service, calendar=office)
    monday = datetime.datetime(2026, 5, 4, 6, tzinfo=UTC)  # 08:00 in Stockholm
    disruption(service, monday - datetime.timedelta(hours=8), 9)  # 22:00–07:00: 1 h inside support hours
    figure = availability(
        sla, world.member_a, monday, monday + datetime.timedelta(days=7), now=monday + datetime.timedelta(hours=9)
    )
    assert figure.measured == datetime.timedelta(hours=9)
    assert figure.downtime == datetime.timedelta(hours=1)
    empty = availability(sla, world.member_a, monday, monday, now=monday)
    assert empty.percent is None and empty.met is None


def test_an_ongoing_outage_counts_until_now(world, service, round_the_clock_sla) -> None:
    disruption(service, MAY, None)
    figure = availability(round_the_clock_sla, world.member_a, MAY, JUNE, now=MAY + datetime.timedelta(hours=4))
    assert figure.downtime == figure.measured == datetime.timedelta(hours=4)
    assert figure.percent == Decimal("0.000")


def test_merged_joins_overlaps_only() -> None:
    a, b, c = MAY, MAY + datetime.timedelta(hours=1), MAY + datetime.timedelta(hours=2)
    assert merged([(b, c), (a, b)]) == [(a, c)]
    assert merged([(a, b), (c, c + datetime.timedelta(hours=1))]) == [(a, b), (c, c + datetime.timedelta(hours=1))]


def test_the_public_page_needs_no_login_and_never_shows_internal_notes(world, service, client) -> None:
    now = timezone.now()
    disruption(
        service, now - datetime.timedelta(hours=1), None, title="Ingen e-post", public_text="Vi arbetar på det.",
        internal_notes="Leverantörens ärende 4711, kontakt Kalle 070-1234567",
    )  # fmt: skip
    disruption(
        service, now + datetime.timedelta(days=2), 2, title="Uppgradering av e-posten",
        kind=DisruptionKind.PLANNED, affected_members=[world.member_b], internal_notes="Hemligt",
    )  # fmt: skip
    disruption(service, now - datetime.timedelta(days=3), 1, title="Kort avbrott i går")
    disruption(service, now - datetime.timedelta(days=30), 1, title="Gammal störning")
    page = client.get("/driftinformation/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ingen e-post" in html and "Vi arbetar på det." in html
    assert "Uppgradering av e-posten" in html and world.member_b.name in html
    assert "Kort avbrott i går" in html and "Gammal störning" not in html
    assert "4711" not in html and "Hemligt" not in html
    assert html.index("Ingen e-post") < html.index("Uppgradering av e-posten") < html.index("Kort avbrott i går")
    other = client.get(f"/driftinformation/?samverkan={world.beta.pk}")
    assert "Ingen e-post" not in other.content.decode()


def test_internal_notes_are_for_the_desk_only(world, service, client_for, api_for) -> None:
    made = disruption(service, MAY, 1, internal_notes="Leverantörens ärende 4711")
    assert "4711" in client_for("agent_alpha").get(made.get_absolute_url()).content.decode()
    page = client_for("requester_a1").get(made.get_absolute_url())
    assert page.status_code == 200 and "4711" not in page.content.decode()
    assert api_for("agent_alpha").get(f"/api/v1/disruptions/{made.pk}/").json()["internal_notes"] == (
        "Leverantörens ärende 4711"
    )
    seen = api_for("requester_a1").get(f"/api/v1/disruptions/{made.pk}/").json()
    assert "internal_notes" not in seen and seen["title"] == made.title


def test_the_desk_reports_a_disruption_through_the_api(world, service, api_for) -> None:
    body = {
        "service": service.pk,
        "title": "Växeln ligger nere",
        "starts": "2026-05-04T08:00:00+02:00",
        "affected_members": [world.member_a.pk],
        "public_text": "Ring 112 vid nödläge.",
    }
    assert api_for("requester_a1").post("/api/v1/disruptions/", body, format="json").status_code == 403
    outsider = api_for("agent_alpha").post(
        "/api/v1/disruptions/", {**body, "affected_members": [world.member_c.pk]}, format="json"
    )
    assert outsider.status_code == 400 and "affected_members" in outsider.json()["errors"]
    made = api_for("agent_alpha").post("/api/v1/disruptions/", body, format="json")
    assert made.status_code == 201, made.json()
    assert made.json()["affected_members"] == [world.member_a.pk] and made.json()["kind"] == "unplanned"
    ended = api_for("agent_alpha").patch(
        f"/api/v1/disruptions/{made.json()['id']}/", {"ends": "2026-05-04T09:30:00+02:00", "affected_members": []},
        format="json", headers={"If-Match": '"1"'},
    )  # fmt: skip
    assert ended.status_code == 200, ended.json()
    assert ended.json()["affected_members"] == [] and ended.json()["version"] == 2


def test_agent_reports_a_disruption_in_the_ui(world, service, client_for) -> None:
    client = client_for("agent_alpha")
    assert client.get("/catalog/disruptions/add/").status_code == 200
    form = {
        "service": service.pk,
        "title": "Trådlöst nät nere på Altorpskolan",
        "kind": "unplanned",
        "impact": "outage",
        "starts": "2026-05-04T08:00",
        "ends": "2026-05-04T07:00",
        "affected_members": [world.member_a.pk],
        "public_text": "Använd trådat nät.",
    }
    refused = client.post("/catalog/disruptions/add/", form)
    assert refused.status_code == 400 and "En störning måste sluta efter att den börjat." in refused.content.decode()
    saved = client.post("/catalog/disruptions/add/", {**form, "ends": "2026-05-04T10:00"})
    assert saved.status_code == 302
    assert client_for("requester_a1").get("/catalog/disruptions/add/").status_code == 403


def test_same_disruption_text_in_two_collaborations_names_each(world, client) -> None:
    import datetime as dt

    from django.utils import timezone as tz

    from samdrift.catalog import actions as catalog_actions

    starts = tz.now() - dt.timedelta(hours=1)
    for collaboration, unit in ((world.alpha, world.unit_alpha), (world.beta, world.unit_beta)):
        service = catalog_actions.do_create_service(
            acting_user=None, collaboration=collaboration, name="Utskrift", level="it", owner_unit=unit
        )
        catalog_actions.do_report_disruption(
            acting_user=None, service=service, title="Kortutskrift nere", starts=starts, public_text="Vi felsöker."
        )
    page = client.get("/driftinformation/").content.decode()
    assert page.count("Kortutskrift nere") == 2
    assert f"— {world.alpha.name}</span>" in page and f"— {world.beta.name}</span>" in page
    assert 'href="/login/?next=/driftinformation/"' in page
