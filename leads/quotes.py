"""Quote arithmetic: pure functions on Decimals, rounded to the cent at each printed step."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal("100")


def to_cents(amount):
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class QuoteFigures:
    price_per_participant: Decimal
    participants: int
    subtotal: Decimal
    discount_percent: Decimal
    discount_amount: Decimal
    tax_rate: Decimal
    tax_amount: Decimal
    total: Decimal


def discount_percent(participants, tiers):
    """The percent of the largest tier reached; tiers are (min_participants, percent) pairs."""
    reached = [Decimal(percent) for minimum, percent in tiers if participants >= minimum]
    return max(reached, default=Decimal("0"))


def calculate(price_per_participant, participants, tiers, tax_rate):
    """Subtotal, less the group discount, plus tax on the discounted amount."""
    price = to_cents(price_per_participant)
    subtotal = to_cents(price * participants)
    percent = discount_percent(participants, tiers)
    discount = to_cents(subtotal * percent / HUNDRED)
    tax = to_cents((subtotal - discount) * Decimal(tax_rate) / HUNDRED)
    return QuoteFigures(
        price_per_participant=price,
        participants=participants,
        subtotal=subtotal,
        discount_percent=percent,
        discount_amount=discount,
        tax_rate=Decimal(tax_rate),
        tax_amount=tax,
        total=subtotal - discount + tax,
    )
