"""One report through the engine, in memory: task rows -> targets -> actual cells read ->
pairings -> reviewed entries -> statuses -> output records.

Pure: takes a report as read, the vocabulary and its rule entries; returns the records of the
output tables. Reading files and writing outputs happen at the edges (readers, outputs).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

import regex

from .actuals import read_actual
from .compare import compare
from .confidence import IMPLAUSIBLE_FACTOR, calibrated, plausible
from .contract import (
    FULL_YEAR,
    STATUSES,
    TASK_FLAGS_ON_METRICS,
    DocumentRecord,
    MetricRecord,
    SkippedRecord,
    TaskRecord,
    UnassignedRecord,
)
from .errors import RuleError
from .lead_units import split_lead_units
from .pairing import Pairing, pair_generic
from .readers import Report, TaskRow, Unassigned
from .review import apply_entries
from .rules import RuleEntry
from .targets import Skipped, Target, extract_targets, named_by_item
from .vocabulary import Vocabulary
from .wording import similarity

YEAR = regex.compile(r"(?:19|20)\d\d")


@dataclass
class DocumentResult:
    doc_id: str
    layout: str
    metrics: list[MetricRecord] = field(default_factory=list)
    tasks: list[TaskRecord] = field(default_factory=list)
    skipped: list[SkippedRecord] = field(default_factory=list)
    unassigned: list[UnassignedRecord] = field(default_factory=list)
    context_rows: int = 0  # prose sentences read that state no target
    title: str = ""
    period: str = ""
    failure: str = ""  # why the engine could not process the report (it is then named, exit 3)


@dataclass
class TaskReading:
    """One task as the engine read it: its targets paired with figures, the numbers of its target
    cell that are not targets, and what the matching views noticed (control characters, spam)."""

    pairings: list[Pairing]
    skipped: list[Skipped]
    marks: frozenset[str]


def check_entries(doc_id: str, rows: list[TaskRow], entries: list[RuleEntry]) -> None:
    """A reviewed entry naming a task the report does not have is stale: stop before processing."""
    ids = {r.task_id for r in rows}
    for entry in entries:
        if entry.reviewed and entry.task not in ids:
            raise RuleError(entry.path, f"task {entry.task!r} is not in {doc_id}", entry.line)


def read_task(row: TaskRow, vocab: Vocabulary, entries: list[RuleEntry],
              period: tuple[str, int] | None = None) -> TaskReading:
    """One task's targets paired with figures: the engine's reading, then the reviewed entries."""
    target_view = vocab.view(row.target_cell)
    actual_view = vocab.view(row.actual_cell)
    marks = target_view.marks | actual_view.marks
    targets, skipped = extract_targets(row.target_cell, vocab, target_view, row.default_role,
                                       row.unit_hints.get("target"))
    if row.item:
        targets = named_by_item(targets, row.item, vocab)
    if row.milestone_from is not None:  # a 月度计划 column: its targets are for part of the year
        for target in targets:
            if target.start >= row.milestone_from:
                target.period = target.period or row.milestone_period
    target_at = row.target_at
    if not targets and row.target_at is None and vocab.patterns.named_any.search(actual_view.text):
        # 建设社区嵌入式服务设施 | 全年建成31个,超额完成25个的年度目标任务: the task's cell states
        # no figure and its completion cell names the target; offsets then point into that cell
        named, _ = extract_targets(row.actual_cell, vocab, actual_view, None,
                                   row.unit_hints.get("actual"))
        targets = [replace(t, flags=[*t.flags, "target_in_completion_cell"]) for t in named
                   if t.cue in vocab.named_cues or t.derived_from is not None]
        target_at = 0 if targets else None
    if not targets and not any(e.reviewed for e in entries):  # nothing to look for
        return TaskReading([], skipped, marks)
    actual_hint = row.unit_hints.get("actual")
    hinted = vocab.unit_hint(actual_hint) if actual_hint else None
    if hinted and targets and targets[0].unit and not vocab.same_unit(targets[0].unit,
                                                                      hinted[1].canonical):
        actual_hint = None  # 城市棚户区改造(户) | 7699套 | 4629: the target's own unit wins
    cell = read_actual(row.actual_cell, vocab, actual_view, row.ratio_from, actual_hint)
    excluded = frozenset()
    if target_at is not None:  # prose: the target sentence lies inside the actual cell
        excluded = frozenset(target_at + t.start for t in targets)
    out_of_scope = frozenset(i for i, t in enumerate(targets)
                             if row.local_from is not None and t.start < row.local_from)
    pairings = pair_generic(targets, cell, vocab, excluded, out_of_scope, target_at)
    if row.target_at is None and target_at is not None:  # named in the completion cell: a
        pairings = [p for p in pairings if p.actual is not None]  # target only with its outcome
    if period is not None:  # the report's own period for figures that state none
        for pairing in pairings:
            if pairing.actual is not None and pairing.period == "full_year":
                pairing.period, pairing.period_months = period
    pairings, skipped = apply_entries(entries, row.target_cell, cell, pairings, skipped, vocab)
    return TaskReading(pairings, skipped, marks)


def process_document(report: Report, vocab: Vocabulary, entries: list[RuleEntry],
                     progress=None) -> DocumentResult:
    result = DocumentResult(report.doc_id, report.layout, title=report.title,
                            period=report.period[0] if report.period else "")
    by_task: dict[str, list[RuleEntry]] = {}
    for entry in entries:
        by_task.setdefault(entry.task, []).append(entry)
    context: list[Unassigned] = []
    kept_lines: set[int] = set()
    stated: list[tuple[Target, int, str]] = []  # prose targets so far: line, year said
    done: dict[tuple, tuple[list[MetricRecord], list[SkippedRecord], TaskRecord]] = {}
    for row in report.rows:
        row_entries = by_task.get(row.task_id, [])
        key = _content(row) if row.layout != "prose" and not row_entries else None
        if key in done:  # the same cells read before: the same records, under this row's id
            metrics, skipped, task = done[key]
            ids = dict(doc_id=row.doc_id, task_id=row.task_id)
            result.metrics += [replace(m, **ids) for m in metrics]
            result.skipped += [replace(s, **ids) for s in skipped]
            result.tasks.append(replace(task, **ids))
            kept_lines.add(row.line)
            if progress is not None:
                progress(1)
            continue
        reading = read_task(row, vocab, row_entries, report.period)
        if row.layout == "prose":
            _drop_repeats(row, reading, stated, keep=row.default_role is not None)
        if progress is not None:
            progress(1)
        if row.layout == "prose" and not reading.pairings:  # a sentence stating no target
            context.append(Unassigned(row.doc_id, row.line, row.target_cell, "context"))
            result.context_rows += 1
            continue
        kept_lines.add(row.line)
        first_metric, first_skipped = len(result.metrics), len(result.skipped)
        _add_task(row, reading, vocab, result)
        if key is not None:
            done[key] = (result.metrics[first_metric:], result.skipped[first_skipped:],
                         result.tasks[-1])
    lines = report.unassigned + [u for u in context if u.line not in kept_lines]
    result.unassigned = [UnassignedRecord(u.doc_id, u.line, u.text, u.reason)
                         for u in sorted(lines, key=lambda u: u.line)]
    return result


REPEAT_SIMILARITY = 0.5  # a target with the same figure and words this close is said again
REPEAT_SIMILARITY_SAME_LINE = 0.3  # …or in the same paragraph, this close
YEAR_WORD = regex.compile(r"(?:19|20)\d\d年|今年|明年|去年|当年")


def work_rows(report: Report) -> int:
    """The rows the engine reads afresh: a table row whose cells were read before costs nothing."""
    return len({_content(r) if r.layout != "prose" else id(r) for r in report.rows})


def _content(row: TaskRow) -> tuple:
    """Everything the engine reads of a table row but its ids and line: rows with the same
    content give the same records (real tables repeat their progress wording)."""
    return (row.target_cell, row.lead_cell, row.actual_cell, tuple(row.flags), row.ratio_from,
            row.local_from, row.layout, row.default_role, row.target_at,
            tuple(sorted(row.unit_hints.items())), row.milestone_from, row.milestone_period,
            row.area, row.item)


def _drop_repeats(row: TaskRow, reading: TaskReading, stated: list[tuple[Target, int, str]],
                  keep: bool = False) -> None:
    """News and reports say a target again (headline, recap, 低于4.5%的控制目标): the first
    statement is the target, later ones with the same figure and words are skipped as repeats.
    Figures said of different years (2016年…10万人; 今年…力争10万人) are not repeats; the items of
    a list of tasks (keep) are each their own target, though later mentions may repeat them."""
    kept = []
    for pairing in reading.pairings:
        t = pairing.target
        year = _year_before(row.target_cell, t.start)
        repeat = not keep and pairing.source == "generic" and t.value is not None and any(
            s.value == t.value and s.unit == t.unit and not (year and s_year and year != s_year)
            and similarity(s.subject or s.metric, t.subject or t.metric) >= (
                REPEAT_SIMILARITY_SAME_LINE if line == row.line else REPEAT_SIMILARITY)
            for s, line, s_year in stated)
        if repeat:
            reading.skipped.append(Skipped(t.text, t.start, t.end, "repeat"))
        else:
            kept.append(pairing)
            stated.append((t, row.line, year))
    reading.skipped.sort(key=lambda s: s.start)
    reading.pairings[:] = kept


def _year_before(text: str, pos: int) -> str:
    years = YEAR_WORD.findall(text, 0, pos)
    return years[-1] if years else ""


def _add_task(row: TaskRow, reading: TaskReading, vocab: Vocabulary,
              result: DocumentResult) -> None:
    lead_units, unknown = split_lead_units(row.lead_cell, vocab.lead_units)
    task_flags = [*row.flags, *sorted(reading.marks)]
    if unknown:
        task_flags.append("unknown_lead_unit")
    on_metrics = [f for f in task_flags if f in TASK_FLAGS_ON_METRICS]
    counts: Counter[str] = Counter()
    for pairing in reading.pairings:
        metric = _metric_record(row, lead_units, on_metrics, pairing, vocab)
        counts[metric.status] += 1
        result.metrics.append(metric)
    result.skipped.extend(SkippedRecord(row.doc_id, row.task_id, s.text, s.start, s.end, s.reason)
                          for s in reading.skipped)
    if any(s.reason == "limit" for s in reading.skipped):
        task_flags.append("too_many_numbers")
    flags = task_flags + ([] if reading.pairings else ["no_numeric_target"])
    n = len(reading.pairings)
    result.tasks.append(TaskRecord(
        doc_id=row.doc_id, task_id=row.task_id, lead_units=";".join(lead_units),
        target_cell=row.target_cell, actual_cell=row.actual_cell, n_targets=n,
        n_met=counts["met"], n_missed=counts["missed"],
        n_other=n - counts["met"] - counts["missed"], flags=";".join(flags)))


def _metric_record(row: TaskRow, lead_units: list[str], task_flags: list[str], pairing: Pairing,
                   vocab: Vocabulary) -> MetricRecord:
    target, actual = pairing.target, pairing.actual
    outcome = compare(pairing, vocab.same_unit, vocab.notes)
    flags = task_flags + target.flags + outcome.flags
    ratio_only = "ratio_only" in outcome.flags
    confidence, note = pairing.confidence, outcome.note
    if pairing.source == "generic":
        raw = confidence if plausible(outcome.status, target.kind, target.comparator,
                                      outcome.attainment, pairing.period == FULL_YEAR) else (
            confidence * IMPLAUSIBLE_FACTOR)
        confidence = calibrated(raw, vocab.calibration)
        if confidence < vocab.review_below:
            flags.append("review")
            if outcome.status == "missed":  # the worst error is an unflagged false 未达标
                note = (note + ";" if note else "") + vocab.notes.get(
                    "review_missed", "").format(confidence=confidence, line=vocab.review_below)
    return MetricRecord(
        doc_id=row.doc_id, task_id=row.task_id, lead_units=";".join(lead_units),
        metric=target.metric, target_text=target.text, target_start=target.start,
        target_end=target.end, comparator=target.comparator, kind=target.kind,
        target_value=target.value, unit=target.unit,
        actual_text=actual.text if actual else None,
        actual_start=actual.start if actual else None, actual_end=actual.end if actual else None,
        actual_value=None if ratio_only else outcome.actual_value,
        period=pairing.period if actual else None, attainment=outcome.attainment,
        status=outcome.status, source=pairing.source, flags=";".join(dict.fromkeys(flags)),
        confidence=confidence, actual_unit=outcome.actual_unit,
        period_months=pairing.period_months if actual else None,
        pro_rata_target=outcome.pro_rata_target if actual else None, note=note or "",
        target_upper=target.upper if target.comparator == "range" else None,
        target_period=target.period[0] if target.period else None, area=row.area or None,
        gap_points=outcome.gap_points)


def document_record(result: DocumentResult) -> DocumentRecord:
    """The report's row of documents.csv: title, year, period, layout and counts per status."""
    counts = Counter(m.status for m in result.metrics)
    year = YEAR.search(result.title) or YEAR.search(result.doc_id)
    flags = sorted({f for t in result.tasks for f in (t.flags or "").split(";") if f})
    return DocumentRecord(
        doc_id=result.doc_id, title=result.title or None,
        year=int(year.group()) if year else None, period=result.period or None,
        layout=result.layout, tasks=len(result.tasks), targets=len(result.metrics),
        **{f"n_{s}": counts.get(s, 0) for s in STATUSES}, flags=";".join(flags))
