"""The worker's job runner: due jobs run, a failing job never stops the others."""

from samdrift.core import jobs

calls: list[str] = []


def good() -> None:
    calls.append("good")


def bad() -> None:
    calls.append("bad")
    raise RuntimeError("broken")


def test_due_jobs_run_and_a_failure_does_not_stop_the_rest(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SAMDRIFT_PERIODIC_JOBS = [(f"{__name__}.bad", 10), (f"{__name__}.good", 60)]
    configured = jobs.configured_jobs()
    calls.clear()
    assert jobs.run_due(configured, now=100.0) == [f"{__name__}.bad"]
    assert calls == ["bad", "good"]
    assert jobs.run_due(configured, now=105.0) == [] and calls == ["bad", "good"], "nothing is due yet"
    jobs.run_due(configured, now=110.0)
    assert calls == ["bad", "good", "bad"], "the failed job runs again at its next turn; the other waits"
    jobs.run_due(configured, now=160.0)
    assert calls[-1] == "good"


def test_the_shipped_jobs_import() -> None:
    assert {job.path for job in jobs.configured_jobs()} >= {"samdrift.servicedesk.jobs.send_queued_mail"}
