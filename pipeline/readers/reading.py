"""One layout's reading of a text file, with what the layout chooser weighs: how many cells it
explains and which lines its tables cover."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import TaskRow, Unassigned


@dataclass
class Reading:
    layout: str
    rows: list[TaskRow]
    unassigned: list[Unassigned]
    explained: int  # header and row cells placed in a column whose role their content fits
    reason: str  # a few words for documents.csv: which header, which shape
    covered: set[int] = field(default_factory=set)  # physical lines inside its tables (from 1)
    first_table_line: int | None = None  # the line of its first header, where the body starts
