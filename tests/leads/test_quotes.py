from decimal import Decimal

from leads.quotes import calculate, discount_percent

TIERS = [(5, Decimal("10")), (10, Decimal("15"))]


def test_one_participant_pays_price_plus_tax():
    figures = calculate(Decimal("1950.00"), 1, TIERS, Decimal("10"))
    assert figures.subtotal == Decimal("1950.00")
    assert figures.discount_amount == Decimal("0.00")
    assert figures.tax_amount == Decimal("195.00")
    assert figures.total == Decimal("2145.00")


def test_largest_reached_tier_applies():
    assert discount_percent(4, TIERS) == Decimal("0")
    assert discount_percent(5, TIERS) == Decimal("10")
    assert discount_percent(12, TIERS) == Decimal("15")


def test_discount_comes_before_tax():
    figures = calculate(Decimal("1950.00"), 6, TIERS, Decimal("10"))
    assert figures.subtotal == Decimal("11700.00")
    assert figures.discount_amount == Decimal("1170.00")
    assert figures.tax_amount == Decimal("1053.00")
    assert figures.total == Decimal("11583.00")


def test_amounts_round_half_up_to_the_cent():
    figures = calculate(Decimal("0.05"), 1, [], Decimal("10"))
    assert figures.tax_amount == Decimal("0.01")  # 0.005 rounds up, not to even
    assert figures.total == Decimal("0.06")


def test_accepts_decimal_strings():
    figures = calculate("19.99", 3, [], "7.5")
    assert figures.total == Decimal("64.47")  # 59.97 + 4.4978 -> 4.50
