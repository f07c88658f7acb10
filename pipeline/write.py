"""Outputs to disk: spreadsheet-safe CSV, staged then swapped in file by file.

Every file is written to a staging folder first and then moved over the old one with
os.replace, so a run killed halfway leaves each output either old or new, never partial.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

import pandas as pd

from .contract import NUMERIC

UNSAFE_START = ("=", "+", "-", "@", "\t", "\r", "'")


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


def csv_text(table: pd.DataFrame) -> str:
    """UTF-8 CSV text; numeric columns stay numeric, text cells are made spreadsheet-safe."""
    out = pd.DataFrame(index=table.index)
    for column in table.columns:
        values = table[column]
        if column in NUMERIC:
            out[column] = values.map(number_text)
        else:
            out[column] = values.map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v))
                                     else safe_text(str(v)))
    return out.to_csv(index=False, lineterminator="\n")


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

    def text(self, name: str, content: str, bom: bool = False) -> None:
        path = self.dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
            handle.write(content)
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
        self.text(name, csv_text(table), bom=True)

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
