"""Reports rendered as they are published, built in the tests from text (never binary fixtures):
a saved government web page, a Word file and a PDF printed from it."""

from __future__ import annotations

import io
import re
from html import escape
from pathlib import Path

HEADER = ["序号", "重点工作", "牵头单位", "完成情况"]
ITEM = re.compile(r" (?=\d+\.)")  # the numbered items of a completion cell: 1.… 2.…


def pipe_rows(path: Path) -> list[list[str]]:
    """The data rows of a pipe table as four cells (rows wrapped over lines joined)."""
    rows, pending = [], ""
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if not line.strip() or line.startswith("序号"):
            continue
        pending = f"{pending}\n{line}" if pending else line
        cells = [c.strip() for c in pending.split("|")]
        if len(cells) >= 5 and pending.rstrip().endswith("|"):
            rows.append(cells[:4])
            pending = ""
    return rows


def paragraphs(cell: str) -> list[str]:
    return [p for p in ITEM.split(cell) if p]


def html_page(rows: list[list[str]], title: str, charset: str = "gb2312") -> bytes:
    """A saved government page: chrome around the article, a table whose completion cells hold
    one <p> per numbered item, encoded GB18030 under the declared label (as real pages are)."""
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row[:3])
        + "<td>" + "".join(f"<p>{escape(p)}</p>" for p in paragraphs(row[3])) + "</td></tr>\n"
        for row in rows)
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{escape(title)}_政府信息公开</title>
<style>td {{ border: 1px solid #000 }}</style>
<script>var nav = "首页 | 机构 | 政策"; document.write(nav);</script></head>
<body><div class="top-header"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | 新闻 2024年</div>
<div id="nav"><ul><li>政府信息公开指南</li><li>2023年度报告</li></ul></div>
<div class="breadcrumb">当前位置:首页 &gt; 政务公开 &gt; 重点工作</div>
<div class="article"><h1>{escape(title)}</h1>
<table border="1" cellspacing="0"><tr>{"".join(f"<th>{h}</th>" for h in HEADER)}</tr>
{body}</table></div>
<div class="footer">主办单位:区人民政府办公室 地址:文一西路1500号 电话:0571-88888888 浙ICP备12345678号</div>
</body></html>"""
    return page.encode("gb18030")


def word_file(rows: list[list[str]], title: str) -> bytes:
    """A Word file: the title, then the four-column table; completion cells hold one paragraph
    per numbered item."""
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells[:3], row[:3], strict=True):
            cell.text = text
        items = paragraphs(row[3]) or [""]
        cells[3].text = items[0]
        for item in items[1:]:
            cells[3].add_paragraph(item)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _wrap(text: str, width: float, font: str, size: float) -> list[str]:
    """Lines of a cell as a word processor wraps them: each paragraph on its own line, then
    character by character to the column width."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines = []
    for paragraph in paragraphs(text) or [""]:
        line = ""
        for ch in paragraph:
            if line and stringWidth(line + ch, font, size) > width:
                lines.append(line)
                line = ""
            line += ch
        lines.append(line)
    return lines


def pdf_file(rows: list[list[str]], title: str, widths=(30, 170, 70, 210),
             page_height: float | None = None) -> bytes:
    """The Word file as printed: A4, a ruled table with the header repeated on each page, a row
    that does not fit broken across the page (its borders closed on both pages, as Word draws
    them), every cell wrapped to its column, the title above and page numbers in the footer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    font, size, leading, pad = "STSong-Light", 9, 12, 3
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    page_w, page_h = A4[0], page_height or A4[1]
    left, top, bottom = 58, page_h - 72, 72
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(page_w, page_h), invariant=1)
    page = 1

    def footer() -> None:
        canvas.setFont(font, size)
        canvas.drawCentredString(page_w / 2, 30, f"第 {page} 页")

    def draw_row(cells: list[list[str]], y: float) -> float:
        """Draw one (part of a) row from y down; returns its bottom."""
        height = max(len(lines) for lines in cells) * leading + 2 * pad
        x = left
        for lines, width in zip(cells, widths, strict=True):
            canvas.rect(x, y - height, width, height)
            for k, line in enumerate(lines):
                canvas.drawString(x + pad, y - pad - (k + 1) * leading + 3, line)
            x += width
        return y - height

    header = [_wrap(h, w - 2 * pad, font, size) for h, w in zip(HEADER, widths, strict=True)]
    canvas.setFont(font, 14)
    canvas.drawString(left, top - 14, title)
    canvas.setFont(font, size)
    y = draw_row(header, top - 30)
    for row in rows:
        cells = [_wrap(c, w - 2 * pad, font, size) for c, w in zip(row, widths, strict=True)]
        while cells:
            room = int((y - bottom - 2 * pad) // leading)
            need = max(len(lines) for lines in cells)
            if need <= room:
                y = draw_row(cells, y)
                cells = []
            elif room >= 2:  # break the row: what fits here, the rest on the next page
                y = draw_row([lines[:room] for lines in cells], y)
                cells = [lines[room:] for lines in cells]
            if cells:
                footer()
                canvas.showPage()
                page += 1
                canvas.setFont(font, size)
                y = draw_row(header, top)
    footer()
    canvas.save()
    return out.getvalue()


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def xlsx_bytes(sheets: dict[str, list[list]], dimension: str | None = None,
               merges: dict[str, list[str]] | None = None) -> bytes:
    """An XLSX written part by part, as other writers do: text as inline strings, a cell given as
    ("=FORMULA", cached) as a formula with its cached value (None: saved without one), and a
    stored <dimension> that can be wrong."""
    import zipfile
    from xml.sax.saxutils import escape as xml

    def cell(ref: str, value) -> str:
        if isinstance(value, tuple):
            formula, cached = value
            v = "" if cached is None else f"<v>{xml(str(cached))}</v>"
            kind = ' t="str"' if isinstance(cached, str) else ""
            return f'<c r="{ref}"{kind}><f>{xml(formula.lstrip("="))}</f>{v}</c>'
        if isinstance(value, int | float):
            return f'<c r="{ref}"><v>{value}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{xml(str(value))}</t></is></c>'

    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        names = list(sheets)
        book.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                      'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                      for i in range(1, len(names) + 1)) + "</Types>"))
        book.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
            f'{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        book.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} xmlns:r="{rel}"><sheets>'
            + "".join(f'<sheet name="{xml(n)}" sheetId="{i}" r:id="rId{i}"/>'
                      for i, n in enumerate(names, start=1)) + "</sheets></workbook>"))
        book.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{i}" Type="{rel}/worksheet" '
                      f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(names) + 1))
            + "</Relationships>"))
        for i, name in enumerate(names, start=1):
            rows = "".join(
                f'<row r="{r}">' + "".join(cell(f"{_column(c)}{r}", v) for c, v in enumerate(row)
                                           if v not in (None, "")) + "</row>"
                for r, row in enumerate(sheets[name], start=1))
            merged = (merges or {}).get(name, [])
            merge_xml = (f'<mergeCells count="{len(merged)}">' + "".join(
                f'<mergeCell ref="{m}"/>' for m in merged) + "</mergeCells>") if merged else ""
            size = f'<dimension ref="{dimension}"/>' if dimension else ""
            book.writestr(f"xl/worksheets/sheet{i}.xml", (
                f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}>{size}<sheetData>{rows}'
                f"</sheetData>{merge_xml}</worksheet>"))
    return out.getvalue()


def zip_bomb(kind: str, unpacked_mb: int) -> bytes:
    """A valid-looking XLSX or DOCX whose one part inflates to unpacked_mb of zeros (streamed,
    so building it costs little)."""
    import zipfile

    part = "xl/worksheets/sheet1.xml" if kind == "xlsx" else "word/document.xml"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(part, "w", force_zip64=True) as handle:
            chunk = b"\0" * (1 << 20)
            for _ in range(unpacked_mb):
                handle.write(chunk)
    return out.getvalue()


def pipe_text(rows: int) -> str:
    """A small pipe table: row k promises 5k enterprises and reports 5k+1."""
    return "序号 | 重点工作 | 牵头单位 | 完成情况 |\n" + "".join(
        f"{k} | 新增企业{5 * k}家 | 区科技局 | 新增企业{5 * k + 1}家 |\n" for k in range(1, rows + 1))
