"""Lead-unit cells -> canonical unit names from rules/vocabulary/lead_units.yaml.

Spaces both separate units and sit inside names (区综合行政 执法局), and some names are glued
together (区文广旅体局市规划和自然资源局余杭分局), so the cell is read without spaces and split
at known names, longest first. Leftover text is kept as written and flagged.
"""

from __future__ import annotations


def _breaks(cell: str) -> set[int]:
    """Positions in the compacted cell where the cell had a line break or a star."""
    breaks, position, pending = set(), 0, False
    for ch in cell:
        if ch in "\n*":
            pending = True
        elif not ch.isspace():
            if pending:
                breaks.add(position)
                pending = False
            position += 1
    return breaks


def split_lead_units(cell: str, names: dict[str, str]) -> tuple[list[str], bool]:
    """Returns (units in order, whether any text matched no known name)."""
    compact = "".join(cell.replace("*", " ").split())  # *区城管局: the star marks the main unit
    spellings = sorted(names, key=len, reverse=True)
    units: list[str] = []
    unknown = ""
    i = 0
    breaks = _breaks(cell)
    while i < len(compact):
        if i in breaks and unknown:  # a line or star between two unknown names separates them
            units.append(unknown)
            unknown = ""
        spelling = next((s for s in spellings if compact.startswith(s, i)), None)
        if spelling is None:
            unknown += compact[i]
            i += 1
            continue
        if unknown:
            units.append(unknown)
            unknown = ""
        units.append(names[spelling])
        i += len(spelling)
    if unknown:
        units.append(unknown)
    known = set(names.values())
    return list(dict.fromkeys(units)), any(u not in known for u in units)
