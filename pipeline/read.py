"""Raw report text -> task rows with their cells, and every other line reported as unassigned.

The cells keep the report's original text (trimmed, inner line breaks kept) because every
offset downstream points into them. Where a role spans several columns (a province target and a
district target; an amount and a 占全年计划 ratio) the cell runs from the first to the last of
those columns, separators included.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import regex

from .errors import InputError
from .text import make_view

ROLE_ORDER = ("id", "ratio", "lead", "actual", "target")
DEFAULT_ROLES = {0: "id", 1: "target", 2: "lead", 3: "actual"}
ROW_START = regex.compile(r"^\s*(\d+)\s*\|")
TRIM = " \t\n\u3000"
HEADER_CELL = 16  # a header cell is short; longer blocks are data


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


BINARY_SIGNATURES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x7fELF",
                     b"\xd0\xcf\x11\xe0")


def decode(data: bytes, path: str) -> str:
    """Bytes -> text: UTF-8 (with or without BOM) and UTF-16 with a BOM directly, anything else
    (GB18030, GBK, Big5 …) through charset-normalizer's detection. Not text: an InputError."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(BINARY_SIGNATURES):
        raise InputError(path, "not a text file (it looks like an image, a PDF or an archive)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding in ("ascii",) or data.count(b"\x00") > len(data) // 100:
        line = data[: utf8_error.start].count(b"\n") + 1
        raise InputError(path, "not a text file in a known encoding", line)
    return str(best)


def read_text(path: Path) -> str:
    """Decode a report file; a file that cannot be read is an InputError naming it."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from exc
    if not data.strip():
        raise InputError(str(path), "empty file")
    text = decode(data, str(path))
    if not text.strip(" \t\r\n\x00\ufeff"):
        raise InputError(str(path), "empty file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def cell_role(cell: str, columns: dict[str, list[str]]) -> str | None:
    compact = "".join(cell.split())
    return next((role for role in ROLE_ORDER
                 if any(word in compact for word in columns.get(role, []))), None)


def read_grid(path: Path) -> list[list[str]]:
    """A CSV or the first sheet of an XLSX as rows of text cells; unreadable files are named."""
    import pandas as pd

    try:
        if path.suffix.lower() == ".csv":
            frame = pd.read_csv(path, header=None, dtype=str, keep_default_na=False,
                                encoding="utf-8-sig")
        else:
            return _read_xlsx(path)
    except (OSError, ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(str(path), f"cannot read as {path.suffix[1:].upper()}: {exc}") from exc
    except Exception as exc:  # openpyxl raises its own kinds for a file that is not a workbook
        raise InputError(str(path), f"cannot read as {path.suffix[1:].upper()}: {exc}") from exc
    return [["" if v is None else str(v) for v in row] for row in frame.itertuples(index=False)]


def _read_xlsx(path: Path) -> list[list[str]]:
    """The first sheet's cells as written: a formula is kept as its text, never evaluated."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # not a workbook, or a broken one
        raise InputError(str(path), f"cannot read as XLSX: {exc}") from exc
    try:
        sheet = workbook.worksheets[0]
        return [["" if v is None else str(v) for v in row]
                for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def header_roles(cells: list[str], columns: dict[str, list[str]]) -> dict[int, str] | None:
    """Column index -> role from header words; None unless there is a target and an actual."""
    roles = {i: role for i, cell in enumerate(cells) if (role := cell_role(cell, columns))}
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
    pending_flags: list[str] = []
    table = 1

    def prefix() -> str:
        return f"t{table}_" if table > 1 else ""

    def add(first: int, row_text: str, flags: list[str], shifted: bool = False) -> None:
        spans = _cell_spans(row_text)
        if shifted:
            spans = [(0, 0), *spans[:-1]]
            task_id = f"{prefix()}{parent}_{subrows.setdefault(prefix() + parent, 1) + 1}"
            subrows[prefix() + parent] += 1
        elif "id" not in roles.values():  # a table without 序号: rows in document order
            task_id = str(sum(1 for r in rows if r.task_id.startswith(prefix())) + 1)
        else:
            task_id = row_text[slice(*_trimmed(row_text, *spans[0]))] if spans else ""
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
        return len(_cell_spans(joined)) >= width and joined.rstrip().endswith("|")

    parent = ""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        cells = [line[a:b] for a, b in _cell_spans(line)]
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
                                         _reason(line, unassigned_reasons)))
    close()
    return rows, unassigned


SENTENCE_ENDS = "。！？!?"
CLOSERS = "”’」』）)】〕》\"'"
CONTENT = regex.compile(r"[\p{Han}\p{L}\p{N}]")
HAN_CHAR = regex.compile(r"\p{Han}")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans by the contract: ends at 。！？!? or a line break; closing quotes and
    brackets stay with the sentence before; `?` between two Chinese characters is a lost
    character; segments of only spaces or punctuation are not counted."""
    spans, start, i, n = [], 0, 0, len(text)
    while i < n:
        ch = text[i]
        end = None
        if ch == "\n":
            end = i
        elif ch in SENTENCE_ENDS:
            lost = ch == "?" and 0 < i < n - 1 and HAN_CHAR.match(text[i - 1]) and HAN_CHAR.match(text[i + 1])
            if not lost:
                j = i + 1
                while j < n and (text[j] in CLOSERS or text[j] in SENTENCE_ENDS):
                    j += 1
                end = j
        if end is not None:
            a, b = _trimmed(text, start, end)
            if CONTENT.search(text, a, b):
                spans.append((a, b))
            start = end + 1 if ch == "\n" else end
            i = start
            continue
        i += 1
    a, b = _trimmed(text, start, n)
    if CONTENT.search(text, a, b):
        spans.append((a, b))
    return spans


def parse_prose(doc_id: str, text: str, lead_patterns) -> list[TaskRow]:
    """Every sentence with a figure is a candidate unit `s<N>`; its actual cell runs through the
    next sentence, where an outcome is usually reported. Which candidates state a target is for
    the target stage to say."""
    spans = split_sentences(text)
    rows = []
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    for n, (start, end) in enumerate(spans, start=1):
        if not regex.search(r"[\d〇一二两三四五六七八九十百千万亿]", text[start:end]):
            continue
        actual_end = spans[n][1] if n < len(spans) else end
        actual = text[start:actual_end]
        lead = _lead_in(actual, lead_patterns)
        line = sum(1 for s in line_starts if s <= start)
        rows.append(TaskRow(doc_id, f"s{n}", line, text[start:end], lead, actual, [],
                            layout="prose"))
    return rows


def _lead_in(text: str, lead_patterns) -> str:
    """The unit named by a lead pattern (由…负责), matched on the simplified view without the
    gaps glosses leave (負(fù)責 -> 负责), and returned as written."""
    view = make_view(text, ()).text
    kept = [i for i, ch in enumerate(view) if not ch.isspace()]
    compact = "".join(view[i] for i in kept)
    for pattern in lead_patterns:
        if m := pattern.search(compact):
            return text[kept[m.start("unit")]:kept[m.end("unit") - 1] + 1]
    return ""


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
            blocks.append((*_trimmed(text, start, end), line))
            start = None
        offset += len(physical) + 1
    if start is not None:
        blocks.append((*_trimmed(text, start, end), line))
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
                             _reason(text[a:b], unassigned_reasons))
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
                                  _reason(text[a:b], unassigned_reasons)) for a, b, line in extra]
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


def _reason(line: str, unassigned_reasons: dict[str, list[str]]) -> str:
    return next((r for r, words in unassigned_reasons.items() if any(w in line for w in words)),
                "other")




def read_report(doc_id: str, text: str, vocab) -> tuple[str, list[TaskRow], list[Unassigned]]:
    """Detect the layout and read the rows; InputError-free: an unknown layout has no rows."""
    if any(ROW_START.match(line) for line in text.split("\n")) or any(
            "|" in line and header_roles([line[a:b] for a, b in _cell_spans(line)], vocab.columns)
            for line in text.split("\n")):
        rows, unassigned = parse_pipe(doc_id, text, vocab.columns, vocab.unassigned_reasons,
                                      vocab.local_target_words)
        return "pipe", rows, unassigned
    lines = parse_lines(doc_id, text, vocab.columns, vocab.unassigned_reasons,
                        vocab.local_target_words, partial(_looks_like_lead, vocab))
    if lines is not None:
        return "lines", *lines
    rows = parse_prose(doc_id, text, vocab.lead_patterns)
    kept = {r.line for r in rows}
    unassigned = [Unassigned(doc_id, n, line.strip(), "context")
                  for n, line in enumerate(text.split("\n"), start=1)
                  if line.strip() and n not in kept]
    return "prose", rows, unassigned


def _looks_like_lead(vocab, cell: str) -> bool:
    compact = "".join(cell.split()).lstrip("*")
    return any(compact.startswith(name) for name in vocab.lead_units) or any(
        p.fullmatch(compact.split("(")[0].split("（")[0]) for p in vocab.lead_unit_patterns)


def parse_grid(doc_id: str, grid: list[list[str]], layout: str, columns: dict[str, list[str]],
               unassigned_reasons: dict[str, list[str]], local_words: tuple[str, ...]
               ) -> tuple[list[TaskRow], list[Unassigned]]:
    """CSV and XLSX sheets: the header row is the first whose cells name a target and an actual
    column; each later non-empty row is a task. A multi-column role's cell joins its columns
    with ` | `."""
    header_at, roles = None, None
    unassigned = []
    for i, cells in enumerate(grid):
        if (found := header_roles(cells, columns)) is not None:
            header_at, roles = i, found
            unassigned.append(Unassigned(doc_id, i + 1, " | ".join(cells).strip(), "header"))
            break
        if any(c.strip() for c in cells):
            unassigned.append(Unassigned(doc_id, i + 1, " | ".join(cells).strip(),
                                         _reason(" ".join(cells), unassigned_reasons)))
    if roles is None:
        return [], unassigned
    headers = [c.strip() for c in grid[header_at]]
    has_id = "id" in roles.values()
    rows, seen = [], {}
    for i, cells in enumerate(grid[header_at + 1:], start=header_at + 2):
        if not any(c.strip() for c in cells):
            continue
        spans, parts, offset = [], [], 0
        for cell in cells:
            spans.append((offset, offset + len(cell)))
            parts.append(cell)
            offset += len(cell) + 3
        raw = " | ".join(parts)
        id_column = next((k for k, r in roles.items() if r == "id"), None)
        task_id = cells[id_column].strip() if has_id and id_column < len(cells) else ""
        task_id = task_id or str(len(rows) + 1)
        seen[task_id] = seen.get(task_id, 0) + 1
        flags = []
        if seen[task_id] > 1:
            task_id, flags = f"{task_id}#{seen[task_id]}", ["duplicate_id"]
        rows.append(build_row(doc_id, task_id, i, raw, spans, roles, headers, local_words, flags,
                              layout))
    return rows, unassigned
