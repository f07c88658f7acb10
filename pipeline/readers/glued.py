"""Glued rows: a table copied without its cell breaks, so a row reads
`经济社会发展主要预期目标1地区生产总值增长6%左右。区发展改革委西城区地区生产总值…`.

The header is a line of column words with nothing between them (`类别序号重点督办内容牵头单位
全年完成情况`). A row starts where the next 序号 stands at the start of a line (after a category
cell); it is split where the column vocabularies say: the lead unit's name after the item's
sentence, else where a numbered list starts again (the progress paragraphs after the targets).
Every row is flagged `glued_row`.
"""

from __future__ import annotations

import regex

from ..text import make_view
from .cells import line_reason, trimmed
from .model import TaskRow, Unassigned
from .reading import Reading
from .tablewords import ROLE_ORDER, TableWords

HEADER = 40  # a glued header line is short
ROW_START = regex.compile(r"(?P<category>[^\d\s|]{0,30}?)(?P<id>\d{1,3})(?=[\p{Han}“\"(（])")
MARKER = regex.compile(r"(?:^|(?<=[\p{Han}。；;:：\s]))(\d{1,2})[.、．](?!\d)", regex.M)
SENTENCE_END = "。；;"


def header_roles(line: str, words: TableWords) -> list[str]:
    """The roles a glued header names, in order (类别序号重点督办内容… -> label, id, target, lead,
    actual); empty when the line is not one."""
    if "|" in line or len(line) > HEADER * 8 or len(line.split()) != 1:
        return []  # the cheap tests first: most lines are rows
    view = "".join(make_view(line, ()).text.split())
    if not view or len(view) > HEADER:
        return []
    vocabulary = sorted(((w, r) for r in ROLE_ORDER for w in words.columns.get(r, [])),
                        key=lambda pair: -len(pair[0]))
    found, i = [], 0
    while i < len(view):
        hit = next(((w, r) for w, r in vocabulary if view.startswith(w, i)), None)
        if hit:
            if not found or found[-1] != hit[1]:
                found.append(hit[1])
            i += len(hit[0])
        else:
            i += 1
    return found if {"id", "target", "actual"} <= set(found) and len(found) >= 3 else []


def read_glued(doc_id: str, text: str, vocab, words: TableWords) -> Reading | None:
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    at = next(((n, roles) for n, line in enumerate(lines)
               if (roles := header_roles(line, words))), None)
    if at is None:
        return None
    header_line, roles = at
    rows: list[TaskRow] = []
    bounds = _row_bounds(lines, header_line + 1)
    if not bounds:
        return None
    explained = len(roles)
    for first, last, m in bounds:
        start = starts[first] + m.end("id")
        end = starts[last] + len(lines[last])
        target, lead, actual = _split(text, start, end, "lead" in roles, words)
        flags = ["glued_row"] + (["wrapped_row"] if last > first else [])
        rows.append(TaskRow(doc_id, m.group("id"), first + 1, text[slice(*target)],
                            text[slice(*lead)], text[slice(*actual)], flags, layout="glued"))
        explained += 1 + sum(b > a for a, b in (target, lead, actual))
    covered = set(range(header_line + 1, bounds[-1][1] + 2))
    unassigned = [Unassigned(doc_id, header_line + 1, lines[header_line].strip(), "header")]
    unassigned += [Unassigned(doc_id, n + 1, line.strip(),
                              line_reason(line, vocab.unassigned_reasons))
                   for n, line in enumerate(lines) if line.strip() and n + 1 not in covered]
    reason = f"glued rows: header {lines[header_line].strip()} split by its words, {explained} cells"
    return Reading("glued", rows, sorted(unassigned, key=lambda u: u.line), explained, reason,
                   covered, header_line + 1)


def _row_bounds(lines: list[str], begin: int) -> list[tuple[int, int, regex.Match]]:
    """(first line, last line, start match) of each row: the next 序号 at a line start; a row runs
    to the line before the next one, or to two blank lines."""
    starts = []
    expected = 1
    for n in range(begin, len(lines)):
        m = ROW_START.match(lines[n])
        if m and int(m.group("id")) == expected:
            starts.append((n, m))
            expected += 1
    out = []
    for k, (n, m) in enumerate(starts):
        last = starts[k + 1][0] - 1 if k + 1 < len(starts) else len(lines) - 1
        blank = next((j for j in range(n + 1, last) if not lines[j].strip()
                      and not lines[j + 1].strip()), None)
        last = blank - 1 if blank is not None else last
        while last > n and not lines[last].strip():
            last -= 1
        out.append((n, last, m))
    return out


def _split(text: str, start: int, end: int, has_lead: bool, words: TableWords):
    """(target, lead, actual) spans of a row's text after its 序号."""
    view = make_view(text[start:end], ()).text
    if has_lead and (lead := _lead(view, words)) is not None:
        a, b = lead
        return (trimmed(text, start, start + a), trimmed(text, start + a, start + b),
                trimmed(text, start + b, end))
    restart = _list_restart(view)
    if restart is not None:
        return (trimmed(text, start, start + restart), (start, start),
                trimmed(text, start + restart, end))
    first = next((i + 1 for i, ch in enumerate(view) if ch in SENTENCE_END), len(view))
    return trimmed(text, start, start + first), (start, start), trimmed(text, start + first, end)


def _lead(view: str, words: TableWords) -> tuple[int, int] | None:
    """The lead-unit names after the item's first sentence end: (start, end) in the view."""
    since = next((i + 1 for i, ch in enumerate(view) if ch in SENTENCE_END), None)
    if since is None:
        return None
    start = end = None
    i = since
    while i < len(view):
        hit = _lead_at(view, i, words)
        if hit is None:
            break
        start = i if start is None else start
        end = i = hit
    return (start, end) if start is not None else None


def _lead_at(view: str, i: int, words: TableWords) -> int | None:
    """The end of a lead unit's name starting at i (a known name, else one shaped like one)."""
    compact = view[i:i + 30]
    name = next((n for n in words.lead_names if compact.startswith(n)), None)
    if name:
        return i + len(name)
    for pattern in words.lead_patterns:
        if m := pattern.match(view, i):
            return m.end()
    return None


def _list_restart(view: str) -> int | None:
    """Where a numbered list starts again at 1 (targets 1.…6., then progress 1、…)."""
    previous = 0
    for m in MARKER.finditer(view):
        number = int(m.group(1))
        if number <= previous and number == 1:
            return m.start()
        previous = number
    return None
