"""Pipe tables: `序号 | 重点工作 | 牵头单位 | 完成情况 |`, rows wrapped over several lines, sub-rows
without an id, several tables in one file."""

from __future__ import annotations

import regex

from .cells import build_row, header_roles, line_reason, trimmed
from .model import TaskRow, Unassigned

DEFAULT_ROLES = {0: "id", 1: "target", 2: "lead", 3: "actual"}


ROW_START = regex.compile(r"^\s*(\d+)\s*\|")


def cell_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the cells between pipes; a trailing empty cell after the last pipe is dropped."""
    bounds = [-1] + [i for i, ch in enumerate(text) if ch == "|"] + [len(text)]
    spans = [(a + 1, b) for a, b in zip(bounds, bounds[1:], strict=False)]
    if len(spans) > 1 and not text[spans[-1][0]:spans[-1][1]].strip():
        spans.pop()
    return spans


def parse_pipe(doc_id: str, text: str, columns: dict[str, list[str]],
               unassigned_reasons: dict[str, list[str]],
               local_words: tuple[str, ...] = ()) -> tuple[list[TaskRow], list[Unassigned]]:
    """Group physical lines into task rows; a line that starts no row continues an unfinished one.

    A line without an id but with a full set of cells and an empty last one is a sub-row of the
    row above, shifted one cell left (`新增800张… | 810 | 101% | |`): it becomes `<id>_<k>`.
    """
    roles, headers, width = dict(DEFAULT_ROLES), [], 4
    rows: list[TaskRow] = []
    unassigned: list[Unassigned] = []
    pending: tuple[int, list[str]] | None = None
    seen: dict[str, int] = {}
    subrows: dict[str, int] = {}
    pending_flags: list[str] = []
    table = 1

    def prefix() -> str:
        return f"t{table}_" if table > 1 else ""

    def add(first: int, row_text: str, flags: list[str], shifted: bool = False) -> None:
        spans = cell_spans(row_text)
        if shifted:
            spans = [(0, 0), *spans[:-1]]
            task_id = f"{prefix()}{parent}_{subrows.setdefault(prefix() + parent, 1) + 1}"
            subrows[prefix() + parent] += 1
        elif "id" not in roles.values():  # a table without 序号: rows in document order
            task_id = str(sum(1 for r in rows if r.task_id.startswith(prefix())) + 1)
        else:
            task_id = row_text[slice(*trimmed(row_text, *spans[0]))] if spans else ""
        task_id = prefix() + task_id if not shifted else task_id
        if len(spans) != width:
            flags.append("cell_count")
        seen[task_id] = seen.get(task_id, 0) + 1
        if seen[task_id] > 1:
            task_id = f"{task_id}#{seen[task_id]}"
            flags.append("duplicate_id")
        rows.append(build_row(doc_id, task_id, first, row_text, spans, roles, headers,
                              local_words, flags, "pipe"))

    def close() -> None:
        nonlocal pending
        if pending:
            first, lines = pending
            add(first, "\n".join(lines), ["wrapped_row"] * (len(lines) > 1) + pending_flags)
            pending = None
            pending_flags.clear()

    def complete(lines: list[str]) -> bool:
        joined = "\n".join(lines)
        return len(cell_spans(joined)) >= width and joined.rstrip().endswith("|")

    parent = ""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        cells = [line[a:b] for a, b in cell_spans(line)]
        if headers and "id" not in roles.values() and "|" in line and len(cells) >= 2:
            close()
            pending = (number, [line])
        elif ROW_START.match(line):
            close()
            pending = (number, [line])
            parent = ROW_START.match(line).group(1)
        elif pending and not complete(pending[1]) and "|" in line:
            pending[1].append(line)
        elif "|" in line and not ROW_START.match(line) and (found := header_roles(cells, columns)):
            close()  # a header: the first table's, or a later table's (ids then t<k>_)
            if rows or headers:
                table += 1
            roles, headers, width = found, [c.strip() for c in cells], len(cells)
            unassigned.append(Unassigned(doc_id, number, line.strip(), "header"))
        elif (pending or rows) and "|" in line and len(cells) == width and not cells[-1].strip():
            close()
            add(number, line, [], shifted=True)
        elif (headers or rows) and "|" in line and len(cells) >= width and cells[0].strip():
            close()  # an id that is not a number (A1, 一): still a task, flagged
            pending = (number, [line])
            parent = cells[0].strip()
            pending_flags.append("non_numeric_id")
        else:
            close()
            unassigned.append(Unassigned(doc_id, number, line.strip(),
                                         line_reason(line, unassigned_reasons)))
    close()
    return rows, unassigned
