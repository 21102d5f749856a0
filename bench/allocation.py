#!/usr/bin/env python
"""Allocation run benchmark: one run over a year of a 290-member collaboration.

    .venv/bin/python bench/allocation.py [--tickets N] [--time-entries N] [--db sqlite|postgres|both]

For every chosen backend a child process builds a fresh database (SQLite in a temporary
SAMDRIFT_DATA_DIR; PostgreSQL through ``scripts/with-postgres``), creates a collaboration of
all 290 Swedish municipalities with populations, seven units, a year's budget (common lines
for every unit and account group and month, and a specific line per member), services, and
bulk-loads N tickets (default 1,000,000) and M time entries (default 200,000) spread over the
members and services in the year. An allocation model uses every kind of key: a hybrid
(30 % equal + 70 % population), tickets, billable hours, and the service desk's costs in two
steps via the services. The measured step is ``do_prepare_run``: gathering every input,
computing the shares to the öre, and storing the snapshot and lines — what a controller
waits for. It is run three times; the table shows each and the best. JSON goes to
bench/results/allocation.json. Target (issue #5): under 10 s on PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
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
DEFAULT_OUT = ROOT / "bench" / "results" / "allocation.json"
SETTINGS = "samdrift.settings.dev"
YEAR = 2026
TARGET_SECONDS = 10.0
RUNS = 3
UNITS = [("SD", "Servicedesk"), ("KL", "Klient"), ("INF", "Infrastruktur"), ("NÄT", "Nät/service"),
         ("SYS", "Systemförvaltning"), ("VX", "Växel/telefoni"), ("ET", "E-tjänster")]  # fmt: skip
SERVICES = ["Arbetsplats", "E-post", "Nätverk", "Telefoni", "Verksamhetssystem", "Servicedesk", "Utskrift",
            "Server och lagring", "E-tjänster"]  # fmt: skip


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--time-entries", type=int, default=200_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="postgres")
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
        "benchmark": "allocation",
        "command": " ".join([".venv/bin/python", "bench/allocation.py", *sys.argv[1:]]),
        "finished_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "target": f"prepare run < {TARGET_SECONDS:g} s on PostgreSQL (1,000,000 tickets, 200,000 time entries, 290 members)",
        "backends": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print_table(results)
    print(f"\nJSON: {args.out}")
    return 1 if any("error" in r for r in results.values()) else 0


def run_child(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    handle, child_out = tempfile.mkstemp(prefix=f"samdrift-alloc-{backend}-", suffix=".json")
    os.close(handle)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "--db", backend, "--child-out", child_out]
    cmd += ["--tickets", str(args.tickets), "--time-entries", str(args.time_entries)]
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
    print(f"{'backend':<10} {'tickets':>10} {'time entries':>13} {'members':>8} {'lines':>7} "
          f"{'runs (s)':<24} {'best (s)':>9} {'target':>8}")  # fmt: skip
    for backend, result in results.items():
        if "error" in result:
            print(f"{backend:<10} ERROR {result['error']}")
            continue
        runs = result["run_seconds"]
        best = min(runs)
        ok = "yes" if best < TARGET_SECONDS else "NO"
        print(
            f"{backend:<10} {result['tickets']:>10,} {result['time_entries']:>13,} {result['members']:>8} "
            f"{result['lines']:>7,} {', '.join(f'{r:.2f}' for r in runs):<24} {best:>9.2f} "
            f"{ok if backend == 'postgres' else '(info)':>8}"
        )
    for backend, result in results.items():
        if "phases" in result:
            print(f"{backend}: last run " + ", ".join(f"{k} {v:.2f} s" for k, v in result["phases"].items()))


def child_main(args: argparse.Namespace) -> int:
    result: dict[str, Any] = {"backend": args.db}
    workdir = Path(tempfile.mkdtemp(prefix=f"samdrift-alloc-{args.db}-"))
    os.environ["SAMDRIFT_DATA_DIR"] = str(workdir)
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        if connection.introspection.table_names():
            raise RuntimeError("the database is not empty; the benchmark needs a fresh one")
        call_command("migrate", verbosity=0, interactive=False)
        result["machine"] = machine_info()
        result["source"] = source_revision()
        started = time.monotonic()
        model = build(args.tickets, args.time_entries, result)
        result["generation_seconds"] = round(time.monotonic() - started, 1)
        result["run_seconds"], result["phases"] = measure(model)
        result["lines"] = model.runs.order_by("-pk").first().lines.count()
    except BaseException as exc:  # recorded; exit status 1
        import traceback

        traceback.print_exc()
        result["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if args.child_out:
            args.child_out.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    return 1 if "error" in result else 0


def build(n_tickets: int, n_entries: int, result: dict[str, Any]) -> Any:
    """The collaboration through the actions; tickets and time entries in bulk SQL."""
    from samdrift.accounts import actions as accounts
    from samdrift.catalog import actions as catalog
    from samdrift.finance import actions as finance
    from samdrift.servicedesk import actions as desk
    from samdrift.tenancy import actions as tenancy
    from samdrift.tenancy.choices import LegalForm
    from samdrift.tenancy.municipalities import all_municipalities

    log("world: 290 members, units, services, budget")
    collaboration = tenancy.do_create_collaboration(
        acting_user=None, name="Alla kommuner", legal_form=LegalForm.FEDERATION, start_date=datetime.date(2020, 1, 1)
    )
    members = []
    for index, code in enumerate(sorted(all_municipalities())):
        member = tenancy.do_create_member(
            acting_user=None, collaboration=collaboration, scb_code=code, joined_on=datetime.date(2020, 1, 1)
        )
        tenancy.do_record_population(
            acting_user=None, member=member, year=YEAR, inhabitants=3_000 + (index * 7_919) % 120_000,
            employees=300 + (index * 3_301) % 9_000, reference_date=datetime.date(YEAR - 1, 12, 31),
        )  # fmt: skip
        members.append(member)
    units = {code: tenancy.do_create_unit(acting_user=None, collaboration=collaboration, name=name, code=code)
             for code, name in UNITS}  # fmt: skip
    calendar = catalog.do_create_calendar(acting_user=None, collaboration=collaboration, name="Kontorstid")
    catalog.do_set_hours(acting_user=None, calendar=calendar, year=YEAR)
    services = [
        catalog.do_create_service(
            acting_user=None, collaboration=collaboration, name=name, level="it", owner_unit=units["SD"]
        )
        for name in SERVICES
    ]
    for code, unit in units.items():
        for group, annual in (("3", 9_000_000), ("5", 6_000_000), ("6", 2_000_000), ("1", -1_200_000)):
            for month in range(1, 13):
                finance.do_add_budget_line(
                    acting_user=None, collaboration=collaboration, year=YEAR, month=month, unit=unit,
                    account_group=group, amount=Decimal(annual // 12), text=code,
                )  # fmt: skip
    for index, member in enumerate(members):
        finance.do_add_budget_line(
            acting_user=None, collaboration=collaboration, year=YEAR, month=1 + index % 12, unit=units["KL"],
            account_group="5", member=member, amount=Decimal(50_000 + index * 100),
        )  # fmt: skip
    requester = accounts.do_create_user(acting_user=None, username="bench", member=members[0])
    template = desk.do_create_ticket(
        acting_user=requester, requester=requester, subject="Mall", description="Mall", service=services[0]
    )
    bulk_tickets(template, members, services, n_tickets)
    bulk_time_entries(template, n_entries, units["SD"])
    result.update(tickets=n_tickets, time_entries=n_entries, members=len(members))
    model = finance.do_create_allocation_model(acting_user=None, collaboration=collaboration, year=YEAR, name="Bänk")
    rules = [
        ("Servicedesk via tjänsterna", units["SD"], [], True),
        ("Klient efter ärenden", units["KL"], [["tickets", 100]], False),
        ("System efter debiterbara timmar", units["SYS"], [["billable_hours", 60], ["population", 40]], False),
        ("Övrigt: 30 % lika, 70 % befolkning", None, [["equal", 30], ["population", 70]], False),
    ]
    for position, (label, unit, parts, via) in enumerate(rules, start=1):
        finance.do_add_allocation_rule(
            acting_user=None, allocation_model=model, position=position, label=label, unit=unit, key_parts=parts,
            via_services=via,
        )  # fmt: skip
    return model


def bulk_tickets(template: Any, members: list[Any], services: list[Any], total: int) -> None:
    from django.db import connection, transaction

    from samdrift.servicedesk.models import Ticket

    log(f"tickets: {total:,} in bulk")
    per_member = max(1, total // len(members))
    started = time.monotonic()
    day_seconds = 365 * 86_400
    start = datetime.datetime(YEAR, 1, 1, tzinfo=datetime.UTC)
    pg = connection.vendor == "postgresql"
    for index, member in enumerate(members):
        count = per_member + (total - per_member * len(members) if index == len(members) - 1 else 0)
        if pg:
            created = "(%s::timestamptz + make_interval(secs => (x * 7919) %% " + str(day_seconds) + "))"
            number = "('B-' || %s || '-' || x)"
            service = f"(ARRAY[{', '.join(str(s.pk) for s in services)}])[1 + (x %% {len(services)})]"
        else:
            created = (
                "strftime('%%Y-%%m-%%d %%H:%%M:%%f', %s, '+' || ((x * 7919) %% " + str(day_seconds) + ") || ' seconds')"
            )
            number = "('B-' || %s || '-' || x)"
            service = "(" + " ".join([f"CASE x %% {len(services)}"] + [f"WHEN {i} THEN {s.pk}" for i, s in enumerate(services)] + ["END"]) + ")"  # fmt: skip
        overrides = {"number": number, "created": created, "service_id": service}
        with transaction.atomic():
            _insert_ticket_batch(
                Ticket, template, overrides, count, member.pk, start if pg else str(start.replace(tzinfo=None))
            )
    log(f"tickets: done in {time.monotonic() - started:.1f} s")


def _insert_ticket_batch(
    model: Any, template: Any, overrides: dict[str, str], count: int, member_id: int, start: Any
) -> None:
    from django.db import connection

    columns, expressions, values = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.generated:  # the database computes generated columns
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.column == "member_id":
            expressions.append("%s")
            values.append(member_id)
        elif field.column == "number":
            expressions.append(overrides["number"])
            values.append(member_id)
        elif field.column == "created":
            expressions.append(overrides["created"])
            values.append(start)
        elif field.column == "service_id":
            expressions.append(overrides["service_id"])
        else:
            expressions.append("%s")
            values.append(field.get_db_prep_save(getattr(template, field.attname), connection))
    sql = (
        "WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < %s) "
        if connection.vendor == "sqlite"
        else ""
    )
    source = "g" if connection.vendor == "sqlite" else "generate_series(1, %s) AS g(x)"
    statement = (
        f"{sql}INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({', '.join(columns)}) "
        f"SELECT {', '.join(expressions)} FROM {source}"
    )
    params = [count, *values] if connection.vendor == "sqlite" else [*values, count]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def bulk_time_entries(template: Any, total: int, unit: Any) -> None:
    """Time entries on tickets spread over the table, a third of them billable."""
    from django.db import connection

    from samdrift.servicedesk.models import Ticket, TimeEntry

    log(f"time entries: {total:,} in bulk")
    low = Ticket.objects.order_by("pk").values_list("pk", flat=True).first()
    high = Ticket.objects.order_by("-pk").values_list("pk", flat=True).first()
    span = high - low + 1
    pg = connection.vendor == "postgresql"
    columns = ["ticket_id", "user_id", "unit_id", "minutes", "work_type", "billable", "performed_on", "note",
               "created", "updated", "version"]  # fmt: skip
    day = "(DATE '2026-01-01' + ((x * 31) %% 365))" if pg else "date('2026-01-01', '+' || ((x * 31) %% 365) || ' days')"
    expressions = [
        f"({low} + (x * 7919) %% {span})", str(template.requester_id), str(unit.pk), "(15 + (x %% 8) * 15)",
        "'advice'", "((x %% 3) = 0)", day, "''",
        "%s", "%s", "1",
    ]  # fmt: skip
    now = datetime.datetime.now(datetime.UTC)
    stamp = now if pg else str(now.replace(tzinfo=None))
    table = connection.ops.quote_name(TimeEntry._meta.db_table)
    if pg:
        sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(expressions)} FROM generate_series(1, %s) AS g(x)"
        params = [stamp, stamp, total]
    else:
        sql = (
            "WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < %s) "
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(expressions)} FROM g"
        )
        params = [total, stamp, stamp]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    if pg:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure(model: Any) -> tuple[list[float], dict[str, float]]:
    from samdrift.finance import actions as finance

    seconds = []
    phases: dict[str, float] = {}
    for attempt in range(RUNS):
        log(f"prepare run {attempt + 1}/{RUNS}")
        started = time.monotonic()
        inputs = finance.gather_inputs(model, "budget", None, 1, 12)
        gathered = time.monotonic()
        finance.compute(inputs)
        computed = time.monotonic()
        start_full = time.monotonic()
        finance.do_prepare_run(acting_user=None, model=model, basis="budget")
        seconds.append(round(time.monotonic() - start_full, 3))
        phases = {"gather": gathered - started, "compute": computed - gathered, "prepare (all)": seconds[-1]}
    return seconds, phases


if __name__ == "__main__":
    raise SystemExit(main())
