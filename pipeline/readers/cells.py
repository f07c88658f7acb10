"""What every table reader shares: header words -> column roles, header cells split over lines,
and a row's cells cut by role.

Where a role spans several columns (a province target and a district target; an amount and a
占全年计划 ratio) the cell runs from the first to the last of those columns, separators included.
A remarks column (备注) after the task's columns is read with the completion cell (it often holds
the figures: 已解决700人), even where the completion column itself is empty.
"""

from __future__ import annotations

from .model import TaskRow
from .tablewords import ROLE_ORDER, TableWords, compact_view

TRIM = " \t\n\u3000"


HEADER_CELL = 16  # a header cell is short; longer blocks are data
FRAGMENT = 4  # a header fragment (项 目, 名 称, 和问题) holds at most this many characters
JOINERS = ("-", "—", "~", "至", "到")


def cell_role(cell: str, columns: dict[str, list[str]]) -> str | None:
    """The role a header cell names, read on its simplified view (年度投資目標 -> target)."""
    compact = compact_view(cell)
    return next((role for role in ROLE_ORDER
                 if any(word in compact for word in columns.get(role, []))), None)


def header_roles(cells: list[str], columns: dict[str, list[str]]) -> dict[int, str] | None:
    """Column index -> role from header words; None unless there is a target and an actual."""
    roles = {i: role for i, cell in enumerate(cells) if (role := cell_role(cell, columns))}
    found = set(roles.values())
    return roles if {"target", "actual"} <= found else None


def joined_headers(cells: list[str], words: TableWords) -> list[tuple[int, int]]:
    """Header cells split over several lines or blocks, as ranges [a, b) of fragments to join.

    Fragments are joined where every break between them falls inside a column word (项 目 / 名 称
    -> 项目名称, 目标 / 任务 -> 目标任务, 存 在 / 困 难 / 和问题), where a fragment is only a
    local word (我市 / 任务), only a unit in brackets ((人次) closes the cell before), or only
    digits ending in a dash (1- / 8月实际完成情况)."""
    compact = [fragment_view(c) for c in cells]
    out, i = [], 0
    while i < len(cells):
        end = joined_at(compact, i, words)
        out.append((i, end))
        i = end
    return out


def joined_at(compact: list[str], i: int, words: TableWords) -> int:
    """Where the header cell starting at fragment i ends (see joined_headers); fragments are the
    cells' compact views (fragment_view)."""
    end = i + 1
    for j in range(min(len(compact), i + 3), i + 1, -1):
        parts = compact[i:j]
        if all(0 < len(p) <= FRAGMENT for p in parts[:-1]) and _spanned(parts, words):
            end = j
            break
    else:
        if i + 1 < len(compact) and _leads_on(compact[i], compact[i + 1], words):
            end = i + 2
    while end < len(compact) and compact[end].startswith(("(", "（")) and words.is_unit(
            compact[end].strip("()（）")):
        end += 1
    return end


def fragment_view(cell: str) -> str:
    """A fragment's compact view (a long cell is left as it is: it is no header fragment)."""
    return compact_view(cell) if len(cell) <= HEADER_CELL * 4 else cell


def _spanned(parts: list[str], words: TableWords) -> bool:
    """Every break between the parts falls inside a column word of the joined text."""
    text = "".join(parts)
    breaks, at = [], 0
    for part in parts[:-1]:
        at += len(part)
        breaks.append(at)
    spans = [(s, s + len(w)) for ws in words.columns.values() for w in ws
             for s in _find_all(text, w)]
    return all(any(s < b < e for s, e in spans) for b in breaks)


def _find_all(text: str, word: str):
    start = text.find(word)
    while start != -1:
        yield start
        start = text.find(word, start + 1)


def _leads_on(first: str, second: str, words: TableWords) -> bool:
    if first in words.local_words and words.role(second) is not None:
        return True
    return bool(first) and first.endswith(JOINERS) and not any("\u4e00" <= ch <= "\u9fff"
                                                               for ch in first)


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def build_row(doc_id: str, task_id: str, line: int, text: str, spans: list[tuple[int, int]],
              roles: dict[int, str], headers: list[str], local_words: tuple[str, ...],
              flags: list[str], layout: str, words: TableWords | None = None,
              table_unit: str = "", area: str = "") -> TaskRow:
    """Cut a row's cells out of its raw text by role; multi-column roles keep their separators.

    With the table words it also reads what the headers say: the unit of bare numbers
    (年度投资目标(萬元), a 单位:亿元 line, a 单位 column), a part-year target column (月度工作计划)."""
    def columns_of(*wanted: str) -> list[int]:
        return [i for i, r in sorted(roles.items()) if r in wanted and i < len(spans)]

    def cut(columns: list[int]) -> tuple[str, int]:
        if not columns:
            return "", 0
        start, end = trimmed(text, min(spans[i][0] for i in columns),
                             max(spans[i][1] for i in columns))
        return text[start:end], start

    target_columns = columns_of("target")
    target, target_start = cut(target_columns)
    lead, _ = cut(columns_of("lead"))
    actual_columns, ratio_columns = columns_of("actual"), columns_of("ratio")
    after = min(actual_columns + ratio_columns + target_columns, default=None)
    notes = [i for i in columns_of("note") if after is not None and i > after]
    actual, actual_start = cut(actual_columns + ratio_columns + notes)
    ratio_from = None
    if ratio_columns:
        ratio_from = max(0, spans[ratio_columns[0]][0] - actual_start) if actual_columns else 0
    local_from = None
    local = [i for i in target_columns
             if i < len(headers) and any(w in headers[i] for w in local_words)]
    if local and len(target_columns) > 1:
        local_from = max(0, spans[local[0]][0] - target_start)
    row = TaskRow(doc_id, task_id, line, target, lead, actual, flags, ratio_from, local_from,
                  layout, area=area)
    if words is not None:
        _read_headers(row, text, spans, roles, headers, words, table_unit, target_start)
    return row


def _read_headers(row: TaskRow, text: str, spans: list[tuple[int, int]], roles: dict[int, str],
                  headers: list[str], words: TableWords, table_unit: str, target_start: int):
    """Units and milestones the headers give a row (model.TaskRow.unit_hints, milestone_*)."""
    def header(i: int) -> str:
        return headers[i] if i < len(headers) else ""

    row_unit = next((text[slice(*trimmed(text, *spans[i]))] for i, r in roles.items()
                     if r == "unit" and i < len(spans)), "")
    for role in ("target", "actual", "ratio"):
        columns = [i for i, r in sorted(roles.items()) if r == role]
        unit = next((u for i in columns if (u := words.header_unit(header(i)))), "")
        unit = unit or (row_unit if role != "ratio" else "") or (
            table_unit if role != "ratio" else "")
        if unit:
            row.unit_hints[role] = unit
    targets = [i for i, r in sorted(roles.items()) if r == "target" and i < len(spans)]
    for i in targets:
        a, b = trimmed(text, *spans[i])
        period = words.milestone(header(i), text[a:b])
        if period is not None:
            row.milestone_from = max(0, a - target_start) if b > a else None
            row.milestone_period = period if row.milestone_from is not None else None
            break


def line_reason(line: str, unassigned_reasons: dict[str, list[str]]) -> str:
    return next((r for r, words in unassigned_reasons.items() if any(w in line for w in words)),
                "other")
