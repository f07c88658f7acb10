"""Outputs to disk: spreadsheet-safe CSV, staged then swapped in file by file, one writer at a
time.

Every file is written to a staging folder first and then moved over the old one with
os.replace, so a run killed halfway leaves each output either old or new, never partial. A run
holds a lock on its output folder (`OutputLock`) from before its work starts until its files are
in place; a second run is refused at once, naming the first one's pid, so the outputs that remain
always come from one run.
"""

from __future__ import annotations

import csv
import errno
import fcntl
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
from .errors import OutputError

LOCK_NAME = ".pipeline.lock"
STAGING_PREFIX = ".staging-"

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


def probe(out_dir: Path) -> None:
    """Find an output folder that cannot be written before any work is done: create it, then
    write and remove a file in it. An OutputError names the folder and why."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(prefix=".probe-", dir=out_dir):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        if isinstance(exc, FileExistsError | NotADirectoryError):
            reason = "a file is in the way (the path or one of its parents is not a folder)"
        raise OutputError(str(out_dir), f"cannot write outputs here: {reason}") from exc


class OutputLock:
    """An exclusive lock on an output folder, held by this process (a POSIX record lock on a lock
    file): the kernel releases it when the process ends in any way, kill -9 included, so a stale
    lock never blocks the next run, and worker processes forked meanwhile do not inherit it. The
    holder writes its pid into the file for the refusal message."""

    def __init__(self, out_dir: Path):
        self.path = Path(out_dir) / LOCK_NAME
        self.handle = None

    def __enter__(self) -> OutputLock:
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 (held while locked)
        try:
            fcntl.lockf(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            handle.seek(0)
            holder = handle.read().strip()
            handle.close()
            if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise OutputError(str(self.path.parent), f"cannot lock: {exc.strerror}") from exc
            who = f"pid {holder}" if holder.isdigit() else "another process"
            raise OutputError(str(self.path.parent), f"another run ({who}) is writing this "
                              "folder; nothing done (try again when it has finished)") from exc
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self.handle = handle
        return self

    def __exit__(self, *exc) -> None:
        if self.handle is not None:
            self.handle.close()  # closing the descriptor releases the lock
            self.handle = None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_staging(out_dir: Path) -> None:
    """Staging folders whose run is gone (killed before it could clean up); a live run's folder
    is never touched."""
    for folder in out_dir.glob(f"{STAGING_PREFIX}*"):
        owner = folder.name[len(STAGING_PREFIX):].split("-", 1)[0]
        if not owner.isdigit() or not _alive(int(owner)):
            shutil.rmtree(folder, ignore_errors=True)


class Staging:
    """Collects output files in a temporary folder beside the outputs, then swaps them in. The
    folder's name carries its run's pid, so only that run, or a later one once it is gone,
    removes it."""

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        remove_stale_staging(self.out_dir)
        self.dir = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-",
                                         dir=self.out_dir))
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
