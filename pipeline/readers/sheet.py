"""CSV files and XLSX workbooks: a grid of text cells, its columns found by their header words."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from .cells import build_row, header_roles, line_reason
from .model import TaskRow, Unassigned


def read_grid(path: Path) -> list[list[str]]:
    """A CSV or the first sheet of an XLSX as rows of text cells; unreadable files are named."""
    import pandas as pd

    try:
        if path.suffix.lower() == ".csv":
            frame = pd.read_csv(path, header=None, dtype=str, keep_default_na=False,
                                encoding="utf-8-sig")
        else:
            return _read_xlsx(path)
    except (OSError, ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(str(path), f"cannot read as {path.suffix[1:].upper()}: {exc}") from exc
    except Exception as exc:  # openpyxl raises its own kinds for a file that is not a workbook
        raise InputError(str(path), f"cannot read as {path.suffix[1:].upper()}: {exc}") from exc
    return [["" if v is None else str(v) for v in row] for row in frame.itertuples(index=False)]


def _read_xlsx(path: Path) -> list[list[str]]:
    """The first sheet's cells as written: a formula is kept as its text, never evaluated."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # not a workbook, or a broken one
        raise InputError(str(path), f"cannot read as XLSX: {exc}") from exc
    try:
        sheet = workbook.worksheets[0]
        return [["" if v is None else str(v) for v in row]
                for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def parse_grid(doc_id: str, grid: list[list[str]], layout: str, columns: dict[str, list[str]],
               unassigned_reasons: dict[str, list[str]], local_words: tuple[str, ...]
               ) -> tuple[list[TaskRow], list[Unassigned]]:
    """CSV and XLSX sheets: the header row is the first whose cells name a target and an actual
    column; each later non-empty row is a task. A multi-column role's cell joins its columns
    with ` | `."""
    header_at, roles = None, None
    unassigned = []
    for i, cells in enumerate(grid):
        if (found := header_roles(cells, columns)) is not None:
            header_at, roles = i, found
            unassigned.append(Unassigned(doc_id, i + 1, " | ".join(cells).strip(), "header"))
            break
        if any(c.strip() for c in cells):
            unassigned.append(Unassigned(doc_id, i + 1, " | ".join(cells).strip(),
                                         line_reason(" ".join(cells), unassigned_reasons)))
    if roles is None:
        return [], unassigned
    headers = [c.strip() for c in grid[header_at]]
    has_id = "id" in roles.values()
    rows, seen = [], {}
    for i, cells in enumerate(grid[header_at + 1:], start=header_at + 2):
        if not any(c.strip() for c in cells):
            continue
        spans, parts, offset = [], [], 0
        for cell in cells:
            spans.append((offset, offset + len(cell)))
            parts.append(cell)
            offset += len(cell) + 3
        raw = " | ".join(parts)
        id_column = next((k for k, r in roles.items() if r == "id"), None)
        task_id = cells[id_column].strip() if has_id and id_column < len(cells) else ""
        task_id = task_id or str(len(rows) + 1)
        seen[task_id] = seen.get(task_id, 0) + 1
        flags = []
        if seen[task_id] > 1:
            task_id, flags = f"{task_id}#{seen[task_id]}", ["duplicate_id"]
        rows.append(build_row(doc_id, task_id, i, raw, spans, roles, headers, local_words, flags,
                              layout))
    return rows, unassigned
