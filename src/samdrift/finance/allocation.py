"""Cost allocation between members: pure functions, exact to the öre, explained per line.

An allocation takes **cost pools** (an amount, e.g. the IT unit's Övriga kostnader) and
shares each between the members by a **key**:

* a key is one or more weighted parts — ``30 % equal + 70 % population`` — each part a
  key type with a value per member (inhabitants, employees, tickets, billable hours,
  devices, accounts, subscriptions × price …; "equal" gives every member 1);
* optionally a **base fee** per member first (``base_fee``), and the rest by the key;
* a pool that belongs to one member (*kommunspecifik*) goes to that member only;
* a **two-step** pool goes first to services by one key (e.g. hours logged per service),
  then each service's part to the members by that service's key (activity-based costing).

Exactness: shares are computed as exact fractions (:class:`fractions.Fraction`), then
rounded to öre by the **largest-remainder method**: every member gets its share rounded
down, and the öre left over go one each to the largest remainders (ties: the order of
the members given, so the result never depends on dict order or the platform). The
members' amounts therefore always sum exactly to the pool.

Every output line carries its explanation: the pool, the key parts with the member's
value, the total of the key and the resulting share — "varför betalar vi detta?".

No database here; :mod:`.actions` gathers the inputs, runs this and stores the snapshot.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

ORE = Decimal("0.01")
HUNDRED = Fraction(100)
EQUAL = "equal"


class AllocationError(ValueError):
    """An allocation cannot be made; the message says which pool and key, and why."""


@dataclass(frozen=True)
class KeyPart:
    key: str  # a key type, e.g. "population"; "equal" needs no values
    percent: Decimal  # the part's weight; the parts of a key sum to 100


@dataclass(frozen=True)
class Key:
    parts: tuple[KeyPart, ...]
    base_fee: Decimal = Decimal("0")  # per member, taken before the parts share the rest

    def describe(self) -> str:
        text = " + ".join(f"{part.percent.normalize():f} % {part.key}" for part in self.parts)
        return f"{self.base_fee:f} / member + {text}" if self.base_fee else text


@dataclass(frozen=True)
class Pool:
    """An amount to share. ``member`` set: specific to that member, goes to it alone.

    ``via`` makes it two-step: the pool is first shared between the named intermediates
    (services) by ``via`` weights, then each intermediate's part by ``via_keys[name]``.
    """

    label: str
    amount: Decimal
    key: Key | None = None
    member: int | None = None
    via: Mapping[str, Decimal] | None = None
    via_keys: Mapping[str, Key] | None = None


@dataclass(frozen=True)
class PartShare:
    key: str
    percent: Decimal
    value: Decimal  # the member's value of the key
    total: Decimal  # the key's total over all members


@dataclass(frozen=True)
class Line:
    """One member's part of one pool (or of one intermediate of a two-step pool)."""

    pool: str
    member: int
    amount: Decimal
    share: Fraction  # of the (intermediate) amount shared
    shared_amount: Decimal  # the amount the share applies to
    via: str = ""  # the intermediate (service) for a two-step pool
    base_fee: Decimal = Decimal("0")
    parts: tuple[PartShare, ...] = ()
    specific: bool = False


@dataclass
class Result:
    members: tuple[int, ...]
    lines: list[Line] = field(default_factory=list)

    def total_for(self, member: int) -> Decimal:
        return sum((line.amount for line in self.lines if line.member == member), Decimal("0.00"))

    def totals(self) -> dict[int, Decimal]:
        return {member: self.total_for(member) for member in self.members}


def largest_remainder(amount: Decimal, shares: Sequence[tuple[int, Fraction]]) -> dict[int, Decimal]:
    """Split ``amount`` (to öre) by exact ``shares`` (summing to 1) so the parts sum exactly.

    Negative amounts (income) are split as their absolute value and negated, so a member's
    part of an income is the mirror of its part of an equal cost.
    """
    if amount < 0:
        return {member: -part for member, part in largest_remainder(-amount, shares).items()}
    cents = int((amount / ORE).to_integral_value())
    if Decimal(cents) * ORE != amount:
        raise AllocationError(_("Amounts are in kronor and öre: %(amount)s has more decimals.") % {"amount": amount})
    exact = [(member, share * cents) for member, share in shares]
    floors = {member: quota.numerator // quota.denominator for member, quota in exact}
    left = cents - sum(floors.values())
    order = {member: index for index, (member, _share) in enumerate(shares)}
    by_remainder = sorted(exact, key=lambda item: (-(item[1] - floors[item[0]]), order[item[0]]))
    for member, _quota in by_remainder[:left]:
        floors[member] += 1
    return {member: Decimal(floors[member]) * ORE for member, _share in shares}


def key_shares(
    key: Key,
    members: Sequence[int],
    values: Mapping[str, Mapping[int, Decimal]],
    pool: str,
    names: Mapping[int, str] | None = None,
) -> tuple[dict[int, Fraction], dict[int, tuple[PartShare, ...]]]:
    """Each member's exact share under ``key`` (summing to 1), and the parts behind it."""
    total_percent = sum((part.percent for part in key.parts), Decimal(0))
    if not key.parts or total_percent != 100:
        raise AllocationError(
            _("Pool %(pool)s: the key's percentages sum to %(sum)s, not 100.") % {"pool": pool, "sum": total_percent}
        )
    shares = {member: Fraction(0) for member in members}
    parts: dict[int, list[PartShare]] = {member: [] for member in members}
    for part in key.parts:
        if part.key == EQUAL:
            per_member = {member: Decimal(1) for member in members}
        else:
            given = values.get(part.key, {})
            missing = [member for member in members if member not in given]
            if missing:
                raise AllocationError(
                    _("Pool %(pool)s: the key %(key)s has no value for member %(member)s.")
                    % {"pool": pool, "key": part.key, "member": (names or {}).get(missing[0], missing[0])}
                )
            per_member = {member: given[member] for member in members}
            if any(value < 0 for value in per_member.values()):
                raise AllocationError(
                    _("Pool %(pool)s: the key %(key)s has a negative value.") % {"pool": pool, "key": part.key}
                )
        total = sum(per_member.values(), Decimal(0))
        if total == 0:
            raise AllocationError(
                _("Pool %(pool)s: the key %(key)s is zero for every member.") % {"pool": pool, "key": part.key}
            )
        weight = Fraction(part.percent) / HUNDRED
        for member in members:
            shares[member] += weight * Fraction(per_member[member]) / Fraction(total)
            parts[member].append(PartShare(part.key, part.percent, per_member[member], total))
    return shares, {member: tuple(found) for member, found in parts.items()}


def _share_by_key(
    pool: str,
    amount: Decimal,
    key: Key,
    members: Sequence[int],
    values: Mapping[str, Mapping[int, Decimal]],
    via: str = "",
    names: Mapping[int, str] | None = None,
) -> list[Line]:
    base = key.base_fee
    if base and abs(amount) < base * len(members):
        raise AllocationError(_("Pool %(pool)s: the base fee for every member is more than the pool.") % {"pool": pool})
    rest = amount - base * len(members) if amount >= 0 else amount + base * len(members)
    base_each = base if amount >= 0 else -base
    shares, parts = key_shares(key, members, values, pool, names)
    split = largest_remainder(rest, [(member, shares[member]) for member in members])
    return [
        Line(
            pool=pool,
            member=member,
            amount=split[member] + base_each,
            share=shares[member],
            shared_amount=rest,
            via=via,
            base_fee=base_each,
            parts=parts[member],
        )
        for member in members
    ]


def allocate(
    pools: Sequence[Pool],
    members: Sequence[int],
    values: Mapping[str, Mapping[int, Decimal]],
    names: Mapping[int, str] | None = None,
) -> Result:
    """Share every pool between ``members`` (in this order, which also breaks ties).

    ``names`` (member id → name) only makes error messages readable."""
    if len(set(members)) != len(members) or not members:
        raise AllocationError(_("An allocation needs at least one member, each once."))
    result = Result(members=tuple(members))
    for pool in pools:
        if pool.member is not None:
            if pool.member not in members:
                raise AllocationError(
                    _("Pool %(pool)s belongs to a member outside the allocation.") % {"pool": pool.label}
                )
            result.lines.append(Line(pool.label, pool.member, pool.amount, Fraction(1), pool.amount, specific=True))
            continue
        if pool.via is not None:
            result.lines.extend(_two_step(pool, members, values, names))
            continue
        if pool.key is None:
            raise AllocationError(_("Pool %(pool)s has no key.") % {"pool": pool.label})
        result.lines.extend(_share_by_key(pool.label, pool.amount, pool.key, members, values, names=names))
    return result


def _two_step(
    pool: Pool,
    members: Sequence[int],
    values: Mapping[str, Mapping[int, Decimal]],
    names: Mapping[int, str] | None,
) -> list[Line]:
    via = dict(pool.via or {})
    keys = dict(pool.via_keys or {})
    services = sorted(via)
    total = sum(via.values(), Decimal(0))
    if not services or total <= 0:
        raise AllocationError(_("Pool %(pool)s: nothing to share it by in the first step.") % {"pool": pool.label})
    missing = [name for name in services if name not in keys]
    if missing:
        raise AllocationError(
            _("Pool %(pool)s: the service %(service)s has no key to members.")
            % {"pool": pool.label, "service": missing[0]}
        )
    # Step one: the pool to the services, exact to the öre (indexes stand in for service names).
    step = largest_remainder(
        pool.amount, [(i, Fraction(via[name]) / Fraction(total)) for i, name in enumerate(services)]
    )
    lines: list[Line] = []
    for index, name in enumerate(services):
        lines.extend(_share_by_key(pool.label, step[index], keys[name], members, values, via=name, names=names))
    return lines
