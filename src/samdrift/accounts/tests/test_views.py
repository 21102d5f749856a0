"""Users, role assignments, the profile page and API tokens."""

from samdrift.accounts.models import RoleAssignment, User
from samdrift.core.models import AuditEntry
from samdrift.testing.world import PASSWORD


def test_admin_creates_a_user_in_a_department(world, client_for) -> None:
    client = client_for("admin_b")
    response = client.post(
        "/accounts/users/add/",
        {
            "username": "ny.anvandare",
            "first_name": "Ny",
            "last_name": "Användare",
            "email": "ny@example.org",
            "department": world.dept_b1.pk,
            "is_active": "on",
            "password": "ett-langt-losenord-2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="ny.anvandare")
    assert (user.member, user.collaboration) == (world.member_b, world.alpha), "derived from the department"
    assert user.check_password("ett-langt-losenord-2026")
    entry = AuditEntry.objects.get(content_type__model="user", object_id=str(user.pk), action="create")
    assert entry.after is not None
    assert "password" not in entry.after


def test_weak_password_is_a_form_error(world, client_for) -> None:
    response = client_for("admin_b").post(
        "/accounts/users/add/",
        {
            "username": "svag",
            "department": world.dept_b1.pk,
            "password": "123",
        },
    )
    assert response.status_code == 400
    assert not User.objects.filter(username="svag").exists()


def test_grant_and_revoke_a_role(world, client_for) -> None:
    client = client_for("admin_b")
    target = world.requester_b1
    response = client.post(
        f"/accounts/users/{target.pk}/roles/add/",
        {
            "role": "orderer",
            "collaboration": world.alpha.pk,
            "member": world.member_b.pk,
        },
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=target, role="orderer")
    assert assignment.member == world.member_b

    again = client.post(
        f"/accounts/users/{target.pk}/roles/add/",
        {
            "role": "orderer",
            "collaboration": world.alpha.pk,
            "member": world.member_b.pk,
        },
    )
    assert again.status_code == 400

    response = client.post(f"/accounts/users/{target.pk}/roles/{assignment.pk}/revoke/")
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEntry.objects.filter(content_type__model="roleassignment", action="delete").exists()


def test_member_admin_cannot_grant_collaboration_wide_roles(world, client_for) -> None:
    response = client_for("admin_b").post(
        f"/accounts/users/{world.requester_b1.pk}/roles/add/",
        {
            "role": "administrator",
            "collaboration": world.alpha.pk,
        },
    )
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(user=world.requester_b1, role="administrator").exists()


def test_agents_need_a_unit(world, client_for) -> None:
    response = client_for("admin_alpha").post(
        f"/accounts/users/{world.requester_b1.pk}/roles/add/",
        {
            "role": "agent",
            "collaboration": world.alpha.pk,
        },
    )
    assert response.status_code == 400
    assert not RoleAssignment.objects.filter(user=world.requester_b1, role="agent").exists()


def test_password_change(world, client_for) -> None:
    client = client_for("orderer_a")
    bad = client.post("/accounts/profile/", {"old_password": "wrong", "new_password1": "x", "new_password2": "y"})
    assert bad.status_code == 400
    good = client.post(
        "/accounts/profile/",
        {
            "old_password": PASSWORD,
            "new_password1": "ett-nytt-losenord-99",
            "new_password2": "ett-nytt-losenord-99",
        },
    )
    assert good.status_code == 302
    assert User.objects.get(pk=world.orderer_a.pk).check_password("ett-nytt-losenord-99")


def test_users_api_is_read_only_and_shows_only_visible_roles(world, api_for) -> None:
    client = api_for("admin_b")
    rows = client.get("/api/v1/users/", {"limit": 100}).json()["results"]
    usernames = {r["username"] for r in rows}
    assert "requester_b1" in usernames and "requester_a1" not in usernames
    assert client.post("/api/v1/users/", {"username": "x"}, format="json").status_code == 405
    me = client.get(f"/api/v1/users/{world.admin_b.pk}/").json()
    assert [r["role"] for r in me["roles"]] == ["administrator"]
    by_role = client.get("/api/v1/users/", {"role": "requester"}).json()["results"]
    assert {r["username"] for r in by_role} == {"requester_b1"}
