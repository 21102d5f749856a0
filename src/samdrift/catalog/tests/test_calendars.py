"""Business calendars: validation, member overrides, pages and API."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from samdrift.catalog import actions
from samdrift.catalog.businesstime import STOCKHOLM
from samdrift.catalog.models import CalendarYear
from samdrift.catalog.queries import schedule_for
from samdrift.core.exceptions import ConcurrentEditError


@pytest.fixture
def calendar(world):
    made = actions.do_create_calendar(acting_user=world.admin_alpha, collaboration=world.alpha, name="Kontorstid")
    actions.do_set_hours(acting_user=world.admin_alpha, calendar=made, year=2026)
    return made


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=STOCKHOLM)


def test_a_calendar_with_no_working_time_is_refused(world, calendar) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.do_set_hours(acting_user=None, calendar=calendar, year=2027, workdays="")
    assert "workdays" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        actions.do_set_hours(
            acting_user=None, calendar=calendar, year=2027, opens=datetime.time(17), closes=datetime.time(8)
        )
    assert "closes" in refused.value.message_dict
    with pytest.raises(ValidationError, match="ISO"):
        actions.do_set_hours(acting_user=None, calendar=calendar, year=2027, workdays="189")


def test_one_version_per_year_and_member(world, calendar) -> None:
    with pytest.raises(ValidationError):
        actions.do_set_hours(acting_user=None, calendar=calendar, year=2026)
    actions.do_set_hours(acting_user=None, calendar=calendar, year=2026, member=world.member_b)
    with pytest.raises(ValidationError):
        actions.do_set_hours(acting_user=None, calendar=calendar, year=2026, member=world.member_b)
    with pytest.raises(ValidationError, match="samverkan"):
        actions.do_set_hours(acting_user=None, calendar=calendar, year=2027, member=world.member_c)


def test_member_overrides_hours_and_adds_closures(world, calendar) -> None:
    actions.do_set_hours(
        acting_user=None, calendar=calendar, year=2026, member=world.member_b, opens=datetime.time(7, 0)
    )
    actions.do_add_closure(
        acting_user=None,
        calendar=calendar,
        member=world.member_a,
        starts=local(2026, 9, 10, 0),
        ends=local(2026, 9, 11, 0),
        reason="Personaldag",
    )
    start = local(2026, 9, 9, 16)
    assert schedule_for(calendar).add(start, datetime.timedelta(hours=2)) == local(2026, 9, 10, 9)
    assert schedule_for(calendar, world.member_a).add(start, datetime.timedelta(hours=2)) == local(2026, 9, 11, 9)
    assert schedule_for(calendar, world.member_b).add(start, datetime.timedelta(hours=2)) == local(2026, 9, 10, 8)


def test_a_closure_must_end_after_it_starts(world, calendar) -> None:
    with pytest.raises(ValidationError, match="sluta efter"):
        actions.do_add_closure(
            acting_user=None, calendar=calendar, starts=local(2026, 9, 10), ends=local(2026, 9, 9), reason="Fel"
        )


def test_concurrent_edits_of_hours_are_refused(world, calendar) -> None:
    row = CalendarYear.objects.get(calendar=calendar)
    actions.do_update_hours(row, acting_user=None, expected_version=1, opens=datetime.time(7, 30))
    with pytest.raises(ConcurrentEditError):
        actions.do_update_hours(row, acting_user=None, expected_version=1, opens=datetime.time(9))


def test_admin_adds_hours_through_the_form(world, calendar, client_for) -> None:
    client = client_for("admin_alpha")
    page = client.get(f"/catalog/calendaryears/add/?calendar={calendar.pk}")
    assert page.status_code == 200
    form = {
        "calendar": calendar.pk,
        "year": 2027,
        "opens": "07:30",
        "closes": "16:30",
        "shortened_closes": "12:00",
        "workdays": ["1", "2", "3", "4", "5"],
        "closed_on_holidays": "on",
    }
    assert client.post("/catalog/calendaryears/add/", form).status_code == 302
    saved = CalendarYear.objects.get(calendar=calendar, year=2027)
    assert saved.workdays == "12345" and saved.opens == datetime.time(7, 30)

    refused = client.post("/catalog/calendaryears/add/", {**form, "year": 2028, "workdays": []})
    assert refused.status_code == 400
    assert "Välj minst en arbetsdag" in refused.content.decode()
    assert not CalendarYear.objects.filter(year=2028).exists()


def test_the_calendar_page_shows_the_coming_closed_days(world, calendar, client_for) -> None:
    page = client_for("requester_b1").get(calendar.get_absolute_url())
    assert page.status_code == 200
    assert "De kommande fyra veckorna" in page.content.decode()


def test_requesters_may_read_but_not_change_calendars(world, calendar, client_for, api_for) -> None:
    assert client_for("requester_b1").get(f"/catalog/businesscalendars/{calendar.pk}/edit/").status_code == 403
    api = api_for("requester_b1")
    assert api.get(f"/api/v1/calendars/{calendar.pk}/").status_code == 200
    denied = api.patch(f"/api/v1/calendars/{calendar.pk}/", {"name": "X"}, format="json", HTTP_IF_MATCH='"1"')
    assert denied.status_code == 403 and "detail" in denied.json()


def test_api_refuses_hours_without_working_time(world, calendar, api_for) -> None:
    api = api_for("admin_alpha")
    body = {"calendar": calendar.pk, "year": 2027, "opens": "08:00", "closes": "17:00", "workdays": ""}
    refused = api.post("/api/v1/calendar-years/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400
    assert "working day" in str(refused.json())
    created = api.post("/api/v1/calendar-years/", {**body, "workdays": "12345"}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["workdays"] == "12345"


def test_list_pages_run_a_fixed_number_of_queries(world, calendar, client_for) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("admin_alpha")
    urls = ["/catalog/businesscalendars/", "/catalog/calendaryears/", "/catalog/calendarclosures/"]

    def counts() -> dict[str, int]:
        found = {}
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            found[url] = len(ctx)
        return found

    actions.do_add_closure(
        acting_user=None, calendar=calendar, starts=local(2026, 8, 1), ends=local(2026, 8, 2), reason="X"
    )
    before = counts()  # one row in each list, so each runs its row query
    for i in range(6):
        more = actions.do_create_calendar(acting_user=None, collaboration=world.alpha, name=f"Kalender {i}")
        actions.do_set_hours(acting_user=None, calendar=more, year=2026, member=world.member_a)
        actions.do_add_closure(
            acting_user=None, calendar=more, starts=local(2026, 9, i + 1), ends=local(2026, 9, i + 2), reason="Flytt"
        )
    after = counts()
    assert after == before and max(after.values()) <= 12, after
