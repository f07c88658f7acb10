"""Every comparator and direction: (target, actual, period) -> status, attainment, flags."""

from decimal import Decimal as D
from functools import partial

import pytest

from pipeline.compare import compare
from pipeline.pairing import Pairing
from pipeline.quantities import Quantity
from pipeline.targets import Target
from pipeline.units import comparable_units

SAME_UNIT = partial(comparable_units, general="个", groups=[["名", "人"]],
                    counters={"个", "家", "名", "人", "场", "项"})


def target(value, unit, comparator=">=", kind="amount", upper=None, malformed=False):
    return Target(metric="m", text="t", start=0, end=1, comparator=comparator, kind=kind,
                  value=None if value is None else D(value), unit=unit,
                  upper=None if upper is None else D(upper), malformed=malformed)


def actual(value, unit, direction=None, malformed=False, ratio=False):
    return Quantity(text="a", start=0, end=1, value=None if value is None else D(value), unit=unit,
                    direction=direction, malformed=malformed, ratio=ratio)


CASES = [
    # comparator, target, actual, period months, expected status, attainment, flags
    (target(200, "元"), actual("213.83", "元"), 12, "met", "1.0692", []),
    (target(10, "美元"), actual("8.89", "美元"), 12, "missed", "0.8890", []),
    (target(200, "元"), actual(200, "元"), 12, "met", "1.0000", []),
    (target(400, "元", ">"), actual(400, "元"), 12, "missed", "1.0000", []),
    (target(400, "元", ">"), actual(401, "元"), 12, "met", "1.0025", []),
    (target(35, "微克每立方米", "<=", "level"), actual("30.3", "微克每立方米"), 12, "met", "1.1551", []),
    (target(35, "微克每立方米", "<=", "level"), actual("36", "微克每立方米"), 12, "missed", "0.9722", []),
    (target(5, "%", "<", "rate"), actual(5, "%"), 12, "missed", "1.0000", []),
    (target(5, "%", "<", "rate"), actual("4.9", "%"), 12, "met", "1.0204", []),
    (target("6.5", "%", ">=", "growth_rate"), actual(-4, "%", "growth"), 12, "missed", "-0.6154", []),
    (target("6.5", "%", ">=", "growth_rate"), actual(3, "%", "reduction"), 12, "missed", "-0.4615", []),
    (target(3, "%", ">=", "reduction_rate"), actual("3.5", "%", "reduction"), 12, "met", "1.1667", []),
    (target(3, "%", ">=", "reduction_rate"), actual("1", "%", "growth"), 12, "missed", "-0.3333", []),
    (target(None, None, "<0", "growth_rate"), actual(0, None), 12, "missed", None, []),
    (target(None, None, "<0", "growth_rate"), actual(-2, "%", "growth"), 12, "met", None, []),
    (target(None, None, "no_increase", "growth_rate"), actual(0, None), 12, "met", None, []),
    (target(None, None, "no_increase", "growth_rate"), actual(1, "%", "growth"), 12, "missed", None, []),
    (target("2.65", "平方米", ">=", "level"), actual("2.65", "平方米"), 12, "met", "1.0000", []),
    (target(99, "%", "~", "rate"), actual("99.12", "%"), 12, "met", None, []),
    (target(99, "%", "~", "rate"), actual("98.4", "%"), 12, "missed", None, []),
    (target(100, "个", "~"), actual(104, "个"), 12, "met", None, []),
    (target(100, "个", "~"), actual(106, "个"), 12, "missed", None, []),
    (target("6.5", "%", "range", "growth_rate", upper=7), actual("6.8", "%", "growth"), 12, "met", None, []),
    (target("6.5", "%", "range", "growth_rate", upper=7), actual("7.2", "%", "growth"), 12, "missed", None, []),
    (target(0, None, "=", "level"), actual(0, None), 12, "met", None, []),
    (target(0, None, "=", "level"), actual(1, None), 12, "missed", None, []),
    (target(130, "家"), actual(130, "个"), 12, "met", "1.0000", []),
    (target(100, "名"), actual(106, "人"), 12, "met", "1.0600", []),
    (target(100, "家"), actual(106, "场"), 12, "not_comparable", None, []),
    (target(10, "元"), actual(10, "美元"), 12, "not_comparable", None, []),
    (target(127, "元"), actual("118.9", "元"), 9, "partial_period", "0.9362", ["on_track"]),
    (target(127, "元"), actual("90", "元"), 9, "partial_period", "0.7087", ["behind"]),
    (target(740, "人次"), actual("760.3", "人次"), 9, "met", "1.0274", []),
    (target(50, "%", ">=", "rate"), actual(40, "%"), 9, "partial_period", "0.8000", []),
    (target(100, "吨", "<="), actual(120, "吨"), 9, "missed", "0.8333", []),
    (target(100, "吨", "<="), actual(60, "吨"), 9, "met", "1.6667", []),
    (target("3.0", "千瓦", malformed=False), actual(None, "千瓦", malformed=True), 12, "unparseable", None, ["malformed_number"]),
    (target(None, "千瓦", malformed=True), actual(5, "千瓦"), 12, "unparseable", None, ["malformed_number"]),
]


@pytest.mark.parametrize("t,a,months,status,attainment,flags", CASES)
def test_compare(t, a, months, status, attainment, flags):
    pairing = Pairing(t, a, period="full_year" if months == 12 else "1-9月", period_months=months)
    outcome = compare(pairing, SAME_UNIT)
    assert outcome.status == status
    assert outcome.attainment == (None if attainment is None else D(attainment))
    assert outcome.flags == flags


def test_no_figure_is_not_reported():
    outcome = compare(Pairing(target(5, "家")), SAME_UNIT)
    assert (outcome.status, outcome.actual_value) == ("not_reported", None)


def test_ratio_only_uses_the_stated_ratio():
    pairing = Pairing(target(400, "元"), actual(102, "%", ratio=True), flags=["ratio_only"])
    outcome = compare(pairing, SAME_UNIT)
    assert (outcome.status, outcome.attainment, outcome.actual_value) == ("met", D("1.02"), None)


def test_pro_rata_only_for_amounts():
    amount = compare(Pairing(target(120, "元"), actual(60, "元"), "1-9月", 9), SAME_UNIT)
    level = compare(Pairing(target(120, "元", kind="level"), actual(60, "元"), "1-9月", 9), SAME_UNIT)
    assert amount.pro_rata_target == D(90) and level.pro_rata_target is None


def test_reviewed_status_wins_and_clears_attainment():
    pairing = Pairing(target(200, "个"), actual(326, "个"), reviewed_status="not_comparable")
    outcome = compare(pairing, SAME_UNIT)
    assert (outcome.status, outcome.attainment) == ("not_comparable", None)
