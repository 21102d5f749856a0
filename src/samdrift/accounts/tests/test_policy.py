from samdrift.accounts import policy
from samdrift.accounts.models import User
from samdrift.tenancy.models import Department, Member, Population, Unit


def names(qs):
    return sorted(str(o) for o in qs)


def test_department_scope_sees_own_department_and_member_only(world) -> None:
    user = world.requester_a1
    assert names(Department.objects.visible_to(user)) == [str(world.dept_a1)]
    assert names(Member.objects.visible_to(user)) == [str(world.member_a)]
    assert names(Unit.objects.visible_to(user)) == [str(world.unit_alpha)]


def test_member_scope_sees_all_departments_of_its_member(world) -> None:
    assert set(Department.objects.visible_to(world.orderer_a)) == {world.dept_a1, world.dept_a2}


def test_collaboration_scope_sees_its_collaboration_only(world) -> None:
    assert set(Member.objects.visible_to(world.agent_alpha)) == {world.member_a, world.member_b}
    assert set(Member.objects.visible_to(world.admin_beta)) == {world.member_c}


def test_user_without_roles_sees_nothing_but_themselves(world) -> None:
    nobody = world.nobody
    assert not Member.objects.visible_to(nobody).exists()
    assert list(User.objects.visible_to(nobody)) == [nobody]


def test_inactive_users_lose_their_reach(world) -> None:
    user = world.orderer_a
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.refresh_from_db()
    assert not Department.objects.visible_to(user).exists()


def test_manage_rules(world) -> None:
    assert policy.can_manage(world.admin_alpha, world.dept_b1)
    assert policy.can_manage(world.admin_b, world.dept_b1)
    assert not policy.can_manage(world.admin_b, world.dept_a1)
    assert not policy.can_manage(world.admin_b, world.member_b), "members are managed collaboration-wide"
    assert not policy.can_manage(world.admin_b, Population(member=world.member_b)), "no member sets its own key"
    assert policy.can_manage(world.controller_alpha, Population(member=world.member_b))
    assert not policy.can_manage(world.orderer_a, world.dept_a1)
    assert not policy.can_manage(world.admin_beta, world.dept_a1)
    assert policy.can_create(world.admin_b, Department)
    assert not policy.can_create(world.admin_b, Unit)
    assert not policy.can_create(world.admin_alpha, type(world.alpha)), "collaborations need a superuser"


def test_grantable_stays_within_the_administrators_scope(world) -> None:
    alpha, a, b = world.alpha.pk, world.member_a.pk, world.member_b.pk
    assert policy.grantable(world.admin_b, policy.Assignment("requester", alpha, b, world.dept_b1.pk, None))
    assert policy.grantable(world.admin_b, policy.Assignment("orderer", alpha, b, None, None))
    assert not policy.grantable(world.admin_b, policy.Assignment("orderer", alpha, a, None, None))
    assert not policy.grantable(world.admin_b, policy.Assignment("administrator", alpha, None, None, None))
    assert policy.grantable(world.admin_alpha, policy.Assignment("administrator", alpha, None, None, None))


def test_anonymous_sees_nothing(world) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert Member.objects.exists()
    assert not Member.objects.visible_to(AnonymousUser()).exists()
