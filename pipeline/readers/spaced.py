"""Space-separated rows: one table row per line, its cells split on runs of blanks.

The header is one line of column words (`序号 指标名称 责任单位 目标任务 1-8月实际完成情况 完成率
备注`), or a header spread over several lines above rows of figures (a cell's second line indented
after a blank line, as a page's table pastes), with a `单位:亿元` line above it. Cells are matched
to columns by content, so a row without its 单位 cell or with an item text that holds a space
still reads; a line without 序号 is a sub-row `<id>_<k>` of the row above. A table whose rows are
named by a label (县(市、区)) gives `<label>/<indicator>` tasks, as a grid does.
"""

from __future__ import annotations

import regex

from .align import ID, TEXT, align, cell_kind, positional_cost, spans_by_column
from .cells import HEADER_CELL, build_row, joined_headers, line_reason
from .model import TaskRow, Unassigned
from .reading import Reading
from .tables import Grid, LabelledRow, fit, grid_rows, is_value, value_columns
from .tablewords import TableWords, compact_view

CELL = regex.compile(r"[^\s\u3000]+")
SENTENCE = regex.compile(r"[。；;！!？?]")
MIN_ROLES = 3  # a one-line header names at least this many columns
HEADER_LINES = 30  # a header spread over lines is at most this tall


def _cells(line: str) -> list[tuple[int, int]]:
    return [m.span() for m in CELL.finditer(line)]


def read_spaced(doc_id: str, text: str, vocab, words: TableWords) -> Reading | None:
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    found = _one_line_header(lines, words) or _spread_header(lines, words)
    if found is None:
        return None
    first, last, headers, unit = found
    unit_at = next((k for k in range(first - 1, max(-1, first - 4), -1)
                    if unit and words.unit_line(lines[k])), None)
    first = unit_at if unit_at is not None else first
    header_lines = [n for n in range(first, last + 1) if lines[n].strip()]
    rows_from = last + 1
    body = []
    for n in range(rows_from, len(lines)):
        if not lines[n].strip() or "|" in lines[n]:
            break
        body.append(n)
    if not body:
        return None
    roles = [words.role(h) for h in headers]
    if "id" in roles or roles[0] != "label" and not _labelled(lines, body, words):
        rows, placed = _id_rows(doc_id, lines, body, headers, roles, vocab, words, unit)
    else:
        rows, placed = _label_rows(doc_id, text, lines, starts, body, headers, vocab, words, unit)
    if not rows:
        return None
    covered = set(range(first + 1, body[-1] + 2))
    unassigned = [Unassigned(doc_id, n + 1, lines[n].strip(), "header") for n in header_lines]
    unassigned += [Unassigned(doc_id, n + 1, line.strip(),
                              line_reason(line, vocab.unassigned_reasons))
                   for n, line in enumerate(lines) if line.strip() and n + 1 not in covered]
    explained = len(headers) + placed
    reason = (f"space-separated rows: header {' '.join(headers)}"
              + (f", unit line {unit}" if unit else "") + f", {explained} cells")
    return Reading("spaced", rows, sorted(unassigned, key=lambda u: u.line), explained, reason,
                   covered, first + 1)


def _one_line_header(lines: list[str], words: TableWords):
    for n, line in enumerate(lines):
        if "|" in line:
            continue
        spans = _cells(line)
        if len(spans) < MIN_ROLES:
            continue
        headers = _joined([line[a:b] for a, b in spans], words)
        roles = [words.role(h) for h in headers]
        named = [r for r in roles if r]
        if (len(named) >= MIN_ROLES and {"target", "actual"} <= set(named)
                and len(named) * 5 >= len(headers) * 3
                and all(len(compact_view(h)) <= HEADER_CELL for h in headers)):
            return n, n, headers, _unit_above(lines, n, words)
    return None


def _joined(cells: list[str], words: TableWords) -> list[str]:
    return ["".join(cells[a:b]) for a, b in joined_headers(cells, words)]


def _spread_header(lines: list[str], words: TableWords):
    """A header over several lines above a run of rows of figures: (first, last line, cells, unit)."""
    for n in range(len(lines) - 1):
        if not (_figure_row(lines[n], words) and _figure_row(lines[n + 1], words)):
            continue
        parts: list[tuple[int, str]] = []  # (line, text) from the bottom up
        k, blanks, unit = n - 1, 0, ""
        while k >= max(0, n - HEADER_LINES):
            line = lines[k]
            if _figure_row(line, words):
                break
            if not line.strip():
                blanks += 1
                if blanks > 1:
                    break
                k -= 1
                continue
            if "|" in line or SENTENCE.search(line) or any(
                    len(compact_view(line[a:b])) > HEADER_CELL for a, b in _cells(line)):
                break
            if unit := words.unit_line(line):
                break
            blanks = 0
            parts.append((k, line))
            k -= 1
        if not parts:
            continue
        cells: list[str] = []
        previous_blank = False
        for m in range(parts[-1][0], n):
            line = lines[m]
            if not line.strip():
                previous_blank = True
                continue
            texts = [line[a:b] for a, b in _cells(line)]
            if previous_blank and line[:1].isspace() and cells:  # a cell's second line
                cells[-1] += texts.pop(0)
            cells += texts
            previous_blank = False
        headers = _joined(cells, words)
        roles = {words.role(h) for h in headers}
        if {"target", "actual"} <= roles:
            unit = unit or _unit_above(lines, parts[-1][0], words)
            return parts[-1][0], n - 1, headers, unit
    return None


def _unit_above(lines: list[str], n: int, words: TableWords) -> str:
    """A 单位:亿元 line within the three lines above the header."""
    for k in range(n - 1, max(-1, n - 4), -1):
        if unit := words.unit_line(lines[k]):
            return unit
    return ""


def _figure_row(line: str, words: TableWords) -> bool:
    """A line that reads as a label followed by figures (达州市 12.9% 527.3 371.5)."""
    if "|" in line:
        return False
    cells = [line[a:b] for a, b in _cells(line)]
    if len(cells) < 3:
        return False
    kinds = [cell_kind(c, words.is_lead) for c in cells]
    values = sum(is_value(k) for k in kinds[1:])
    return kinds[0] in (TEXT, "lead") and values * 2 >= len(kinds) - 1 and values >= 2


def _labelled(lines: list[str], body: list[int], words: TableWords) -> bool:
    return sum(_figure_row(lines[n], words) for n in body) * 2 > len(body)


def _id_rows(doc_id: str, lines: list[str], body: list[int], headers: list[str],
             roles: list[str | None], vocab, words: TableWords, unit: str):
    role_of = {j: r for j, r in enumerate(roles) if r}
    id_at = roles.index("id") if "id" in roles else None
    rows: list[TaskRow] = []
    placed, parent, subrow, seen = 0, "", 0, {}
    for n in body:
        line = lines[n]
        spans = _cells(line)
        kinds = [cell_kind(line[a:b], words.is_lead) for a, b in spans]
        flags = []
        if len(spans) == len(headers) and positional_cost(kinds, roles) <= 0:
            by_column = spans
        else:
            taken, _ = align(kinds, roles)
            by_column = spans_by_column(spans, taken, kinds)
            if [len(t) for t in taken] != [1] * len(headers):
                flags.append("cell_count")
        bare = line[slice(*by_column[id_at])].strip() if id_at is not None else ""
        if id_at is None:
            task_id = str(len(rows) + 1)
        elif bare and cell_kind(bare, words.is_lead) == ID:
            parent, subrow, task_id = bare.rstrip(".、"), 1, bare.rstrip(".、")
        else:  # no 序号: a sub-row of the row above
            subrow += 1
            task_id = f"{parent}_{subrow}" if parent else str(len(rows) + 1)
        seen[task_id] = seen.get(task_id, 0) + 1
        if seen[task_id] > 1:
            task_id, flags = f"{task_id}#{seen[task_id]}", [*flags, "duplicate_id"]
        placed += sum(1 for j, (a, b) in enumerate(by_column) if j in role_of and b > a)
        filled = {j: r for j, r in role_of.items() if by_column[j][1] > by_column[j][0]}
        row = build_row(doc_id, task_id, n + 1, line, by_column, filled, headers,
                        vocab.local_target_words, flags, "spaced", words, unit)
        _item_unit(row, line, by_column, role_of, words)
        rows.append(row)
    return rows, placed


def _item_unit(row: TaskRow, line: str, spans: list[tuple[int, int]], roles: dict[int, str],
               words: TableWords) -> None:
    """An item name ending in its unit (城市棚户区改造(户), 工业投资(亿元)) gives bare figures
    their unit where no header does."""
    targets = [j for j, r in sorted(roles.items()) if r == "target"]
    if not targets or "target" in row.unit_hints:
        return
    unit = words.header_unit(line[slice(*spans[targets[0]])])
    if unit and unit != "%":
        row.unit_hints.setdefault("target", unit)
        row.unit_hints.setdefault("actual", unit)


def _label_rows(doc_id: str, text: str, lines: list[str], starts: list[int], body: list[int],
                headers: list[str], vocab, words: TableWords, unit: str):
    rows = []
    for n in body:
        spans = [(starts[n] + a, starts[n] + b) for a, b in _cells(lines[n])]
        rows.append(LabelledRow(n + 1, spans[:1], spans[1:], []))
    columns, groups, _ = value_columns(headers, words)
    values = [[cell_kind(text[a:b], words.is_lead) for a, b in r.values] for r in rows]
    if not groups:
        columns = fit(columns, values)
    grid = Grid(columns, groups, unit=unit)
    out, placed = grid_rows(doc_id, text, rows, grid, "spaced", words, vocab.local_target_words)
    return out, placed + len(rows)

