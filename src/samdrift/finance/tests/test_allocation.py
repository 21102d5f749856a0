"""The allocation engine: exact to the öre, explained, and refusing bad keys."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samdrift.finance.allocation import (
    EQUAL,
    AllocationError,
    Key,
    KeyPart,
    Pool,
    allocate,
    largest_remainder,
)

HERRLJUNGA, VARGARDA = 1, 2
POPULATION = {"population": {HERRLJUNGA: Decimal(9_459), VARGARDA: Decimal(11_728)}}


def key(*parts: tuple[str, str], base: str = "0") -> Key:
    return Key(tuple(KeyPart(k, Decimal(p)) for k, p in parts), Decimal(base))


def test_population_share_of_the_2018_net_cost() -> None:
    result = allocate([Pool("Nettokostnad", Decimal("15199000"), key(("population", "100")))],
                      [HERRLJUNGA, VARGARDA], POPULATION)  # fmt: skip
    totals = result.totals()
    # 15 199 000 × 9 459 / 21 187 = 6 785 639.352 …, Vårgårda's remainder (.764) is larger: it gets the öre.
    assert totals == {HERRLJUNGA: Decimal("6785639.35"), VARGARDA: Decimal("8413360.65")}
    assert sum(totals.values()) == Decimal("15199000")
    line = result.lines[0]
    assert line.share == Fraction(9459, 21187) and line.parts[0].value == 9459 and line.parts[0].total == 21187


def test_hybrid_base_fee_and_specific_pools() -> None:
    pools = [
        Pool("Övriga kostnader", Decimal("1000.00"), key((EQUAL, "30"), ("population", "70"))),
        Pool("Servicedesk", Decimal("900.00"), key(("population", "100"), base="100")),
        Pool("Trådlöst nätverk VGA", Decimal("1400000"), member=VARGARDA),
    ]
    result = allocate(pools, [HERRLJUNGA, VARGARDA], POPULATION)
    hybrid = {line.member: line for line in result.lines if line.pool == "Övriga kostnader"}
    # 0.3 × 1/2 + 0.7 × 9459/21187 = 0.46252…
    assert hybrid[HERRLJUNGA].amount == Decimal("462.52") and hybrid[VARGARDA].amount == Decimal("537.48")
    assert [p.key for p in hybrid[HERRLJUNGA].parts] == [EQUAL, "population"]
    base = {line.member: line for line in result.lines if line.pool == "Servicedesk"}
    assert base[HERRLJUNGA].base_fee == 100 and base[HERRLJUNGA].shared_amount == Decimal("700.00")
    assert base[HERRLJUNGA].amount + base[VARGARDA].amount == Decimal("900.00")
    specific = [line for line in result.lines if line.pool == "Trådlöst nätverk VGA"]
    assert [(line.member, line.amount, line.specific) for line in specific] == [(VARGARDA, Decimal("1400000"), True)]


def test_income_is_shared_like_a_cost_with_the_sign_turned() -> None:
    cost = allocate(
        [Pool("x", Decimal("100.01"), key(("population", "100")))],
        [1, 2],
        POPULATION | {"population": {1: Decimal(1), 2: Decimal(2)}},
    )
    income = allocate(
        [Pool("x", Decimal("-100.01"), key(("population", "100")))],
        [1, 2],
        {"population": {1: Decimal(1), 2: Decimal(2)}},
    )
    assert [line.amount for line in income.lines] == [-line.amount for line in cost.lines]


def test_two_steps_support_costs_to_services_to_members() -> None:
    pool = Pool(
        "Servicedesk personal", Decimal("1000.00"),
        via={"E-post": Decimal(30), "Klient": Decimal(70)},
        via_keys={"E-post": key(("accounts", "100")), "Klient": key(("devices", "100"))},
    )  # fmt: skip
    values = {"accounts": {1: Decimal(100), 2: Decimal(300)}, "devices": {1: Decimal(50), 2: Decimal(50)}}
    result = allocate([pool], [1, 2], values)
    by = {(line.via, line.member): line.amount for line in result.lines}
    assert by == {
        ("E-post", 1): Decimal("75.00"), ("E-post", 2): Decimal("225.00"),
        ("Klient", 1): Decimal("350.00"), ("Klient", 2): Decimal("350.00"),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("pool", "values", "message"),
    [
        (Pool("IT", Decimal("10"), key(("population", "60"))), POPULATION, "summerar till 60"),
        (
            Pool("IT", Decimal("10"), key(("employees", "100"))),
            {"employees": {1: Decimal(5)}},
            "saknar värde för medlemskommunen Vårgårda",
        ),
        (Pool("IT", Decimal("10"), key(("tickets", "100"))), {"tickets": {1: Decimal(0), 2: Decimal(0)}}, "är noll"),
        (Pool("IT", Decimal("10.001"), key((EQUAL, "100"))), {}, "öre"),
        (Pool("IT", Decimal("10"), key((EQUAL, "100"), base="6")), {}, "grundavgiften"),
    ],
)
def test_bad_keys_are_refused_naming_the_pool(pool, values, message) -> None:
    from django.utils import translation

    with translation.override("sv"), pytest.raises(AllocationError) as refused:
        allocate([pool], [1, 2], values, names={1: "Herrljunga", 2: "Vårgårda"})
    assert message in str(refused.value) and ("IT" in str(refused.value) or message == "öre")


cents = st.integers(min_value=-(10**11), max_value=10**11)
weights = st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=40).filter(lambda w: sum(w) > 0)


@given(cents, weights)
def test_shares_always_sum_exactly_to_the_total(amount_cents: int, raw: list[int]) -> None:
    amount = Decimal(amount_cents) / 100
    total = sum(raw)
    split = largest_remainder(amount, [(i, Fraction(w, total)) for i, w in enumerate(raw)])
    assert sum(split.values()) == amount
    for i, w in enumerate(raw):  # never more than one öre from the exact share
        assert abs(Fraction(split[i]) - Fraction(amount) * Fraction(w, total)) < Fraction(1, 100)


@given(cents, st.lists(st.integers(min_value=1, max_value=10**6), min_size=2, max_size=12),
       st.integers(min_value=0, max_value=100))  # fmt: skip
def test_a_hybrid_key_is_exact_and_reproducible(amount_cents: int, inhabitants: list[int], equal: int) -> None:
    members = list(range(1, len(inhabitants) + 1))
    values = {"population": {m: Decimal(v) for m, v in zip(members, inhabitants, strict=True)}}
    parts = [(EQUAL, str(equal)), ("population", str(100 - equal))]
    pools = [Pool("p", Decimal(amount_cents) / 100, key(*[p for p in parts if p[1] != "0"]))]
    first = allocate(pools, members, values)
    assert sum(first.totals().values()) == Decimal(amount_cents) / 100
    assert allocate(pools, members, values).lines == first.lines
