"""Tables whose rows are named by a label (a town, a district, a category) rather than a 序号, and
grids of labels × indicator groups: the columns a header gives, and the task rows a row yields.

Grid task ids are `<row label>/<indicator>` (the indicator group's header, or the table's first
target column where it has no groups), and the label is the task's area.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from math import log10

from .align import EMPTY, ID, NUM, PCT, align, cell_kind, cost
from .cells import build_row, trimmed
from .model import TaskRow
from .tablewords import VALUE_ROLES, TableWords, compact_view

VALUE_KINDS = (NUM, PCT, ID)
# A 完成比例 cell is the ratio where it is within this many points of 100 × actual / target, and
# within RATIO_SHARE of itself (so 3.57 is not 100 × 4.3 / 123.2 = 3.49 by chance).
RATIO_TOLERANCE = 0.6
RATIO_SHARE = 0.01
MAX_GROUPS = 12  # more indicator groups than this are cut greedily, not by trying every cut
DUPLICATE = 0.3  # fitting a header: a second column of the same value role costs this per row


@dataclass
class Column:
    header: str  # as written (the header cells joined, line breaks kept)
    role: str | None
    group: int | None = None  # the indicator group of a grid


@dataclass
class Grid:
    """A row-labelled table: its value columns, indicator groups and what the header also says."""

    columns: list[Column]
    groups: list[str]  # indicator headers, as written; empty for a table without groups
    lead: tuple[int, int] | None = None  # span of the header's lead-unit cells (a grid's owners)
    unit: str = ""  # 单位:亿元 above the table


@dataclass
class LabelledRow:
    line: int
    labels: list[tuple[int, int]]  # spans of the label cells (most specific last)
    values: list[tuple[int, int]]  # spans of the value cells, in order
    flags: list[str]


def is_value(kind: str) -> bool:
    return kind in VALUE_KINDS or kind == EMPTY


def value_columns(cells: list[str], words: TableWords) -> tuple[list[Column], list[str], list[int]]:
    """The header's value columns (cells after the label headers), with indicator groups where
    the target/actual/ratio headers repeat (目标任务 进度 完成比例 × 5 under five indicators).
    Also returns the group headers and the indexes of lead-unit cells."""
    roles = [words.role(c) for c in cells]
    leads = [i for i, c in enumerate(cells) if roles[i] is None and words.is_lead(c)]
    valued = [i for i, r in enumerate(roles) if r in VALUE_ROLES]
    pattern = [roles[i] for i in valued]
    for period in range(1, len(pattern) // 2 + 1):
        if len(pattern) % period or pattern != pattern[:period] * (len(pattern) // period):
            continue
        k = len(pattern) // period
        named = [i for i in range(valued[0]) if roles[i] is None and i not in leads
                 and compact_view(cells[i])]
        if len(named) >= k and "target" in pattern[:period]:
            groups = named[-k:]
            columns = [Column(cells[i], roles[i], n // period) for n, i in enumerate(valued)]
            return columns, [cells[g] for g in groups], leads
    columns = [Column(c, roles[i]) for i, c in enumerate(cells)
               if roles[i] not in ("label", "id") and i not in leads and compact_view(c)]
    return columns, [], leads


def fit(columns: list[Column], rows: list[list[str]]) -> list[Column]:
    """A header with more value columns than any row has cells holds group headers (1-7月全市重点
    项目完成情况 over 年度投资计划 / 前三季度投资计划 / 完成投资 / 占比): drop the ones whose
    removal lets the full rows' contents fit their columns best."""
    width = max((len(r) for r in rows), default=0)
    extra = len(columns) - width
    if extra <= 0 or extra > 3 or not width:
        return columns
    full = [r for r in rows if len(r) == width]
    best, kept = float("inf"), columns
    for dropped in combinations(range(len(columns)), extra):
        keep = [c for i, c in enumerate(columns) if i not in dropped]
        total = sum(cost(k, c.role) for r in full for k, c in zip(r, keep, strict=True))
        for role in ("target", "actual", "ratio"):
            total += DUPLICATE * len(full) * max(0, sum(c.role == role for c in keep) - (
                2 if role == "target" else 1))
        if total < best:
            best, kept = total, keep
    return kept


def place(kinds: list[str], texts: list[str], grid: Grid,
          medians: dict[int, float] | None = None,
          split: tuple[int, ...] | None = None) -> list[list[int]]:
    """The value cells of one row onto the grid's columns: by position where they fill it, by
    indicator group where the grid has groups (a group may lack its ratio cell; a row may hold
    only some groups), else by content."""
    columns = grid.columns
    if len(kinds) == len(columns):
        return [[i] for i in range(len(kinds))]
    if not grid.groups:
        taken, _ = align(kinds, [c.role for c in columns])
        return taken
    if split is not None:
        chunks, at = [], 0
        for size in split:
            chunks.append(list(range(at, at + size)))
            at += size
        order = list(range(len(chunks)))
    else:
        chunks = _chunks(texts, columns)
        order = _group_order(chunks, texts, grid, medians or {})
        chunks = chunks[:len(order)]  # cells beyond the last group stay unplaced (cell_count)
    taken: list[list[int]] = [[] for _ in columns]
    for chunk, group in zip(chunks, order, strict=True):
        slots = [j for j, c in enumerate(columns) if c.group == group]
        for cell, slot in zip(chunk, _slots(chunk, [columns[j] for j in slots], slots),
                              strict=True):
            taken[slot].append(cell)
    return taken


def splits(texts: list[str], grid: Grid) -> list[tuple[int, ...]]:
    """The best ways to cut a row holding every group into groups, a group with a ratio column
    taking it only where the cell agrees with 100 × actual / target (a ceiling group such as
    失业率低于 has none): several where the row alone cannot tell."""
    if len(grid.groups) > MAX_GROUPS:
        return []
    sizes = [sum(1 for c in grid.columns if c.group == g) for g in range(len(grid.groups))]
    has_ratio = [any(c.group == g and c.role == "ratio" for c in grid.columns)
                 for g in range(len(grid.groups))]
    options: list[tuple[int, ...]] = [()]
    for size, ratio in zip(sizes, has_ratio, strict=True):
        options = [o + (s,) for o in options for s in ({size, size - 1} if ratio else {size})]
    options = [o for o in options if sum(o) == len(texts)]
    if not options:
        return []
    scored = []
    for option in options:
        score, at = 0, 0
        for size, full, ratio in zip(option, sizes, has_ratio, strict=True):
            if ratio and size == full:
                score += 1 if _is_ratio(texts[at], texts[at + 1], texts[at + size - 1]) else -1
            at += size
        scored.append((score, option))
    top = max(score for score, _ in scored)
    return [option for score, option in scored if score == top]


def _chunks(texts: list[str], columns: list[Column]) -> list[list[int]]:
    """Runs of one group's cells: target, actual, and a ratio cell only where it agrees with
    100 × actual / target."""
    per_group = max((sum(1 for c in columns if c.group == g) for g in {c.group for c in columns}),
                    default=3)
    chunks, i = [], 0
    while i < len(texts):
        size = min(2, len(texts) - i)
        if per_group >= 3 and i + 2 < len(texts) and _is_ratio(texts[i], texts[i + 1],
                                                                 texts[i + 2]):
            size = 3
        chunks.append(list(range(i, i + size)))
        i += size
    return chunks


def _is_ratio(target: str, actual: str, ratio: str) -> bool:
    t, a, r = _number(target), _number(actual), _number(ratio)
    if None in (t, a, r) or t == 0:
        return False
    return abs(100 * a / t - r) <= min(RATIO_TOLERANCE, max(0.05, RATIO_SHARE * abs(r)))


def _number(text: str) -> float | None:
    digits = "".join(ch for ch in compact_view(text) if ch.isdigit() or ch in ".-")
    try:
        return float(digits)
    except ValueError:
        return None


def _group_order(chunks: list[list[int]], texts: list[str], grid: Grid,
                 medians: dict[int, float]) -> list[int]:
    """Which group each chunk fills: in order where the row holds every group; else the groups
    whose typical targets are nearest in size, keeping their order (市本级 holds only the last)."""
    n = len(grid.groups)
    if len(chunks) >= n or not medians or n > MAX_GROUPS:
        return list(range(min(len(chunks), n)))
    sizes = [_size(texts[c[0]]) for c in chunks]
    best: tuple[float, list[int]] = (float("inf"), list(range(len(chunks))))
    for groups in combinations(range(n), len(chunks)):
        total = sum(abs(s - medians.get(g, s)) for s, g in zip(sizes, groups, strict=True))
        if total < best[0]:
            best = (total, list(groups))
    return best[1]


def _size(text: str) -> float:
    value = _number(text)
    return log10(abs(value)) if value else 0.0


def _slots(chunk: list[int], columns: list[Column], slots: list[int]) -> list[int]:
    """The columns of its group a chunk's cells fill (target and actual where it has no ratio)."""
    roles = [c.role for c in columns]
    if len(chunk) == len(slots):
        return slots
    taken, _ = align([NUM] * len(chunk), roles)
    out = []
    for j, cells in enumerate(taken):
        out += [slots[j]] * len(cells)
    return out


def medians(rows: list[tuple[list[str], list[list[int]]]], grid: Grid) -> dict[int, float]:
    """Per group, the typical size (log10) of its target figures in rows holding every group."""
    sizes: dict[int, list[float]] = {}
    for texts, taken in rows:
        for j, cells in enumerate(taken):
            column = grid.columns[j]
            if column.role == "target" and cells and column.group is not None:
                sizes.setdefault(column.group, []).append(_size(texts[cells[0]]))
    return {g: sorted(v)[len(v) // 2] for g, v in sizes.items() if v}


def grid_rows(doc_id: str, text: str, rows: list[LabelledRow], grid: Grid, layout: str,
              words: TableWords, local_words: tuple[str, ...], prefix: str = ""
              ) -> tuple[list[TaskRow], int]:
    """Task rows of a row-labelled table (one per row, or per row × indicator group), and the
    value cells placed."""
    texts = [[text[a:b] for a, b in r.values] for r in rows]
    kinds = [[cell_kind(t, words.is_lead) for t in ts] for ts in texts]
    cuts = [splits(ts, grid) if grid.groups else [] for ts in texts]
    votes = Counter(option for c in cuts for option in c)  # the cut most rows allow wins
    chosen = [max(c, key=lambda o: votes[o]) if c else None for c in cuts]
    full = [(ts, place(ks, ts, grid, split=cut)) for ts, ks, cut
            in zip(texts, kinds, chosen, strict=True) if cut is not None]
    typical = medians(full, grid) if grid.groups else {}
    usual = Counter(len(ts) for ts in texts).most_common(1)[0][0] if texts else 0
    out: list[TaskRow] = []
    placed = 0
    indicator = next((c.header for c in grid.columns if c.role == "target"), "")
    for row, ts, ks, cut in zip(rows, texts, kinds, chosen, strict=True):
        label = text[slice(*row.labels[-1])] if row.labels else ""
        taken = place(ks, ts, grid, typical, cut)
        placed += sum(1 for cells in taken for k in cells if ks[k] != EMPTY)
        flags = list(row.flags)
        if len(ts) != len(grid.columns) and (len(ts) != usual or cut is None and grid.groups):
            flags.append("cell_count")
        groups = range(len(grid.groups)) if grid.groups else [None]
        for g in groups:
            mine = [j for j, c in enumerate(grid.columns) if c.group == g]
            spans = [row.values[taken[j][0]] if taken[j] else None for j in mine]
            if not any(spans[k] for k, j in enumerate(mine) if grid.columns[j].role == "target"):
                continue
            name = grid.groups[g] if g is not None else indicator
            out.append(_task(doc_id, f"{prefix}{label}/{''.join(name.split())}", row, text, spans,
                             [grid.columns[j] for j in mine], grid, layout, words, local_words,
                             flags, label, name))
    return out, placed


def _task(doc_id: str, task_id: str, row: LabelledRow, text: str,
          spans: list[tuple[int, int] | None], columns: list[Column], grid: Grid, layout: str,
          words: TableWords, local_words: tuple[str, ...], flags: list[str], label: str,
          indicator: str) -> TaskRow:
    filled = [s for s in spans if s]
    start, end = min(a for a, _ in filled), max(b for _, b in filled)
    relative, roles, headers = [], {}, []
    for k, (span, column) in enumerate(zip(spans, columns, strict=True)):
        relative.append((span[0] - start, span[1] - start) if span else (0, 0))
        headers.append(column.header)
        if span and column.role:
            roles[k] = column.role
    task = build_row(doc_id, task_id, row.line, text[start:end], relative, roles, headers,
                     local_words, list(flags), layout, words, grid.unit, area=label)
    task.item = indicator
    unit = words.header_unit(indicator) if indicator else ""
    for role in ("target", "actual"):
        if unit and role not in task.unit_hints:
            task.unit_hints[role] = unit
    if grid.lead:
        task.lead_cell = text[slice(*trimmed(text, *grid.lead))]
    return task
