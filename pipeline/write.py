"""Outputs to disk: spreadsheet-safe CSV, staged then swapped in file by file.

Every file is written to a staging folder first and then moved over the old one with
os.replace, so a run killed halfway leaves each output either old or new, never partial.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path

import pandas as pd

from .contract import NUMERIC

UNSAFE_START = ("=", "+", "-", "@", "\t", "\r", "'")
CSV_BATCH = 1_000


def safe_text(value: str) -> str:
    """A cell Excel would run as a formula (or strip a quote from) gets one leading quote."""
    return "'" + value if value.startswith(UNSAFE_START) else value


def number_text(value) -> str:
    """A number as the CSVs write it: Decimal in plain notation, whole floats without .0."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return repr(value) if value != int(value) else str(int(value))
    return str(value)


def _text_cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return safe_text(str(value))


def csv_parts(table: pd.DataFrame) -> Iterator[str]:
    """UTF-8 CSV text, a thousand rows at a time (a large table is never one string); numeric
    columns stay numeric, text cells are made spreadsheet-safe. Written by the csv module in the
    dialect pandas uses, so the bytes are those `DataFrame.to_csv` wrote."""
    cells = [[number_text(v) for v in table[c].tolist()] if c in NUMERIC
             else [_text_cell(v) for v in table[c].tolist()] for c in table.columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(table.columns))
    rows = zip(*cells, strict=True)
    while batch := list(itertools.islice(rows, CSV_BATCH)):
        writer.writerows(batch)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def csv_text(table: pd.DataFrame) -> str:
    return "".join(csv_parts(table))


class Staging:
    """Collects output files in a temporary folder beside the outputs, then swaps them in."""

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        for stale in self.out_dir.glob(".staging-*"):  # left by a run that was killed
            shutil.rmtree(stale, ignore_errors=True)
        self.dir = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.out_dir))
        self.names: list[str] = []
        self.folders: list[str] = []

    def text(self, name: str, content: str | Iterable[str], bom: bool = False) -> None:
        """content: the text, or its parts in order (a large file is never one string)."""
        path = self.dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
            if isinstance(content, str):
                handle.write(content)
            else:
                handle.writelines(content)
            handle.flush()
            os.fsync(handle.fileno())
        self.names.append(name)

    def binary(self, name: str, content: bytes) -> None:
        path = self.dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        self.names.append(name)

    def folder(self, name: str) -> Path:
        """A folder inside the staging area whose files are all swapped in on commit."""
        path = self.dir / name
        path.mkdir(parents=True, exist_ok=True)
        self.folders.append(name)
        return path

    def csv(self, name: str, table: pd.DataFrame) -> None:
        self.text(name, csv_parts(table), bom=True)

    def commit(self) -> None:
        for folder in self.folders:
            self.names += [str(p.relative_to(self.dir)) for p in sorted((self.dir / folder).rglob("*"))
                           if p.is_file()]
        try:
            for name in self.names:
                target = self.out_dir / name
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.dir / name, target)
        finally:
            self.discard()

    def discard(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def read_csv(path: Path) -> pd.DataFrame:
    """Read an output CSV back as text, dropping the one leading quote that writing added."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for column in table.columns:
        if column not in NUMERIC:
            table[column] = table[column].map(lambda v: v[1:] if v.startswith("'") else v)
    return table
