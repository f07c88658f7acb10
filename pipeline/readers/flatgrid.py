"""Grids flattened one value per line: row labels (towns, districts, provinces, categories) ×
indicator columns, pasted from a web page as one cell per line, per blank-line separated block,
or per line ending in ` |`.

A grid starts at a label header (地区, 省份, 县(市)、新区, 性质); its header runs up to the first
row's label, which stands before the first figure. Each row is its label cells and the value
cells up to the next label. Indicator groups (城镇新增就业(人) over 目标任务 · 进度 · 完成比例) give
one task per row × indicator, id `<row label>/<indicator>`; a table without groups gives one task
per row, id `<row label>/<first target column>`. A label run longer than the rows' is an empty
row or injected text: unassigned.
"""

from __future__ import annotations

import regex

from .align import EMPTY, cell_kind
from .cells import HEADER_CELL, joined_headers, line_reason, trimmed
from .lines import blocks_of
from .model import Unassigned
from .reading import Reading
from .tables import Grid, LabelledRow, fit, grid_rows, is_value, value_columns
from .tablewords import TableWords, compact_view

Cell = tuple[int, int, int]  # start, end, line (from 1)
PROSE = regex.compile(r"[。；;！!？?]")
LONG = 40  # a cell this long with sentence punctuation is prose: the grid has ended


def pipe_cells(text: str) -> list[list[Cell]]:
    """Lines ending in `|` are cells (`興義市 |`; `|||` is three empty ones); any other line (a
    pipe table's row of several cells among them) ends a run of them."""
    runs: list[list[Cell]] = [[]]
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.rstrip()
        inner = stripped[:-1].split("|")
        if stripped.endswith("|") and (len(inner) == 1 or not "".join(inner).strip()):
            bars = [i for i, ch in enumerate(line) if ch == "|"]
            start = 0
            for bar in bars:
                a, b = trimmed(text, offset + start, offset + bar)
                runs[-1].append((a, b, number))
                start = bar + 1
        elif runs[-1]:
            runs.append([])
        offset += len(line) + 1
    return [r for r in runs if r]


def line_cells(text: str) -> list[list[Cell]]:
    """Every non-blank line without a pipe is a cell."""
    cells, offset = [], 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip() and "|" not in line:
            a, b = trimmed(text, offset, offset + len(line))
            cells.append((a, b, number))
        offset += len(line) + 1
    return [cells]


def block_cells(text: str) -> list[list[Cell]]:
    return [[(a, b, line) for a, b, line in blocks_of(text) if "|" not in text[a:b]]]


def read_grid(doc_id: str, text: str, vocab, words: TableWords) -> Reading | None:
    """The flattened grids of a text, read from whichever cell stream explains most."""
    best = None
    for name, stream in (("blocks", block_cells), ("lines", line_cells), ("pipes", pipe_cells)):
        reading = _read_stream(doc_id, text, stream(text), vocab, words, name)
        if reading is not None and (best is None or reading.explained > best.explained):
            best = reading
    return best


def _read_stream(doc_id: str, text: str, runs: list[list[Cell]], vocab, words: TableWords,
                 stream: str) -> Reading | None:
    rows, unassigned, covered, explained, reasons, first = [], [], set(), 0, [], None
    tables = 0
    for cells in runs:
        texts = [text[a:b] for a, b, _ in cells]
        kinds = [cell_kind(t, words.is_lead) for t in texts]
        i = 0
        while i < len(cells):
            table = _grid_at(text, cells, texts, kinds, i, words)
            if table is None:
                i += 1
                continue
            header_end, grid, labels, end, junk, headers = table
            tables += 1
            task_rows, placed = grid_rows(doc_id, text, labels, grid, "grid", words,
                                          vocab.local_target_words)
            seen_ids = {r.task_id for r in rows}
            if seen_ids & {r.task_id for r in task_rows}:
                for r in task_rows:
                    r.task_id = f"t{tables}_{r.task_id}"
            rows += task_rows
            explained += header_end - i + placed + sum(len(r.labels) for r in labels)
            unassigned += [Unassigned(doc_id, line, text[a:b].replace("\n", " "), "header")
                           for a, b, line in cells[i:header_end] if b > a]
            unassigned += [Unassigned(doc_id, line, text[a:b].replace("\n", " "),
                                      line_reason(text[a:b], vocab.unassigned_reasons))
                           for a, b, line in junk]
            last = cells[end - 1]
            covered |= set(range(cells[i][2], last[2] + text[last[0]:last[1]].count("\n") + 1))
            reasons.append(" / ".join(h.replace("\n", "") for h in headers[:4]))
            first = cells[i][2] if first is None else first
            i = end
    if not rows:
        return None
    unassigned += _outside(doc_id, text, covered, vocab)
    reason = (f"flattened grid ({stream}): {len(rows)} row × indicator cells from header "
              f"{reasons[0]}…, {explained} cells")
    return Reading("grid", rows, sorted(unassigned, key=lambda u: u.line), explained, reason,
                   covered, first)


def _outside(doc_id: str, text: str, covered: set[int], vocab) -> list[Unassigned]:
    return [Unassigned(doc_id, n, line.strip(), line_reason(line, vocab.unassigned_reasons))
            for n, line in enumerate(text.split("\n"), start=1)
            if line.strip() and n not in covered]


def _grid_at(text: str, cells: list[Cell], texts: list[str], kinds: list[str], at: int,
             words: TableWords):
    """A grid whose label header is cell `at`: (header end, Grid, rows, end, junk cells, header
    texts), or None."""
    if len(texts[at]) > HEADER_CELL * 2 or words.role(texts[at]) != "label" or len(
            compact_view(texts[at])) > HEADER_CELL:
        return None
    value = [k != EMPTY and is_value(k) for k in kinds]
    first = next((j for j in range(at + 1, len(cells)) if value[j]), None)
    if first is None:
        return None
    width = _label_width(texts, kinds, value, first, words)
    header_end = first - width
    if header_end <= at + 1:
        return None
    pieces = texts[at:header_end]
    joined = joined_headers(pieces, words)
    headers = ["".join(pieces[a:b]) for a, b in joined]
    if any(len(compact_view(h)) > HEADER_CELL * 2 for h in headers):
        return None
    columns, groups, leads = value_columns(headers, words)
    if not ({"target", "actual"} <= {c.role for c in columns}):
        return None
    lead = None
    if leads:
        spans = [(cells[at + joined[k][0]][0], cells[at + joined[k][1] - 1][1]) for k in leads]
        lead = (spans[0][0], spans[-1][1])
    rows, junk, end = _rows(text, cells, header_end, width, kinds, value, words)
    if len(rows) < 1 or not any(r.values for r in rows):
        return None
    if not groups:
        index = {(a, b): i for i, (a, b, _) in enumerate(cells)}
        columns = fit(columns, [[kinds[index[s]] for s in r.values] for r in rows])
    return header_end, Grid(columns, groups, lead), rows, end, junk, headers


def _label_width(texts: list[str], kinds: list[str], value: list[bool], first: int,
                 words: TableWords) -> int:
    """How many label cells stand before each row's figures: the text cells between the first
    two runs of figures, else those right before the first figure (up to an empty cell)."""
    width = 0
    while width < 3 and first - width - 1 >= 0:
        k = first - width - 1
        if value[k] or kinds[k] == EMPTY or words.role(texts[k]) or words.header_unit(texts[k]):
            break
        width += 1
    j = first
    while j < len(texts) and (value[j] or kinds[j] == EMPTY):
        j += 1
    k = j
    while k < len(texts) and not value[k] and kinds[k] != EMPTY:
        k += 1
    if j < len(texts) and k < len(texts) and value[k] and 0 < k - j <= 3:
        return min(k - j, width) if width else k - j  # an injected line between rows is no label
    return max(1, width)


def _rows(text: str, cells: list[Cell], start: int, width: int, kinds: list[str],
          value: list[bool], words: TableWords):
    """Rows from `start`: `width` label cells, then value cells; a longer run of labels holds
    empty rows or injected text (junk); a new label header or prose ends the grid."""
    rows: list[LabelledRow] = []
    junk: list[Cell] = []
    i = start
    while i < len(cells):
        j = i
        while j < len(cells) and not value[j] and kinds[j] != EMPTY:
            j += 1
        labels = cells[i:j]
        if any(_ends_grid(text[a:b], words) for a, b, _ in labels):
            stop = next(n for n in range(i, j) if _ends_grid(text[slice(*cells[n][:2])], words))
            junk += [c for c in cells[i:stop] if c[1] > c[0]]
            return rows, junk, stop
        k = j
        while k < len(cells) and (value[k] or kinds[k] == EMPTY):
            k += 1
        if j == k:  # labels at the end with no figures: empty rows
            junk += labels
            return rows, junk, j
        junk += labels[:-width] if len(labels) > width else []
        mine = labels[-width:]
        rows.append(LabelledRow(mine[0][2] if mine else cells[j][2],
                                [c[:2] for c in mine], [c[:2] for c in cells[j:k]], []))
        i = k
    return rows, junk, len(cells)


def _ends_grid(cell: str, words: TableWords) -> bool:
    """A new label header, or prose."""
    return (words.role(cell) == "label" and len(compact_view(cell)) <= HEADER_CELL) or (
        len(cell) > LONG and PROSE.search(cell) is not None)
