"""CSV files: decoded like text files (BOM, UTF-16, GBK/GB18030 as Excel on a Chinese Windows
saves them), then split into a grid of text cells by the csv module."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import InputError
from .decode import text_of
from .grid import cut
from .model import Grid
from .source import Limits


def read_csv_grid(data: bytes, path: Path, limits: Limits) -> tuple[Grid, str]:
    """The CSV's rows as a grid, and the encoding it was decoded with. A cell over the length
    limit is cut and its row flagged `cell_truncated`."""
    text, encoding = text_of(data, str(path))
    csv.field_size_limit(max(limits.max_input_bytes, 131_072))  # the input limit bounds a field
    grid = Grid([])
    try:
        for r, row in enumerate(csv.reader(io.StringIO(text, newline=""))):
            cells = []
            for value in row:
                cell, was_cut = cut(value, limits.max_cell_chars)
                if was_cut:
                    grid.flag(r, "cell_truncated")
                cells.append(cell)
            grid.cells.append(cells)
    except csv.Error as exc:
        raise InputError(str(path), f"cannot read as CSV: {exc}") from exc
    return grid, encoding
