"""Bytes -> text: the one place that decides a file's encoding.

UTF-8 (with or without BOM) and UTF-16 with a BOM are decoded directly; anything else (GB18030,
GBK, Big5 …) through charset-normalizer's detection. A file that is not text is an InputError.
The encoding used is handed on, so documents.csv can record it.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError

BINARY_SIGNATURES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x7fELF",
                     b"\xd0\xcf\x11\xe0")
# Labels pages and files declare whose real encoding is a superset: decoding by the label alone
# fails on the first character outside it, which real pages labelled gb2312 always have.
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030",
             "cp936": "gb18030", "euc-cn": "gb18030", "euc_cn": "gb18030", "936": "gb18030"}
# Labels that any byte sequence "decodes" under: a server's default, not the page's encoding, so
# the bytes are detected instead.
UNTRUSTED = {"ascii", "us-ascii", "iso-8859-1", "latin-1", "latin1", "cp1252", "windows-1252"}


def decode_as(data: bytes, label: str) -> tuple[str, str] | None:
    """Decode by a declared label (a page's charset); None when the label is unknown or wrong."""
    import codecs

    label = label.strip().lower()
    if label in UNTRUSTED:
        return None
    name = SUPERSETS.get(label, label)
    try:
        name = codecs.lookup(name).name
        return data.decode(name), name
    except (LookupError, UnicodeDecodeError):
        return None


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Bytes -> (text, encoding): UTF-8 (with or without BOM) and UTF-16 with a BOM directly,
    anything else (GB18030, GBK, Big5 …) through charset-normalizer's detection. Not text: an
    InputError."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if data.startswith(BINARY_SIGNATURES):
        raise InputError(path, "not a text file (it looks like an image, a PDF or an archive)")
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding in ("ascii",) or data.count(b"\x00") > len(data) // 100:
        line = data[: utf8_error.start].count(b"\n") + 1
        raise InputError(path, "not a text file in a known encoding", line)
    return str(best), best.encoding


def decode(data: bytes, path: str) -> str:
    """Bytes -> text (see decode_bytes)."""
    return decode_bytes(data, path)[0]


def text_of(data: bytes, path: str) -> tuple[str, str]:
    """A report file's text with line endings made `\\n`, and its encoding; empty is an error."""
    if not data.strip():
        raise InputError(path, "empty file")
    text, encoding = decode_bytes(data, path)
    if not text.strip(" \t\r\n\x00\ufeff"):
        raise InputError(path, "empty file")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def read_text(path: Path) -> str:
    """Decode a report file; a file that cannot be read is an InputError naming it."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from exc
    return text_of(data, str(path))[0]
