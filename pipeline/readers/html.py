"""Web pages (.html, .htm, and pages saved as .txt): every table with a header, merged cells
expanded, and the article's text outside tables; navigation, scripts, styles and footers are not
report text.

Decoded by the page's declared charset (gb2312 and gbk labels as GB18030, which real pages
labelled so need) or, without a usable declaration, by detection. Inside a cell, paragraphs and
`<br>` become `\\n`; runs of HTML white space become one space; entities are decoded by lxml.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from .compose import Block, Paragraphs
from .decode import decode_as, decode_bytes
from .grid import cut, grid_from_spans
from .model import Grid
from .source import Limits

DROPPED = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
           "button", "select", "textarea", "iframe", "object", "embed", "svg", "canvas", "head",
           "map", "audio", "video"}
# Page chrome by ARIA role or by the class/id words site templates give it.
DROPPED_ROLES = {"navigation", "banner", "contentinfo", "search", "menu", "menubar", "toolbar"}
CHROME_WORDS = {"nav", "navbar", "menu", "footer", "foot", "breadcrumb", "breadcrumbs", "crumb",
                "crumbs", "sidebar", "share", "copyright", "topbar", "header", "banner",
                "toolbar", "pagination", "pager"}
BLOCKS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li",
          "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "td", "th", "caption",
          "thead", "tbody", "tfoot", "center", "address", "figure", "figcaption", "hr", "body",
          "html"}
SPACE = re.compile(r"[ \t\n\r\f]+")
WORD = re.compile(r"[a-z]+")
CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""", re.I)
HTML_START = re.compile(r"\A[\s\ufeff]*<(?:!doctype\s+html|html)[\s>]", re.I)


def looks_like_html(data: bytes) -> bool:
    """A .txt is a saved page when it starts, after a BOM and blanks, with <!DOCTYPE html or
    <html (never by a tag somewhere inside: copy-pasted text can hold stray tags)."""
    head = data[:1024]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("latin-1")
        text = text[3:] if head.startswith(b"\xef\xbb\xbf") else text
    return bool(HTML_START.match(text))


def decode_page(data: bytes, path: str) -> tuple[str, str]:
    """The page's text and encoding: a BOM, else its declared charset, else detection."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        head = data[:4096]
        declared = CHARSET.search(head) or XML_ENCODING.search(head)
        if declared and (decoded := decode_as(data, declared.group(1).decode("ascii"))):
            return decoded
    return decode_bytes(data, path)


def _chrome(element) -> bool:
    if element.tag in DROPPED:
        return True
    if (element.get("role") or "").lower() in DROPPED_ROLES:
        return True
    words = set(WORD.findall(f"{element.get('class') or ''} {element.get('id') or ''}".lower()))
    return bool(words & CHROME_WORDS)


class _Text:
    """Lines of text gathered while walking: `\\n` at a <br>, a new paragraph at a block."""

    def __init__(self):
        self.paragraphs: list[str] = []
        self.lines: list[str] = []
        self.line = ""

    def add(self, text: str | None) -> None:
        if text:
            self.line += SPACE.sub(" ", text)

    def newline(self) -> None:
        if self.line.strip():
            self.lines.append(self.line.strip())
        self.line = ""

    def paragraph(self) -> None:
        self.newline()
        if self.lines:
            self.paragraphs.append("\n".join(self.lines))
        self.lines = []


def _walk(root, text: _Text, on_table=None) -> None:
    """Collect root's text; a leaf table is handed to on_table (when given) instead."""
    from lxml import etree

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        if not isinstance(element.tag, str):
            continue
        if event == "start":
            if element is not root and _chrome(element):
                walker.skip_subtree()
                continue
            if on_table is not None and element.tag == "table" and \
                    next(element.iterdescendants("table"), None) is None:
                text.paragraph()
                on_table(element)
                walker.skip_subtree()
                continue
            if element.tag == "br":
                text.newline()
            elif element.tag in BLOCKS:
                text.paragraph()
            text.add(element.text)
        else:
            if element.tag in BLOCKS or element.tag == "table":
                text.paragraph()
            if element is not root:
                text.add(element.tail)


def _span(value: str | None) -> int:
    digits = re.match(r"\s*(\d+)", value or "")
    return int(digits.group(1)) if digits else 1


def _table(element, limits: Limits, path: str) -> Grid:
    """A leaf <table> as a grid: cell text with paragraphs and <br> as `\\n`, spans expanded."""
    rows, cut_rows = [], set()
    for r, tr in enumerate(element.iter("tr")):
        cells = []
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            text = _Text()
            _walk(cell, text)
            text.paragraph()
            value, was_cut = cut("\n".join(text.paragraphs), limits.max_cell_chars)
            if was_cut:
                cut_rows.add(r)
            cells.append((value, _span(cell.get("rowspan")) if cell.get("rowspan") else 1,
                          _span(cell.get("colspan"))))
        rows.append(cells)
    grid = grid_from_spans(rows, path)
    for r in cut_rows:
        grid.flag(r, "cell_truncated")
    return grid


def read_html(data: bytes, path: Path, limits: Limits) -> tuple[list[Block], str]:
    """A page's blocks in document order (paragraphs outside tables, leaf tables as grids) and
    the encoding it was decoded with."""
    from lxml import etree, html

    if not data.strip():
        raise InputError(str(path), "empty file")
    text, encoding = decode_page(data, str(path))
    parser = html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = html.document_fromstring(text.encode("utf-8", errors="surrogatepass"),
                                        parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(str(path), f"cannot read as HTML: {exc}") from exc
    blocks: list[Block] = []
    outside = _Text()

    def on_table(element) -> None:
        if outside.paragraphs:
            blocks.append(Paragraphs(outside.paragraphs))
            outside.paragraphs = []
        blocks.append(_table(element, limits, str(path)))

    _walk(root, outside, on_table)
    outside.paragraph()
    if outside.paragraphs:
        blocks.append(Paragraphs(outside.paragraphs))
    return blocks, encoding
