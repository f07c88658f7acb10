"""PDFs with a text layer (pdfplumber): tables by their ruling lines and the text outside them,
page by page in reading order.

A table that ends one page and opens the next with as many columns is one table: a header row
repeated on the new page is dropped, and a row broken by the page (its first cell empty on the
new page) is joined to the row it continues. Inside a cell and inside a paragraph the PDF's
visual line wraps are removed (joined without a space, or with one between two Latin letters).
Text in the top and bottom margins (page numbers, running heads) is page furniture. A PDF with
no text layer is a scan and is named as such.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .compose import Block, Paragraphs
from .grid import cut
from .model import Grid
from .source import Limits

# Page furniture (running heads, page numbers) sits within this distance of the top or bottom
# edge: a word processor puts it half an inch from the edge and the body an inch in.
MARGIN_POINTS = 54
LATIN = re.compile(r"[A-Za-z]")


def unwrap(text: str) -> str:
    """A cell's or paragraph's visual lines joined back into the text that was wrapped."""
    out = ""
    for line in (part.strip() for part in text.split("\n")):
        if not line:
            continue
        if out and LATIN.match(out[-1]) and LATIN.match(line[0]):
            out += " "
        out += line
    return out


@dataclass
class _Table:
    rows: list[list[str]]
    above: set[tuple[int, int]] = field(default_factory=set)
    left: set[tuple[int, int]] = field(default_factory=set)
    cut_rows: set[int] = field(default_factory=set)


def _table(table, limits: Limits) -> _Table:
    """pdfplumber's table: None marks a position covered by a merged cell, from above when the
    cell above reaches into this row, else from the left."""
    out = _Table([])
    texts = table.extract()
    for r, (row, cells) in enumerate(zip(table.rows, texts, strict=True)):
        line: list[str] = []
        for c, text in enumerate(cells):
            if text is None:
                origin = next((k for k in range(r - 1, -1, -1)
                               if table.rows[k].cells[c] is not None), None)
                reaches = origin is not None and table.rows[origin].cells[c][3] > row.bbox[1] + 1
                if reaches or c == 0:
                    out.above.add((r, c))
                    line.append(out.rows[r - 1][c] if r > 0 else "")
                else:
                    out.left.add((r, c))
                    line.append(line[-1])
                continue
            value, was_cut = cut(unwrap(text), limits.max_cell_chars)
            if was_cut:
                out.cut_rows.add(r)
            line.append(value)
        out.rows.append(line)
    return out


def _paragraphs(lines: list[dict]) -> list[str]:
    """Visual lines -> paragraphs: a line that runs to the right edge of the page's text wraps
    into the next one."""
    if not lines:
        return []
    right = max(line["x1"] for line in lines)
    paragraphs, current = [], ""
    for line in lines:
        size = max((ch["size"] for ch in line["chars"]), default=10)
        current = unwrap(f"{current}\n{line['text']}")
        if line["x1"] < right - 2 * size:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def _page_items(page, limits: Limits) -> list[tuple[float, object]]:
    """A page's tables and paragraphs, each with its top, in reading order."""
    top_band, bottom_band = MARGIN_POINTS, page.height - MARGIN_POINTS
    tables = page.find_tables()
    items: list[tuple[float, object]] = [(t.bbox[1], _table(t, limits)) for t in tables]
    outside = page
    for table in tables:
        outside = outside.outside_bbox(table.bbox)
    lines = [line for line in outside.extract_text_lines()
             if line["top"] >= top_band and line["bottom"] <= bottom_band]
    runs: list[list[dict]] = []
    for line in lines:  # lines between two tables belong to one run of paragraphs
        between = [t.bbox[1] for t in tables if t.bbox[1] < line["top"]]
        key = max(between, default=-1.0)
        if runs and runs[-1][0]["_key"] == key:
            runs[-1].append({**line, "_key": key})
        else:
            runs.append([{**line, "_key": key}])
    for run in runs:
        items.append((run[0]["top"], Paragraphs(_paragraphs(run))))
    return sorted(items, key=lambda item: item[0])


def _continue(previous: _Table, table: _Table) -> None:
    """Append a table's rows that continue `previous` on a new page."""
    rows = table.rows
    offset = 0
    if rows and previous.rows and rows[0] == previous.rows[0]:  # the header, repeated
        offset = 1
    if offset < len(rows) and not rows[offset][0].strip() and previous.rows:
        last = previous.rows[-1]
        previous.rows[-1] = [unwrap(f"{a}\n{b}") for a, b in zip(last, rows[offset], strict=True)]
        if offset in table.cut_rows:
            previous.cut_rows.add(len(previous.rows) - 1)
        offset += 1
    base = len(previous.rows) - offset
    for r in range(offset, len(rows)):
        previous.rows.append(rows[r])
    previous.above |= {(base + r, c) for r, c in table.above if r >= offset}
    previous.left |= {(base + r, c) for r, c in table.left if r >= offset}
    previous.cut_rows |= {base + r for r in table.cut_rows if r >= offset}


def read_pdf(data: bytes, path: Path, limits: Limits) -> list[Block]:
    """The PDF's blocks in reading order, tables continued across pages joined."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds for a broken or encrypted file
        raise InputError(str(path), f"cannot read as PDF: {exc or type(exc).__name__}") from exc
    items: list[object] = []
    try:
        with pdf:
            if not any(page.chars for page in pdf.pages):
                kind = "a scanned PDF" if any(page.images for page in pdf.pages) else "a PDF"
                raise InputError(str(path), f"{kind} with no text layer: nothing to read (run "
                                 "OCR on it first, e.g. `ocrmypdf`, then rerun)")
            for page in pdf.pages:
                page_items = [item for _, item in _page_items(page, limits)]
                if page_items and items and isinstance(page_items[0], _Table) and \
                        isinstance(items[-1], _Table) and \
                        len(page_items[0].rows[0]) == len(items[-1].rows[0]):
                    _continue(items[-1], page_items.pop(0))
                items += page_items
                page.flush_cache()
    except InputError:
        raise
    except Exception as exc:
        raise InputError(str(path), f"cannot read as PDF: {exc or type(exc).__name__}") from exc
    blocks: list[Block] = []
    for item in items:
        if isinstance(item, _Table):
            grid = Grid(item.rows, item.above, item.left)
            for r in item.cut_rows:
                grid.flag(r, "cell_truncated")
            blocks.append(grid)
        elif item.texts:
            blocks.append(item)
    return blocks
