"""Which files a run reads: every entry of the input folder is read or named with its reason."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .readers import NOT_YET_READ, READERS

IGNORED_PREFIXES = (".", "~$")  # hidden files, and the lock files office programs leave


@dataclass(frozen=True)
class Notice:
    """A file the run will not read: a warning (hidden, a folder) or an error (exit 3)."""

    level: str  # "warning" or "error"
    path: Path
    reason: str


def list_inputs(raw: Path) -> tuple[list[Path], list[Notice]]:
    """A file, or every top-level entry of a folder in name order: the files a reader takes, and
    a notice for every other entry. FileNotFoundError when raw does not exist."""
    if raw.is_file():
        return [raw], []
    if not raw.is_dir():
        raise FileNotFoundError(str(raw))
    paths, notices = [], []
    for path in sorted(raw.iterdir()):
        if path.name.startswith(IGNORED_PREFIXES):
            notices.append(Notice("warning", path, "hidden or temporary file: not read"))
        elif path.is_dir():
            notices.append(Notice("warning", path, "a folder: not read (only the top level is)"))
        elif path.suffix.lower() in READERS:
            paths.append(path)
        else:
            reason = NOT_YET_READ.get(path.suffix.lower(), "not a report file kind that is read "
                                      f"({', '.join(READERS)})")
            notices.append(Notice("error", path, reason))
    return paths, notices
