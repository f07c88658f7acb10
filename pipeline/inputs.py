"""Which files a run reads: every entry of the input folder is read or named with its reason.

Entries are classified by `lstat` before anything is opened: a FIFO, socket or device would block
or never end, so it is named and skipped; a symlink is followed only to a regular file.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .readers import LEGACY, READERS
from .readers.source import special_kind

IGNORED_PREFIXES = (".", "~$")  # hidden files, and the lock files office programs leave
HINTS = {
    ".rtf": "save it as .docx", ".odt": "save it as .docx", ".ofd": "save or print it as .pdf",
    ".ods": "save it as .xlsx", ".et": "save it as .xlsx", ".xlsm": "save it as .xlsx",
    ".mht": "open it in a browser and save it as .html", ".mhtml":
    "open it in a browser and save it as .html", ".png": "an image: run OCR and save the text",
    ".jpg": "an image: run OCR and save the text", ".jpeg": "an image: run OCR and save the text",
    ".zip": "an archive: unpack it into the input folder", ".rar":
    "an archive: unpack it into the input folder", ".7z": "an archive: unpack it into the input folder",
}


@dataclass(frozen=True)
class Notice:
    """An entry the run will not read: a warning (hidden, a folder) or an error (exit 3), with
    what it is (`kind`, for documents.csv)."""

    level: str  # "warning" or "error"
    path: Path
    reason: str
    kind: str = ""


def _unsupported(path: Path) -> str:
    suffix = path.suffix.lower()
    hint = HINTS.get(suffix, f"read are {', '.join(READERS)}")
    return f"not a report file kind that is read ({suffix or 'no extension'}): {hint}"


def classify(path: Path, in_folder: bool) -> Notice | None:
    """None when the entry is a file a reader takes; else the notice that names it."""
    if in_folder and path.name.startswith(IGNORED_PREFIXES):
        return Notice("warning", path, "hidden or temporary file: not read", "hidden")
    try:
        mode = os.lstat(path).st_mode
        link = stat.S_ISLNK(mode)
        if link:
            mode = os.stat(path).st_mode
    except FileNotFoundError:
        return Notice("error", path, "a symlink that points to nothing: not read", "symlink")
    except OSError as exc:
        return Notice("error", path, f"cannot read: {exc.strerror}", "unreadable")
    via = "a symlink to " if link else ""
    if stat.S_ISDIR(mode):
        return Notice("warning", path, f"{via}a folder: not read (only the top level is)",
                      "folder")
    if (kind := special_kind(mode)) is not None:
        return Notice("error", path, f"{via}{kind}, not a report file: not read", "special")
    suffix = path.suffix.lower()
    if suffix in READERS or suffix in LEGACY:
        return None
    return Notice("error", path, _unsupported(path), suffix[1:] or "unknown")


def list_inputs(raw: Path) -> tuple[list[Path], list[Notice]]:
    """A file, or every top-level entry of a folder in name order: the files a reader takes, and
    a notice for every other entry. FileNotFoundError when raw does not exist."""
    if not os.path.lexists(raw):
        raise FileNotFoundError(str(raw))
    if not raw.is_dir():
        notice = classify(raw, in_folder=False)
        return ([raw], []) if notice is None else ([], [notice])
    paths, notices = [], []
    for path in sorted(raw.iterdir()):
        notice = classify(path, in_folder=True)
        if notice is None:
            paths.append(path)
        else:
            notices.append(notice)
    return paths, notices
