"""UI flows for tenancy objects: lists with filters, create, edit, delete, conflicts, bad input."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from samdrift.tenancy.models import Department


def test_requester_of_one_member_gets_404_on_another_members_department(world, client_for) -> None:
    client = client_for("requester_a1")
    assert client.get(f"/tenancy/departments/{world.dept_b1.pk}/").status_code == 404
    assert client.get(f"/tenancy/departments/{world.dept_a1.pk}/").status_code == 200
    assert client.get("/tenancy/departments/999999/").status_code == 404


def test_anonymous_is_sent_to_login(db, client) -> None:
    response = client.get("/tenancy/members/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_list_filters(world, client_for) -> None:
    client = client_for("admin_alpha")
    page = client.get("/tenancy/departments/", {"member": world.member_b.pk}).content.decode()
    assert f"/tenancy/departments/{world.dept_b1.pk}/" in page
    assert f"/tenancy/departments/{world.dept_a1.pk}/" not in page
    page = client.get("/tenancy/departments/", {"q": "vård"}).content.decode()
    assert f"/tenancy/departments/{world.dept_a2.pk}/" in page
    assert f"/tenancy/departments/{world.dept_a1.pk}/" not in page
    # A member outside the user's scope is not a valid filter choice: ignored, never a 500.
    response = client.get("/tenancy/departments/", {"member": world.member_c.pk})
    assert response.status_code == 200
    assert "Vissa filter var ogiltiga" in response.content.decode()


def test_admin_creates_and_edits_a_department(world, client_for) -> None:
    client = client_for("admin_b")
    response = client.post(
        "/tenancy/departments/add/", {"member": world.member_b.pk, "name": "Teknik", "code": "TEK", "is_active": "on"}
    )
    dept = Department.objects.get(name="Teknik")
    assert response.status_code == 302 and response["Location"] == f"/tenancy/departments/{dept.pk}/"
    response = client.post(
        f"/tenancy/departments/{dept.pk}/edit/",
        {"member": world.member_b.pk, "name": "Teknik och service", "version": 1},
    )
    assert response.status_code == 302
    dept.refresh_from_db()
    assert (dept.name, dept.version, dept.is_active) == ("Teknik och service", 2, False)


def test_member_admin_cannot_create_for_another_member(world, client_for) -> None:
    client = client_for("admin_b")
    response = client.post("/tenancy/departments/add/", {"member": world.member_a.pk, "name": "Smyg"})
    assert response.status_code == 400  # member A is not a valid choice for admin_b
    assert not Department.objects.filter(name="Smyg").exists()


def test_requester_cannot_reach_edit_pages(world, client_for) -> None:
    client = client_for("requester_a1")
    assert client.get("/tenancy/departments/add/").status_code == 403
    assert client.get(f"/tenancy/departments/{world.dept_a1.pk}/edit/").status_code == 403
    assert client.post(f"/tenancy/departments/{world.dept_a1.pk}/delete/").status_code == 403


def test_concurrent_edit_is_refused_with_a_clear_message(world, client_for) -> None:
    first, second = client_for("admin_alpha"), client_for("admin_b")
    url = f"/tenancy/departments/{world.dept_b1.pk}/edit/"
    assert first.post(url, {"member": world.member_b.pk, "name": "Förskola", "version": 1}).status_code == 302
    response = second.post(url, {"member": world.member_b.pk, "name": "Grundskola", "version": 1})
    assert response.status_code == 409
    assert "Någon annan har ändrat" in response.content.decode()
    assert Department.objects.get(pk=world.dept_b1.pk).name == "Förskola"


def test_bad_input_gives_form_errors_not_500(world, client_for) -> None:
    client = client_for("admin_alpha")
    response = client.post(
        "/tenancy/members/add/", {"collaboration": world.alpha.pk, "scb_code": "9999", "joined_on": "not-a-date"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'class="error-summary"' in body
    response = client.post(
        "/tenancy/populations/add/",
        {"member": world.member_a.pk, "year": "1800", "inhabitants": "-5", "employees": "x"},
    )
    assert response.status_code == 400


def test_delete_flow_and_in_use_refusal(world, client_for) -> None:
    client = client_for("admin_alpha")
    response = client.post(f"/tenancy/departments/{world.dept_a1.pk}/delete/", {"version": 1})
    assert response.status_code == 409  # users work there
    assert Department.objects.filter(pk=world.dept_a1.pk).exists()
    empty = Department.objects.create(member=world.member_a, name="Tom")
    response = client.post(f"/tenancy/departments/{empty.pk}/delete/", {"version": 1})
    assert response.status_code == 302
    assert not Department.objects.filter(pk=empty.pk).exists()


def test_list_views_run_a_fixed_number_of_queries(world, client_for) -> None:
    client = client_for("admin_alpha")
    urls = [
        "/tenancy/members/",
        "/tenancy/departments/",
        "/tenancy/units/",
        "/tenancy/populations/",
        "/accounts/users/",
    ]
    before = {}
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        before[url] = len(ctx)
    for i in range(15):
        Department.objects.create(member=world.member_a, name=f"Extra {i}")
    from samdrift.testing.world import _user

    for i in range(10):
        _user(f"extra{i}", {"department": world.dept_a1})
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        assert len(ctx) == before[url], url
        assert len(ctx) <= 12, url
