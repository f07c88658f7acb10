"""Workbooks: every sheet of an XLSX (openpyxl) or a legacy XLS (xlrd) as a grid of text cells.

XLSX rows are streamed from the sheet's XML without trusting its stored size (`<dimension>`):
some writers get it wrong, and openpyxl's read-only mode would stop at it and lose rows. A
formula gives the value the workbook last showed; a formula saved without one gives an empty
cell and the row is flagged `formula_without_value` (its formula text is never read as the
report's words). Merged ranges are expanded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .grid import cut, grid_with_merges
from .model import Grid
from .source import Limits, open_zip


@dataclass
class Sheet:
    name: str
    grid: Grid
    warning: str = ""


class _NoValue:
    """A formula cell saved without the value it computes."""


NO_VALUE = _NoValue()


def _text(value, max_chars: int) -> tuple[str, str | None]:
    """A cell value as text, and the flag it raises (a formula without value, a cut cell)."""
    if value is NO_VALUE:
        return "", "formula_without_value"
    if value is None:
        return "", None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text, was_cut = cut(str(value), max_chars)
    return text, "cell_truncated" if was_cut else None


def _place(rows: dict[int, dict[int, object]], limits: Limits, path: str,
           merges: list[tuple[int, int, int, int]]) -> Grid:
    """Sparse cells (0-based row -> column -> value) as a grid; empty rows stay empty lists."""
    height = max(rows, default=-1) + 1
    cells: list[list[str]] = [[] for _ in range(height)]
    flags: dict[int, list[str]] = {}
    for r, row in rows.items():
        width = max(row) + 1
        line = [""] * width
        for c, value in row.items():
            line[c], flag = _text(value, limits.max_cell_chars)
            if flag and flag not in flags.setdefault(r, []):
                flags[r].append(flag)
        cells[r] = line
    grid = grid_with_merges(cells, merges, path)
    grid.row_flags.update(flags)
    return grid


def read_xlsx(data: bytes, path: Path, limits: Limits) -> list[Sheet]:
    """Every worksheet of an XLSX, in workbook order."""
    import openpyxl
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    class CachedValues(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None \
                    and element.find(VALUE_TAG) is None:
                cell["value"] = NO_VALUE
            return cell

    archive = open_zip(data, path, limits, "XLSX")
    archive.close()
    import io

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise InputError(str(path), f"cannot read as XLSX: {exc}") from exc
    sheets = []
    try:
        for sheet in book.worksheets:
            declared = sheet.max_row  # from the stored <dimension>, when there is one
            with book._archive.open(sheet._worksheet_path) as source:
                parser = CachedValues(source, sheet._shared_strings, data_only=True,
                                      epoch=book.epoch, date_formats=book._date_formats,
                                      timedelta_formats=book._timedelta_formats)
                rows: dict[int, dict[int, object]] = {}
                for number, cells in parser.parse():
                    values = {c["column"] - 1: c["value"] for c in cells if c["value"] is not None}
                    if values:
                        rows[number - 1] = values
                merges = []
                for merged in getattr(parser.merged_cells, "mergeCell", None) or []:
                    c0, r0, c1, r1 = range_boundaries(merged.ref)
                    merges.append((r0 - 1, c0 - 1, r1 - 1, c1 - 1))
            grid = _place(rows, limits, str(path), merges)
            warning = ""
            if declared is not None and len(grid.cells) > declared:
                warning = (f"sheet {sheet.title!r} states its size as {declared} rows but holds "
                           f"{len(grid.cells)}; every row was read")
            sheets.append(Sheet(sheet.title, grid, warning))
    except InputError:
        raise
    except Exception as exc:
        raise InputError(str(path), f"cannot read as XLSX: {exc}") from exc
    finally:
        book.close()
    return sheets


def read_xls(data: bytes, path: Path, limits: Limits) -> list[Sheet]:
    """Every sheet of a legacy Excel workbook (BIFF), with its stored values and merged ranges."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception as exc:  # xlrd raises its own kinds for a file that is not a workbook
        raise InputError(str(path), f"cannot read as XLS: {exc}") from exc
    sheets = []
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            rows: dict[int, dict[int, object]] = {}
            for r in range(sheet.nrows):
                values = {}
                for c, cell in enumerate(sheet.row(r)):
                    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                        continue
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        values[c] = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
                    elif cell.ctype == xlrd.XL_CELL_ERROR:
                        values[c] = xlrd.error_text_from_code.get(cell.value, "#ERR")
                    elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                        values[c] = bool(cell.value)
                    else:
                        values[c] = cell.value
                if values:
                    rows[r] = values
            merges = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells]
            sheets.append(Sheet(sheet.name, _place(rows, limits, str(path), merges)))
            book.unload_sheet(index)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(str(path), f"cannot read as XLS: {exc}") from exc
    finally:
        book.release_resources()
    return sheets
