"""What a report says about itself: its title and the period it covers."""

from __future__ import annotations

import regex

from ..text import make_view
from .model import TaskRow, Unassigned

TITLE_LENGTH = 60
TITLE_ENDS = tuple("。？?！!：:;；,，")


HEADING = 100  # a line without sentence punctuation, this short, is a title or a heading
SENTENCE_MARKS = "。！？!?；;"
YEAR = regex.compile(r"(?:19|20)\d\d(?=\s*年)")


def head_of(text: str, body_line: int | None = None) -> str:
    """The lines that say what a report covers: its title and headings before the body, and its
    opening paragraph. A table's report (body_line: its first header line) adds every heading
    above the table (its title: …情况表(截止到12月31日))."""
    lines = text.split("\n")
    stop = body_line - 1 if body_line else len(lines)
    head, opened = [], False
    for line in lines[:stop]:
        stripped = line.strip()
        if not stripped:
            continue
        heading = len(stripped) <= HEADING and not any(ch in stripped for ch in SENTENCE_MARKS)
        if heading and not (opened and body_line is None):
            head.append(line)
        elif not opened:
            head.append(line)
            opened = True
        elif body_line is None:
            break
    return "\n".join(head)


DATE_WINDOW = 20_000  # characters at each end of a report where its publication date is looked for


def document_period(text: str, vocab, body_line: int | None = None) -> tuple[str, int] | None:
    """The period a whole progress report covers (萧县9月份…; 截至9月底), if part of a year, read
    from its head only (a period word deep in a paragraph is that paragraph's); failing that, the
    months before its publication date (dated in October: 1-9月) where it is dated in the year
    its head names."""
    head = head_of(text, body_line)
    view = make_view(head, ()).text
    found = min(((m, p) for p in vocab.document_periods if (m := p.pattern.search(view))),
                key=lambda pair: pair[0].start(), default=None)
    if found is not None:
        match, period = found
        months = int(match.group(period.months)) if isinstance(period.months, str) else period.months
        written = head[match.start():match.end()]
    else:
        ends = text if len(text) <= 2 * DATE_WINDOW else text[:DATE_WINDOW] + "\n" + text[-DATE_WINDOW:]
        whole = make_view(ends, ()).text  # a page's date stands in its header or its footer
        dated = next((m for p in vocab.publication_dates if (m := p.search(whole))), None)
        if dated is None:
            return None
        year = YEAR.search(view)
        if year and year.group() not in dated.group():
            return None  # published the next year: not a part-year report
        months, written = int(dated.group("m")) - 1, f"1-{int(dated.group('m')) - 1}月"
    return (written, months) if months is not None and 0 < months < 12 else None


def title_like(text: str) -> bool:
    return 0 < len(text) <= TITLE_LENGTH and not text.endswith(TITLE_ENDS)


def title_of(unassigned: list[Unassigned], rows: list[TaskRow]) -> str:
    """A table's title: the nearest short line above it that reads like a heading."""
    first_row = min((r.line for r in rows), default=0)
    above = [u.text for u in sorted(unassigned, key=lambda u: u.line)
             if u.line < first_row and u.reason != "header" and title_like(u.text)]
    return above[-1] if above else ""


def prose_title(text: str) -> str:
    """Prose: the first line, where it reads like a heading."""
    first = text.strip().split("\n", 1)[0].strip()
    return first if title_like(first) else ""
