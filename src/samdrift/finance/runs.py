"""An allocation run's inputs and output, without writing anything.

:func:`gather_inputs` reads every figure a run depends on into one JSON snapshot;
:func:`compute` turns a snapshot, and nothing else, into the run's output (the engine in
:mod:`.allocation`); :func:`canonical` and :func:`digest` give the one byte form and its
SHA-256; :func:`reproduces` checks a stored run. :mod:`.actions` stores runs; the
scenarios compute on a run's inputs without storing.

Services in the snapshot are keyed by their id, with ``services.names`` giving each its
name for the lines: the service desk's volumes reach finance by key, not by a name that
can change. Runs prepared before that carry name keys and no ``names``; :func:`compute`
reads both, so every stored run still reproduces.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from . import allocation, queries
from .choices import AccountGroup
from .money import money_text

if TYPE_CHECKING:
    from .models import AllocationModel, AllocationRun, Forecast


def canonical(data: Any) -> bytes:
    """The one byte form of a snapshot: sorted keys, no spaces, UTF-8. Amounts in it are
    already text with two decimals (:func:`~.money.money_text`), so the same figures give
    the same bytes on SQLite and PostgreSQL."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def gather_inputs(
    model: AllocationModel, basis: str, forecast: Forecast | None, first_month: int, last_month: int
) -> dict[str, Any]:
    """Everything a run depends on, as plain JSON: members, cost pools, rules, key values."""
    year = model.year
    members = queries.members_in(model.collaboration_id, year)
    rules = list(model.rules.order_by("position", "pk"))
    wanted = {str(key) for rule in rules for key, _percent in rule.key_parts}
    pools = queries.cost_pools(model.collaboration_id, year, basis, forecast, (first_month, last_month))
    keys = queries.key_values(model.collaboration_id, year, members, wanted)
    inputs: dict[str, Any] = {
        "collaboration": model.collaboration_id,
        "year": year,
        "basis": basis,
        "forecast": forecast.pk if forecast else None,
        "months": [first_month, last_month],
        "model": {"id": model.pk, "name": model.name, "version": model.version, "decision": model.adopted_by},
        "members": [{"id": m.pk, "name": m.name} for m in members],
        "pools": [
            {
                "unit": p.unit_id,
                "unit_name": p.unit,
                "group": p.account_group,
                "member": p.member_id,
                "amount": money_text(p.amount),
            }
            for p in pools
        ],
        "rules": [
            {
                "label": r.label,
                "unit": r.unit_id,
                "group": r.account_group,
                "parts": [[str(k), str(Decimal(str(p)))] for k, p in r.key_parts],
                "base_fee": money_text(r.base_fee),
                "via_services": r.via_services,
            }
            for r in rules
        ],
        "keys": {key: {str(m): str(v) for m, v in sorted(values.items())} for key, values in sorted(keys.items())},
    }
    if any(r.via_services for r in rules):
        hours, tickets, names = queries.service_volumes(model.collaboration_id, year, members)
        inputs["services"] = {
            "names": {str(service): name for service, name in sorted(names.items())},
            "hours": {str(service): str(h) for service, h in sorted(hours.items())},
            "tickets": {
                str(service): {str(m): str(n) for m, n in sorted(per.items())}
                for service, per in sorted(tickets.items())
            },
        }
    return inputs


def _rule_for(pool: dict[str, Any], rules: list[dict[str, Any]]) -> dict[str, Any] | None:
    for rule in rules:
        if rule["unit"] not in (None, pool["unit"]):
            continue
        if rule["group"] not in ("", pool["group"]):
            continue
        return rule
    return None


def _service_volumes(services: dict[str, Any]) -> tuple[dict[str, Decimal], dict[str, dict[int, Decimal]]]:
    """A snapshot's hours and tickets per member, keyed by each service's name (unique in
    a collaboration), the label of the run's lines. A run prepared when services were keyed
    by name has no ``names``: its keys are the labels already."""
    hours, tickets = services.get("hours", {}), services.get("tickets", {})
    label = services.get("names") or {}
    return (
        {label.get(key, key): Decimal(h) for key, h in hours.items()},
        {label.get(key, key): {int(m): Decimal(n) for m, n in per.items()} for key, per in tickets.items()},
    )


def compute(inputs: dict[str, Any]) -> dict[str, Any]:
    """The run's output from its inputs alone: same inputs, byte-identical output."""
    members = [m["id"] for m in inputs["members"]]
    names = {m["id"]: m["name"] for m in inputs["members"]}
    keys = {key: {int(m): Decimal(v) for m, v in values.items()} for key, values in inputs["keys"].items()}
    engine_pools: list[allocation.Pool] = []
    meta: dict[str, dict[str, Any]] = {}
    for pool in inputs["pools"]:
        label = f"{pool['unit_name']} – {AccountGroup(pool['group']).label}"
        amount = Decimal(pool["amount"])
        if pool["member"] is not None:
            label = f"{label} ({names.get(pool['member'], pool['member'])})"
            engine_pools.append(allocation.Pool(label, amount, member=pool["member"]))
            meta[label] = {"pool": pool, "rule": ""}
            continue
        rule = _rule_for(pool, inputs["rules"])
        if rule is None:
            raise allocation.AllocationError(
                _("No rule of the model shares the common costs %(pool)s. Add a rule for them.") % {"pool": label}
            )
        meta[label] = {"pool": pool, "rule": rule["label"]}
        if rule["via_services"]:
            hours, per_service = _service_volumes(inputs.get("services", {}))
            shared = {name: h for name, h in hours.items() if sum(per_service.get(name, {}).values(), Decimal(0)) > 0}
            via_keys = {name: allocation.Key((allocation.KeyPart(f"tickets:{name}", Decimal(100)),)) for name in shared}
            for name in shared:
                keys[f"tickets:{name}"] = per_service[name]
            engine_pools.append(allocation.Pool(label, amount, via=shared, via_keys=via_keys))
            continue
        key = allocation.Key(
            tuple(allocation.KeyPart(k, Decimal(p)) for k, p in rule["parts"]), Decimal(rule["base_fee"])
        )
        engine_pools.append(allocation.Pool(label, amount, key=key))
    result = allocation.allocate(engine_pools, members, keys, names)
    lines = []
    for line in result.lines:
        pool = meta[line.pool]["pool"]
        lines.append(
            {
                "member": line.member,
                "unit": pool["unit"],
                "group": pool["group"],
                "rule": meta[line.pool]["rule"],
                "service": line.via,
                "amount": str(line.amount),
                "explanation": {
                    "pool": line.pool,
                    "pool_amount": pool["amount"],
                    "specific": line.specific,
                    "shared_amount": str(line.shared_amount),
                    "share": f"{line.share.numerator}/{line.share.denominator}",
                    "share_percent": str(
                        (Decimal(line.share.numerator) * 100 / line.share.denominator).quantize(Decimal("0.0001"))
                    ),
                    "base_fee": str(line.base_fee),
                    "parts": [
                        {"key": p.key, "percent": str(p.percent), "value": str(p.value), "total": str(p.total)}
                        for p in line.parts
                    ],
                },
            }
        )
    totals = result.totals()
    return {
        "lines": lines,
        "totals": {str(m): str(totals[m]) for m in members},
        "total": str(sum((Decimal(p["amount"]) for p in inputs["pools"]), Decimal("0.00"))),
    }


def digest(inputs: dict[str, Any], output: dict[str, Any]) -> str:
    return hashlib.sha256(canonical({"inputs": inputs, "output": output})).hexdigest()


def reproduces(run: AllocationRun) -> bool:
    """Whether computing the stored inputs again gives the stored output, byte for byte."""
    return canonical(compute(run.inputs)) == canonical(run.output)
