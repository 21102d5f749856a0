"""Exact money: fractions rounded to öre once, half away from zero, and JSON-safe forms."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

ORE = Decimal("0.01")


def to_ore(value: Fraction | Decimal | int) -> Decimal:
    """``value`` rounded to öre, half away from zero, computed exactly (no float, no
    intermediate decimal context)."""
    fraction = Fraction(value) * 100
    sign = -1 if fraction < 0 else 1
    numerator, denominator = abs(fraction.numerator), fraction.denominator
    rounded = (2 * numerator + denominator) // (2 * denominator)
    return (Decimal(sign * rounded) / 100).quantize(ORE)


def fraction_text(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


def parse_fraction(text: str) -> Fraction:
    return Fraction(text)
