"""metrics.xlsx for reviewers: metrics, unmet, tasks and by_unit sheets, ready to filter.

Text that a spreadsheet would run (=, +, -, @ …) is stored as a text cell with the quote-prefix
style, never as a formula; characters XLSX cannot hold become U+FFFD in the workbook only.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from datetime import datetime
from decimal import Decimal

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from .contract import NUMERIC, STATUS_LABELS, STATUSES
from .frames import by_lead_unit
from .write import UNSAFE_START

FILLS = {"met": "C6EFCE", "missed": "FFC7CE"}
OTHER_FILL = "FFEB9C"
MAX_WIDTH = 60
FIXED_TIME = datetime(2000, 1, 1)  # document properties: no time of writing in the file


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _number(value):
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _sheet(book: Workbook, title: str, table: pd.DataFrame) -> None:
    sheet = book.create_sheet(title)
    columns = list(table.columns)
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [_width(c) for c in columns]
    status_column = columns.index("status") + 1 if "status" in columns else None
    for r, row in enumerate(table.itertuples(index=False), start=2):
        for c, (name, value) in enumerate(zip(columns, row, strict=True), start=1):
            cell = sheet.cell(row=r, column=c)
            if name in NUMERIC:
                number = _number(value)
                cell.value = number
                if number is not None:
                    cell.number_format = "#,##0" if isinstance(number, int) else "#,##0.00##"
                text = "" if number is None else f"{number:,}"
            else:
                text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
                text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
                cell.value = text or None
                if text:
                    cell.data_type = "s"  # never a formula, whatever it starts with
                    cell.quotePrefix = text.startswith(UNSAFE_START)
            widths[c - 1] = max(widths[c - 1], min(_width(text.split("\n")[0]), MAX_WIDTH))
        if status_column:
            status = sheet.cell(row=r, column=status_column)
            status.fill = PatternFill("solid", fgColor=FILLS.get(status.value, OTHER_FILL))
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = min(width + 2, MAX_WIDTH + 2)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def workbook_bytes(metrics: pd.DataFrame, unmet: pd.DataFrame, tasks: pd.DataFrame) -> bytes:
    book = Workbook()
    book.remove(book.active)
    _sheet(book, "metrics", metrics)
    _sheet(book, "unmet", unmet)
    _sheet(book, "tasks", tasks)
    units = by_lead_unit(metrics)
    units.columns = ["lead_unit", "targets", *[f"{s} {STATUS_LABELS[s]}" for s in STATUSES]]
    _sheet(book, "by_unit", units)
    book.properties.created = book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    return _deterministic(buffer.getvalue())


def _deterministic(data: bytes) -> bytes:
    """The same workbook bytes for the same content: zip entries without the time of writing."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z",
                                 content)
            target.writestr(entry, content)
    return out.getvalue()
