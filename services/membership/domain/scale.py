"""Business scale (skala usaha) per PP 7/2021 art. 35, from capital or from yearly sales."""

from typing import get_args

from shared.aggregate import DomainError
from shared.contracts.events import BusinessScale

BILLION = 1_000_000_000
SCALES: tuple[BusinessScale, ...] = get_args(BusinessScale)

# Inclusive upper bounds in whole rupiah. Capital (modal usaha) excludes land and buildings.
CAPITAL_LIMITS: tuple[tuple[BusinessScale, int], ...] = (
    ("mikro", 1 * BILLION),
    ("kecil", 5 * BILLION),
    ("menengah", 10 * BILLION),
)
SALES_LIMITS: tuple[tuple[BusinessScale, int], ...] = (
    ("mikro", 2 * BILLION),
    ("kecil", 15 * BILLION),
    ("menengah", 50 * BILLION),
)


def derive_scale(*, capital: int | None, yearly_sales: int | None) -> BusinessScale | None:
    """The scale the figures give (the larger class when both are known), or None without any."""
    classes = [
        scale
        for scale in (
            _classify(capital, CAPITAL_LIMITS, field="capital"),
            _classify(yearly_sales, SALES_LIMITS, field="yearly_sales"),
        )
        if scale is not None
    ]
    return max(classes, key=SCALES.index) if classes else None


def _classify(
    amount: int | None, limits: tuple[tuple[BusinessScale, int], ...], *, field: str
) -> BusinessScale | None:
    if amount is None:
        return None
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise DomainError("must be a whole number of rupiah, zero or more", field=field)
    for scale, ceiling in limits:
        if amount <= ceiling:
            return scale
    raise DomainError(
        f"Rp{amount:,} is above the menengah ceiling of Rp{ceiling:,}: not a UMKM", field=field
    )
