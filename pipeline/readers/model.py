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
    # The unit (with its multiplier) a column header gives the bare numbers of a role's cell:
    # {"target": "萬元", "actual": "萬元"} from 年度投资目标(萬元); 新增就业(人) -> "人".
    unit_hints: dict[str, str] = field(default_factory=dict)
    milestone_from: int | None = None  # target_cell offset of a part-year target column (月度计划)
    milestone_period: tuple[str, int | None] | None = None  # its period: ("4月", 4), ("上半年", 6)
    area: str = ""  # the row label of a grid (a town, a district): the target's scope
    # The indicator a grid's header names for a target cell that holds only its figure
    # (城镇登记失业率低于(%)): the target's metric, and its bound word the target's bound.
    item: str = ""


@dataclass(frozen=True)
class Unassigned:
    doc_id: str
    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Report:
    """A report as read: its layout, candidate rows, unassigned lines and the period it covers,
    and how it was read (for documents.csv)."""

    doc_id: str
    layout: str
    rows: list[TaskRow]
    unassigned: list[Unassigned]
    period: tuple[str, int] | None = None  # (as written, months) for a part-year report
    title: str = ""
    layout_reason: str = ""  # why this layout was chosen, in a few words
    file_kind: str = ""  # the file's kind by its content (txt, html, xlsx …)
    reader: str = ""  # the reader that read it
    encoding: str = ""  # the text encoding used, where the reader decoded bytes
    warnings: tuple[str, ...] = ()  # what the reader noticed and the run should say


@dataclass
class Grid:
    """A table's text cells with merged cells expanded (each copy holds the merged cell's text),
    and which positions are copies: from the cell above (a row span) or to the left (a column
    span), so a table reader can tell a merged header or heading row from cells of their own.
    `row_flags` holds flags a reader set on a row (a formula without a value, a cut cell)."""

    cells: list[list[str]]
    from_above: set[tuple[int, int]] = field(default_factory=set)
    from_left: set[tuple[int, int]] = field(default_factory=set)
    row_flags: dict[int, list[str]] = field(default_factory=dict)

    def flag(self, row: int, flag: str) -> None:
        flags = self.row_flags.setdefault(row, [])
        if flag not in flags:
            flags.append(flag)
