"""Tables pasted from a web page with one cell per blank-line separated block."""

from __future__ import annotations

import regex

from .cells import HEADER_CELL, build_row, cell_role, header_roles, line_reason, trimmed
from .model import TaskRow, Unassigned


def _blocks(text: str) -> list[tuple[int, int, int]]:
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


def _merge_leads(text: str, group: list[tuple[int, int, int]], column: int, extra: int,
                 is_lead) -> list[tuple[int, int, int]]:
    """A lead-unit cell pasted as several blocks (*区城管局 / *区农业农村局): join them."""
    end = column + 1
    while end < len(group) and extra and is_lead(text[group[end][0]:group[end][1]]):
        end += 1
        extra -= 1
    merged = (group[column][0], group[end - 1][1], group[column][2])
    return [*group[:column], merged, *group[end:]]


def parse_lines(doc_id: str, text: str, columns: dict[str, list[str]],
                unassigned_reasons: dict[str, list[str]], local_words: tuple[str, ...],
                is_lead=lambda cell: False) -> tuple[list[TaskRow], list[Unassigned]] | None:
    """Tables pasted from a web page: one cell per blank-line separated block.

    A header is a run of blocks that are all header words; rows follow, a new row at each block
    holding only a number where the table has an id column, else every `width` blocks. Blocks
    before the first header (preambles such as `2.市民生实事项目…`) are unassigned; a later
    header starts another table, whose ids get `t<k>_`.
    """
    blocks = _blocks(text)
    cells = [text[a:b] for a, b, _ in blocks]
    tables = []  # (first header block, roles, width)
    i = 0
    while i < len(blocks):
        run = 0
        while (i + run < len(blocks) and len("".join(cells[i + run].split())) <= HEADER_CELL
               and cell_role(cells[i + run], columns)):
            run += 1
        if run >= 3 and (found := header_roles(cells[i:i + run], columns)):
            tables.append((i, found, run))
            i += run
        else:
            i += 1
    if not tables:
        return None
    unassigned = [Unassigned(doc_id, line, text[a:b].replace("\n", " "),
                             line_reason(text[a:b], unassigned_reasons))
                  for a, b, line in blocks[:tables[0][0]]]
    rows: list[TaskRow] = []
    for k, (header_at, roles, width) in enumerate(tables, start=1):
        headers = cells[header_at:header_at + width]
        unassigned += [Unassigned(doc_id, blocks[header_at + j][2], headers[j].replace("\n", " "),
                                  "header") for j in range(width)]
        end = tables[k][0] if k < len(tables) else len(blocks)
        table_rows, extra = _line_rows(doc_id, text, blocks[header_at + width:end], roles,
                                       headers, width, local_words, is_lead,
                                       f"t{k}_" if k > 1 else "", last=k == len(tables))
        rows += table_rows
        unassigned += [Unassigned(doc_id, line, text[a:b].replace("\n", " "),
                                  line_reason(text[a:b], unassigned_reasons)) for a, b, line in extra]
    return rows, sorted(unassigned, key=lambda u: u.line)


def _line_rows(doc_id: str, text: str, body, roles: dict[int, str], headers: list[str],
               width: int, local_words: tuple[str, ...], is_lead, prefix: str, last: bool):
    """One table's rows; blocks after its last full row that lead into the next table (附件2,
    its title) are returned as extra lines."""
    has_id = "id" in roles.values()
    groups: list[list[tuple[int, int, int]]] = []
    for block in body:
        is_id = regex.fullmatch(r"\d{1,4}", text[block[0]:block[1]]) is not None
        if not groups or (has_id and is_id) or (not has_id and len(groups[-1]) == width):
            groups.append([block])
        else:
            groups[-1].append(block)
    lead_column = next((i for i, r in roles.items() if r == "lead"), None)
    rows, seen, extra = [], {}, []
    for number, group in enumerate(groups, start=1):
        if lead_column is not None and len(group) > width:
            group = _merge_leads(text, group, lead_column, len(group) - width, is_lead)
        if not last and number == len(groups) and len(group) > width:
            group, extra = group[:width], group[width:]
        start, end = group[0][0], group[-1][1]
        spans = [(a - start, b - start) for a, b, _ in group]
        raw = text[start:end]
        flags = [] if len(group) == width else ["cell_count"]
        task_id = prefix + (raw[:spans[0][1]] if has_id else str(number))
        seen[task_id] = seen.get(task_id, 0) + 1
        if seen[task_id] > 1:
            task_id, flags = f"{task_id}#{seen[task_id]}", [*flags, "duplicate_id"]
        rows.append(build_row(doc_id, task_id, group[0][2], raw, spans, roles, headers,
                              local_words, flags, "lines"))
    return rows, extra
