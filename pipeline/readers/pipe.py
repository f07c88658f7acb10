"""Pipe tables: `序号 | 重点工作 | 牵头单位 | 完成情况 |`, rows wrapped over several lines, sub-rows
without an id, several tables in one file, rows that lost a cell."""

from __future__ import annotations

import regex

from .align import EMPTY, ID, LEAD, align, cell_kind, cost, positional_cost, spans_by_column
from .cells import build_row, header_roles, line_reason, trimmed
from .model import TaskRow, Unassigned
from .reading import Reading
from .tablewords import TableWords, compact_view

DEFAULT_ROLES = {0: "id", 1: "target", 2: "lead", 3: "actual"}


ROW_START = regex.compile(r"^\s*(\d+)\s*\|")
PIPE = regex.compile(r"\|")
DIGITS = regex.compile(r"\d+")
ID_TEXT = 6  # an id cell longer than this (一、继续提高…) holds another column's text


def cell_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the cells between pipes; a trailing empty cell after the last pipe is dropped."""
    bounds = [-1] + [m.start() for m in PIPE.finditer(text)] + [len(text)]
    spans = [(a + 1, b) for a, b in zip(bounds, bounds[1:], strict=False)]
    if len(spans) > 1 and not text[spans[-1][0]:spans[-1][1]].strip():
        spans.pop()
    return spans


def realigned(text: str, spans: list[tuple[int, int]], roles: dict[int, str], width: int,
              words: TableWords) -> list[tuple[int, int]] | None:
    """A row whose cells do not stand where the header says (a 大类 cell only on the first row;
    no 牵头单位 cell, so the progress text sits in the lead column and an empty cell follows):
    its spans per column, aligned by content; None where the row reads right as it stands."""
    def kind(j: int) -> str:
        return cell_kind(text[slice(*spans[j])], words.is_lead)

    id_at = next((j for j, r in roles.items() if r == "id"), None)
    lead_at = next((j for j, r in roles.items() if r == "lead"), None)
    suspicious = bool(spans) and (len(spans) != width or (  # an id cell with an item's text
        id_at is not None and id_at < len(spans) and kind(id_at) != ID
        and len(compact_view(text[slice(*spans[id_at])])) > ID_TEXT) or (
        lead_at is not None and lead_at < len(spans) and kind(len(spans) - 1) == EMPTY
        and kind(lead_at) not in (LEAD, EMPTY)))
    if not suspicious:
        return None
    kinds = [kind(j) for j in range(len(spans))]
    columns = [roles.get(j) for j in range(width)]
    taken, best = align(kinds, columns)
    if best >= positional_cost(kinds, columns):
        return None
    return spans_by_column(spans, taken, kinds)


def _fitting(text: str, spans: list[tuple[int, int]], roles: dict[int, str],
             words: TableWords | None) -> int:
    """The row's filled cells whose content fits their column (a figure in a lead column does
    not): what the layout explains."""
    fits = 0
    for j, (a, b) in enumerate(spans):
        if j in roles and text[a:b].strip():
            fits += words is None or cost(cell_kind(text[a:b], words.is_lead), roles[j]) < 1
    return fits


def read_pipe(doc_id: str, text: str, vocab, words: TableWords) -> Reading:
    """The pipe layout's reading: its rows and how many cells it explains."""
    rows, unassigned, explained, covered = _parse(
        doc_id, text, vocab.columns, vocab.unassigned_reasons, vocab.local_target_words, words)
    headers = [u for u in unassigned if u.reason == "header"]
    reason = (f"pipe table: header {headers[0].text!r}, {explained} cells" if headers
              else f"pipe rows without a header (序号 | 任务 | 单位 | 情况), {explained} cells")
    first = min([u.line for u in headers] + [r.line for r in rows], default=None)
    return Reading("pipe", rows, unassigned, explained, reason, covered, first)


def parse_pipe(doc_id: str, text: str, columns: dict[str, list[str]],
               unassigned_reasons: dict[str, list[str]], local_words: tuple[str, ...] = (),
               words: TableWords | None = None) -> tuple[list[TaskRow], list[Unassigned]]:
    """The rows and the other lines of a pipe table (see _parse)."""
    rows, unassigned, _, _ = _parse(doc_id, text, columns, unassigned_reasons, local_words, words)
    return rows, unassigned


def _parse(doc_id: str, text: str, columns: dict[str, list[str]],
           unassigned_reasons: dict[str, list[str]],
           local_words: tuple[str, ...] = (), words: TableWords | None = None):
    """Group physical lines into task rows; a line that starts no row continues an unfinished one.

    A line without an id but with a full set of cells and an empty last one is a sub-row of the
    row above, shifted one cell left (`新增800张… | 810 | 101% | |`): it becomes `<id>_<k>`.
    A row whose cells do not fit the header is aligned by content and flagged `cell_count`.
    Returns the rows, the other lines, the cells explained and the lines the tables cover.
    """
    roles, headers, width = dict(DEFAULT_ROLES), [], 4
    rows = []
    explained = 0
    covered: set[int] = set()
    unassigned: list[Unassigned] = []
    pending: tuple[int, list[str]] | None = None
    seen: dict[str, int] = {}
    subrows: dict[str, int] = {}
    table = 1

    def prefix() -> str:
        return f"t{table}_" if table > 1 else ""

    def add(first: int, row_text: str, flags: list[str], shifted: bool = False) -> None:
        nonlocal parent, explained
        spans = cell_spans(row_text)
        if len(spans) != width:
            flags.append("cell_count")
        if not shifted and words is not None and (
                fixed := realigned(row_text, spans, roles, width, words)) is not None:
            spans = fixed
            if "cell_count" not in flags:
                flags.append("cell_count")
        id_at = next((j for j, r in roles.items() if r == "id"), None)
        if shifted:
            spans = [(0, 0), *spans[:-1]]
            task_id = f"{prefix()}{parent}_{subrows.setdefault(prefix() + parent, 1) + 1}"
            subrows[prefix() + parent] += 1
        elif id_at is None:  # a table without 序号: rows in document order
            task_id = prefix() + str(sum(1 for r in rows if r.task_id.startswith(prefix())) + 1)
        else:
            bare = row_text[slice(*trimmed(row_text, *spans[id_at]))] if id_at < len(spans) else ""
            if not DIGITS.fullmatch(bare):
                flags.append("non_numeric_id")
            parent, task_id = bare, prefix() + bare
        seen[task_id] = seen.get(task_id, 0) + 1
        if seen[task_id] > 1:
            task_id = f"{task_id}#{seen[task_id]}"
            flags.append("duplicate_id")
        if headers or len(cell_spans(row_text.split("\n", 1)[0])) >= 3:
            explained += _fitting(row_text, spans, roles, words)  # no header: rows of one line
        covered.update(range(first, first + row_text.count("\n") + 1))
        filled = roles if "cell_count" not in flags else {
            j: r for j, r in roles.items() if j < len(spans) and spans[j][1] > spans[j][0]}
        rows.append(build_row(doc_id, task_id, first, row_text, spans, filled, headers,
                              local_words, flags, "pipe", words))

    def close() -> None:
        nonlocal pending
        if pending:
            first, lines = pending
            add(first, "\n".join(lines), ["wrapped_row"] * (len(lines) > 1))
            pending = None

    def complete(lines: list[str]) -> bool:
        joined = "\n".join(lines)
        return len(cell_spans(joined)) >= width and joined.rstrip().endswith("|")

    parent = ""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        cells = [line[a:b] for a, b in cell_spans(line)]
        if (headers and "id" not in roles.values() and "|" in line and len(cells) >= 2) or (
                ROW_START.match(line)):
            close()
            pending = (number, [line])
        elif pending and not complete(pending[1]) and "|" in line:
            pending[1].append(line)
        elif "|" in line and not ROW_START.match(line) and (found := header_roles(cells, columns)):
            close()  # a header: the first table's, or a later table's (ids then t<k>_)
            if rows or headers:
                table += 1
            roles, headers, width = found, [c.strip() for c in cells], len(cells)
            unassigned.append(Unassigned(doc_id, number, line.strip(), "header"))
            explained += len(found)
            covered.add(number)
        elif (pending or rows) and "|" in line and len(cells) == width and not cells[-1].strip():
            close()
            add(number, line, [], shifted=True)
        elif (headers or rows) and "|" in line and len(cells) >= width and cells[0].strip():
            close()  # an id that is not a number (A1, 一): still a task, flagged
            pending = (number, [line])
        else:
            close()
            unassigned.append(Unassigned(doc_id, number, line.strip(),
                                         line_reason(line, unassigned_reasons)))
    close()
    return rows, unassigned, explained, covered
