#!/usr/bin/env python
"""Every page of the UI, as every demo role, on the demo database (SQLite).

    SAMDRIFT_DATA_DIR=/tmp/demo .venv/bin/samdrift demo --no-serve --scale 0.05   # build it once
    SAMDRIFT_DATA_DIR=/tmp/demo .venv/bin/python bench/pages.py [--repeat 5] [--out FILE]

The full-scale demo (``--scale 1.0``, about 260,000 tickets) is what the issue's target
is set for: every page < 300 ms p95.

For each demo login the benchmark signs in (Django's test client in-process: full
middleware, session, view and template; no network) and visits every named UI URL it can
build: pages without arguments as they are, pages of one object (``<app>:<model>_detail``,
``_edit``, ``_history`` …) with the newest object of that model the user may see. API
routes, logout, language, exports and POST-only endpoints are left out; every other page
that cannot be built (no visible object) is listed as skipped. Each page is fetched
``--repeat`` times after one warm-up; p50 and p95 are printed per page (over all roles)
and written as JSON (default ``bench/results/pages.json``) with the per-role figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samdrift.settings.dev")

TARGET_MS = 300.0
SKIP_PREFIXES = ("api", "logout", "set_language")
SKIP_WORDS = ("download", "export", "_pdf", "_ics", "_file", "invoices", "token_revoke", "_delete", "suggest")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def patterns() -> list[tuple[str, list[str]]]:
    """(URL name, its argument names) of every named route."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: list[tuple[str, list[str]]] = []

    def walk(entries: Any, namespace: str) -> None:
        for entry in entries:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern) and entry.name:
                found.append((f"{namespace}{entry.name}", list(entry.pattern.regex.groupindex)))

    walk(get_resolver().url_patterns, "")
    return sorted(set((name, tuple(args)) for name, args in found))  # type: ignore[misc]


def object_for(name: str, user: Any) -> Any:
    """The newest object of the model a generic route ``app:model_action`` shows, that
    ``user`` sees; None when there is none or the route is not generic."""
    from django.apps import apps

    if ":" not in name:
        return None
    app, rest = name.split(":", 1)
    model_name = rest.rsplit("_", 1)[0]
    try:
        model = apps.get_model(app, model_name)
    except LookupError:
        return None
    manager: Any = model._default_manager
    queryset = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.all()
    return queryset.order_by("-pk").first()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "pages.json"))
    parser.add_argument("--users", default="", help="comma-separated demo logins (default: all)")
    args = parser.parse_args()

    import logging

    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # 403/404/405 of other roles' pages
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from samdrift.accounts.demo import USERS
    from samdrift.accounts.models import User
    from samdrift.core.heap import freeze_startup_heap

    freeze_startup_heap()  # as samdrift.wsgi does in the server

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    wanted = [u for u in args.users.split(",") if u] or [spec.username for spec in USERS]
    routes = [
        (name, params)
        for name, params in patterns()
        if not name.startswith(SKIP_PREFIXES)
        and not any(word in name for word in SKIP_WORDS)
        and not (":" not in name and "-" in name)  # the API router's routes ("ticket-list")
    ]
    timings: dict[str, list[float]] = {}
    per_role: dict[str, dict[str, dict[str, float]]] = {}
    skipped: dict[str, list[str]] = {}
    errors: list[str] = []
    for username in wanted:
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        client = Client()
        client.force_login(user)
        per_role[username] = {}
        for name, params in routes:
            kwargs: dict[str, Any] = {}
            if params:
                if set(params) != {"pk"}:
                    skipped.setdefault(name, []).append(username)
                    continue
                obj = object_for(name, user)
                if obj is None:
                    skipped.setdefault(name, []).append(username)
                    continue
                kwargs = {"pk": obj.pk}
            url = reverse(name, kwargs=kwargs)
            first = client.get(url)
            if first.status_code >= 500:
                errors.append(f"{username} {url} -> {first.status_code}")
            if first.status_code in (403, 404, 405):
                continue  # not this role's page
            samples = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                client.get(url)
                samples.append((time.perf_counter() - start) * 1000)
            timings.setdefault(name, []).extend(samples)
            per_role[username][name] = {"p50": statistics.median(samples), "p95": percentile(samples, 0.95)}
        print(f"{username}: {len(per_role[username])} pages", file=sys.stderr, flush=True)
    rows = sorted(
        ((name, statistics.median(v), percentile(v, 0.95), len(v)) for name, v in timings.items()),
        key=lambda row: -row[2],
    )
    print(f"{'page':55} {'p50 ms':>8} {'p95 ms':>8} {'n':>5}  ok?")
    for name, p50, p95, n in rows:
        print(f"{name:55} {p50:8.1f} {p95:8.1f} {n:5}  {'yes' if p95 < TARGET_MS else 'NO'}")
    slow = [row[0] for row in rows if row[2] >= TARGET_MS]
    print(
        f"\n{len(rows)} pages, {sum(len(v) for v in per_role.values())} page×role, {len(slow)} over {TARGET_MS:.0f} ms p95"
    )
    if errors:
        print("server errors:", *errors, sep="\n  ")
    from samdrift.servicedesk.models import Ticket

    result = {
        "target_p95_ms": TARGET_MS,
        "database": settings.DATABASES["default"]["ENGINE"],
        "tickets": Ticket.objects.count(),
        "repeat": args.repeat,
        "pages": [{"name": n, "p50_ms": a, "p95_ms": b, "samples": c} for n, a, b, c in rows],
        "per_role": per_role,
        "skipped": skipped,
        "errors": errors,
        "over_target": slow,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"JSON: {args.out}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
