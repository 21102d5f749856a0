"""The consolidation page: the matrix member × area, the target standard, the progress
chart; nothing of systems a member neither uses nor shares."""

import datetime

from django.utils import timezone

from samdrift.inventory import actions


def test_matrix_and_chart(world, client_for) -> None:
    today = timezone.localdate()
    standard = actions.do_create_system(
        acting_user=None, collaboration=world.alpha, name="Tieto Education", area="Skola", members=[world.member_a],
        in_use_since=today - datetime.timedelta(days=900),
    )  # fmt: skip
    actions.do_create_system(
        acting_user=None, collaboration=world.alpha, name="Hemligt skolsystem", area="Skola", members=[world.member_b],
        in_use_since=today - datetime.timedelta(days=900), planned_retirement=today + datetime.timedelta(days=100),
        lifecycle="being_replaced",
    )  # fmt: skip
    actions.do_create_system(
        acting_user=None, collaboration=world.alpha, name="Microsoft 365", area="Samarbete", shared=True,
        in_use_since=today - datetime.timedelta(days=900),
    )  # fmt: skip
    actions.do_create_area(
        acting_user=None, collaboration=world.alpha, name="Skola", target_system=standard,
        plan_starts=today - datetime.timedelta(days=365), plan_ends=today + datetime.timedelta(days=365),
    )  # fmt: skip
    wide = client_for("admin_alpha").get("/inventory/consolidation/")
    body = wide.content.decode()
    assert wide.status_code == 200
    assert "Tieto Education" in body and "Hemligt skolsystem" in body and "Microsoft 365" in body
    assert "<svg" in body and 'role="img"' in body
    matrix = wide.context["matrix"]
    rows = dict((member.name, cells) for member, cells in matrix.rows())
    skola = matrix.areas.index("Skola")
    assert [(s.name, standard_) for s, standard_ in rows[world.member_a.name][skola]] == [("Tieto Education", True)]
    # Member A's people: their own and the shared system, never member B's.
    mine = client_for("requester_a1").get("/inventory/consolidation/").content.decode()
    assert "Tieto Education" in mine and "Microsoft 365" in mine and "Hemligt skolsystem" not in mine
    # Another collaboration sees none of it.
    beta = client_for("admin_beta").get("/inventory/consolidation/").content.decode()
    assert "Tieto Education" not in beta and "Hemligt" not in beta
