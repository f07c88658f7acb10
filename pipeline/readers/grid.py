"""Merged cells expanded into a plain grid, for every table reader: HTML rows with rowspan and
colspan, and sheets or Word tables with merged ranges. Each copy is remembered (from above, from
the left) so the table reader can tell a merged heading from cells of its own."""

from __future__ import annotations

from ..errors import InputError
from .model import Grid

MAX_COLSPAN = 1_000  # HTML's own clamp
MAX_GRID_CELLS = 2_000_000  # spans beyond this are a hostile table, not a report


def cut(text: str, max_chars: int) -> tuple[str, bool]:
    """A cell's text within the length limit, and whether it was cut."""
    return (text[:max_chars], True) if len(text) > max_chars else (text, False)


def _fill(grid: Grid, out: list[str], r: int,
          pending: dict[tuple[int, int], tuple[str, str]]) -> None:
    """Place the spanned copies waiting at the row's next positions."""
    while (r, len(out)) in pending:
        text, origin = pending.pop((r, len(out)))
        (grid.from_above if origin == "above" else grid.from_left).add((r, len(out)))
        out.append(text)


def grid_from_spans(rows: list[list[tuple[str, int, int]]], path: str) -> Grid:
    """Rows of (text, rowspan, colspan), as HTML gives them, into a grid where a merged cell
    fills every position it covers. A row span never reaches past the table's last row (as in a
    browser); rowspan 0 means to the last row."""
    grid = Grid([])
    pending: dict[tuple[int, int], tuple[str, str]] = {}  # position -> (text, "above"|"left")
    n_rows = len(rows)
    width = 0
    budget = MAX_GRID_CELLS  # every position a span fills is charged before it is filled
    for r, row in enumerate(rows):
        out: list[str] = []
        for text, rowspan, colspan in row:
            _fill(grid, out, r, pending)
            c = len(out)
            colspan = max(1, min(colspan, MAX_COLSPAN))
            rowspan = n_rows - r if rowspan == 0 else max(1, min(rowspan, n_rows - r))
            budget -= rowspan * colspan
            if budget < 0:
                raise InputError(path, f"a table spans more than {MAX_GRID_CELLS} cells; refused")
            for dc in range(colspan):
                for dr in range(rowspan):
                    if dr or dc:
                        pending[(r + dr, c + dc)] = (text, "above" if dr else "left")
            out.append(text)
        for col in sorted(k[1] for k in pending if k[0] == r):  # spans past this row's cells
            out.extend([""] * (col - len(out)))
            _fill(grid, out, r, pending)
        width = max(width, len(out))
        if width * (r + 1) > MAX_GRID_CELLS:
            raise InputError(path, f"a table spans more than {MAX_GRID_CELLS} cells; refused")
        grid.cells.append(out)
    for row in grid.cells:  # a ragged table: short rows padded, as a browser shows them
        row.extend([""] * (width - len(row)))
    return grid


def grid_with_merges(cells: list[list[str]], merges: list[tuple[int, int, int, int]],
                     path: str) -> Grid:
    """A sheet's cells plus its merged ranges (first row, first column, last row, last column,
    0-based, inclusive): every position of a range gets its top-left cell's text. A range is cut
    to the rows and columns that hold cells; one that still covers more than MAX_GRID_CELLS is a
    hostile sheet."""
    grid = Grid([list(row) for row in cells])
    width = max((len(row) for row in grid.cells), default=0)
    budget = MAX_GRID_CELLS
    for r0, c0, r1, c1 in merges:
        if r0 >= len(grid.cells) or c0 >= width:
            continue
        r1, c1 = min(r1, len(grid.cells) - 1), min(c1, width - 1)
        budget -= (r1 - r0 + 1) * (c1 - c0 + 1)
        if budget < 0:
            raise InputError(path, f"merged cells cover more than {MAX_GRID_CELLS} cells; refused")
        text = grid.cells[r0][c0] if c0 < len(grid.cells[r0]) else ""
        for r in range(r0, min(r1, len(grid.cells) - 1) + 1):
            row = grid.cells[r]
            if len(row) <= c1:
                row.extend([""] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                if (r, c) == (r0, c0):
                    continue
                row[c] = text
                (grid.from_above if r > r0 and c == c0 else grid.from_left).add((r, c))
    return grid
