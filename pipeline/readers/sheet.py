"""Tables as grids of text cells (CSV, every sheet of a workbook, and the tables of web pages,
Word files and PDFs): the header row is found by its words, each later row is a task."""

from __future__ import annotations

from .cells import build_row, header_roles, line_reason
from .model import Grid, TaskRow, Unassigned


def _header_continued(grid: Grid, at: int) -> bool:
    """A row under the header holding a copy of a header cell from above is the header's second
    row (序号 spanning two rows beside 完成情况 split into 完成值 | 完成率)."""
    return at < len(grid.cells) and any((at, j) in grid.from_above
                                        for j in range(len(grid.cells[at])))


def _heading_row(grid: Grid, i: int) -> bool:
    """A row that is one merged cell across the table (一、科技创新) is a heading, not a task."""
    cells = grid.cells[i]
    own = [j for j, c in enumerate(cells) if c.strip() and (i, j) not in grid.from_left]
    return len(own) == 1 and any((i, j) in grid.from_left for j in range(len(cells)))


def parse_grid(doc_id: str, grid: Grid, layout: str, columns: dict[str, list[str]],
               unassigned_reasons: dict[str, list[str]], local_words: tuple[str, ...]
               ) -> tuple[list[TaskRow], list[Unassigned]]:
    """The header row is the first whose cells name a target and an actual column; each later
    non-empty row is a task. A multi-column role's cell joins its columns with ` | `. Merged
    cells: a two-row header is read as one; a row that is one merged cell is a heading; a copy of
    a merged cell inside one role is left out of that role's text (it would repeat it); an id
    merged down over several rows gives sub-rows `<id>_<k>`."""
    rows_of = grid.cells
    header_at, roles = None, None
    unassigned = []
    for i, cells in enumerate(rows_of):
        if (found := header_roles(cells, columns)) is not None:
            header_at, roles = i, found
            unassigned.append(Unassigned(doc_id, i + 1, " | ".join(cells).strip(), "header"))
            break
        if any(c.strip() for c in cells):
            unassigned.append(Unassigned(doc_id, i + 1, " | ".join(cells).strip(),
                                         line_reason(" ".join(cells), unassigned_reasons)))
    if roles is None:
        return [], unassigned
    headers = [c.strip() for c in rows_of[header_at]]
    first = header_at + 1
    while _header_continued(grid, first):
        below = rows_of[first]
        headers = [f"{h} {below[j].strip()}".strip() if j < len(below) and
                   (first, j) not in grid.from_above else h for j, h in enumerate(headers)]
        unassigned.append(Unassigned(doc_id, first + 1, " | ".join(below).strip(), "header"))
        first += 1
    roles = header_roles(headers, columns) or roles
    id_column = next((k for k, r in roles.items() if r == "id"), None)
    rows: list[TaskRow] = []
    seen: dict[str, int] = {}
    subrows: dict[str, int] = {}
    for i in range(first, len(rows_of)):
        cells = list(rows_of[i])
        if not any(c.strip() for c in cells):
            continue
        if _heading_row(grid, i):
            unassigned.append(Unassigned(doc_id, i + 1, cells[0].strip() or " ".join(cells).strip(),
                                         line_reason(" ".join(cells), unassigned_reasons)))
            continue
        for j in range(1, len(cells)):
            if (i, j) in grid.from_left and roles.get(j) is not None and \
                    roles.get(j) == roles.get(j - 1):
                cells[j] = ""
        spans, offset = [], 0
        for cell in cells:
            spans.append((offset, offset + len(cell)))
            offset += len(cell) + 3
        raw = " | ".join(cells)
        flags = list(grid.row_flags.get(i, []))
        task_id = cells[id_column].strip() if id_column is not None and id_column < len(cells) \
            else ""
        if task_id and (i, id_column) in grid.from_above:  # a sub-row of a merged id
            subrows[task_id] = subrows.get(task_id, 1) + 1
            task_id = f"{task_id}_{subrows[task_id]}"
        task_id = task_id or str(len(rows) + 1)
        seen[task_id] = seen.get(task_id, 0) + 1
        if seen[task_id] > 1:
            task_id = f"{task_id}#{seen[task_id]}"
            flags.append("duplicate_id")
        rows.append(build_row(doc_id, task_id, i + 1, raw, spans, roles, headers, local_words,
                              flags, layout))
    return rows, unassigned
