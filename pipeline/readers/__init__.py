"""Readers: a file -> a Report (task rows with their cells, unassigned lines, title, period).

The registry maps a file kind (its suffix) to the reader that reads it; the CLI consults it and
names every file no reader takes. Decoding lives in `decode`, what all table readers share in
`cells`, one module per layout beside them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from .decode import read_text
from .facts import title_of
from .model import Report, TaskRow, Unassigned
from .sheet import parse_grid, read_grid
from .textfile import read_text_report

__all__ = ["READERS", "NOT_YET_READ", "Report", "TaskRow", "Unassigned", "read_report",
           "report_from_text", "report_from_grid"]


def report_from_text(doc_id: str, text: str, vocab) -> Report:
    """A decoded text file, by the layout that explains it."""
    return read_text_report(doc_id, text, vocab)


def report_from_grid(doc_id: str, grid: list[list[str]], layout: str, vocab) -> Report:
    """A sheet of text cells (CSV, XLSX)."""
    rows, unassigned = parse_grid(doc_id, grid, layout, vocab.columns, vocab.unassigned_reasons,
                                  vocab.local_target_words)
    return Report(doc_id, layout, rows, unassigned, title=title_of(unassigned, rows))


def _text_file(path: Path, doc_id: str, vocab) -> Report:
    return report_from_text(doc_id, read_text(path), vocab)


def _sheet_file(path: Path, doc_id: str, vocab) -> Report:
    return report_from_grid(doc_id, read_grid(path), path.suffix.lower()[1:], vocab)


Reader = Callable[[Path, str, object], Report]
READERS: dict[str, Reader] = {".txt": _text_file, ".csv": _sheet_file, ".xlsx": _sheet_file}
# Kinds reports are published in that no reader takes yet: named with what to do instead.
NOT_YET_READ = {
    ".xls": "legacy Excel workbook: save it as .xlsx",
    ".html": "web page: not read yet; save the page's text as .txt",
    ".htm": "web page: not read yet; save the page's text as .txt",
    ".docx": "Word file: not read yet; save it as .txt",
    ".pdf": "PDF: not read yet; save its text as .txt",
}


def read_report(path: Path, vocab) -> Report:
    """Read one input by its kind; an InputError names a file no reader can take."""
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        reason = NOT_YET_READ.get(suffix, f"unsupported file kind {suffix or '(no extension)'!r}; "
                                  f"read are {', '.join(READERS)}")
        raise InputError(str(path), reason)
    report = reader(path, path.stem, vocab)
    if not report.rows:
        raise InputError(str(path), "no known layout: no task rows found")
    return report
