"""What every table reader shares: header words -> column roles, and a row's cells cut by role.

Where a role spans several columns (a province target and a district target; an amount and a
占全年计划 ratio) the cell runs from the first to the last of those columns, separators included.
"""

from __future__ import annotations

from .model import TaskRow

ROLE_ORDER = ("id", "ratio", "lead", "actual", "target")


TRIM = " \t\n\u3000"


HEADER_CELL = 16  # a header cell is short; longer blocks are data


def cell_role(cell: str, columns: dict[str, list[str]]) -> str | None:
    compact = "".join(cell.split())
    return next((role for role in ROLE_ORDER
                 if any(word in compact for word in columns.get(role, []))), None)


def header_roles(cells: list[str], columns: dict[str, list[str]]) -> dict[int, str] | None:
    """Column index -> role from header words; None unless there is a target and an actual."""
    roles = {i: role for i, cell in enumerate(cells) if (role := cell_role(cell, columns))}
    found = set(roles.values())
    return roles if {"target", "actual"} <= found else None


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
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
        start, end = trimmed(text, spans[columns[0]][0], spans[columns[-1]][1])
        return text[start:end], start, columns

    target, target_start, target_columns = cell("target")
    lead, _, _ = cell("lead")
    actual, actual_start, actual_columns = cell("actual")
    ratio_from = None
    ratio_columns = [i for i, r in sorted(roles.items()) if r == "ratio" and i < len(spans)]
    if ratio_columns and actual_columns:
        start, end = trimmed(text, spans[actual_columns[0]][0], spans[ratio_columns[-1]][1])
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


def line_reason(line: str, unassigned_reasons: dict[str, list[str]]) -> str:
    return next((r for r, words in unassigned_reasons.items() if any(w in line for w in words)),
                "other")
