"""What a report says about itself: its title and the period it covers."""

from __future__ import annotations

from ..text import make_view
from .model import TaskRow, Unassigned

TITLE_LENGTH = 60
TITLE_ENDS = tuple("。？?！!：:;；,，")


def document_period(text: str, vocab) -> tuple[str, int] | None:
    """The period a whole progress report covers (萧县9月份…; 截至9月底), if part of a year;
    failing that, the months before its publication date (dated in October: 1-9月)."""
    view = make_view(text, ()).text
    found = min(((m, p) for p in vocab.document_periods if (m := p.pattern.search(view))),
                key=lambda pair: pair[0].start(), default=None)
    if found is not None:
        match, period = found
        months = int(match.group(period.months)) if isinstance(period.months, str) else period.months
        written = text[match.start():match.end()]
    else:
        dated = next((m for p in vocab.publication_dates if (m := p.search(view))), None)
        if dated is None:
            return None
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
