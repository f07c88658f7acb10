"""What a reader has read -> a Report: decoded text by the layout that explains it, the grids of
a workbook's sheets, and the blocks of a web page, Word file or PDF (paragraphs and tables in
document order)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .cells import header_roles
from .facts import title_of
from .model import Grid, Report, TaskRow, Unassigned
from .sheet import parse_grid
from .textfile import read_text_report

TEXT_REASONS = {
    "pipe": "rows of cells between | under a header naming target and outcome columns",
    "lines": "a table pasted one cell per block, found by its header words",
    "prose": "no table found: each sentence that states a target is a unit",
}
GRID_REASON = "a header row names the target and outcome columns"
NO_HEADER_REASON = "no row names a target and an outcome column"


def report_from_text(doc_id: str, text: str, vocab) -> Report:
    """A decoded text file, by the layout that explains it (readers/textfile.py)."""
    return read_text_report(doc_id, text, vocab)


def _grid_rows(doc_id: str, grid: Grid, layout: str, vocab, prefix: str, first_line: int
               ) -> tuple[list[TaskRow], list[Unassigned]]:
    """One grid's rows and lines, ids prefixed and lines counted from first_line."""
    rows, unassigned = parse_grid(doc_id, grid, layout, vocab.columns, vocab.unassigned_reasons,
                                  vocab.local_target_words)
    for row in rows:
        row.task_id, row.line = prefix + row.task_id, row.line + first_line - 1
    return rows, [Unassigned(u.doc_id, u.line + first_line - 1, u.text, u.reason)
                  for u in unassigned]


def report_from_grid(doc_id: str, grid: Grid | list[list[str]], layout: str, vocab) -> Report:
    """One sheet of text cells (a CSV)."""
    return report_from_sheets(doc_id, [grid if isinstance(grid, Grid) else Grid(grid)], layout,
                              vocab)


def report_from_sheets(doc_id: str, grids: list[Grid], layout: str, vocab) -> Report:
    """Every sheet of a workbook: ids from the second sheet on get `s<k>_`; lines count rows over
    all sheets in order."""
    rows: list[TaskRow] = []
    unassigned: list[Unassigned] = []
    first = 1
    for k, grid in enumerate(grids, start=1):
        found, lines = _grid_rows(doc_id, grid, layout, vocab, f"s{k}_" if k > 1 else "", first)
        rows += found
        unassigned += lines
        first += len(grid.cells)
    return Report(doc_id, layout, rows, unassigned, title=title_of(unassigned, rows),
                  layout_reason=GRID_REASON if rows else NO_HEADER_REASON)


@dataclass
class Paragraphs:
    """Text outside tables: one entry per paragraph, `\\n` where a line break was."""

    texts: list[str] = field(default_factory=list)


Block = Paragraphs | Grid


def grid_text(grid: Grid) -> list[str]:
    """A table without a header read as text: each cell that is not a merged copy, row by row."""
    return [c for r, row in enumerate(grid.cells) for j, c in enumerate(row)
            if c.strip() and (r, j) not in grid.from_above and (r, j) not in grid.from_left]


def report_from_blocks(doc_id: str, blocks: list[Block], vocab) -> Report:
    """A document's paragraphs and tables in order. A table whose header names a target and an
    outcome column gives layout `table` rows (ids `t<k>_` from the second such table on); other
    tables and all paragraphs are one text, read by the text layouts (prose, lines, pipe).
    Lines count the document's paragraph lines and table rows in order."""
    text_parts: list[str] = []
    line_map: dict[int, int] = {}
    tables: list[tuple[Grid, int]] = []
    line = text_line = 0

    def add_text(paragraph: str) -> None:
        nonlocal line, text_line
        if text_parts:
            text_line += 1  # the blank line between paragraphs
        for _ in paragraph.split("\n"):
            text_line += 1
            line += 1
            line_map[text_line] = line
        text_parts.append(paragraph)

    for block in blocks:
        if isinstance(block, Grid):
            if any(header_roles(cells, vocab.columns) for cells in block.cells):
                tables.append((block, line + 1))
                line += len(block.cells)
                continue
            paragraphs = grid_text(block)
        else:
            paragraphs = block.texts
        for paragraph in paragraphs:
            if paragraph.strip():
                add_text(paragraph)
    rows: list[TaskRow] = []
    unassigned: list[Unassigned] = []
    for k, (grid, first) in enumerate(tables, start=1):
        found, lines = _grid_rows(doc_id, grid, "table", vocab, f"t{k}_" if k > 1 else "", first)
        rows += found
        unassigned += lines
    text = "\n\n".join(text_parts)
    text_report = report_from_text(doc_id, text, vocab) if text.strip() else None
    if text_report is not None:
        for row in text_report.rows:
            row.line = line_map[row.line]
        rows += text_report.rows
        unassigned += [Unassigned(u.doc_id, line_map[u.line], u.text, u.reason)
                       for u in text_report.unassigned]
    rows.sort(key=lambda r: r.line)
    _unique_ids(rows)
    layouts = list(dict.fromkeys(r.layout for r in rows)) or (
        ["table"] if tables else [text_report.layout if text_report else "prose"])
    reasons = {"table": f"{len(tables)} table(s) whose header names target and outcome columns"}
    if text_report is not None:
        reasons[text_report.layout] = f"text outside tables: {text_report.layout_reason}"
    reason = "; ".join(f"{layout}: {reasons[layout]}" for layout in layouts if layout in reasons)
    text_rows = text_report is not None and bool(text_report.rows)
    period = text_report.period if text_rows else None
    title = text_report.title if text_report else ""
    if tables:  # the heading above the first table; a heading with a figure (2023年) is a row
        lines = unassigned + [Unassigned(r.doc_id, r.line, r.target_cell, "context")
                              for r in rows if r.layout == "prose"]
        title = title_of(lines, [r for r in rows if r.layout != "prose"])
    return Report(doc_id, ";".join(layouts), rows, unassigned, period, title,
                  layout_reason=reason or NO_HEADER_REASON)


def _unique_ids(rows: list[TaskRow]) -> None:
    """Ids from a document's tables and its text can meet: a repeat gets `#k`, as in one table."""
    seen: dict[str, int] = {}
    for row in rows:
        seen[row.task_id] = seen.get(row.task_id, 0) + 1
        if seen[row.task_id] > 1:
            row.task_id = f"{row.task_id}#{seen[row.task_id]}"
            if "duplicate_id" not in row.flags:
                row.flags.append("duplicate_id")
