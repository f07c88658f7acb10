"""Readers: a file -> a Report (task rows with their cells, unassigned lines, title, period, and
how the file was read).

The registry maps a file kind (its suffix) to the reader that reads it; the CLI consults it and
names every file no reader takes. Input bytes are read once and bounded in `source`, decoding
lives in `decode`, what all table readers share in `cells`, `grid` and `sheet`, one module per
file kind or text layout beside them, and `compose` turns what a reader read into a Report.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from .compose import report_from_blocks, report_from_grid, report_from_sheets, report_from_text
from .csvfile import read_csv_grid
from .decode import text_of
from .docx import convert_legacy, read_docx
from .grid import cut
from .html import looks_like_html, read_html
from .model import Report, TaskRow, Unassigned
from .pdf import read_pdf
from .source import Limits, read_bytes
from .workbook import read_xls, read_xlsx

__all__ = ["READERS", "LEGACY", "Limits", "Report", "TaskRow", "Unassigned", "read_report",
           "report_from_text", "report_from_grid"]


def _text_file(data: bytes, path: Path, doc_id: str, vocab, limits: Limits) -> Report:
    if looks_like_html(data):
        return dataclasses.replace(_html_file(data, path, doc_id, vocab, limits), file_kind="txt")
    text, encoding = text_of(data, str(path))
    return dataclasses.replace(report_from_text(doc_id, text, vocab), reader="text",
                               encoding=encoding)


def _csv_file(data: bytes, path: Path, doc_id: str, vocab, limits: Limits) -> Report:
    grid, encoding = read_csv_grid(data, path, limits)
    return dataclasses.replace(report_from_grid(doc_id, grid, "csv", vocab), reader="csv",
                               encoding=encoding)


def _workbook(read, name: str):
    def reader(data: bytes, path: Path, doc_id: str, vocab, limits: Limits) -> Report:
        sheets = read(data, path, limits)
        report = report_from_sheets(doc_id, [s.grid for s in sheets], "xlsx", vocab)
        return dataclasses.replace(report, reader=name,
                                   warnings=tuple(s.warning for s in sheets if s.warning))
    return reader


def _html_file(data: bytes, path: Path, doc_id: str, vocab, limits: Limits) -> Report:
    blocks, encoding = read_html(data, path, limits)
    return dataclasses.replace(report_from_blocks(doc_id, blocks, vocab), reader="html",
                               encoding=encoding)


def _docx_file(data: bytes, path: Path, doc_id: str, vocab, limits: Limits) -> Report:
    return dataclasses.replace(report_from_blocks(doc_id, read_docx(data, path, limits), vocab),
                               reader="docx")


def _legacy_word(data: bytes, path: Path, doc_id: str, vocab, limits: Limits) -> Report:
    converted = convert_legacy(path, data, limits)
    return dataclasses.replace(_docx_file(converted, path, doc_id, vocab, limits),
                               reader="soffice+docx")


def _pdf_file(data: bytes, path: Path, doc_id: str, vocab, limits: Limits) -> Report:
    return dataclasses.replace(report_from_blocks(doc_id, read_pdf(data, path, limits), vocab),
                               reader="pdf")


Reader = Callable[[bytes, Path, str, object, Limits], Report]
READERS: dict[str, Reader] = {
    ".txt": _text_file, ".csv": _csv_file, ".xlsx": _workbook(read_xlsx, "xlsx"),
    ".xls": _workbook(read_xls, "xls"), ".html": _html_file, ".htm": _html_file,
    ".docx": _docx_file, ".pdf": _pdf_file,
}
# Kinds reports are published in that are read only through a converter on the machine.
LEGACY: dict[str, Reader] = {".doc": _legacy_word, ".wps": _legacy_word}


def _bounded(report: Report, limits: Limits) -> Report:
    """Cells over the length limit are cut, and the task says so (`cell_truncated`)."""
    for row in report.rows:
        for name in ("target_cell", "lead_cell", "actual_cell"):
            text, was_cut = cut(getattr(row, name), limits.max_cell_chars)
            if was_cut:
                setattr(row, name, text)
                if "cell_truncated" not in row.flags:
                    row.flags.append("cell_truncated")
    unassigned = [u if len(u.text) <= limits.max_cell_chars else
                  dataclasses.replace(u, text=cut(u.text, limits.max_cell_chars)[0])
                  for u in report.unassigned]
    return dataclasses.replace(report, unassigned=unassigned)


def read_report(path: Path, vocab, limits: Limits | None = None) -> Report:
    """Read one input by its kind, within the limits; an InputError names a file that cannot be
    read and why. A readable file with no task rows is a Report without rows."""
    limits = limits or Limits()
    suffix = path.suffix.lower()
    reader = READERS.get(suffix) or LEGACY.get(suffix)
    if reader is None:
        raise InputError(str(path), f"unsupported file kind {suffix or '(no extension)'!r}; "
                         f"read are {', '.join(READERS)}")
    data = read_bytes(path, limits)
    report = reader(data, path, path.stem, vocab, limits)
    if not report.file_kind:
        report = dataclasses.replace(report, file_kind=suffix[1:])
    return _bounded(report, limits)
