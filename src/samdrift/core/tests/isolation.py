from samdrift.core.models import AuditEntry
from samdrift.testing.isolation import IsolationCase


def audit_entry(world):
    """The audit row of a change in member B."""
    from samdrift.tenancy import actions

    department = actions.do_create_department(
        acting_user=world.admin_b, member=world.member_b, name="Revision – ”intern” å", code="REV"
    )
    return AuditEntry.objects.get(object_id=str(department.pk), content_type__model="department")


ISOLATION_CASES = [
    # The audit log has no page per entry: it is the audit list (and each object's
    # history, tested with the object's own case).
    IsolationCase(
        AuditEntry,
        audit_entry,
        insider="admin_b",
        outsiders=("admin_beta", "orderer_b", "requester_b1", "orderer_a"),
        ui=False,
        api=False,
        pages=lambda entry: ["/audit/"],
        marker=lambda entry: entry.object_repr,
    ),
]
