"""A target and its figure -> status, attainment and flags, by the contract's rules.

The one place that decides a status: from the figures, the target's scope and a reviewer's
status. Flags such as approximate, estimated and hedged never change a status; a part-year figure
that has not yet reached a full-year target is `partial_period`, judged against the pro-rata
target.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .contract import PERCENT_KINDS
from .pairing import Pairing
from .quantities import tidy

UPPER_BOUNDS = ("<=", "<")
DIRECTIONS = ("<0", "no_increase")  # any reported change compares, whatever its unit


@dataclass
class Outcome:
    status: str
    actual_value: Decimal | None
    actual_unit: str | None
    attainment: Decimal | None
    pro_rata_target: Decimal | None
    flags: list[str] = field(default_factory=list)
    note: str = ""
    gap_points: Decimal | None = None  # %-kind targets: actual − target in percentage points


def _tolerance(target: Decimal, kind: str, tolerance: float | None) -> Decimal:
    """How far from a `~` target still meets it: ±0.5 points for % kinds, ±5% otherwise."""
    if tolerance is not None:
        return Decimal(str(tolerance))
    return Decimal("0.5") if kind in PERCENT_KINDS else abs(target) * Decimal("0.05")


def _meets(comparator: str, actual: Decimal, target: Decimal | None, upper: Decimal | None,
           kind: str, tolerance: float | None, tolerant: bool = False) -> bool:
    """tolerant: a ceiling read with the ~ tolerance (控制在3%左右; a `~` target on a measure
    where less is better, such as a price rise): met up to target + tolerance."""
    if comparator == "<0":
        return actual < 0
    if comparator == "no_increase":
        return actual <= 0
    if target is None:
        return False
    if tolerant and comparator in ("<=", "~"):
        return actual <= target + _tolerance(target, kind, tolerance)
    if comparator == ">=":
        return actual >= target
    if comparator == ">":
        return actual > target
    if comparator == "<=":
        return actual <= target
    if comparator == "<":
        return actual < target
    if comparator == "range":
        return target <= actual <= (upper if upper is not None else target)
    if comparator == "~":
        return abs(actual - target) <= _tolerance(target, kind, tolerance)
    if comparator == "=":
        exponent = target.as_tuple().exponent
        step = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
        return abs(actual - target) < step / 2 or actual == target
    return False


def attainment(comparator: str, actual: Decimal | None, target: Decimal | None) -> Decimal | None:
    if actual is None or target is None or target <= 0:
        return None
    if comparator in (">=", ">"):
        return (actual / target).quantize(Decimal("0.0001"))
    if comparator in UPPER_BOUNDS:
        return (target / actual).quantize(Decimal("0.0001")) if actual > 0 else None
    return None


def _signed(pairing: Pairing) -> Decimal | None:
    """下降3% against a growth target is -3; 增长3% against a reduction target is -3."""
    actual, target = pairing.actual, pairing.target
    if actual is None or actual.value is None:
        return None
    if target.kind == "growth_rate" and actual.direction == "reduction" and actual.value > 0:
        return -actual.value
    if target.kind == "reduction_rate" and actual.direction == "growth":
        return -actual.value
    return actual.value


def compare(pairing: Pairing, counters_compare, notes: dict[str, str] | None = None) -> Outcome:
    target, actual = pairing.target, pairing.actual
    flags = list(pairing.flags)
    pro_rata = None
    target_months = target.period[1] if target.period else 12
    if target.kind == "amount" and target.value is not None and pairing.period_months and (
            target_months):
        pro_rata = tidy(target.value * min(pairing.period_months, target_months) / target_months)
    actual_unit = None
    if actual is not None:
        actual_unit = target.unit if pairing.actual_unit_inferred else actual.unit
    outcome = Outcome("not_reported", None, actual_unit, None, pro_rata, flags, pairing.note)
    if target.malformed or target.out_of_range:
        flags.append("malformed_number" if target.malformed else "number_out_of_range")
        outcome.status = "unparseable"
    elif actual is None:
        outcome.status = "not_reported"
    elif actual.malformed or actual.out_of_range:
        flags.append("malformed_number" if actual.malformed else "number_out_of_range")
        outcome.status = "unparseable"
    elif "ratio_only" in flags:
        outcome.actual_unit = None
        ratio = actual.value / 100
        outcome.attainment = ratio.quantize(Decimal("0.0001"))
        reached = ratio >= 1 if target.comparator not in UPPER_BOUNDS else ratio <= 1
        outcome.status = "met" if reached else _short(pairing, flags, None, None)
    elif target.comparator not in DIRECTIONS and not (
            target.unit is None and actual.unit is None) and not counters_compare(
            target.unit, actual_unit):
        outcome.status = "not_comparable"
        outcome.actual_value = actual.value  # shown for the reader, in its own unit
        template = (notes or {}).get("other_unit", "{actual_unit} / {unit}")
        outcome.note = outcome.note or template.format(actual_unit=actual_unit or "?",
                                                       unit=target.unit)
    else:
        value = _signed(pairing)
        outcome.actual_value = value
        outcome.attainment = attainment(target.comparator, value, target.value)
        if _meets(target.comparator, value, target.value, target.upper, target.kind,
                  pairing.tolerance, target.tolerant):
            outcome.status = "met"
        elif target.comparator in UPPER_BOUNDS and pairing.period_months != 12 and (
                target.kind == "amount"):
            outcome.status = "missed" if value > target.value else "partial_period"
        else:
            outcome.status = _short(pairing, flags, value, pro_rata)
    if target.kind in PERCENT_KINDS and outcome.actual_value is not None and (
            target.value is not None and outcome.status in ("met", "missed", "partial_period")):
        outcome.gap_points = tidy(outcome.actual_value - target.value)
    if outcome.actual_value is not None and pairing.stated_ratio is not None and (
            _ratio_mismatch(outcome.actual_value, target.value, pairing.stated_ratio)):
        flags.append("ratio_mismatch")
    if pairing.one_year_of_plan and outcome.status in ("met", "missed", "partial_period"):
        outcome.status = "not_comparable"  # a five-year cap against one year's increase
        outcome.note = outcome.note or (notes or {}).get("plan_period", "")
    if pairing.other_noun and outcome.status in ("met", "missed", "partial_period"):
        outcome.status = "not_comparable"  # 除颤仪47台 | 47个点位: places, not devices
        outcome.note = outcome.note or (notes or {}).get("other_noun", "{noun}").format(
            noun=pairing.other_noun, unit=target.unit)
    if pairing.total_for_each and outcome.status in ("met", "missed", "partial_period"):
        outcome.status = "not_comparable"  # 每个网格配备1名以上 | 共配备网格员11450名
        outcome.note = outcome.note or (notes or {}).get("total_for_each", "")
    if pairing.one_of_listed and outcome.status in ("missed", "partial_period"):
        outcome.status = "not_comparable"  # 省现代化学校等示范标杆学校20所 | 新增省现代化学校10所
        outcome.note = outcome.note or (notes or {}).get("one_of_listed", "{example}").format(
            example=pairing.one_of_listed)
    if pairing.increment_for_stock and outcome.status in ("missed", "partial_period"):
        outcome.status = "not_comparable"  # 扩充学位至1800个 | 新增学位1290个
        outcome.note = outcome.note or (notes or {}).get("stock_vs_increment", "")
    if not pairing.in_scope:  # a higher level's target beside the report's own column
        outcome.status = "not_comparable"
        outcome.note = outcome.note or (notes or {}).get("higher_level", "")
    if pairing.reviewed_status:
        outcome.status = pairing.reviewed_status
    if outcome.status in ("not_comparable", "not_reported", "unparseable") and (
            pairing.reviewed_status or not pairing.in_scope):
        outcome.attainment = None  # a ratio of unlike figures would mislead
    outcome.flags = list(dict.fromkeys(flags))
    return outcome


def _ratio_mismatch(actual: Decimal, target: Decimal | None, stated) -> bool:
    """The stated ratio differs from actual ÷ target by more than half a unit of its last digit."""
    if target is None or target <= 0 or stated.value is None:
        return False
    exponent = stated.value.as_tuple().exponent
    half = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0) / 2
    return abs(actual / target * 100 - stated.value) > half


def _short(pairing: Pairing, flags: list[str], value: Decimal | None, pro_rata: Decimal | None) -> str:
    """Not reached: missed for a full year, partial_period (on_track/behind) for part of one. A
    target set for part of the year is judged by an actual that covers that part: missed."""
    if pairing.period == "full_year":
        return "missed"
    target = pairing.target
    if target.period and target.period[1] and pairing.period_months and (
            pairing.period_months >= target.period[1]):
        return "missed"
    if pro_rata is not None and value is not None:
        flags.append("on_track" if value >= pro_rata else "behind")
    return "partial_period"
