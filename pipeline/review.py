"""Apply a report's reviewed rule entries to the engine's targets and pairings of one task.

Unreviewed entries are the engine's own draft and are ignored here.
"""

from __future__ import annotations

from dataclasses import replace

from .actuals import ActualCell
from .contract import ENGINE_PAIRING_FLAGS
from .errors import RuleError
from .pairing import Pairing, attach
from .quantities import find_quantities
from .rules import UNSET, RuleEntry, find_text
from .targets import Skipped, Target, make_target
from .vocabulary import Vocabulary


def apply_entries(entries: list[RuleEntry], target_cell: str, cell: ActualCell,
                  pairings: list[Pairing], skipped: list[Skipped],
                  vocab: Vocabulary) -> tuple[list[Pairing], list[Skipped]]:
    pairings, skipped = list(pairings), list(skipped)
    for entry in entries:
        if not entry.reviewed:
            continue
        start = find_text(target_cell, entry, entry.target, entry.occurrence)
        if start is None:
            raise RuleError(entry.path, f"task {entry.task}: target text {entry.target or entry.pattern!r}"
                            f" (occurrence {entry.occurrence}) not found in the report", entry.line)
        chosen = [p for p in pairings if p.target.start == start
                  and (entry.subject is None or p.target.subject == entry.subject)]
        if not chosen:
            chosen = [_promote(entry, start, target_cell, skipped, vocab)]
            pairings.append(chosen[0])
        if entry.not_target:
            for pairing in chosen:
                pairings.remove(pairing)
            target = chosen[0].target
            skipped.append(Skipped(target_cell[target.start:target.end], target.start, target.end,
                                   entry.not_target))
            continue
        for pairing in chosen:
            _override(pairing, entry, cell, vocab)
    pairings.sort(key=lambda p: (p.target.start, p.target.order))
    skipped.sort(key=lambda s: s.start)
    return pairings, skipped


def _promote(entry: RuleEntry, start: int, target_cell: str, skipped: list[Skipped],
             vocab: Vocabulary) -> Pairing:
    """A number the engine skipped (or did not see) becomes a target because a reviewer says so."""
    quantity = next((q for q in find_quantities(target_cell, vocab) if q.start == start), None)
    if quantity is None or (quantity.value is None and not quantity.malformed):
        raise RuleError(entry.path, f"task {entry.task}: {entry.target!r} is not a number in the "
                        "target cell", entry.line)
    skipped[:] = [s for s in skipped if s.start != start]
    quantity.skip = None
    return Pairing(make_target(quantity, entry.metric or "", vocab))


def _override(pairing: Pairing, entry: RuleEntry, cell: ActualCell, vocab: Vocabulary) -> None:
    target: Target = pairing.target
    changes = {k: getattr(entry, k) for k in ("metric", "comparator", "kind") if getattr(entry, k)}
    if changes:
        pairing.target = replace(target, **changes)
    if entry.actual is not UNSET:
        pairing.flags = [f for f in pairing.flags if f not in ENGINE_PAIRING_FLAGS]
        pairing.actual, pairing.period, pairing.period_months = None, "full_year", 12
        pairing.actual_unit_inferred = False
        if entry.actual is not None:
            index = find_text(cell.text, entry, str(entry.actual), entry.actual_occurrence)
            quantity = next((q for q in cell.quantities if q.start == index), None)
            if index is None or quantity is None:
                raise RuleError(entry.path, f"task {entry.task}: actual {entry.actual!r} (occurrence "
                                f"{entry.actual_occurrence}) is not a figure in the actual cell",
                                entry.line)
            attach(pairing, cell, quantity, vocab)
            if quantity.ratio:
                pairing.flags.append("ratio_only")
            pairing.actual_unit_inferred = quantity.unit is None and not quantity.ratio
    else:
        pairing.flags = [f for f in pairing.flags if f != "review"]
    pairing.flags.extend(f for f in entry.flags if f not in pairing.flags)
    if entry.tolerance is not None:
        pairing.tolerance = entry.tolerance
    if entry.status:
        pairing.reviewed_status = entry.status
    if entry.note:
        pairing.note = entry.note
    pairing.source, pairing.confidence = "rule", 1.0
