"""One report, end to end in memory: task rows -> targets -> pairings -> outcomes -> plain rows.

Pure: takes the report's text, the vocabulary and its rule entries; returns rows for the output
tables. Reading files and writing outputs happen in the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from .compare import compare
from .leads import split_lead_units
from .match import Pairing, pair_generic, read_actual
from .read import TaskRow, Unassigned, parse_pipe
from .review import apply_entries
from .rules import RuleEntry
from .targets import extract_targets
from .text import make_view
from .units import comparable_units
from .vocabulary import Vocabulary

TASK_FLAGS_ON_METRICS = ("spam", "wrapped_row", "duplicate_id", "unknown_lead_unit", "cell_count")


@dataclass
class DocumentResult:
    doc_id: str
    layout: str
    metrics: list[dict] = field(default_factory=list)
    tasks: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    unassigned: list[dict] = field(default_factory=list)


def check_entries(doc_id: str, rows: list[TaskRow], entries: list[RuleEntry]) -> None:
    """A reviewed entry naming a task the report does not have is stale: stop before processing."""
    from .errors import RuleError

    ids = {r.task_id for r in rows}
    for entry in entries:
        if entry.reviewed and entry.task not in ids:
            raise RuleError(entry.path, f"task {entry.task!r} is not in {doc_id}", entry.line)


def read_rows(doc_id: str, text: str, vocab: Vocabulary) -> tuple[list[TaskRow], list[Unassigned]]:
    return parse_pipe(doc_id, text, vocab.columns, vocab.unassigned_reasons, vocab.local_target_words)


def process_document(doc_id: str, rows: list[TaskRow], unassigned: list[Unassigned],
                     vocab: Vocabulary, entries: list[RuleEntry]) -> DocumentResult:
    result = DocumentResult(doc_id, "pipe")
    counters = partial(comparable_units, general=vocab.general_counter,
                       groups=[list(g) for g in vocab.interchangeable], counters=set(vocab.counters))
    by_task: dict[str, list[RuleEntry]] = {}
    for entry in entries:
        by_task.setdefault(entry.task, []).append(entry)
    for row in rows:
        _process_task(row, vocab, by_task.get(row.task_id, []), counters, result)
    result.unassigned = [dict(doc_id=u.doc_id, line=u.line, text=u.text, reason=u.reason)
                         for u in unassigned]
    return result


def _task_flags(row: TaskRow, vocab: Vocabulary, views) -> tuple[list[str], list[str]]:
    units, unknown = split_lead_units(row.lead_cell, vocab.lead_units)
    flags = list(row.flags)
    if any(view.spam for view in views):
        flags.append("spam")
    if unknown:
        flags.append("unknown_lead_unit")
    return units, flags


def pair_task(row: TaskRow, vocab: Vocabulary, entries: list[RuleEntry]):
    """One task's targets paired with figures: the engine's reading, then the reviewed entries."""
    target_view = make_view(row.target_cell, vocab.spam_phrases)
    actual_view = make_view(row.actual_cell, vocab.spam_phrases)
    targets, skipped = extract_targets(row.target_cell, vocab, target_view)
    cell = read_actual(row.actual_cell, vocab, actual_view, row.ratio_from)
    pairings = pair_generic(targets, cell, vocab)
    if row.local_from is not None:  # a higher level's target beside the report's own column
        for pairing in pairings:
            if pairing.target.start < row.local_from:
                pairing.status = "not_comparable"
                pairing.note = "target of a higher level than the report; the report's own share is given beside it"
    pairings, skipped = apply_entries(entries, row.target_cell, cell, pairings, skipped, vocab)
    return pairings, skipped, (target_view, actual_view)


def _process_task(row: TaskRow, vocab: Vocabulary, entries: list[RuleEntry], counters,
                  result: DocumentResult) -> None:
    pairings, skipped, views = pair_task(row, vocab, entries)
    units, task_flags = _task_flags(row, vocab, views)
    counts = {"met": 0, "missed": 0}
    for pairing in pairings:
        metric = _metric_row(row, units, task_flags, pairing, counters)
        counts[metric["status"]] = counts.get(metric["status"], 0) + 1
        result.metrics.append(metric)
    result.skipped.extend(dict(doc_id=row.doc_id, task_id=row.task_id, text=s.text, start=s.start,
                               end=s.end, reason=s.reason) for s in skipped)
    flags = task_flags + ([] if pairings else ["no_numeric_target"])
    result.tasks.append(dict(
        doc_id=row.doc_id, task_id=row.task_id, lead_units=";".join(units),
        target_cell=row.target_cell, actual_cell=row.actual_cell, n_targets=len(pairings),
        n_met=counts["met"], n_missed=counts["missed"],
        n_other=len(pairings) - counts["met"] - counts["missed"], flags=";".join(flags)))


def _metric_row(row: TaskRow, units: list[str], task_flags: list[str], pairing: Pairing,
                counters) -> dict:
    target, actual = pairing.target, pairing.actual
    outcome = compare(pairing, counters)
    flags = [f for f in task_flags if f in TASK_FLAGS_ON_METRICS] + outcome.flags
    ratio_only = "ratio_only" in outcome.flags
    return dict(
        doc_id=row.doc_id, task_id=row.task_id, lead_units=";".join(units), metric=target.metric,
        target_text=target.text, target_start=target.start, target_end=target.end,
        comparator=target.comparator, kind=target.kind, target_value=target.value,
        unit=target.unit, actual_text=actual.text if actual else None,
        actual_start=actual.start if actual else None, actual_end=actual.end if actual else None,
        actual_value=None if ratio_only else outcome.actual_value,
        period=pairing.period if actual else None,
        attainment=outcome.attainment, status=outcome.status, source=pairing.source,
        flags=";".join(dict.fromkeys(flags)), confidence=pairing.confidence,
        actual_unit=outcome.actual_unit, period_months=pairing.period_months if actual else None,
        pro_rata_target=outcome.pro_rata_target if actual else None, note=outcome.note,
        target_upper=target.upper if target.comparator == "range" else None,
    )

