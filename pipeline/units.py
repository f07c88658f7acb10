"""Unit surfaces -> canonical units through a pint registry built from rules/vocabulary/units.txt.

Pint is consulted once per surface form when the vocabulary loads; the per-number hot path only
looks up a cached (canonical unit, Decimal factor) pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pint


class DefinitionError(Exception):
    """units.txt cannot be loaded: the line and pint's reason."""

    def __init__(self, reason: str, line: int | None):
        self.reason, self.line = reason, line
        super().__init__(reason)


@dataclass(frozen=True)
class UnitInfo:
    surface: str
    canonical: str  # as written in outputs (percent -> %)
    factor: Decimal  # value in surface unit x factor = value in canonical unit
    counter: bool


def build_unit_table(
    definitions: str, surfaces: dict[str, str], canonical: list[str], display: dict[str, str],
    counters: list[str],
) -> dict[str, UnitInfo]:
    """Resolve every surface to its canonical unit once; raises ValueError naming a bad unit."""
    ureg = pint.UnitRegistry(None, autoconvert_offset_to_baseunit=False)
    try:
        ureg.load_definitions(definitions.splitlines())
    except Exception as exc:  # pint raises many kinds on a bad definitions file
        statement = getattr(exc, "_statement", None)
        reason = getattr(exc, "msg", None) or str(exc).split("\n")[0]
        raise DefinitionError(f"pint cannot load the definitions: {reason}",
                              getattr(statement, "start_line", None)) from exc
    by_dimension = {}
    for name in canonical:
        try:
            by_dimension[ureg.Unit(name).dimensionality] = name
        except (pint.errors.PintError, AttributeError, ValueError) as exc:
            raise ValueError(f"canonical unit {name!r}: {exc}") from exc
    table = {}
    for surface, expression in surfaces.items():
        try:
            quantity = ureg.parse_expression(str(expression))
        except (pint.errors.PintError, AttributeError, ValueError, TypeError) as exc:
            raise ValueError(f"unit {surface!r} -> {expression!r}: {exc}") from exc
        target = by_dimension.get(quantity.dimensionality)
        if target is None:
            raise ValueError(f"unit {surface!r} has no canonical unit of its dimension")
        magnitude = quantity.to(target).magnitude
        factor = Decimal(str(magnitude)).normalize()
        if factor == factor.to_integral_value():
            factor = factor.quantize(Decimal(1))
        table[surface] = UnitInfo(surface, display.get(target, target), factor,
                                  display.get(target, target) in counters)
    return table


def comparable_units(a: str | None, b: str | None, general: str, groups: list[list[str]],
                     counters: set[str]) -> bool:
    """Two canonical units compare if equal, or counters declared interchangeable in rules/."""
    if a is None or b is None:
        return False
    if a == b:
        return True
    if a in counters and b in counters:
        if general in (a, b):
            return True
        return any(a in group and b in group for group in groups)
    return False
