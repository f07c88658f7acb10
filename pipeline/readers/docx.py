"""Word files: paragraphs and tables in document order (python-docx), merged cells expanded.
Legacy .doc/.wps are converted with LibreOffice where it is installed, else named with the
command that converts them."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError
from .compose import Block, Paragraphs
from .grid import cut
from .model import Grid
from .source import Limits, open_zip

CONVERT_SECONDS = 120


def _cell_text(cell) -> str:
    """A cell's paragraphs, each trimmed, joined by `\\n` (the reader's text for the cell)."""
    return "\n".join(line for p in cell.paragraphs for line in
                     (part.strip() for part in p.text.split("\n")) if line)


def _table(table, limits: Limits) -> Grid:
    """A Word table as a grid; python-docx repeats a merged cell at every position it covers,
    so a copy is the same cell as its left or upper neighbour."""
    grid = Grid([])
    previous: list = []
    for r, row in enumerate(table.rows):
        cells = list(row.cells)
        texts = []
        for c, cell in enumerate(cells):
            if c > 0 and cell._tc is cells[c - 1]._tc:
                grid.from_left.add((r, c))
                texts.append(texts[-1])
                continue
            if c < len(previous) and cell._tc is previous[c]._tc:
                grid.from_above.add((r, c))
                texts.append(grid.cells[r - 1][c])
                continue
            text, was_cut = cut(_cell_text(cell), limits.max_cell_chars)
            if was_cut:
                grid.flag(r, "cell_truncated")
            texts.append(text)
        grid.cells.append(texts)
        previous = cells
    width = max((len(row) for row in grid.cells), default=0)
    for row in grid.cells:
        row.extend([""] * (width - len(row)))
    return grid


def read_docx(data: bytes, path: Path, limits: Limits) -> list[Block]:
    """The document body's blocks in order: runs of paragraphs, and each table as a grid."""
    import docx
    from docx.table import Table

    open_zip(data, path, limits, "DOCX").close()
    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[Block] = []
        paragraphs = Paragraphs()
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                if paragraphs.texts:
                    blocks.append(paragraphs)
                    paragraphs = Paragraphs()
                blocks.append(_table(item, limits))
            else:
                text, _ = cut("\n".join(line.strip() for line in item.text.split("\n")).strip(),
                              limits.max_cell_chars)
                if text:
                    paragraphs.texts.append(text)
        if paragraphs.texts:
            blocks.append(paragraphs)
    except InputError:
        raise
    except Exception as exc:  # python-docx raises many kinds for a broken file
        raise InputError(str(path), f"cannot read as DOCX: {exc}") from exc
    return blocks


def convert_legacy(path: Path, data: bytes, limits: Limits) -> bytes:
    """A .doc/.wps file as DOCX bytes through LibreOffice; without it, an InputError that says
    how to convert the file by hand."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    command = f"soffice --headless --convert-to docx {path.name}"
    if soffice is None:
        raise InputError(str(path), f"legacy Word file: convert it to .docx (LibreOffice: "
                         f"`{command}`, or save as .docx in Word) and rerun")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"input{path.suffix.lower()}"
        source.write_bytes(data)
        try:
            subprocess.run([soffice, "--headless", "--convert-to", "docx", "--outdir", folder,
                            str(source)], check=True, capture_output=True,
                           timeout=CONVERT_SECONDS)
            return (Path(folder) / "input.docx").read_bytes()
        except (subprocess.SubprocessError, OSError) as exc:
            raise InputError(str(path), f"LibreOffice could not convert it ({exc}); convert it "
                             f"by hand: `{command}`") from exc
