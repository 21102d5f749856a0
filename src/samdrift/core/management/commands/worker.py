"""``samdrift worker``: run background tasks (Django's task framework, django-tasks-db).

Start as many as needed, on as many hosts as needed (e.g. one systemd service per host):
they share the queue in the database. Each runs the django-tasks-db worker loop, which
takes one ready task at a time, and, in a side thread, the scheduler that enqueues the
periodic tasks (``SAMDRIFT_PERIODIC_TASKS``) and the worker's heartbeat
(``samdrift.core.background``). ``--once`` enqueues what is due, runs every ready task and
exits, for hosts that prefer cron."""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django_tasks_db.management.commands.db_worker import Worker

from samdrift.core import background


class Command(BaseCommand):
    help = "Run background tasks and the scheduler of periodic tasks until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Enqueue due periodic tasks, run all ready tasks, exit."
        )
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between looks at an empty queue.")
        parser.add_argument("--queue", default="default", help="Queues to take tasks from, comma-separated.")
        parser.add_argument("--worker-id", default="", help="Unique id of this worker (default: host:pid:random).")

    def handle(
        self,
        *args: Any,
        once: bool = False,
        interval: float = 1.0,
        queue: str = "default",
        worker_id: str = "",
        **options: Any,
    ) -> None:
        self.configure_logging(int(options.get("verbosity", 1)))
        worker_id = worker_id or background.new_worker_id()
        worker = Worker(
            queue_names=queue.split(","),
            interval=interval,
            batch=once,
            backend_name="default",
            startup_delay=not once,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        if once:
            background.heartbeat(worker_id)
            background.reap_lost()
            enqueued = background.enqueue_due()
            worker.run()
            self.stdout.write(f"Enqueued {len(enqueued)} periodic tasks; ran every ready task.")
            return
        scheduler = background.Scheduler(worker_id, tick=1.0)
        scheduler.turn()  # heartbeat and due tasks before the first task is taken
        scheduler.start()
        self.stdout.write(f"Worker {worker_id} running (Ctrl-C stops).")
        worker.configure_signals()
        try:
            worker.run()
        finally:
            scheduler.stop()
            self.stdout.write("Worker stopped.")

    def configure_logging(self, verbosity: int) -> None:
        """Task starts and ends at INFO (verbosity 2); warnings and failures always."""
        level = logging.INFO if verbosity >= 2 else logging.WARNING
        for name in ("django_tasks_db", "django.tasks"):
            found = logging.getLogger(name)
            found.setLevel(level)
            if not found.hasHandlers():
                found.addHandler(logging.StreamHandler(self.stderr))
