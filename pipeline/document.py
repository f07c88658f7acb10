"""One report, end to end in memory: task rows -> targets -> pairings -> outcomes -> plain rows.

Pure: takes the report's text, the vocabulary and its rule entries; returns rows for the output
tables. Reading files and writing outputs happen in the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .compare import compare
from .errors import RuleError
from .leads import split_lead_units
from .match import Pairing, pair_generic, read_actual
from .read import TaskRow, Unassigned, parse_grid, read_report
from .review import apply_entries
from .rules import RuleEntry
from .targets import extract_targets
from .text import make_view
from .vocabulary import Vocabulary

TASK_FLAGS_ON_METRICS = ("spam", "wrapped_row", "duplicate_id", "unknown_lead_unit", "cell_count",
                         "control_characters", "html_markup", "too_many_numbers", "non_numeric_id")


@dataclass
class DocumentResult:
    doc_id: str
    layout: str
    metrics: list[dict] = field(default_factory=list)
    tasks: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    unassigned: list[dict] = field(default_factory=list)
    context_rows: int = 0  # prose sentences read that state no target
    title: str = ""
    period: str = ""
    failure: str = ""  # why the engine could not process the report (it is then named, exit 3)


def check_entries(doc_id: str, rows: list[TaskRow], entries: list[RuleEntry]) -> None:
    """A reviewed entry naming a task the report does not have is stale: stop before processing."""
    ids = {r.task_id for r in rows}
    for entry in entries:
        if entry.reviewed and entry.task not in ids:
            raise RuleError(entry.path, f"task {entry.task!r} is not in {doc_id}", entry.line)


@dataclass(frozen=True)
class Report:
    """A report as read: its layout, candidate rows, unassigned lines and the period it covers."""

    doc_id: str
    layout: str
    rows: list[TaskRow]
    unassigned: list[Unassigned]
    period: tuple[str, int] | None = None  # (as written, months) for a part-year report
    title: str = ""


def document_period(text: str, vocab: Vocabulary) -> tuple[str, int] | None:
    """The period a whole progress report covers (萧县9月份…; 截至9月底), if part of a year;
    failing that, the months before its publication date (dated in October: 1-9月)."""
    view = make_view(text, ()).text
    found = min(((m, p) for p in vocab.document_periods if (m := p.pattern.search(view))),
                key=lambda pair: pair[0].start(), default=None)
    if found is not None:
        match, period = found
        months = int(match.group(period.months)) if isinstance(period.months, str) else period.months
        written = text[match.start():match.end()]
    else:
        dated = next((m for p in vocab.publication_dates if (m := p.search(view))), None)
        if dated is None:
            return None
        months, written = int(dated.group("m")) - 1, f"1-{int(dated.group('m')) - 1}月"
    return (written, months) if months is not None and 0 < months < 12 else None


TITLE_LENGTH = 60


def _title_like(text: str) -> bool:
    return 0 < len(text) <= TITLE_LENGTH and not text.endswith(tuple("。？?！!：:;；,，"))


def title_of(unassigned: list[Unassigned], rows: list[TaskRow]) -> str:
    """A table's title: the nearest short line above it that reads like a heading."""
    first_row = min((r.line for r in rows), default=0)
    above = [u.text for u in sorted(unassigned, key=lambda u: u.line)
             if u.line < first_row and u.reason != "header" and _title_like(u.text)]
    return above[-1] if above else ""


def read_report_text(doc_id: str, text: str, vocab: Vocabulary) -> Report:
    layout, rows, unassigned = read_report(doc_id, text, vocab)
    period = document_period(text, vocab) if layout in ("prose", "lines") else None
    if layout == "prose":
        first = text.strip().split("\n", 1)[0].strip()
        title = first if _title_like(first) else ""
    else:
        title = title_of(unassigned, rows)
    return Report(doc_id, layout, rows, unassigned, period, title)


def read_report_grid(doc_id: str, grid: list[list[str]], layout: str, vocab: Vocabulary) -> Report:
    rows, unassigned = parse_grid(doc_id, grid, layout, vocab.columns, vocab.unassigned_reasons,
                                  vocab.local_target_words)
    return Report(doc_id, layout, rows, unassigned, title=title_of(unassigned, rows))


def process_document(report: Report, vocab: Vocabulary, entries: list[RuleEntry],
                     progress=None) -> DocumentResult:
    result = DocumentResult(report.doc_id, report.layout, title=report.title,
                            period=report.period[0] if report.period else "")
    by_task: dict[str, list[RuleEntry]] = {}
    for entry in entries:
        by_task.setdefault(entry.task, []).append(entry)
    context: list[Unassigned] = []
    for row in report.rows:
        unit = _process_task(row, vocab, by_task.get(row.task_id, []), result,
                             report.period)
        if progress is not None:
            progress(1)
        if not unit:  # a prose sentence that states no target is context
            context.append(Unassigned(row.doc_id, row.line, row.target_cell, "context"))
            result.context_rows += 1
    kept_lines = {int(t["line"]) for t in result.tasks}
    lines = report.unassigned + [u for u in context if u.line not in kept_lines]
    result.unassigned = [dict(doc_id=u.doc_id, line=u.line, text=u.text, reason=u.reason)
                         for u in sorted(lines, key=lambda u: u.line)]
    for task in result.tasks:
        del task["line"]
    return result


def _task_flags(row: TaskRow, vocab: Vocabulary, views) -> tuple[list[str], list[str]]:
    units, unknown = split_lead_units(row.lead_cell, vocab.lead_units)
    flags = list(row.flags)
    flags.extend(sorted({mark for view in views for mark in view.marks}))
    if unknown:
        flags.append("unknown_lead_unit")
    return units, flags


def pair_task(row: TaskRow, vocab: Vocabulary, entries: list[RuleEntry],
              period: tuple[str, int] | None = None):
    """One task's targets paired with figures: the engine's reading, then the reviewed entries."""
    target_view = vocab.view(row.target_cell)
    actual_view = vocab.view(row.actual_cell)
    targets, skipped = extract_targets(row.target_cell, vocab, target_view,
                                       prose=row.layout == "prose")
    if not targets and not any(e.reviewed for e in entries):  # nothing to look for
        return [], skipped, (target_view, actual_view)
    cell = read_actual(row.actual_cell, vocab, actual_view, row.ratio_from)
    excluded = frozenset()
    if row.actual_cell.startswith(row.target_cell):  # prose: the target sentence opens the cell
        excluded = frozenset(t.start for t in targets)
    out_of_scope = frozenset(i for i, t in enumerate(targets)
                             if row.local_from is not None and t.start < row.local_from)
    pairings = pair_generic(targets, cell, vocab, excluded, out_of_scope)
    for i in out_of_scope:  # a higher level's target beside the report's own column
        pairings[i].status = "not_comparable"
        pairings[i].note = vocab.notes.get("higher_level", "")
    if period is not None:  # the report's own period for figures that state none
        for pairing in pairings:
            if pairing.actual is not None and pairing.period == "full_year":
                pairing.period, pairing.period_months = period
    pairings, skipped = apply_entries(entries, row.target_cell, cell, pairings, skipped, vocab)
    return pairings, skipped, (target_view, actual_view)


def _process_task(row: TaskRow, vocab: Vocabulary, entries: list[RuleEntry],
                  result: DocumentResult, period: tuple[str, int] | None) -> bool:
    """Adds the task's rows to the result; False for a prose sentence that is no unit."""
    pairings, skipped, views = pair_task(row, vocab, entries, period)
    if row.layout == "prose" and not pairings:
        return False
    units, task_flags = _task_flags(row, vocab, views)
    counts = {"met": 0, "missed": 0}
    for pairing in pairings:
        metric = _metric_row(row, units, task_flags, pairing, vocab)
        counts[metric["status"]] = counts.get(metric["status"], 0) + 1
        result.metrics.append(metric)
    result.skipped.extend(dict(doc_id=row.doc_id, task_id=row.task_id, text=s.text, start=s.start,
                               end=s.end, reason=s.reason) for s in skipped)
    if any(s.reason == "limit" for s in skipped):
        task_flags.append("too_many_numbers")
    flags = task_flags + ([] if pairings else ["no_numeric_target"])
    result.tasks.append(dict(
        doc_id=row.doc_id, task_id=row.task_id, lead_units=";".join(units),
        target_cell=row.target_cell, actual_cell=row.actual_cell, n_targets=len(pairings),
        n_met=counts["met"], n_missed=counts["missed"],
        n_other=len(pairings) - counts["met"] - counts["missed"], flags=";".join(flags),
        line=row.line))
    return True


def _metric_row(row: TaskRow, units: list[str], task_flags: list[str], pairing: Pairing,
                vocab: Vocabulary) -> dict:
    target, actual = pairing.target, pairing.actual
    outcome = compare(pairing, vocab.same_unit, vocab.notes)
    flags = [f for f in task_flags if f in TASK_FLAGS_ON_METRICS] + target.flags + outcome.flags
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

