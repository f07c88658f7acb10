"""A text file: read by the layout that explains the most cells.

Every table layout reads the file (pipe table, one cell per line, flattened grid, stacked forms,
space-separated rows, glued rows) and counts the header and row cells it places in a column
their content fits; the most wins, ties going to the layout listed first. Prose reads the file
only where no table explains any cell. Text outside the winning layout's tables that states a
target (a plan word before a figure: 目标任务为527.3亿元) is read as prose too, and the layout is
then listed `prose;<table layout>`; other text around a table (its title, a page's chrome, an
introduction that states no target) stays unassigned.
"""

from __future__ import annotations

import regex

from ..text import make_view
from .facts import document_period, prose_title, title_of
from .flatgrid import read_grid
from .form import read_form
from .glued import read_glued
from .lines import read_lines
from .model import Report, TaskRow, Unassigned
from .pipe import read_pipe
from .prose import parse_prose, split_sentences
from .reading import Reading
from .spaced import read_spaced
from .tablewords import table_words

TABLE_READERS = (read_pipe, read_lines, read_grid, read_form, read_spaced, read_glued)
YEAR = regex.compile(r"(?:19|20)\d\d\s*年")


def read_text_report(doc_id: str, text: str, vocab) -> Report:
    """A decoded text file as a Report: its layout, rows, unassigned lines, title and period."""
    reading = choose_layout(doc_id, text, vocab)
    body_line = reading.first_table_line if reading.layout != "prose" else None
    period = document_period(text, vocab, body_line)
    if reading.layout == "prose":
        title = prose_title(text)
    else:
        title = title_of(reading.unassigned, [r for r in reading.rows if r.layout != "prose"])
    return Report(doc_id, reading.layout, reading.rows, reading.unassigned, period, title,
                  reading.reason)


def choose_layout(doc_id: str, text: str, vocab) -> Reading:
    words = table_words(vocab)
    best: Reading | None = None
    for reader in TABLE_READERS:
        reading = reader(doc_id, text, vocab, words)
        if reading is not None and reading.rows and reading.explained > 0 and (
                best is None or reading.explained > best.explained):
            best = reading
    if best is None:
        return _prose(doc_id, text, vocab)
    return _with_prose(doc_id, text, vocab, best)


def _prose(doc_id: str, text: str, vocab) -> Reading:
    rows = parse_prose(doc_id, text, vocab)
    kept = {r.line for r in rows}
    unassigned = [Unassigned(doc_id, n, line.strip(), "context")
                  for n, line in enumerate(text.split("\n"), start=1)
                  if line.strip() and n not in kept]
    return Reading("prose", rows, unassigned, 0, "prose: no table explains the text")


def _with_prose(doc_id: str, text: str, vocab, table: Reading) -> Reading:
    """The table reading, with the text outside its tables that states targets read as prose."""
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    prose_rows: list[TaskRow] = []
    prose_lines: set[int] = set()
    context: list[Unassigned] = []
    for first, last in _segments(lines, table.covered):
        start, end = starts[first - 1], starts[last] - 1
        segment = text[start:end]
        if not states_target(segment, vocab):
            continue
        before = len(split_sentences(text[:start]))
        rows = parse_prose(doc_id, segment, vocab)
        for row in rows:
            row.line += first - 1
            row.task_id = f"s{before + int(row.task_id[1:])}"
        kept = {r.line for r in rows}
        prose_rows += rows
        prose_lines |= set(range(first, last + 1))
        context += [Unassigned(doc_id, n, lines[n - 1].strip(), "context")
                    for n in range(first, last + 1) if lines[n - 1].strip() and n not in kept]
    if not prose_rows:
        return table
    unassigned = [u for u in table.unassigned if u.line not in prose_lines] + context
    rows = sorted(prose_rows + table.rows, key=lambda r: r.line)
    layouts = ["prose", table.layout] if min(prose_lines) < min(table.covered, default=0) else [
        table.layout, "prose"]
    return Reading(";".join(layouts), rows, sorted(unassigned, key=lambda u: u.line),
                   table.explained, f"{table.reason}; prose outside the tables states targets",
                   table.covered, table.first_table_line)


def _segments(lines: list[str], covered: set[int]) -> list[tuple[int, int]]:
    """Runs of lines (from 1) outside the tables, blank lines included."""
    out, first = [], None
    for n in range(1, len(lines) + 1):
        if n in covered:
            if first is not None:
                out.append((first, n - 1))
                first = None
        elif first is None:
            first = n
    if first is not None:
        out.append((first, len(lines)))
    return out


def states_target(segment: str, vocab) -> bool:
    """A sentence where a plan or target word comes before a figure with a unit (要求…增长9%左右;
    目标任务为527.3亿元). Years and dates are no figures here."""
    view = make_view(segment, ()).text
    p = vocab.patterns
    figure = regex.compile(r"(?<![\d.])\d+(?:\.\d+)?\s*[万亿千百]?\s*(?:" + p.unit.pattern + ")")
    for a, b in split_sentences(view):
        sentence = view[a:b]
        cues = [m.end() for pattern in (p.mode_target, p.named_target_before)
                for m in pattern.finditer(sentence)]
        if not cues:
            continue
        for m in figure.finditer(sentence, min(cues)):
            if not YEAR.fullmatch(m.group()):
                return True
    return False
