#!/usr/bin/env python
"""Load test with locust: 50 simulated agents and requesters against gunicorn + PostgreSQL.

    .venv/bin/python bench/load.py [--tickets N] [--users 50] [--duration 120] [--out FILE]

A child process under ``scripts/with-postgres`` builds the service desk benchmark's data
(``bench/servicedesk.py``: the organisation through the project's actions, N tickets
bulk-loaded), starts gunicorn (4 sync workers) and one ``samdrift worker``, and runs locust
headless (``bench/locustfile.py``) for a bounded time. The parent prints p50/p95 per
endpoint and the error count, and writes JSON. See bench/README.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import servicedesk as sd  # noqa: E402 - the service desk benchmark's data and server

DEFAULT_OUT = ROOT / "bench" / "results" / "load.json"
LOCUST = ROOT / ".venv" / "bin" / "locust"
TARGET_P95_MS = 300.0
REQUESTER_LOGINS = 20  # distinct requesters among the simulated ones


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=200_000)
    parser.add_argument("--users", type=int, default=50, help="simulated users (3 agents : 2 requesters)")
    parser.add_argument("--duration", type=int, default=120, help="seconds of load after ramp-up")
    parser.add_argument("--seed", type=int, default=20251123)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-out", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return child_main(args)
    handle, child_out = tempfile.mkstemp(prefix="samdrift-load-", suffix=".json")
    os.close(handle)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "--child-out", child_out]
    cmd += ["--tickets", str(args.tickets), "--users", str(args.users), "--duration", str(args.duration)]
    cmd += ["--seed", str(args.seed)]
    env = {k: v for k, v in os.environ.items() if k not in {"SAMDRIFT_DEBUG"}}
    if not env.get("DATABASE_URL"):
        cmd = [str(sd.WITH_POSTGRES), *cmd]
        # Production durability (fsync, synchronous commit), as bench/servicedesk.py.
        env.setdefault("SAMDRIFT_PG_OPTIONS", sd.PG_PRODUCTION_OPTIONS)
    sd.log(" ".join(cmd))
    started = time.monotonic()
    try:
        rc = subprocess.call(cmd, env=env, cwd=ROOT)
        text = Path(child_out).read_text(encoding="utf-8")
        result: dict[str, Any] = json.loads(text) if text.strip() else {}
    finally:
        Path(child_out).unlink(missing_ok=True)
    result["wall_seconds"] = round(time.monotonic() - started, 1)
    if rc != 0 and "error" not in result:
        result["error"] = f"child exited with status {rc}"
    print_table(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    sd.log(f"wrote {args.out}")
    return 0 if "error" not in result else 1


def print_table(result: dict[str, Any]) -> None:
    if "error" in result:
        print(f"\nERROR: {result['error']}")
    endpoints = result.get("endpoints", [])
    if not endpoints:
        return
    print(
        f"\nLoad test: {result.get('n_tickets', 0):,} tickets, PostgreSQL, {result.get('users')} users, "
        f"{result.get('duration_s')} s (target: p95 < {TARGET_P95_MS:.0f} ms, 0 errors)\n"
    )
    header = f"{'endpoint':<24} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  ok?"
    print(header)
    print("-" * len(header))
    for row in endpoints:
        ok = "yes" if row["p95_ms"] < TARGET_P95_MS and row["failures"] == 0 else "NO"
        if row["name"] == "first page":
            ok = "(setup)"
        print(
            f"{row['name']:<24} {row['requests']:>9,} {row['failures']:>7,} {row['p50_ms']:>8.0f} "
            f"{row['p95_ms']:>8.0f} {row['max_ms']:>8.0f}  {ok}"
        )
    total = result.get("total", {})
    print("-" * len(header))
    print(
        f"{'all':<24} {total.get('requests', 0):>9,} {total.get('failures', 0):>7,} {total.get('p50_ms', 0):>8.0f} "
        f"{total.get('p95_ms', 0):>8.0f} {total.get('max_ms', 0):>8.0f}  {total.get('rps', 0):.1f} req/s"
    )


def child_main(args: argparse.Namespace) -> int:
    result: dict[str, Any] = {"backend": "postgres", "n_tickets": args.tickets, "users": args.users}
    workdir = Path(tempfile.mkdtemp(prefix="samdrift-load-"))
    os.environ["SAMDRIFT_DATA_DIR"] = str(workdir)
    os.environ["DJANGO_SETTINGS_MODULE"] = sd.SETTINGS
    server = None
    worker = None
    try:
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.db import connection

        if connection.vendor != "postgresql":
            raise sd.BenchError("the load test runs on PostgreSQL (scripts/with-postgres)")
        result["machine"] = sd.machine_info()
        result["source"] = sd.source_revision()
        sd.ensure_empty_database()
        generation: dict[str, float] = {}
        world = sd.build_world(random.Random(args.seed), generation)
        data = sd.generate_tickets(world, args.tickets, random.Random(args.seed + 1), generation)
        result["generation_phases"] = generation
        # Every simulated user gets a session of its own, as after a login: people log in once
        # a day, and a password check (PBKDF2, about a second of CPU) per simulated user
        # would measure the hasher, not the desk.
        ids = [pk for pk, *_rest in world.requesters[:: max(1, len(world.requesters) // REQUESTER_LOGINS)]]
        requesters = list(get_user_model().objects.filter(pk__in=ids[:REQUESTER_LOGINS]))
        from corpus import COMMON_WORD, RARE_WORD
        from django.test import Client

        setup = {
            "first_ticket_id": data["first_ticket_id"],
            "last_ticket_id": data["last_ticket_id"],
            "unit_ids": [world.units[code].pk for code, _n, _w in sd.UNITS],
            "search_words": [RARE_WORD, COMMON_WORD],
            "agent_sessions": [session_for(Client, world.bench_agent) for _ in range(args.users)],
            "requester_sessions": [session_for(Client, requesters[k % len(requesters)]) for k in range(args.users)],
        }
        connection.close()
        server = sd.Gunicorn(workdir)
        server.start()
        worker = subprocess.Popen(
            [sys.executable, "-m", "samdrift", "worker"],
            env=os.environ.copy(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        prefix = workdir / "locust"
        ramp = max(1, args.users // 5)
        cmd = [
            str(LOCUST), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
            "--host", server.base_url, "-u", str(args.users), "-r", str(ramp),
            "-t", f"{args.duration + args.users // ramp}s", "--csv", str(prefix), "--only-summary",
            "--stop-timeout", "10", "--loglevel", "WARNING",
        ]  # fmt: skip
        sd.log(f"locust: {args.users} users for {args.duration} s against {server.base_url}")
        load_before = os.getloadavg()
        subprocess.run(
            cmd, env={**os.environ, "SAMDRIFT_LOAD": json.dumps(setup)}, check=False, timeout=args.duration + 300
        )
        result["load_average_before"] = load_before
        result["load_average_after"] = os.getloadavg()
        result["duration_s"] = args.duration
        result["endpoints"], result["total"] = read_stats(prefix)
        failures = workdir / "locust_failures.csv"
        if failures.exists():
            with failures.open(encoding="utf-8") as handle:
                result["failure_samples"] = list(csv.DictReader(handle))[:20]
    except Exception as exc:  # reported in the JSON and the table
        result["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        if worker is not None:
            worker.terminate()  # lets its running task finish
            try:
                worker.wait(timeout=120)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        if server is not None:
            server.stop()
        Path(args.child_out).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return 0 if "error" not in result else 1


def session_for(client_class: Any, user: Any) -> str:
    """A logged-in session (the key of its cookie) for ``user``, as Django's test client makes it."""
    client = client_class()
    client.force_login(user)
    return str(client.cookies["sessionid"].value)


def read_stats(prefix: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    with Path(f"{prefix}_stats.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    endpoints, total = [], {}
    for row in rows:
        entry = {
            "name": row["Name"],
            "method": row["Type"],
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50_ms": float(row["50%"] or 0),
            "p95_ms": float(row["95%"] or 0),
            "max_ms": float(row["Max Response Time"] or 0),
            "rps": round(float(row["Requests/s"] or 0), 2),
        }
        if row["Name"] == "Aggregated":
            total = entry
        else:
            endpoints.append(entry)
    return sorted(endpoints, key=lambda e: e["name"]), total


if __name__ == "__main__":
    raise SystemExit(main())
