"""Raw report text -> task rows with their cells, and every other line reported as unassigned.

The cells keep the report's original text (trimmed, inner line breaks kept) because every
offset downstream points into them. Where a role spans several columns (a province target and a
district target; an amount and a 占全年计划 ratio) the cell runs from the first to the last of
those columns, separators included.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import regex

from .errors import InputError

ROLE_ORDER = ("id", "ratio", "lead", "actual", "target")
DEFAULT_ROLES = {0: "id", 1: "target", 2: "lead", 3: "actual"}
ROW_START = regex.compile(r"^\s*(\d+)\s*\|")
TRIM = " \t\n\u3000"


@dataclass
class TaskRow:
    doc_id: str
    task_id: str
    line: int  # first physical line of the row, counted from 1
    target_cell: str
    lead_cell: str
    actual_cell: str
    flags: list[str] = field(default_factory=list)
    ratio_from: int | None = None  # actual_cell offset where a completion-ratio column starts
    local_from: int | None = None  # target_cell offset of the report's own target column
    layout: str = "pipe"


@dataclass(frozen=True)
class Unassigned:
    doc_id: str
    line: int
    text: str
    reason: str


def read_text(path: Path) -> str:
    """Decode a report file; a file that cannot be read is an InputError naming it."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from exc
    if not data.strip():
        raise InputError(str(path), "empty file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(str(path), "not UTF-8 text", line) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def header_roles(cells: list[str], columns: dict[str, list[str]]) -> dict[int, str] | None:
    """Column index -> role from header words; None unless there is a target and an actual."""
    roles: dict[int, str] = {}
    for index, cell in enumerate(cells):
        for role in ROLE_ORDER:
            if any(word in cell for word in columns.get(role, [])):
                roles[index] = role
                break
    found = set(roles.values())
    return roles if {"target", "actual"} <= found else None


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def build_row(doc_id: str, task_id: str, line: int, text: str, spans: list[tuple[int, int]],
              roles: dict[int, str], headers: list[str], local_words: tuple[str, ...],
              flags: list[str], layout: str) -> TaskRow:
    """Cut a row's cells out of its raw text by role; multi-column roles keep their separators."""
    def cell(role: str) -> tuple[str, int, list[int]]:
        columns = [i for i, r in sorted(roles.items()) if r == role and i < len(spans)]
        if not columns:
            return "", 0, []
        start, end = _trimmed(text, spans[columns[0]][0], spans[columns[-1]][1])
        return text[start:end], start, columns

    target, target_start, target_columns = cell("target")
    lead, _, _ = cell("lead")
    actual, actual_start, actual_columns = cell("actual")
    ratio_from = None
    ratio_columns = [i for i, r in sorted(roles.items()) if r == "ratio" and i < len(spans)]
    if ratio_columns and actual_columns:
        start, end = _trimmed(text, spans[actual_columns[0]][0], spans[ratio_columns[-1]][1])
        actual, actual_start = text[start:end], start
        ratio_from = max(0, spans[ratio_columns[0]][0] - actual_start)
    elif ratio_columns:
        actual, actual_start, _ = cell("ratio")
        ratio_from = 0
    local_from = None
    local = [i for i in target_columns if i < len(headers) and any(w in headers[i] for w in local_words)]
    if local and len(target_columns) > 1:
        local_from = max(0, spans[local[0]][0] - target_start)
    return TaskRow(doc_id, task_id, line, target, lead, actual, flags, ratio_from, local_from, layout)


def _cell_spans(text: str) -> list[tuple[int, int]]:
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

    def add(first: int, row_text: str, flags: list[str], shifted: bool = False) -> None:
        spans = _cell_spans(row_text)
        if shifted:
            spans = [(0, 0), *spans[:-1]]
            task_id = f"{parent}_{subrows.setdefault(parent, 1) + 1}"
            subrows[parent] += 1
        else:
            task_id = row_text[slice(*_trimmed(row_text, *spans[0]))] if spans else ""
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
            add(first, "\n".join(lines), ["wrapped_row"] if len(lines) > 1 else [])
            pending = None

    def complete(lines: list[str]) -> bool:
        joined = "\n".join(lines)
        return len(_cell_spans(joined)) >= width and joined.rstrip().endswith("|")

    parent = ""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        cells = [line[a:b] for a, b in _cell_spans(line)]
        if ROW_START.match(line):
            close()
            pending = (number, [line])
            parent = ROW_START.match(line).group(1)
        elif pending and not complete(pending[1]) and "|" in line:
            pending[1].append(line)
        elif not rows and pending is None and "|" in line and (found := header_roles(cells, columns)):
            roles, headers, width = found, [c.strip() for c in cells], len(cells)
            unassigned.append(Unassigned(doc_id, number, line.strip(), "header"))
        elif (pending or rows) and "|" in line and len(cells) == width and not cells[-1].strip():
            close()
            add(number, line, [], shifted=True)
        else:
            close()
            reason = next((r for r, words in unassigned_reasons.items()
                           if any(w in line for w in words)), "other")
            unassigned.append(Unassigned(doc_id, number, line.strip(), reason))
    close()
    return rows, unassigned
