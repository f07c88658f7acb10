"""An input's bytes, bounded: the file is opened once, checked to be a regular file within the size
limit before a byte is read, and a zip container (XLSX, DOCX) is checked for its unpacked size
and member count before any parser sees it, so a hostile file is refused in milliseconds."""

from __future__ import annotations

import io
import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

MB = 1024 * 1024
DEFAULT_MAX_INPUT_MB = 100
MAX_CELL_CHARS = 32_767  # what one XLSX cell can hold: longer cells could not be shown anyway
MAX_ZIP_MEMBERS = 10_000


@dataclass(frozen=True)
class Limits:
    """What one input may cost: its size on disk and unpacked, and the length of one cell."""

    max_input_mb: float = DEFAULT_MAX_INPUT_MB
    max_cell_chars: int = MAX_CELL_CHARS
    max_zip_members: int = MAX_ZIP_MEMBERS

    @property
    def max_input_bytes(self) -> int:
        return int(self.max_input_mb * MB)


def special_kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a regular file"


def _size(n: int) -> str:
    return f"{n / MB:.1f} MB"


def read_bytes(path: Path, limits: Limits) -> bytes:
    """The whole file, read only when it is a regular file within the size limit. The check is
    on the opened descriptor, so a file swapped for a FIFO after listing never blocks the run."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from exc
    try:
        info = os.fstat(fd)
        if (kind := special_kind(info.st_mode)) is not None:
            raise InputError(str(path), f"{kind}, not a report file: not read")
        limit = limits.max_input_bytes
        if info.st_size > limit:
            raise InputError(str(path), f"{_size(info.st_size)} is over the input limit of "
                             f"{limits.max_input_mb:g} MB (raise it with --max-input-mb)")
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise InputError(str(path), f"grew past the input limit of {limits.max_input_mb:g} MB "
                             "while being read")
        return data
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from exc
    finally:
        os.close(fd)


def open_zip(data: bytes, path: Path, limits: Limits, kind: str) -> zipfile.ZipFile:
    """A zip container whose declared unpacked size is within the input limit. Python's zipfile
    never inflates a member past its declared size, so the check bounds the work that follows."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(str(path), f"cannot read as {kind}: not a valid {kind} "
                         f"(zip) file ({exc})") from exc
    if len(members) > limits.max_zip_members:
        raise InputError(str(path), f"{kind} holds {len(members)} parts, over the limit of "
                         f"{limits.max_zip_members}; refused as a possible zip bomb")
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.max_input_bytes:
        raise InputError(str(path), f"{kind} unpacks to {_size(unpacked)}, over the input limit "
                         f"of {limits.max_input_mb:g} MB (raise it with --max-input-mb); refused "
                         "as a possible zip bomb")
    return archive
