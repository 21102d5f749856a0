#!/usr/bin/env python
"""CPU per request of the load test's endpoints, in-process, on a database you already have.

    DATABASE_URL=postgres://… .venv/bin/python bench/profile_endpoints.py [--repeat 20] [--profile NAME]

The database must hold the service desk benchmark's data (``bench/servicedesk.py`` or
``bench/load.py`` build it; ``--generate N`` builds it here in an empty database). Every
endpoint of ``bench/locustfile.py`` is requested through Django's test client (the whole
middleware stack, session, view, template or serializer, no network), as the bench agent or
a requester, ``--repeat`` times after two warm-ups. Per endpoint the table shows:

* ``cpu ms``: CPU time of this process per request (``time.process_time``): the app's cost;
* ``db ms``: wall time spent waiting for the database (its CPU is in the server process);
* ``queries``: statements per request;
* ``calls``: Python function calls in one request (cProfile), which unlike the times does
  not depend on what else the machine is doing.

``cpu + db`` approximates the server CPU per request that bounds throughput on a loaded
machine. ``--profile NAME`` prints a cProfile listing of one request of that endpoint.
The numbers are for comparing before and after a change on the same machine.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--profile", default="", help="print a cProfile of one request of this endpoint")
    parser.add_argument("--generate", type=int, default=0, help="first build N tickets (empty database only)")
    parser.add_argument("--out", type=Path, help="write the figures as JSON")
    return parser.parse_args(argv)


def endpoints(setup: dict[str, Any], agent: Any, requester: Any) -> list[tuple[str, Any, str]]:
    """(name, user, call) per endpoint of bench/locustfile.py."""
    rng = random.Random(7)
    units = setup["unit_ids"]
    first, last = setup["first_ticket_id"], setup["last_ticket_id"]
    open_ids = setup["open_ids"]
    rare, common = setup["words"]

    def queue(c: Any) -> Any:
        return c.get(f"/servicedesk/tickets/?unit={rng.choice(units)}&state=open&sort=due_at")

    def detail(c: Any) -> Any:
        return c.get(f"/servicedesk/tickets/{rng.randint(first, last)}/")

    def search_rare(c: Any) -> Any:
        return c.get(f"/servicedesk/tickets/?q={rare}")

    def search_common(c: Any) -> Any:
        return c.get(f"/servicedesk/tickets/?q={common}")

    def api_list(c: Any) -> Any:
        return c.get("/api/v1/tickets/?limit=50&state=open")

    def api_comment(c: Any) -> Any:
        body = {"body": "Vi tittar på det – återkommer under dagen.", "is_internal": rng.random() < 0.5}
        return c.post(f"/api/v1/tickets/{rng.choice(open_ids)}/comments/", body, content_type="application/json")

    def portal(c: Any) -> Any:
        return c.get("/servicedesk/portal/")

    def api_create(c: Any) -> Any:
        body = {"subject": "Skrivaren på plan 3 skriver inte ut", "description": "Den blinkar orange – ”fel 42”."}
        key = f"prof-{time.monotonic_ns()}-{rng.random()}"
        return c.post("/api/v1/tickets/", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)

    return [
        ("queue (ticket list)", agent, queue),
        ("ticket page", agent, detail),
        ("search (rare word)", agent, search_rare),
        ("search (common word)", agent, search_common),
        ("API ticket list", agent, api_list),
        ("API comment", agent, api_comment),
        ("portal", requester, portal),
        ("API create ticket", requester, api_create),
    ]


def discover() -> dict[str, Any]:
    from corpus import COMMON_WORD, RARE_WORD
    from django.contrib.auth import get_user_model
    from django.db.models import Max, Min

    from samdrift.servicedesk.choices import OPEN_STATUSES
    from samdrift.servicedesk.models import Ticket
    from samdrift.tenancy.models import Unit

    user = get_user_model()
    agent = user.objects.get(username="bench_agent")
    requester = user.objects.filter(role_assignments__role="requester", member__isnull=False).order_by("pk").first()
    span = Ticket.objects.aggregate(first=Min("pk"), last=Max("pk"))
    open_ids = list(
        Ticket.objects.filter(status__in=sorted(OPEN_STATUSES), unit__isnull=False).values_list("pk", flat=True)[:200]
    )
    return {
        "agent": agent,
        "requester": requester,
        "unit_ids": list(Unit.objects.values_list("pk", flat=True)),
        "first_ticket_id": span["first"],
        "last_ticket_id": span["last"],
        "open_ids": open_ids,
        "words": [RARE_WORD, COMMON_WORD],
    }


def measure(name: str, user: Any, call: Any, repeat: int, connection: Any) -> dict[str, Any]:
    from django.test import Client

    client = Client(SERVER_NAME="127.0.0.1", HTTP_HOST="127.0.0.1")
    client.force_login(user)
    for _ in range(2):
        call(client)
    cpu, wall, db, counts = [], [], [], []
    for _ in range(repeat):
        spent = [0.0, 0]

        def timer(execute: Any, sql: str, params: Any, many: bool, context: Any, spent: list = spent) -> Any:
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent[0] += time.perf_counter() - started
                spent[1] += 1

        c0, w0 = time.process_time(), time.perf_counter()
        with connection.execute_wrapper(timer):
            response = call(client)
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
        db.append(spent[0] * 1000)
        counts.append(spent[1])
        if response.status_code >= 400:
            raise SystemExit(f"{name} answered {response.status_code}: {response.content[:300]!r}")
    profiler = cProfile.Profile()
    profiler.enable()
    call(client)
    profiler.disable()
    return {
        # Python function calls in one request: a measure of the app's work that, unlike
        # CPU time, does not change with the load on a shared machine.
        "calls": pstats.Stats(profiler).total_calls,
        "endpoint": name,
        "cpu_ms": round(statistics.median(cpu), 2),
        "db_ms": round(statistics.median(db), 2),
        "wall_ms": round(statistics.median(wall), 2),
        "queries": max(counts),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samdrift.settings.dev")
    os.environ.setdefault("SAMDRIFT_DATA_DIR", tempfile.mkdtemp(prefix="samdrift-profile-"))
    import django

    django.setup()
    from django.db import connection

    if args.generate:
        import servicedesk as sd

        sd.ensure_empty_database()
        timings: dict[str, float] = {}
        world = sd.build_world(random.Random(20251123), timings)
        sd.generate_tickets(world, args.generate, random.Random(20251124), timings)
    setup = discover()
    rows = []
    with contextlib.redirect_stdout(io.StringIO()):  # the console e-mail backend prints here
        for name, user, call in endpoints(setup, setup["agent"], setup["requester"]):
            rows.append(measure(name, user, call, args.repeat, connection))
    print(f"{'endpoint':<24} {'cpu ms':>8} {'db ms':>8} {'wall ms':>8} {'queries':>8} {'calls':>9}")
    for row in rows:
        print(
            f"{row['endpoint']:<24} {row['cpu_ms']:>8.1f} {row['db_ms']:>8.1f} {row['wall_ms']:>8.1f} "
            f"{row['queries']:>8} {row['calls']:>9,}"
        )
    if args.out:
        args.out.write_text(json.dumps({"vendor": connection.vendor, "rows": rows}, indent=2) + "\n")
    if args.profile:
        from django.test import Client

        for name, user, call in endpoints(setup, setup["agent"], setup["requester"]):
            if name.startswith(args.profile):
                client = Client(SERVER_NAME="127.0.0.1", HTTP_HOST="127.0.0.1")
                client.force_login(user)
                call(client)
                profiler = cProfile.Profile()
                with contextlib.redirect_stdout(io.StringIO()):
                    profiler.enable()
                    call(client)
                    profiler.disable()
                print(f"\n--- {name} ---")
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(50)
                pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
