"""documents.csv rows: one per input, read or not, saying how it was read or why it was not."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .contract import DocumentRecord
from .engine import DocumentResult, document_record
from .readers import Report


def _layout(report: Report, result: DocumentResult) -> tuple[str, str]:
    """The blocks a report's tasks came from. Prose beside a table (a page's title, a date line)
    is read for targets, but when none of its sentences states one it is not a block of the
    report: `table`, not `table;prose`. Several blocks' reasons are `layout: reason` parts."""
    layouts = report.layout.split(";")
    prose_rows = sum(1 for r in report.rows if r.layout == "prose")
    if len(layouts) == 1 or "prose" not in layouts or prose_rows > result.context_rows:
        return report.layout, report.layout_reason
    kept = [layout for layout in layouts if layout != "prose"]
    reason = "; ".join(part for part in report.layout_reason.split("; ")
                       if not part.startswith("prose: "))
    return ";".join(kept), reason


def read_row(result: DocumentResult, report: Report, rule_file: Path | None) -> DocumentRecord:
    """A read report: its counts, and the reader, encoding and rule file behind them. A report
    with no target at all says so (`no_numeric_target`), as its tasks do."""
    record = document_record(result)
    flags = set(filter(None, (record.flags or "").split(";")))
    if not result.metrics:
        flags.add("no_numeric_target")
    layout, reason = _layout(report, result)
    return dataclasses.replace(
        record, flags=";".join(sorted(flags)), layout=layout, layout_reason=reason or None,
        file_kind=report.file_kind or None, reader=report.reader or None,
        rule_file=str(rule_file) if rule_file else None, encoding=report.encoding or None)


def unread_row(path: Path, reason: str, kind: str, report: Report | None = None
               ) -> DocumentRecord:
    """An input that was not read (or that the engine could not process): counts blank, flag
    `not_read`, the reason in layout_reason."""
    return DocumentRecord(
        doc_id=path.stem if path.suffix else path.name, flags="not_read", layout_reason=reason,
        file_kind=(report.file_kind if report else kind) or None,
        reader=report.reader if report else None,
        encoding=report.encoding or None if report else None)
