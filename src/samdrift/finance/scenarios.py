"""Scenarios: what-if computations on a run's inputs, never stored or issued.

* **Leaving** (the exit problem, seed 000: "ensam kvar med kostnaderna"): the leaving
  members' variable costs go away with them; their part of the *fixed* costs stays and is
  shared by the model between the remaining members.
* **Joining**: a new member with its key values takes its share of the same costs.
* **Cutting**: one member pays a given amount less; the part of the cut that is variable
  cost is saved, the fixed part falls on the others in proportion to what they pay.

How much of each account group is fixed in the short term is a parameter
(:data:`FIXED_PERCENT`: capital and premises 100 %, staff 70 %, other costs 40 %, income
0 %), shown on the page and changeable there. Comparing two *models* is done by preparing
two runs and comparing them (``CompareRunsView``): a prepared run that is never issued is a
scenario too.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from .allocation import AllocationError, largest_remainder
from .choices import AccountGroup
from .runs import compute

G = AccountGroup
FIXED_PERCENT: dict[str, Decimal] = {
    G.INCOME: Decimal(0),
    G.STAFF: Decimal(70),
    G.PREMISES: Decimal(100),
    G.OTHER: Decimal(40),
    G.CAPITAL: Decimal(100),
}
ORE = Decimal("0.01")
NEW_MEMBER = -1  # the id a joining member has in a scenario


@dataclass(frozen=True)
class Row:
    name: str
    before: Decimal | None  # None: not a member before (joining)
    after: Decimal | None  # None: not a member after (leaving)

    @property
    def difference(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class Outcome:
    rows: list[Row]
    total_before: Decimal
    total_after: Decimal
    saved: Decimal  # costs that go away
    stranded: Decimal  # fixed costs the others take over


def _totals(output: dict[str, Any]) -> dict[int, Decimal]:
    return {int(m): Decimal(v) for m, v in output["totals"].items()}


def _fixed(group: str, fixed: dict[str, Decimal]) -> Fraction:
    return Fraction(fixed.get(group, Decimal(100))) / 100


def leaving(inputs: dict[str, Any], leavers: set[int], fixed: dict[str, Decimal] = FIXED_PERCENT) -> Outcome:
    """The remaining members' shares when ``leavers`` leave and only variable costs go."""
    members = {m["id"]: m["name"] for m in inputs["members"]}
    if not leavers or not leavers < set(members):
        raise AllocationError(_("Choose one or more members to leave, and keep at least one."))
    before = compute(inputs)
    leaver_part: dict[tuple[int, str], Decimal] = {}
    for line in before["lines"]:
        if line["member"] in leavers and not line["explanation"]["specific"]:
            key = (line["unit"], line["group"])
            leaver_part[key] = leaver_part.get(key, Decimal(0)) + Decimal(line["amount"])
    after_inputs = copy.deepcopy(inputs)
    after_inputs["members"] = [m for m in inputs["members"] if m["id"] not in leavers]
    after_inputs["keys"] = {
        key: {m: v for m, v in values.items() if int(m) not in leavers} for key, values in inputs["keys"].items()
    }
    pools, saved, stranded = [], Decimal(0), Decimal(0)
    for pool in inputs["pools"]:
        if pool["member"] in leavers:
            saved += Decimal(pool["amount"])  # their own costs leave with them
            continue
        if pool["member"] is None:
            part = leaver_part.get((pool["unit"], pool["group"]), Decimal(0))
            variable = (part * (100 - fixed.get(pool["group"], Decimal(100))) / 100).quantize(ORE, ROUND_HALF_UP)
            saved += variable
            stranded += part - variable
            pool = pool | {"amount": str(Decimal(pool["amount"]) - variable)}
        pools.append(pool)
    after_inputs["pools"] = pools
    after = compute(after_inputs)
    return _outcome(members, before, after, saved, stranded)


def joining(inputs: dict[str, Any], name: str, key_values: dict[str, Decimal]) -> Outcome:
    """Every member's share if a member with ``key_values`` joins and shares the same costs."""
    members = {m["id"]: m["name"] for m in inputs["members"]} | {NEW_MEMBER: name}
    after_inputs = copy.deepcopy(inputs)
    after_inputs["members"] = [*inputs["members"], {"id": NEW_MEMBER, "name": name}]
    for key, values in after_inputs["keys"].items():
        if key in key_values:
            values[str(NEW_MEMBER)] = str(key_values[key])
    before, after = compute(inputs), compute(after_inputs)
    return _outcome(members, before, after, Decimal(0), Decimal(0))


def cutting(inputs: dict[str, Any], member: int, cut: Decimal, fixed: dict[str, Decimal] = FIXED_PERCENT) -> Outcome:
    """``member`` pays ``cut`` less. The cut saves its variable part (in the proportions of
    the member's own costs by account group); the fixed part is shared by the others in
    proportion to what they pay."""
    members = {m["id"]: m["name"] for m in inputs["members"]}
    before = compute(inputs)
    totals = _totals(before)
    own = totals.get(member, Decimal(0))
    if member not in members or len(members) < 2:
        raise AllocationError(_("Choose a member of the run; at least one other must remain."))
    if not Decimal(0) < cut <= own:
        raise AllocationError(_("The cut must be more than zero and at most what the member pays."))
    by_group: dict[str, Decimal] = {}
    for line in before["lines"]:
        if line["member"] == member:
            by_group[line["group"]] = by_group.get(line["group"], Decimal(0)) + Decimal(line["amount"])
    fixed_part = sum((Fraction(amount) * _fixed(group, fixed) for group, amount in by_group.items()), Fraction(0))
    fixed_ratio = fixed_part / Fraction(own)
    stranded = (Decimal(fixed_ratio.numerator) / fixed_ratio.denominator * cut).quantize(ORE, ROUND_HALF_UP)
    others = {m: t for m, t in totals.items() if m != member}
    whole = sum(others.values(), Decimal(0))
    spread = largest_remainder(stranded, [(m, Fraction(t) / Fraction(whole)) for m, t in others.items()])
    after_totals = {m: t + spread[m] for m, t in others.items()} | {member: own - cut}
    after = {"totals": {str(m): str(v) for m, v in after_totals.items()}}
    return _outcome(members, before, after, cut - stranded, stranded)


def _outcome(
    names: dict[int, str], before: dict[str, Any], after: dict[str, Any], saved: Decimal, stranded: Decimal
) -> Outcome:
    then, now = _totals(before), _totals(after)
    rows = [Row(name, then.get(member), now.get(member)) for member, name in sorted(names.items(), key=lambda i: i[1])]
    return Outcome(
        rows=rows,
        total_before=sum(then.values(), Decimal(0)),
        total_after=sum(now.values(), Decimal(0)),
        saved=saved,
        stranded=stranded,
    )
