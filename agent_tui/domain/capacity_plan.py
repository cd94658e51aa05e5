"""Instalments sized to what the debtor says they can pay a month (guide 3.2, 3.3).

When the debtor states a monthly capacity, the plan to put first is the
shortest one whose every instalment is within it: the fewest instalments that
cover the balance (``ceil(balance / capacity)``), equal whole amounts with
the rounding remainder on the last one, as every plan has it, when the last
stays within the capacity; otherwise they differ by one minor unit at most,
the larger ones first.
The policy bounds it: no more instalments than its longest plan, none under
its smallest instalment. When those bounds make such a plan impossible,
:func:`size_to_capacity` says which bound and what the plan would have needed,
so the agent can tell the debtor why.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Why no plan within the capacity can be offered.
NO_CAPACITY = "no_capacity"
TOO_MANY = "too_many"
BELOW_MINIMUM = "below_minimum"


@dataclass(frozen=True)
class CapacitySplit:
    """The instalments of a plan sized to a monthly capacity, or why there is none."""

    #: The instalments in order; empty when the plan is impossible.
    amounts: tuple[int, ...]
    #: The number of instalments the capacity needs (the plan's count when there is one).
    needed: int
    #: ``None`` when the plan exists; else :data:`NO_CAPACITY`, :data:`TOO_MANY` or :data:`BELOW_MINIMUM`.
    impossible: str | None = None

    @property
    def count(self) -> int:
        """The number of instalments (0 when impossible)."""
        return len(self.amounts)


def size_to_capacity(balance: int, capacity: int, max_count: int, min_instalment: int = 0) -> CapacitySplit:
    """The fewest near-equal instalments of ``balance``, each at most ``capacity``, within the policy's bounds.

    ``max_count`` is the longest plan the policy allows, ``min_instalment`` its smallest instalment.
    A balance of nothing needs no instalment; a capacity that covers the balance needs one payment.
    """
    if balance <= 0:
        return CapacitySplit((), 0)
    if capacity <= 0:
        return CapacitySplit((), 0, NO_CAPACITY)
    needed = -(-balance // capacity)
    if needed > max_count:
        return CapacitySplit((), needed, TOO_MANY)
    each, extra = divmod(balance, needed)  # each + 1 <= capacity where extra > 0, as capacity * needed >= balance
    if each < min_instalment and needed > 1:
        # Under the smallest instalment even at the fewest instalments: a longer plan has smaller ones still.
        return CapacitySplit((), needed, BELOW_MINIMUM)
    if each + extra <= capacity:
        return CapacitySplit((each,) * (needed - 1) + (each + extra,), needed)
    return CapacitySplit((each + 1,) * extra + (each,) * (needed - extra), needed)
