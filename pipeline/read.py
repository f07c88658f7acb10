"""Raw report text -> task rows with their cells, and every other line reported as unassigned.

The cells keep the report's original text (trimmed, inner line breaks kept) because every
offset downstream points into them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import regex

from .errors import InputError

ROLES = ("id", "target", "lead", "actual")
ROW_START = regex.compile(r"^\s*(\d+)\s*\|")


@dataclass
class TaskRow:
    doc_id: str
    task_id: str
    line: int  # first physical line of the row, counted from 1
    target_cell: str
    lead_cell: str
    actual_cell: str
    flags: list[str] = field(default_factory=list)


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


def _roles_from_header(cells: list[str], columns: dict[str, list[str]]) -> dict[str, int] | None:
    roles: dict[str, int] = {}
    for index, cell in enumerate(cells):
        for role in ROLES:
            if role not in roles and any(word in cell for word in columns.get(role, [])):
                roles[role] = index
                break
    return roles if {"id", "target", "actual"} <= roles.keys() else None


def _split(line: str) -> list[str]:
    cells = line.split("|")
    if cells and not cells[-1].strip():
        cells = cells[:-1]
    return cells


def parse_pipe(doc_id: str, text: str, columns: dict[str, list[str]],
               unassigned_reasons: dict[str, list[str]]) -> tuple[list[TaskRow], list[Unassigned]]:
    """Group physical lines into task rows; a line that starts no row continues an unfinished one."""
    roles = dict(zip(ROLES, range(4), strict=True))
    width = 4
    rows: list[TaskRow] = []
    unassigned: list[Unassigned] = []
    pending: tuple[int, list[str]] | None = None  # (first line, physical lines) of the open row
    seen: dict[str, int] = {}

    def close(first: int, lines: list[str]) -> None:
        cells = _split("\n".join(lines))
        flags = ["wrapped_row"] if len(lines) > 1 else []
        if len(cells) != width:
            flags.append("cell_count")
        cell = [c.strip(" \t\n\u3000") for c in cells] + [""] * max(0, width - len(cells))
        task_id = cell[roles["id"]]
        seen[task_id] = seen.get(task_id, 0) + 1
        if seen[task_id] > 1:
            task_id = f"{task_id}#{seen[task_id]}"
            flags.append("duplicate_id")
        rows.append(TaskRow(doc_id, task_id, first, cell[roles["target"]],
                            cell[roles["lead"]] if "lead" in roles else "",
                            cell[roles["actual"]], flags))

    def complete(lines: list[str]) -> bool:
        joined = "\n".join(lines)
        return len(_split(joined)) >= width and joined.rstrip().endswith("|")

    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        if ROW_START.match(line):
            if pending:
                close(*pending)
            pending = (number, [line])
        elif pending and not complete(pending[1]) and "|" in line:
            pending[1].append(line)
        elif not rows and pending is None and "|" in line and (
                header := _roles_from_header(_split(line), columns)):
            roles, width = header, len(_split(line))
            unassigned.append(Unassigned(doc_id, number, line.strip(), "header"))
        else:
            if pending:
                close(*pending)
                pending = None
            reason = next((r for r, words in unassigned_reasons.items()
                           if any(w in line for w in words)), "other")
            unassigned.append(Unassigned(doc_id, number, line.strip(), reason))
    if pending:
        close(*pending)
    return rows, unassigned
