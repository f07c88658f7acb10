"""documents.csv rows: one per input, read or not, saying how it was read or why it was not."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .contract import DocumentRecord
from .engine import DocumentResult, document_record
from .readers import Report


def read_row(result: DocumentResult, report: Report, rule_file: Path | None) -> DocumentRecord:
    """A read report: its counts, and the reader, encoding and rule file behind them. A report
    with no target at all says so (`no_numeric_target`), as its tasks do."""
    record = document_record(result)
    flags = set(filter(None, (record.flags or "").split(";")))
    if not result.metrics:
        flags.add("no_numeric_target")
    return dataclasses.replace(
        record, flags=";".join(sorted(flags)), layout_reason=report.layout_reason or None,
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
