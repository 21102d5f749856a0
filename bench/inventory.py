#!/usr/bin/env python
"""Inventory benchmark: the asset list page and API with 100,000 assets.

    .venv/bin/python bench/inventory.py [--assets N] [--db sqlite|postgres|both] [--repeat R] [--out FILE]

For every chosen backend a child process builds a fresh database (SQLite in a temporary
SAMDRIFT_DATA_DIR; PostgreSQL through ``scripts/with-postgres``), migrates it, creates a
collaboration with five members and their departments through the project's actions, and
loads N assets (default 100,000) through ``do_import_assets`` (the import's own bulk
path). It then requests, in process with Django's test client (no web server, so the
figures are the application and database time), the asset list page and the API as a
collaboration-wide administrator and as one member's orderer: the first page, a page deep
in the list, a member filter and a search. Each request runs R times (default 20); the
table shows the median and the 95th percentile. JSON goes to bench/results/inventory.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from servicedesk import log, machine_info, source_revision  # noqa: E402 - the sibling benchmark's helpers

WITH_POSTGRES = ROOT / "scripts" / "with-postgres"
DEFAULT_OUT = ROOT / "bench" / "results" / "inventory.json"
SETTINGS = "samdrift.settings.dev"
MEMBERS = ["0604", "0686", "0682", "0684", "0685"]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--assets", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-out", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return child_main(args)
    results = {}
    for backend in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        results[backend] = run_child(backend, args)
    report = {
        "benchmark": "inventory",
        "command": " ".join([".venv/bin/python", "bench/inventory.py", *sys.argv[1:]]),
        "finished_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "backends": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print_table(results)
    print(f"\nJSON: {args.out}")
    return 1 if any("error" in r for r in results.values()) else 0


def run_child(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    handle, child_out = tempfile.mkstemp(prefix=f"samdrift-inv-{backend}-", suffix=".json")
    os.close(handle)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "--db", backend, "--child-out", child_out]
    cmd += ["--assets", str(args.assets), "--repeat", str(args.repeat)]
    env = dict(os.environ)
    if backend == "postgres" and not env.get("DATABASE_URL"):
        cmd = [str(WITH_POSTGRES), *cmd]
    elif backend == "sqlite":
        env.pop("DATABASE_URL", None)
    log(f"{backend}: {' '.join(cmd)}")
    try:
        rc = subprocess.call(cmd, env=env, cwd=ROOT)
        text = Path(child_out).read_text(encoding="utf-8")
        result: dict[str, Any] = json.loads(text) if text.strip() else {}
    finally:
        Path(child_out).unlink(missing_ok=True)
    if rc != 0 and "error" not in result:
        result["error"] = f"child exited with status {rc}"
    return result


def print_table(results: dict[str, Any]) -> None:
    print()
    print(f"{'backend':<10} {'request':<44} {'status':>6} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for backend, result in results.items():
        if "error" in result:
            print(f"{backend:<10} ERROR {result['error']}")
            continue
        for name, row in result["requests"].items():
            print(
                f"{backend:<10} {name:<44} {row['status']:>6} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
                f"{row['queries']:>8}"
            )
        print(f"{backend:<10} {result['assets']:,} assets loaded in {result['load_seconds']} s")


def build(n_assets: int) -> dict[str, Any]:
    from samdrift.accounts import actions as accounts
    from samdrift.accounts.choices import Role
    from samdrift.inventory import actions
    from samdrift.inventory.choices import AssetKind, Ownership
    from samdrift.inventory.models import Asset
    from samdrift.tenancy import actions as tenancy

    start = datetime.date(2012, 1, 1)
    collaboration = tenancy.do_create_collaboration(
        acting_user=None, name="Bänkens IT", legal_form="federation", start_date=start
    )
    members, departments = [], {}
    for code in MEMBERS:
        member = tenancy.do_create_member(acting_user=None, collaboration=collaboration, scb_code=code, joined_on=start)
        members.append(member)
        departments[member.pk] = [
            tenancy.do_create_department(acting_user=None, member=member, name=name)
            for name in ("Barn och utbildning", "Vård och omsorg", "Samhällsbyggnad")
        ]
    admin = accounts.do_create_user(acting_user=None, username="bench_admin", collaboration=collaboration)
    accounts.do_grant_role(acting_user=None, user=admin, role=Role.ADMINISTRATOR, collaboration=collaboration)
    orderer = accounts.do_create_user(acting_user=None, username="bench_orderer", member=members[0])
    accounts.do_grant_role(
        acting_user=None, user=orderer, role=Role.ORDERER, collaboration=collaboration, member=members[0]
    )
    per_member = n_assets // len(members)
    started = time.monotonic()
    for index, member in enumerate(members):
        rows = [
            Asset(
                kind=AssetKind.DEVICE if i % 3 else AssetKind.ACCOUNT,
                asset_type=("Bärbar dator", "Stationär dator", "Surfplatta", "AD-konto")[i % 4],
                model_name="Lenovo ThinkPad T14",
                serial=f"{member.scb_code}-{i:07d}" if i % 3 else "",
                owner=f"Anställd {i} – ”{index}”",
                department=departments[member.pk][i % 3],
                purchase_date=start + datetime.timedelta(days=i % 4000),
                price=Decimal("12499.50"),
                ownership=Ownership.LEASED if i % 2 else Ownership.OWNED,
            )
            for i in range(per_member)
        ]
        actions.do_import_assets(acting_user=admin, member=member, assets=rows)
    return {
        "admin": admin, "orderer": orderer, "members": members,
        "load_seconds": round(time.monotonic() - started, 1), "assets": per_member * len(members),
    }  # fmt: skip


def measure(world: dict[str, Any], repeat: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    member = world["members"][1].pk
    web_admin, web_orderer = Client(), Client()
    web_admin.force_login(world["admin"])
    web_orderer.force_login(world["orderer"])
    api_admin, api_orderer = APIClient(), APIClient()
    api_admin.force_authenticate(world["admin"])
    api_orderer.force_authenticate(world["orderer"])
    requests = {
        "page: list, administrator": (web_admin, "/inventory/assets/"),
        "page: list page 1000, administrator": (web_admin, "/inventory/assets/?page=1000"),
        "page: member filter, administrator": (web_admin, f"/inventory/assets/?member={member}"),
        "page: search serial, administrator": (web_admin, "/inventory/assets/?q=0686-00123"),
        "page: list, member orderer": (web_orderer, "/inventory/assets/"),
        "api: list, administrator": (api_admin, "/api/v1/assets/"),
        "api: offset 50000, administrator": (api_admin, "/api/v1/assets/?offset=50000&limit=50"),
        "api: member filter, administrator": (api_admin, f"/api/v1/assets/?member={member}"),
        "api: list, member orderer": (api_orderer, "/api/v1/assets/"),
    }
    out: dict[str, Any] = {}
    for name, (client, url) in requests.items():
        client.get(url, HTTP_HOST="localhost")  # warm
        times = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url, HTTP_HOST="localhost")
                times.append((time.perf_counter() - started) * 1000)
        times.sort()
        out[name] = {
            "url": url, "status": response.status_code, "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1), "queries": len(queries),
        }  # fmt: skip
    return out


def child_main(args: argparse.Namespace) -> int:
    result: dict[str, Any] = {"backend": args.db}
    workdir = Path(tempfile.mkdtemp(prefix=f"samdrift-inv-{args.db}-"))
    os.environ["SAMDRIFT_DATA_DIR"] = str(workdir)
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost", "testserver"]
        if connection.introspection.table_names():
            raise RuntimeError("the database is not empty; the benchmark needs a fresh one")
        call_command("migrate", verbosity=0, interactive=False)
        result["machine"] = machine_info()
        result["source"] = source_revision()
        world = build(args.assets)
        result["assets"], result["load_seconds"] = world["assets"], world["load_seconds"]
        result["requests"] = measure(world, args.repeat)
    except BaseException as exc:  # recorded; exit status 1
        import traceback

        traceback.print_exc()
        result["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        args.child_out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if "error" in result else 0


if __name__ == "__main__":
    sys.exit(main())
