"""The background jobs page: long jobs with their progress, tasks for administrators."""

from __future__ import annotations

import re

import pytest
from django.tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samdrift.catalog import actions as catalog
from samdrift.core import background
from samdrift.servicedesk.models import RecomputeState, SLARecompute
from samdrift.servicedesk.tasks import watch_sla
from samdrift.testing.browser import assert_accessible, log_in
from samdrift.testing.world import PASSWORD


def running_recompute(world, requested_by):
    calendar = catalog.do_create_calendar(acting_user=None, collaboration=world.alpha, name="Kontorstid – Alfa")
    SLARecompute.objects.all().delete()
    return SLARecompute.objects.create(
        calendar=calendar, requested_by=requested_by, state=RecomputeState.RUNNING, tickets_total=10, tickets_seen=4
    )


@pytest.mark.django_db
def test_who_sees_which_jobs(world, client_for) -> None:
    request = running_recompute(world, world.lead_alpha)
    failed = watch_sla.enqueue()
    DBTaskResult.objects.filter(pk=failed.id).update(
        status=TaskResultStatus.FAILED,
        exception_class_path="builtins.OSError",
        traceback="Traceback …\nOSError: the mail server is down\n",
    )
    admin = client_for("admin_alpha").get("/jobs/").content.decode()
    assert "Kontorstid – Alfa" in admin and 'value="40"' in admin
    assert "Bevaka SLA-klockor" in admin and "OSError" in admin, "failures: administrators"
    assert "the mail server is down" not in admin, "the message and traceback only for superusers"
    lead = client_for("lead_alpha").get("/jobs/").content.decode()
    assert "Kontorstid – Alfa" in lead, "the user who started it follows it"
    assert "OSError" not in lead and "Arbetare" not in lead
    assert "Kontorstid – Alfa" not in client_for("admin_beta").get("/jobs/").content.decode()
    requester = client_for("requester_a1").get("/jobs/").content.decode()
    assert "Kontorstid – Alfa" not in requester and "OSError" not in requester
    world.users["admin_alpha"].is_superuser = True
    world.users["admin_alpha"].save()
    root = client_for("admin_alpha").get("/jobs/").content.decode()
    assert "OSError: the mail server is down" in root and "Spårning" in root
    SLARecompute.objects.filter(pk=request.pk).update(requested_by=world.requester_a1)
    assert "Kontorstid – Alfa" in client_for("requester_a1").get("/jobs/").content.decode()


@pytest.mark.django_db
def test_the_page_refreshes_only_while_something_runs(world, client_for) -> None:
    request = running_recompute(world, world.admin_alpha)
    client = client_for("admin_alpha")
    assert 'data-refresh="5"' in client.get("/jobs/").content.decode()
    SLARecompute.objects.filter(pk=request.pk).update(state=RecomputeState.DONE, tickets_seen=10)
    assert 'data-refresh="0"' in client.get("/jobs/").content.decode()


@pytest.mark.browser
def test_an_administrator_follows_a_recompute_to_its_end(page, live_server, live_world) -> None:
    request = running_recompute(live_world, live_world.admin_alpha)
    background.heartbeat(background.new_worker_id())
    background.enqueue_due()
    log_in(page, live_server.url, "admin_alpha", PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Bakgrundsjobb").click()
    progress = page.get_by_label(re.compile(r"4 av 10 kontrollerade ärenden \(40 %\)"))
    assert progress.get_attribute("value") == "40"
    assert page.get_by_role("heading", name="Periodiska uppgifter").is_visible()
    schedule = page.get_by_role("region", name="Periodiska uppgifter")
    assert schedule.get_by_role("cell", name="Skicka köad e-post").is_visible()
    assert_accessible(page)
    # The worker finishes; the page shows it without a reload (static script, no inline JS).
    SLARecompute.objects.filter(pk=request.pk).update(state=RecomputeState.DONE, tickets_seen=10)
    page.get_by_label(re.compile(r"10 av 10 kontrollerade ärenden \(100 %\)")).wait_for()
    assert page.locator("[data-refresh]").get_attribute("data-refresh") == "0"
    assert_accessible(page)
