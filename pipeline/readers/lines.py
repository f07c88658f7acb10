"""Tables pasted from a web page with one cell per blank-line separated block."""

from __future__ import annotations

import regex

from .align import EMPTY, NUM, PCT, align, cell_kind, cost, spans_by_column
from .cells import HEADER_CELL, build_row, fragment_view, joined_at, line_reason, trimmed
from .model import TaskRow, Unassigned
from .reading import Reading
from .tablewords import TableWords, compact_view

Block = tuple[int, int, int]  # start, end, first line number


def blocks_of(text: str) -> list[Block]:
    """Blank-line separated blocks: (start, end, first line number)."""
    blocks, start, line = [], None, 1
    offset = 0
    for number, physical in enumerate(text.split("\n"), start=1):
        if physical.strip():
            if start is None:
                start, line = offset, number
            end = offset + len(physical)
        elif start is not None:
            blocks.append((*trimmed(text, start, end), line))
            start = None
        offset += len(physical) + 1
    if start is not None:
        blocks.append((*trimmed(text, start, end), line))
    return blocks


def header_cells(text: str, blocks: list[Block], at: int, words: TableWords,
                 limit: int = 60) -> list[tuple[int, int, str, str | None]]:
    """The header cells that start at block `at`, fragments joined (项 目 / 名 称): a run of short
    cells naming a column role. Each is (first block, end block, text, role)."""
    window = blocks[at:at + limit]
    cells = [text[a:b] for a, b, _ in window]
    compact: list[str] = []
    out, a = [], 0
    while a < len(cells):
        while len(compact) < min(len(cells), a + 4):  # views only as far as the header goes
            compact.append(fragment_view(cells[len(compact)]))
        b = joined_at(compact, a, words)
        while len(compact) < b:
            compact.append(fragment_view(cells[len(compact)]))
        joined = "".join(cells[a:b])
        if len(joined) > HEADER_CELL * 4 or len(compact_view(joined)) > HEADER_CELL:
            break  # a long block is data, and costs no view
        role = words.role(joined)
        if role is None:
            break
        out.append((at + a, at + b, text[window[a][0]:window[b - 1][1]], role))
        a = b
    return out


def _merge_leads(text: str, group: list[Block], column: int, extra: int,
                 is_lead) -> list[Block]:
    """A lead-unit cell pasted as several blocks (*区城管局 / *区农业农村局): join them."""
    end = column + 1
    while end < len(group) and extra and is_lead(text[group[end][0]:group[end][1]]):
        end += 1
        extra -= 1
    merged = (group[column][0], group[end - 1][1], group[column][2])
    return [*group[:column], merged, *group[end:]]


def read_lines(doc_id: str, text: str, vocab, words: TableWords) -> Reading | None:
    """Tables pasted from a web page: one cell per blank-line separated block.

    A header is a run of blocks that are all header words (a header word split over blocks is
    joined first); rows follow, a new row at each block holding only a number where the table
    has an id column, else every `width` blocks. Blocks before the first header (preambles such as
    `2.市民生实事项目…`) are unassigned; a later header starts another table, whose ids get
    `t<k>_`. A table without 序号 whose items are bare figures is a grid, not this layout.
    """
    blocks = blocks_of(text)
    tables = []  # (first header block, roles, headers, end of header)
    i = 0
    while i < len(blocks):
        found = header_cells(text, blocks, i, words)
        ids = [k for k, (*_, role) in enumerate(found) if role == "id"]
        if ids and ids[0] > 0:  # 序号 opens a header: cells before it are a title
            i += ids[0]
            continue
        roles = {k: role for k, (*_, role) in enumerate(found)}
        if len(found) >= 3 and {"target", "actual"} <= set(roles.values()):
            tables.append((i, roles, [h for _, _, h, _ in found], found[-1][1]))
            i = found[-1][1]
        else:
            i += 1
    if not tables:
        return None
    unassigned = [Unassigned(doc_id, line, text[a:b].replace("\n", " "),
                             line_reason(text[a:b], vocab.unassigned_reasons))
                  for a, b, line in blocks[:tables[0][0]]]
    rows: list[TaskRow] = []
    covered: set[int] = set()
    explained = 0
    for k, (header_at, roles, headers, body_at) in enumerate(tables, start=1):
        unassigned += [Unassigned(doc_id, blocks[j][2],
                                  text[blocks[j][0]:blocks[j][1]].replace("\n", " "), "header")
                       for j in range(header_at, body_at)]
        explained += len(headers)
        end = tables[k][0] if k < len(tables) else len(blocks)
        table_rows, extra, cells, items = _line_rows(doc_id, text, blocks[body_at:end], roles, headers,
                                              vocab.local_target_words, words,
                                              f"t{k}_" if k > 1 else "", last=k == len(tables))
        if "id" not in roles.values() and _items_are_figures(items, words):
            return None
        rows += table_rows
        explained += cells
        unassigned += [Unassigned(doc_id, line, text[a:b].replace("\n", " "),
                                  line_reason(text[a:b], vocab.unassigned_reasons))
                       for a, b, line in extra]
        last_line = blocks[end - 1][2] + text[blocks[end - 1][0]:blocks[end - 1][1]].count("\n")
        extra_lines = {line for _, _, line in extra}
        covered |= {n for n in range(blocks[header_at][2], last_line + 1) if n not in extra_lines}
    headers0 = tables[0][2]
    reason = (f"one cell per line: header {' / '.join(h.replace(chr(10), '') for h in headers0)}, "
              f"{explained} cells")
    return Reading("lines", rows, sorted(unassigned, key=lambda u: u.line), explained, reason,
                   covered, blocks[tables[0][0]][2])


def _items_are_figures(items: list[str], words: TableWords) -> bool:
    """Most rows' first target cell is a bare figure: a grid's values, not a table of items."""
    kinds = [cell_kind(item, words.is_lead) for item in items]
    return bool(kinds) and sum(k in (NUM, PCT) for k in kinds) * 2 > len(kinds)


def _line_rows(doc_id: str, text: str, body: list[Block], roles: dict[int, str],
               headers: list[str], local_words: tuple[str, ...], words: TableWords,
               prefix: str, last: bool):
    """One table's rows; blocks after its last full row that lead into the next table (附件2,
    its title) are returned as extra lines. Also returns the cells placed."""
    width = len(headers)
    has_id = "id" in roles.values()
    groups: list[list[Block]] = []
    for block in body:
        is_id = regex.fullmatch(r"\d{1,4}", text[block[0]:block[1]]) is not None
        if not groups or (has_id and is_id) or (not has_id and len(groups[-1]) == width):
            groups.append([block])
        else:
            groups[-1].append(block)
    lead_column = next((i for i, r in roles.items() if r == "lead"), None)
    id_column = next((i for i, r in roles.items() if r == "id"), 0)
    item_column = next((i for i, r in sorted(roles.items()) if r == "target"), 0)
    rows, seen, extra, placed, items = [], {}, [], 0, []
    for number, group in enumerate(groups, start=1):
        if lead_column is not None and len(group) > width:
            group = _merge_leads(text, group, lead_column, len(group) - width, words.is_lead)
        if not last and number == len(groups) and len(group) > width:
            group, extra = group[:width], group[width:]
        start, end = group[0][0], group[-1][1]
        spans = [(a - start, b - start) for a, b, _ in group]
        raw = text[start:end]
        flags = [] if len(group) == width else ["cell_count"]
        if len(group) < width and has_id:  # a row that lost a cell: place the rest by content
            kinds = [cell_kind(raw[a:b], words.is_lead) for a, b in spans]
            taken, _ = align(kinds, [roles.get(j) for j in range(width)])
            spans = spans_by_column(spans, taken, kinds)
        task_id = prefix + (raw[slice(*spans[id_column])] if has_id else str(number))
        seen[task_id] = seen.get(task_id, 0) + 1
        if seen[task_id] > 1:
            task_id, flags = f"{task_id}#{seen[task_id]}", [*flags, "duplicate_id"]
        placed += sum(1 for j, (a, b) in enumerate(spans) if j in roles and (
            kind := cell_kind(raw[a:b], words.is_lead)) != EMPTY and cost(kind, roles[j]) < 1)
        if item_column < len(spans):
            items.append(raw[slice(*spans[item_column])])
        filled = roles if not flags else {
            j: r for j, r in roles.items() if j < len(spans) and spans[j][1] > spans[j][0]}
        rows.append(build_row(doc_id, task_id, group[0][2], raw, spans, filled, headers,
                              local_words, flags, "lines", words))
    return rows, extra, placed, items
