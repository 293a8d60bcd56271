"""Money: Decimal pounds and pence, never floats, shown as £1,234,567.89."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENNY = Decimal("0.01")


def to_money(value: Decimal | int | str) -> Decimal:
    """Return `value` as a Decimal rounded to the penny (half up, as councils' ledgers do)."""
    if isinstance(value, float):
        raise TypeError("Money must not be a float; pass a Decimal, int or string.")
    try:
        return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"{value!r} is not an amount of money.") from exc


def format_gbp(value: Decimal | int | str | None, *, pence: bool = True) -> str:
    """Format an amount as £1,234,567.89 (or £1,234,568 with pence=False); negatives as −£12.00."""
    if value is None or value == "":
        return ""
    amount = to_money(value)
    sign = "−" if amount < 0 else ""
    amount = abs(amount)
    text = f"{amount:,.2f}" if pence else f"{amount.quantize(Decimal('1'), rounding=ROUND_HALF_UP):,}"
    return f"{sign}£{text}"
