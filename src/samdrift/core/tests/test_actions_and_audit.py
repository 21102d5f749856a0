import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from samdrift.core.exceptions import ConcurrentEditError, ObjectInUseError
from samdrift.core.models import AuditEntry
from samdrift.core.versions import SYSTEM
from samdrift.tenancy import actions
from samdrift.tenancy.models import Department


def history(obj):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).order_by("pk")


def test_create_update_delete_are_audited_with_before_and_after(world) -> None:
    admin = world.admin_alpha
    dept = actions.do_create_department(acting_user=admin, member=world.member_a, name="Miljö", code="MIL")
    dept = actions.do_update_department(dept, acting_user=admin, expected_version=1, name="Miljö och hälsa")
    pk = dept.pk
    actions.do_delete_department(dept, acting_user=admin, expected_version=2)

    entries = list(AuditEntry.objects.filter(object_id=str(pk), content_type__model="department").order_by("pk"))
    assert [e.action for e in entries] == ["create", "update", "delete"]
    assert all(e.actor == admin for e in entries)
    assert entries[0].after is not None and entries[2].before is not None
    assert entries[0].before is None and entries[0].after["name"] == "Miljö"
    assert entries[1].changes() == [("name", "Miljö", "Miljö och hälsa"), ("version", 1, 2)]
    assert entries[2].before["name"] == "Miljö och hälsa" and entries[2].after is None
    assert entries[2].scope_member == world.member_a.pk
    assert not Department.objects.filter(pk=pk).exists()


def test_stale_version_is_refused_and_nothing_is_lost(world) -> None:
    dept = world.dept_a1
    actions.do_update_department(dept, acting_user=world.admin_alpha, expected_version=1, name="Först")
    with pytest.raises(ConcurrentEditError) as info:
        actions.do_update_department(dept, acting_user=world.admin_alpha, expected_version=1, name="Sist")
    assert info.value.current_version == 2
    assert Department.objects.get(pk=dept.pk).name == "Först"
    assert history(dept).count() == 2


def test_unchanged_update_writes_no_audit_row(world) -> None:
    dept = world.dept_a1
    actions.do_update_department(dept, acting_user=None, expected_version=1, name=dept.name)
    assert history(dept).count() == 1
    assert Department.objects.get(pk=dept.pk).version == 1


def test_invalid_update_raises_and_keeps_stored_values(world) -> None:
    with pytest.raises(ValidationError):
        actions.do_update_department(world.dept_a1, acting_user=None, expected_version=1, name="")
    assert Department.objects.get(pk=world.dept_a1.pk).name == world.dept_a1.name


def test_deleting_a_referenced_object_is_refused(world) -> None:
    with pytest.raises(ObjectInUseError):
        actions.do_delete_department(world.dept_a1, acting_user=None, expected_version=SYSTEM)
    assert Department.objects.filter(pk=world.dept_a1.pk).exists()
    assert not history(world.dept_a1).filter(action="delete").exists()


def test_audit_log_is_scoped_and_for_administrators_only(world, client_for) -> None:
    actions.do_update_department(world.dept_a1, acting_user=world.admin_alpha, expected_version=1, name="Skola A")
    actions.do_update_department(world.dept_b1, acting_user=world.admin_alpha, expected_version=1, name="Skola B")
    assert set(
        AuditEntry.objects.visible_to(world.admin_b).filter(action="update").values_list("object_repr", flat=True)
    ) == {"Skola B (Vårgårda)"}
    assert AuditEntry.objects.visible_to(world.orderer_a).count() == 0

    page = client_for("admin_b").get("/audit/").content.decode()
    assert "Skola B" in page and "Skola A" not in page
    assert client_for("orderer_a").get("/audit/").status_code == 403
    assert client_for("admin_alpha").get(f"/tenancy/departments/{world.dept_a1.pk}/history/").status_code == 200
    assert client_for("admin_b").get(f"/tenancy/departments/{world.dept_a1.pk}/history/").status_code == 404
    assert client_for("orderer_a").get(f"/tenancy/departments/{world.dept_a1.pk}/history/").status_code == 403
