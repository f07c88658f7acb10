"""metrics.xlsx for people: the CSV tables with Chinese headers and labels, one colour per status,
attainment as a percentage, wrapped text, a print setup, a summary and a legend.

Written row by row through XlsxWriter's constant-memory mode with every format declared once:
a workbook of 400,000 cells costs seconds and little memory, where building each cell as an
object cost most of a large run. Text that a spreadsheet would run (=, +, -, @ …) is written as a
text cell with the quote-prefix style, never as a formula; characters XLSX cannot hold become
U+FFFD in the workbook only. The bytes depend on the content alone (no time of writing).
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime
from decimal import Decimal

import pandas as pd
import xlsxwriter

from .contract import (
    DISPLAY_COLUMNS,
    LABEL_SEPARATOR,
    NUMERIC,
    SHEETS,
    STATUS_FILLS,
    STATUS_TERMS,
    STATUSES,
    MetricRecord,
    TaskRecord,
    headers,
    label,
)
from .frames import UNLISTED, UNLISTED_NOTE, by_lead_unit, lead_units, with_gap_points
from .write import UNSAFE_START

FIXED_TIME = datetime(2000, 1, 1)  # document properties: no time of writing in the file
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # XML 1.0 cannot hold these
MAX_ROWS = 1_048_576  # per sheet; more rows continue on a sheet of the same name and a number
MAX_CELL = 32_767  # UTF-16 units per cell
# Offsets and base-unit figures are for scripts and checks: collapsed in an outline (one click
# shows them), so the printed page holds what a reader needs at a legible size.
COLLAPSED = ("target_start", "target_end", "actual_start", "actual_end", "target_value", "unit",
             "actual_value", "actual_unit", "period_months", "pro_rata_target", "target_upper")
LINE_HEIGHT = 13  # points per line of 10-point text
SLICE = 5_000  # rows converted at a time: memory stays flat however large the run
MEMO_LIMIT = 50_000  # distinct values remembered per column
MAX_HEIGHT = 409  # the tallest row a spreadsheet allows
PERCENT = ("attainment",)
POINTS = ("gap_points",)
SHARE = ("confidence",)
HEADERS = {**headers(MetricRecord), **headers(TaskRecord),
           **{name: zh for name, zh, _, _ in DISPLAY_COLUMNS}}
WIDTHS = {f.name: f.metadata["width"] for record in (MetricRecord, TaskRecord)
          for f in dataclasses.fields(record)}
DEFAULT_WIDTH = 10


def _width(text: str) -> int:
    """Display width in character units: 2 for a Chinese character (3 bytes in UTF-8), 1 for
    ASCII, computed without looking at each character.

    >>> _width("新增5家"), _width("abc")
    (7, 3)
    """
    return (len(text.encode("utf-8")) + len(text)) // 2


def _lines(text: str, width: int) -> int:
    """Lines a wrapped cell of this column width takes (a line break starts a new one)."""
    room = max(width - 1, 1)
    return sum(max(1, -(-_width(part) // room)) for part in text.split("\n"))


def _number(value):
    if value is None or value == "" or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, str):
        value = Decimal(value)
    if isinstance(value, Decimal):
        if value.is_nan():
            return None
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def cell_text(value) -> str:
    """The text a cell holds: U+FFFD for characters XLSX cannot store, cut (with …) at the
    cell limit, never anything a spreadsheet would evaluate."""
    text = ILLEGAL.sub("\ufffd", str(value))
    if len(text) * 2 > MAX_CELL and len(text.encode("utf-16-le")) // 2 > MAX_CELL:
        units = 0
        for i, ch in enumerate(text):
            units += 2 if ord(ch) > 0xFFFF else 1
            if units > MAX_CELL - 1:
                return text[:i] + "…"
    return text


class Formats:
    """Every cell format of the workbook, declared once and shared by all sheets."""

    def __init__(self, book: xlsxwriter.Workbook):
        base = {"valign": "top", "font_size": 10}
        add = lambda **extra: book.add_format({**base, **extra})  # noqa: E731
        self.header = add(bold=True, text_wrap=True, bg_color="#DDE4EE", bottom=1)
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.text = add(text_wrap=True)
        self.note = add()  # not wrapped: a sentence runs on over the empty cells beside it
        self.quoted = add(text_wrap=True, quote_prefix=True)
        self.integer = add(num_format="#,##0")
        self.decimal = add(num_format="#,##0.00##")
        self.percent = add(num_format="0.0%")
        self.points = add(num_format='+0.0##;-0.0##;0')
        self.share = add(num_format="0.00")
        self.status = {s: add(text_wrap=True, bg_color=STATUS_FILLS[s], pattern=1)
                       for s in STATUSES}


def _setup(sheet, columns: list[str], widths: list[int], last_row: int) -> None:
    """Widths, collapsed columns, frozen header, filters and the print setup."""
    for c, name in enumerate(columns):
        options = {"hidden": True, "level": 1} if name in COLLAPSED else {}
        sheet.set_column(c, c, widths[c], None, options)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(last_row, 0), len(columns) - 1)
    _print_setup(sheet)


def _print_setup(sheet) -> None:
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)  # one page wide, as many long as needed
    sheet.repeat_rows(0)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_header("&L&A")
    sheet.set_footer("&C第 &P 页,共 &N 页")


class _Column:
    """How one column's values become cells: (value to write, format, lines when wrapped), or
    None for a blank. Reports repeat values (statuses, units, periods, lead units), so each
    distinct value is converted once."""

    def __init__(self, name: str, width: int, formats: Formats):
        self.name, self.width, self.formats = name, width, formats
        self.numeric = name in NUMERIC or name in POINTS
        self.style = (formats.percent if name in PERCENT else formats.points if name in POINTS
                      else formats.share if name in SHARE else None)
        self.shown = name not in COLLAPSED  # collapsed columns never make a row taller
        self.memo: dict = {}

    def cells(self, values) -> list:
        memo, convert = self.memo, self._convert
        if len(memo) > MEMO_LIMIT:
            memo.clear()
        out = []
        for value in values:
            try:
                cell = memo[value]
            except KeyError:
                cell = memo[value] = convert(value)
            except TypeError:  # an unhashable value
                cell = convert(value)
            out.append(cell)
        return out

    def _convert(self, value):
        if self.numeric:
            number = _number(value)
            if number is None:
                return None
            return (number, self.style or (self.formats.integer if isinstance(number, int)
                                           else self.formats.decimal), 1)
        if self.name == "lead_units":
            value = LABEL_SEPARATOR.join(lead_units(value))
        text = label(self.name, value)
        if not text:
            return None
        text = cell_text(text)
        if self.name == "status":
            style = self.formats.status.get(value, self.formats.text)
        else:
            style = self.formats.quoted if text.startswith(UNSAFE_START) else self.formats.text
        return (text, style, _lines(text, self.width) if self.shown else 1)


def _table(book, formats: Formats, title: str, table: pd.DataFrame) -> None:
    """One table over one sheet (or more, past the sheet's row limit), row by row, converting a
    slice of rows column by column at a time."""
    columns = list(table.columns)
    names = [HEADERS.get(c, c) for c in columns]
    widths = [WIDTHS.get(c, DEFAULT_WIDTH) for c in columns]
    kinds = [_Column(c, w, formats) for c, w in zip(columns, widths, strict=True)]
    header_lines = max(_lines(n, w) for n, w in zip(names, widths, strict=True))
    sheet, part, r = None, 1, 0
    for start in range(0, max(len(table), 1), SLICE):
        part_of = table.iloc[start:start + SLICE]
        cells = [kind.cells(part_of[c].tolist()) for kind, c in zip(kinds, columns, strict=True)]
        for row in zip(*cells, strict=True):
            if sheet is None or r == MAX_ROWS - 1:
                if sheet is not None:
                    _setup(sheet, columns, widths, r)
                    part += 1
                sheet = book.add_worksheet(title if part == 1 else f"{title} {part}")
                sheet.set_row(0, header_lines * LINE_HEIGHT + 2)
                sheet.write_row(0, 0, names, formats.header)
                writers = [sheet.write_number if k.numeric else sheet.write_string for k in kinds]
                r = 0
            r += 1
            lines = 1
            for c, cell in enumerate(row):
                if cell is not None:
                    writers[c](r, c, cell[0], cell[1])  # text is a string, never a formula
                    if cell[2] > lines:
                        lines = cell[2]
            if lines > 1:  # wrapped text: the row as tall as its longest cell
                sheet.set_row(r, min(lines * LINE_HEIGHT + 2, MAX_HEIGHT))
    if sheet is None:
        sheet = book.add_worksheet(title)
        sheet.write_row(0, 0, names, formats.header)
    _setup(sheet, columns, widths, r)


def _report_names(documents: pd.DataFrame) -> dict[str, str]:
    return {d: (t if isinstance(t, str) and t else d)
            for d, t in zip(documents["doc_id"], documents["title"], strict=True)}


def _summary(book, formats: Formats, metrics: pd.DataFrame, documents: pd.DataFrame) -> None:
    sheet = book.add_worksheet(SHEETS[0][0])
    sheet.write_string(0, 0, "目标完成情况核查 · 概况", formats.title)
    total = len(metrics)
    counts = metrics["status"].value_counts()
    sheet.write_row(2, 0, ["状态", "目标数", "占全部目标"], formats.header)
    for i, status in enumerate(STATUSES, start=3):
        n = int(counts.get(status, 0))
        sheet.write_string(i, 0, label("status", status), formats.status[status])
        sheet.write_number(i, 1, n, formats.integer)
        sheet.write_number(i, 2, n / total if total else 0, formats.percent)
    row = 3 + len(STATUSES)
    sheet.write_string(row, 0, "全部目标", formats.text)
    sheet.write_number(row, 1, total, formats.integer)
    sheet.write_string(row + 1, 0, "每项数字目标只计一次;“牵头单位”表中,多个单位共同牵头的目标"
                       "在每个单位下各计一次(见“共同牵头”列),故各单位之和可能大于全部目标数。",
                       formats.note)
    row += 3
    heads = ["报告", "报告文件", "任务数", "目标数", *[label("status", s) for s in STATUSES]]
    sheet.write_row(row, 0, heads, formats.header)
    names = _report_names(documents)
    for doc in documents.itertuples(index=False):
        row += 1
        sheet.write_string(row, 0, cell_text(names[doc.doc_id]), formats.text)
        sheet.write_string(row, 1, cell_text(doc.doc_id), formats.text)
        values = [doc.tasks, doc.targets, *[getattr(doc, f"n_{s}") for s in STATUSES]]
        for c, value in enumerate(values, start=2):
            sheet.write_number(row, c, int(value or 0), formats.integer)
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 1, 24)
    sheet.set_column(2, len(heads), 10)
    _print_setup(sheet)


def _units(book, formats: Formats, metrics: pd.DataFrame, documents: pd.DataFrame) -> None:
    units = by_lead_unit(metrics)
    names = _report_names(documents)
    table = pd.DataFrame({"report": units["doc_id"].map(lambda d: names.get(d, d)),
                          "lead_unit": units["lead_unit"], "targets": units["targets"],
                          "shared": units["shared"],
                          **{s: units[s] for s in STATUSES}})
    sheet = book.add_worksheet(SHEETS[4][0])
    heads = ["报告", "牵头单位", "目标数", HEADERS["shared"],
             *[label("status", s) for s in STATUSES]]
    sheet.write_row(0, 0, heads, formats.header)
    r = 0
    for r, row in enumerate(table.itertuples(index=False, name=None), start=1):
        sheet.write_string(r, 0, cell_text(row[0]), formats.text)
        sheet.write_string(r, 1, cell_text(row[1]), formats.text)
        for c, value in enumerate(row[2:], start=2):
            sheet.write_number(r, c, int(value), formats.integer)
    sheet.write_string(r + 2, 0, f"{UNLISTED}:{UNLISTED_NOTE}", formats.note)
    widths = [30, 24, 8, 8, *[10] * len(STATUSES)]
    for c, width in enumerate(widths):
        sheet.set_column(c, c, width)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(r, 1), len(heads) - 1)
    _print_setup(sheet)


def _legend(book, formats: Formats) -> None:
    sheet = book.add_worksheet(SHEETS[5][0])
    sheet.write_row(0, 0, ["状态", "代码(CSV)", "含义"], formats.header)
    for r, term in enumerate(STATUS_TERMS, start=1):
        sheet.write_string(r, 0, term.zh, formats.status[term.code])
        sheet.write_string(r, 1, term.code, formats.text)
        sheet.write_string(r, 2, term.meaning, formats.text)
    r = len(STATUS_TERMS) + 2
    sheet.write_row(r, 0, ["表头", "CSV 列名", "含义"], formats.header)
    for name, record in (("metrics", MetricRecord), ("tasks", TaskRecord)):
        for field_name, header in headers(record).items():
            r += 1
            meaning = record.__dataclass_fields__[field_name].metadata
            sheet.write_string(r, 0, header, formats.text)
            sheet.write_string(r, 1, f"{name}.{field_name}", formats.text)
            sheet.write_string(r, 2, f"{meaning['zh']};{meaning['en']}", formats.text)
    for name, zh, en, _ in DISPLAY_COLUMNS:
        r += 1
        sheet.write_string(r, 0, zh, formats.text)
        sheet.write_string(r, 1, name, formats.text)
        sheet.write_string(r, 2, en, formats.text)
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 26)
    sheet.set_column(2, 2, 90)
    _print_setup(sheet)


def write_workbook(path, metrics: pd.DataFrame, unmet: pd.DataFrame, tasks: pd.DataFrame,
                   documents: pd.DataFrame) -> None:
    """Write metrics.xlsx to path (a file name or a binary stream)."""
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    book.set_properties({"created": FIXED_TIME, "title": "目标完成情况核查"})
    formats = Formats(book)
    _summary(book, formats, metrics, documents)
    _table(book, formats, SHEETS[1][0], with_gap_points(metrics))
    _table(book, formats, SHEETS[2][0], with_gap_points(unmet))
    _table(book, formats, SHEETS[3][0], tasks)
    _units(book, formats, metrics, documents)
    _legend(book, formats)
    book.close()
