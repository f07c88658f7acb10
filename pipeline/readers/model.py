"""What a reader hands on: a report's task rows with their cells, and every other line.

The cells keep the report's original text (trimmed, inner line breaks kept) because every offset
downstream points into them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
    default_role: str | None = "target"  # a figure's role where no word gives one (prose: None)
    target_at: int | None = None  # where target_cell starts inside actual_cell (prose)


@dataclass(frozen=True)
class Unassigned:
    doc_id: str
    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Report:
    """A report as read: its layout, candidate rows, unassigned lines and the period it covers."""

    doc_id: str
    layout: str
    rows: list[TaskRow]
    unassigned: list[Unassigned]
    period: tuple[str, int] | None = None  # (as written, months) for a part-year report
    title: str = ""
