"""How sure the engine is of a pairing, on a scale that means what it says.

The matcher's raw score is mapped through a calibration table (`rules/vocabulary/calibration.yaml`,
fitted on the hand-checked dev reports by `make calibrate`) so that, band by band, the stated
confidence is the share of pairings found right. A `missed` whose shortfall is implausibly large
for a year's work (a tenth of the target) is more often a wrong pairing than a real miss, so its
score is lowered before the mapping. Below the review line every row is flagged `review`, and a
`missed` says in its note that the verdict needs checking.
"""

from __future__ import annotations

from bisect import bisect_right
from decimal import Decimal

IMPLAUSIBLE_ATTAINMENT = Decimal("0.5")  # a full-year amount at less than half its target
IMPLAUSIBLE_FACTOR = 0.7  # …is more often a wrong pairing than a real shortfall


def calibrated(raw: float, knots: tuple[tuple[float, float], ...]) -> float:
    """The share of pairings right at this raw score: straight lines between the knots.

    >>> calibrated(0.5, ((0.0, 0.2), (1.0, 1.0)))
    0.6
    """
    if not knots:
        return raw
    xs = [x for x, _ in knots]
    i = bisect_right(xs, raw)
    if i == 0:
        return knots[0][1]
    if i == len(knots):
        return knots[-1][1]
    (x0, y0), (x1, y1) = knots[i - 1], knots[i]
    return round(y0 + (y1 - y0) * (raw - x0) / (x1 - x0), 2) if x1 > x0 else y1


def plausible(status: str, kind: str, comparator: str, attainment: Decimal | None,
              full_year: bool) -> bool:
    """Whether a verdict is one a year's report plausibly gives: a missed amount far below target
    (9家 of 45家; 十个 of 212个) usually means the figure reports something else."""
    return not (status == "missed" and full_year and kind in ("amount", "level")
                and comparator in (">=", ">") and attainment is not None
                and attainment < IMPLAUSIBLE_ATTAINMENT)
