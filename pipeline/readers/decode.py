"""Bytes -> text: the one place that decides a file's encoding.

UTF-8 (with or without BOM) and UTF-16 with a BOM are decoded directly; anything else (GB18030,
GBK, Big5 …) through charset-normalizer's detection. A file that is not text is an InputError.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError

BINARY_SIGNATURES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x7fELF",
                     b"\xd0\xcf\x11\xe0")


def decode(data: bytes, path: str) -> str:
    """Bytes -> text: UTF-8 (with or without BOM) and UTF-16 with a BOM directly, anything else
    (GB18030, GBK, Big5 …) through charset-normalizer's detection. Not text: an InputError."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(BINARY_SIGNATURES):
        raise InputError(path, "not a text file (it looks like an image, a PDF or an archive)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding in ("ascii",) or data.count(b"\x00") > len(data) // 100:
        line = data[: utf8_error.start].count(b"\n") + 1
        raise InputError(path, "not a text file in a known encoding", line)
    return str(best)


def read_text(path: Path) -> str:
    """Decode a report file; a file that cannot be read is an InputError naming it."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from exc
    if not data.strip():
        raise InputError(str(path), "empty file")
    text = decode(data, str(path))
    if not text.strip(" \t\r\n\x00\ufeff"):
        raise InputError(str(path), "empty file")
    return text.replace("\r\n", "\n").replace("\r", "\n")
